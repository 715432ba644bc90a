"""The report's charts, drawn with fpdf2's own lines and rectangles (no plotting library)."""

from collections.abc import Sequence
from datetime import datetime
import math

from ..vitals import Metric
from .document import GREY, LINE, MARGIN, WIDTH, ReportDocument, number
from .model import ReportData, series

CHART_SPACE = 84.0
SYSTOLIC_COLOUR = (178, 34, 34)
DIASTOLIC_COLOUR = (30, 80, 160)
# ACC/AHA systolic bands, pale so the lines stay legible in black-and-white prints too.
PRESSURE_BANDS = (
    (0.0, 120.0, (222, 241, 222)),
    (120.0, 130.0, (252, 246, 204)),
    (130.0, 140.0, (253, 228, 200)),
    (140.0, 300.0, (250, 212, 212)),
)


def _tick_step(spread: float) -> float:
    """Return a round step giving four to eight ticks over ``spread``."""
    for step in (0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 25, 50, 100):
        if spread / step <= 7:  # noqa: PLR2004
            return step
    return 200.0


def _chart(
    pdf: ReportDocument,
    top: float,
    title: str,
    data: ReportData,
    lines: Sequence[tuple[list[tuple[datetime, float]], tuple[int, int, int]]],
    *,
    bands: Sequence[tuple[float, float, tuple[int, int, int]]] = (),
) -> float:
    """Draw a time chart at ``top``; return where the next may go."""
    height, left, width = 62.0, MARGIN + 12, WIDTH - 12
    pdf.set_xy(MARGIN, top)
    pdf.font(11, bold=True)
    pdf.cell(0, 6, title)
    top += 7
    values = [v for points, _ in lines for _, v in points]
    if not values:
        pdf.set_xy(left, top)
        pdf.font(9.5)
        pdf.cell(0, LINE, pdf.t("not_measured"))
        return top + 10
    step = _tick_step(max(values) - min(values))
    low = math.floor(min(values) / step) * step
    high = max(math.ceil(max(values) / step) * step, low + step)
    span = (data.end - data.start).total_seconds()

    def x_of(moment: datetime) -> float:
        return left + width * (moment - data.start).total_seconds() / span

    def y_of(value: float) -> float:
        return top + height * (high - value) / (high - low)

    for band_low, band_high, colour in bands:
        y1, y2 = y_of(min(band_high, high)), y_of(max(band_low, low))
        if y2 > y1:
            pdf.set_fill_color(*colour)
            pdf.rect(left, y1, width, y2 - y1, style="F")
    pdf.set_draw_color(120, 120, 120)
    pdf.set_line_width(0.2)
    pdf.rect(left, top, width, height)
    pdf.font(7.5)
    pdf.set_text_color(*GREY)
    for tick in range(round((high - low) / step) + 1):
        value = low + tick * step
        pdf.set_xy(MARGIN, y_of(value) - 2)
        pdf.cell(11, 4, number(value, 0 if step >= 1 else 1), align="R")
    for moment, align in ((data.start, "L"), (data.end, "R")):
        pdf.set_xy(x_of(moment) - (0 if align == "L" else 30), top + height + 0.5)
        pdf.cell(30, 4, moment.date().isoformat(), align=align)
    pdf.set_text_color(0, 0, 0)
    pdf.set_line_width(0.45)
    for points, colour in lines:
        pdf.set_draw_color(*colour)
        pdf.set_fill_color(*colour)
        coords = [(x_of(at), y_of(value)) for at, value in points]
        if len(coords) > 1:
            pdf.polyline(coords)
        for x, y in coords[:: max(1, len(coords) // 120)]:
            pdf.rect(x - 0.5, y - 0.5, 1, 1, style="F")
    pdf.set_line_width(0.2)
    return top + height + 8


def _room_for_chart(pdf: ReportDocument) -> float:
    """Return where the next chart goes, on a new page when this one is full."""
    if pdf.get_y() + CHART_SPACE > pdf.h - MARGIN - 6:
        pdf.add_page()
        return MARGIN
    return pdf.get_y() + 3


def draw_charts(pdf: ReportDocument, data: ReportData) -> None:
    """Draw blood pressure over its category bands, weight, and glucose over its target."""
    unit = data.units[Metric.SYSTOLIC]
    top = _chart(
        pdf,
        _room_for_chart(pdf),
        pdf.t("chart_pressure", unit=unit),
        data,
        [
            (series(data.samples, Metric.SYSTOLIC), SYSTOLIC_COLOUR),
            (series(data.samples, Metric.DIASTOLIC), DIASTOLIC_COLOUR),
        ],
        bands=PRESSURE_BANDS,
    )
    pdf.set_xy(MARGIN + 12, top - 3)
    pdf.font(8)
    for key, colour in (("systolic", SYSTOLIC_COLOUR), ("diastolic", DIASTOLIC_COLOUR)):
        pdf.set_text_color(*colour)
        pdf.cell(30, 4, f"— {pdf.t(key)}" if pdf.unicode else f"- {pdf.t(key)}")
    pdf.set_text_color(0, 0, 0)
    for (_, _, colour), key in zip(
        PRESSURE_BANDS,
        (
            "bp_normal",
            "bp_elevated",
            "bp_hypertension_stage_1",
            "bp_hypertension_stage_2",
        ),
        strict=True,
    ):
        pdf.set_fill_color(*colour)
        pdf.rect(pdf.get_x(), pdf.get_y() + 0.8, 3, 2.5, style="F")
        pdf.cell(4)
        pdf.cell(26, 4, pdf.t(key))
    pdf.set_y(top + 4)
    pdf.set_y(
        _chart(
            pdf,
            _room_for_chart(pdf),
            pdf.t("chart_weight", unit=data.units[Metric.WEIGHT]),
            data,
            [(series(data.samples, Metric.WEIGHT), (40, 40, 40))],
        )
    )
    low, high = data.glucose_range
    _chart(
        pdf,
        _room_for_chart(pdf),
        pdf.t("chart_glucose", unit=data.units[Metric.GLUCOSE]),
        data,
        [(series(data.samples, Metric.GLUCOSE), (110, 50, 150))],
        bands=[(low, high, (222, 241, 222))],
    )
