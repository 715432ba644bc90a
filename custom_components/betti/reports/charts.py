"""The report's charts, drawn with fpdf2's own lines and rectangles (no plotting library)."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
import math

from ..vitals import Metric
from .document import GREY, LINE, MARGIN, WIDTH, ReportDocument, number
from .model import ReportData, series

SYSTOLIC_COLOUR = (178, 34, 34)
DIASTOLIC_COLOUR = (30, 80, 160)
NORMAL, ELEVATED, STAGE_1, STAGE_2 = (
    (222, 241, 222),
    (252, 246, 204),
    (253, 228, 200),
    (250, 212, 212),
)
# ACC/AHA bands, pale so the lines stay legible in black-and-white prints too. Each pressure
# has its own chart over its own bands: diastolic 80-89 is stage 1, whatever the systolic.
SYSTOLIC_BANDS = (
    (0.0, 120.0, NORMAL),
    (120.0, 130.0, ELEVATED),
    (130.0, 140.0, STAGE_1),
    (140.0, 300.0, STAGE_2),
)
DIASTOLIC_BANDS = ((0.0, 80.0, NORMAL), (80.0, 90.0, STAGE_1), (90.0, 300.0, STAGE_2))
# The least each axis shows, so a few mmHg or a few hundred grams look as small as they are.
SYSTOLIC_AXIS, DIASTOLIC_AXIS = (100.0, 160.0), (60.0, 100.0)
PRESSURE_HEIGHT, HEIGHT = 38.0, 50.0


@dataclass(frozen=True)
class Axis:
    """A value axis from ``low`` to ``high`` with a tick every ``step``."""

    low: float
    high: float
    step: float

    @property
    def ticks(self) -> int:
        """Return how many ticks the axis has, both ends included."""
        return round((self.high - self.low) / self.step) + 1


def _tick_step(spread: float) -> float:
    """Return a round step giving four to eight ticks over ``spread``."""
    for step in (0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 25, 50, 100):
        if spread / step <= 7:  # noqa: PLR2004
            return step
    return 200.0


def weight_span(weights: Sequence[float]) -> float:
    """Return the least weight axis: 4 kg, or 5 % of the mean for a heavier person."""
    return max(4.0, sum(weights) / len(weights) / 20)


def axis_range(
    values: Sequence[float], *, min_span: float, include: Sequence[float] = ()
) -> Axis:
    """Return an axis holding ``values`` and ``include``, at least ``min_span`` wide."""
    low, high = min([*values, *include]), max([*values, *include])
    if high - low < min_span:
        middle = (low + high) / 2
        low, high = middle - min_span / 2, middle + min_span / 2
    step = _tick_step(high - low)
    # The epsilon keeps 6.2 / 0.1 = 61.999... from stepping a tick too far.
    low = math.floor(low / step + 1e-9) * step
    high = max(math.ceil(high / step - 1e-9) * step, low + step)
    return Axis(low, high, step)


def _chart(
    pdf: ReportDocument,
    title: str,
    data: ReportData,
    line: tuple[list[tuple[datetime, float]], tuple[int, int, int]],
    axis: Axis | None,
    *,
    height: float = HEIGHT,
    bands: Sequence[tuple[float, float, tuple[int, int, int]]] = (),
) -> float:
    """Draw a time chart where there is room for it; return where the next may go."""
    top, left, width = _room_for_chart(pdf, height), MARGIN + 12, WIDTH - 12
    pdf.set_xy(MARGIN, top)
    pdf.font(11, bold=True)
    pdf.cell(0, 6, title)
    top += 7
    points, colour = line
    if axis is None:
        pdf.set_xy(left, top)
        pdf.font(9.5)
        pdf.cell(0, LINE, pdf.t("not_measured"))
        return top + 10
    span = (data.end - data.start).total_seconds()

    def x_of(moment: datetime) -> float:
        return left + width * (moment - data.start).total_seconds() / span

    def y_of(value: float) -> float:
        return top + height * (axis.high - value) / (axis.high - axis.low)

    for band_low, band_high, fill in bands:
        y1, y2 = y_of(min(band_high, axis.high)), y_of(max(band_low, axis.low))
        if y2 > y1:
            pdf.set_fill_color(*fill)
            pdf.rect(left, y1, width, y2 - y1, style="F")
    pdf.set_draw_color(120, 120, 120)
    pdf.set_line_width(0.2)
    pdf.rect(left, top, width, height)
    pdf.font(7.5)
    pdf.set_text_color(*GREY)
    for tick in range(axis.ticks):
        value = axis.low + tick * axis.step
        pdf.set_xy(MARGIN, y_of(value) - 2)
        pdf.cell(11, 4, number(value, 0 if axis.step >= 1 else 1), align="R")
    for moment, align in ((data.start, "L"), (data.end, "R")):
        pdf.set_xy(x_of(moment) - (0 if align == "L" else 30), top + height + 0.5)
        pdf.cell(30, 4, moment.date().isoformat(), align=align)
    pdf.set_text_color(0, 0, 0)
    pdf.set_line_width(0.45)
    pdf.set_draw_color(*colour)
    pdf.set_fill_color(*colour)
    coords = [(x_of(at), y_of(value)) for at, value in points]
    if len(coords) > 1:
        pdf.polyline(coords)
    # A lone reading or two has no line to carry it: a big marker, not an invisible dot.
    size = 2.2 if len(coords) <= 2 else 1.2  # noqa: PLR2004
    for x, y in coords[:: max(1, len(coords) // 120)]:
        inside = min(max(x, left + size / 2), left + width - size / 2)
        pdf.rect(inside - size / 2, y - size / 2, size, size, style="F")
    pdf.set_line_width(0.2)
    return top + height + 8


def _room_for_chart(pdf: ReportDocument, height: float) -> float:
    """Return where a chart of ``height`` goes, on a new page when this one is full."""
    if pdf.get_y() + height + 24 > pdf.h - MARGIN - 6:
        pdf.add_page()
        return MARGIN
    return pdf.get_y() + 3


def _values_axis(
    points: list[tuple[datetime, float]], *, min_span: float, include: Sequence[float]
) -> Axis | None:
    values = [value for _, value in points]
    return axis_range(values, min_span=min_span, include=include) if values else None


def _pressure_legend(pdf: ReportDocument, top: float) -> None:
    pdf.set_xy(MARGIN + 12, top - 3)
    pdf.font(8)
    for fill, key in (
        (NORMAL, "bp_normal"),
        (ELEVATED, "bp_elevated"),
        (STAGE_1, "bp_hypertension_stage_1"),
        (STAGE_2, "bp_hypertension_stage_2"),
    ):
        pdf.set_fill_color(*fill)
        pdf.rect(pdf.get_x(), pdf.get_y() + 0.8, 3, 2.5, style="F")
        pdf.cell(4)
        pdf.cell(30, 4, pdf.t(key))
    pdf.set_y(top + 4)


def draw_charts(pdf: ReportDocument, data: ReportData) -> None:
    """Draw each blood pressure over its own category bands, weight, and glucose."""
    unit = data.units[Metric.SYSTOLIC]
    for metric, key, colour, bands, include in (
        (
            Metric.SYSTOLIC,
            "chart_systolic",
            SYSTOLIC_COLOUR,
            SYSTOLIC_BANDS,
            SYSTOLIC_AXIS,
        ),
        (
            Metric.DIASTOLIC,
            "chart_diastolic",
            DIASTOLIC_COLOUR,
            DIASTOLIC_BANDS,
            DIASTOLIC_AXIS,
        ),
    ):
        points = series(data.samples, metric)
        pdf.set_y(
            _chart(
                pdf,
                pdf.t(key, unit=unit),
                data,
                (points, colour),
                _values_axis(points, min_span=40, include=include),
                height=PRESSURE_HEIGHT,
                bands=bands,
            )
        )
    _pressure_legend(pdf, pdf.get_y())
    weights = series(data.samples, Metric.WEIGHT)
    pdf.set_y(
        _chart(
            pdf,
            pdf.t("chart_weight", unit=data.units[Metric.WEIGHT]),
            data,
            (weights, (40, 40, 40)),
            _values_axis(
                weights,
                min_span=weight_span([v for _, v in weights]) if weights else 0,
                include=(),
            ),
        )
    )
    glucose = series(data.samples, Metric.GLUCOSE)
    low, high = data.glucose_range
    _chart(
        pdf,
        pdf.t("chart_glucose", unit=data.units[Metric.GLUCOSE]),
        data,
        (glucose, (110, 50, 150)),
        _values_axis(glucose, min_span=(high - low) / 2, include=(low, high)),
        bands=[(low, high, NORMAL)],
    )
