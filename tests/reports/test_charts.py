"""The charts' axes and bands: small changes look small, a single reading is seen."""

from datetime import date, timedelta
import io

from pypdf import PdfReader

from custom_components.betti.reports.charts import (
    DIASTOLIC_BANDS,
    SYSTOLIC_BANDS,
    Axis,
    axis_range,
    weight_span,
)
from custom_components.betti.reports.model import Person, ReportData, Sample, figures
from custom_components.betti.reports.pdf import render_pdf
from custom_components.betti.vitals import Metric, VitalKind

from .test_pdf import END, TEXTS


def _ticks(axis: Axis) -> list[float]:
    return [round(axis.low + i * axis.step, 6) for i in range(axis.ticks)]


def test_a_single_glucose_reading_sits_inside_an_axis_holding_the_target() -> None:
    axis = axis_range([6.2], min_span=2.0, include=(3.9, 10.0))
    assert axis.low <= 3.9
    assert axis.high >= 10.0
    assert axis.low < 6.2 < axis.high


def test_a_single_reading_without_a_target_gets_a_real_span() -> None:
    axis = axis_range([6.2], min_span=2.0)
    assert axis.high - axis.low >= 2.0
    assert axis.low + 0.5 <= 6.2 <= axis.high - 0.5


def test_a_small_weight_change_spans_at_least_four_kilograms() -> None:
    weights = [64.8, 64.7, 64.6, 64.5, 64.4, 64.3, 64.2, 64.0]
    axis = axis_range(weights, min_span=weight_span(weights))
    assert axis.high - axis.low >= 4.0
    assert axis.low <= 62.4
    assert axis.high >= 66.4
    # A heavy person gets 5 % of the mean: 6 kg at 120 kg.
    assert weight_span([120.0]) == 6.0


def test_the_pressure_axes_show_every_threshold_of_their_own_bands() -> None:
    systolic = axis_range([145.0, 128.0], min_span=40, include=(100, 160))
    diastolic = axis_range([86.0, 80.0], min_span=30, include=(60, 100))
    assert {120, 130, 140} <= set(_ticks(systolic))
    assert {80, 90} <= set(_ticks(diastolic))
    # Diastolic 80-89 is stage 1 and 90 on stage 2, never "normal".
    assert [(low, high) for low, high, _ in DIASTOLIC_BANDS] == [
        (0.0, 80.0),
        (80.0, 90.0),
        (90.0, 300.0),
    ]
    assert DIASTOLIC_BANDS[1][2] == SYSTOLIC_BANDS[2][2]  # stage 1 colour
    assert DIASTOLIC_BANDS[2][2] == SYSTOLIC_BANDS[3][2]  # stage 2 colour


def test_pressure_is_two_charts_each_over_its_own_bands_and_weight_reads_whole() -> (
    None
):
    start = END - timedelta(days=14)
    samples = [
        Sample(
            day,
            start + timedelta(days=day, hours=8),
            VitalKind.BLOOD_PRESSURE,
            values := {Metric.SYSTOLIC: 140.0 - day, Metric.DIASTOLIC: 86.0 - day / 2},
            values,
            "manual",
        )
        for day in range(8)
    ] + [
        Sample(
            10 + day,
            start + timedelta(days=day, hours=7),
            VitalKind.WEIGHT,
            values := {Metric.WEIGHT: 64.8 - day / 10},
            values,
            "manual",
        )
        for day in range(8)
    ]
    data = ReportData(
        person=Person("Zoë", date(1948, 3, 14), "female", 162),
        start=start,
        end=END,
        units=dict.fromkeys(Metric, "kg") | {Metric.SYSTOLIC: "mmHg"},
        samples=samples,
    )
    pdf = render_pdf(data, figures(data), TEXTS, None, END)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "n = 8 · change over the period -0.7 kg" in text
    assert TEXTS["chart_systolic"].format(unit="mmHg") in text
    assert TEXTS["chart_diastolic"].format(unit="mmHg") in text
