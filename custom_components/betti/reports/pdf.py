"""The doctor's report as a PDF (fpdf2), from plain figures and translated texts.

Page 1 is what a doctor reads in a minute; page 2 holds the charts, drawn with fpdf2's own
lines and rectangles. Every word comes from ``texts`` (translations) and every number is
formatted with a decimal point; dates are ISO (2026-03-01), unambiguous in every language.
"""

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
import logging
import math
from pathlib import Path
import unicodedata

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from ..vitals import Metric
from .model import Figures, ReportData, Stats, series

# DejaVu covers every script a household name may use. It ships with Debian, Ubuntu and
# Alpine (font-dejavu), not with Betti (1.4 MB); without it the core fonts (Latin-1: Zoë,
# Müller, Dutch and German text) are used and other letters lose their accents.
# fpdf2 subsets the font with fontTools, which logs every table at INFO.
logging.getLogger("fontTools.subset").setLevel(logging.WARNING)
FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/share/fonts/TTF"),
)
MARGIN = 14.0
WIDTH = 210 - 2 * MARGIN
LINE = 5.0
LIST_CAP = 12
CHART_SPACE = 84.0
GREY = (90, 90, 90)
SYSTOLIC_COLOUR = (178, 34, 34)
DIASTOLIC_COLOUR = (30, 80, 160)
# ACC/AHA systolic bands, pale so the lines stay legible in black-and-white prints too.
PRESSURE_BANDS = (
    (0.0, 120.0, (222, 241, 222)),
    (120.0, 130.0, (252, 246, 204)),
    (130.0, 140.0, (253, 228, 200)),
    (140.0, 300.0, (250, 212, 212)),
)


def find_font_dir() -> Path | None:
    """Return the folder holding DejaVu Sans, if this system has it."""
    return next(
        (d for d in FONT_DIRS if (d / "DejaVuSans.ttf").is_file()),
        None,
    )


def _latin1(text: str) -> str:
    """Keep what the core fonts can show: a letter beyond Latin-1 loses its accent, or is '?'."""
    out = []
    for char in text:
        if ord(char) < 256:  # noqa: PLR2004 - Latin-1
            out.append(char)
        else:
            base = unicodedata.normalize("NFKD", char)[0]
            out.append(base if ord(base) < 256 else "?")  # noqa: PLR2004
    return "".join(out)


def number(value: float, decimals: int = 1) -> str:
    """Format with a decimal point, whatever the language."""
    return f"{value:.{decimals}f}"


def _decimals(metric: Metric, unit: str) -> int:
    """Whole numbers where a tenth means nothing (pulse, SpO2, glucose in mg/dL)."""
    whole = metric in (Metric.HEART_RATE, Metric.SPO2) or unit == "mg/dL"
    return 0 if whole else 1


class _Report(FPDF):
    def __init__(self, texts: Mapping[str, str], font_dir: Path | None) -> None:
        super().__init__(format="A4")
        self.texts = texts
        self.unicode = font_dir is not None
        if font_dir is not None:
            self.add_font("body", "", str(font_dir / "DejaVuSans.ttf"))
            self.add_font("body", "B", str(font_dir / "DejaVuSans-Bold.ttf"))
            self.family = "body"
        else:
            self.family = "helvetica"
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(auto=True, margin=MARGIN + 4)

    def t(self, key: str, **placeholders: object) -> str:
        text = self.texts[key].format(**placeholders)
        return text if self.unicode else _latin1(text)

    def clean(self, text: str) -> str:
        return text if self.unicode else _latin1(text)

    def font(self, size: float, *, bold: bool = False) -> None:
        self.set_font(self.family, "B" if bold else "", size)

    def footer(self) -> None:
        self.set_y(-MARGIN)
        self.font(8)
        self.set_text_color(*GREY)
        self.cell(
            0,
            4,
            self.t("page", page=self.page_no(), pages="{nb}"),
            align="R",
        )
        self.set_text_color(0, 0, 0)

    def heading(self, text: str) -> None:
        self.ln(2)
        self.font(12, bold=True)
        self.cell(0, 7, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(160, 160, 160)
        self.line(MARGIN, self.get_y(), MARGIN + WIDTH, self.get_y())
        self.ln(1)
        self.font(9.5)

    def line_text(self, text: str, *, bold: bool = False) -> None:
        self.font(9.5, bold=bold)
        self.multi_cell(0, LINE, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.font(9.5)

    def row(
        self,
        cells: Sequence[str],
        widths: Sequence[float],
        *,
        bold: bool = False,
        align: str = "",
    ) -> None:
        """Cells left-aligned first, right-aligned after, unless ``align`` says per cell."""
        self.font(9.5, bold=bold)
        aligns = align or "L" + "R" * (len(cells) - 1)
        for text, width, side in zip(cells, widths, aligns, strict=True):
            self.cell(width, LINE, text, align=side)
        self.ln(LINE)
        self.font(9.5)


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def _stats(pdf: _Report, stats: Stats, unit: str, decimals: int) -> str:
    return pdf.t(
        "stats",
        mean=number(stats.mean, decimals),
        low=number(stats.low, decimals),
        high=number(stats.high, decimals),
        unit=unit,
        count=stats.count,
    )


def _capped(pdf: _Report, lines: Sequence[str]) -> None:
    for text in lines[:LIST_CAP]:
        pdf.line_text(text)
    if len(lines) > LIST_CAP:
        pdf.line_text(pdf.t("and_more", count=len(lines) - LIST_CAP))


def _medications(pdf: _Report, fig: Figures) -> None:
    pdf.heading(pdf.t("medications"))
    if not fig.adherence:
        pdf.line_text(pdf.t("no_medications"))
        return
    widths = (WIDTH - 4 * 28, 28, 28, 28, 28)
    pdf.row(
        [pdf.t(k) for k in ("medication", "taken", "skipped", "missed", "adherence")],
        widths,
        bold=True,
    )
    for each in fig.adherence:
        percent = each.percent
        pdf.row(
            [
                pdf.clean(each.medication),
                str(each.taken),
                str(each.skipped),
                str(each.missed),
                "-" if percent is None else f"{number(percent)} %",
            ],
            widths,
        )
    pdf.ln(1)
    pdf.line_text(pdf.t("missed_doses"), bold=True)
    if not fig.missed:
        pdf.line_text(pdf.t("no_missed"))
    _capped(pdf, [f"{_when(d.due)}  {pdf.clean(d.medication)}" for d in fig.missed])


def _pressure(pdf: _Report, fig: Figures, unit: str) -> None:
    pdf.heading(pdf.t("blood_pressure"))
    if fig.systolic is None or fig.diastolic is None:
        pdf.line_text(pdf.t("not_measured"))
        return
    pdf.line_text(f"{pdf.t('systolic')}: {_stats(pdf, fig.systolic, unit, 0)}")
    pdf.line_text(f"{pdf.t('diastolic')}: {_stats(pdf, fig.diastolic, unit, 0)}")
    for key, pair in (("morning", fig.morning), ("evening", fig.evening)):
        if pair is not None:
            pdf.line_text(
                pdf.t(
                    key,
                    systolic=number(pair[0].mean, 0),
                    diastolic=number(pair[1].mean, 0),
                    unit=unit,
                    count=pair[0].count,
                )
            )
    pdf.ln(1)
    half = WIDTH / 2
    widths = (24, 12, 20, half - 56)
    header = [pdf.t(k) for k in ("week", "readings", "mean", "category")]
    weeks = fig.pressure_weeks
    rows = (len(weeks) + 1) // 2
    top = pdf.get_y()
    for column, chunk in enumerate((weeks[:rows], weeks[rows:])):
        pdf.set_xy(MARGIN + column * half, top)
        if not chunk:
            continue
        pdf.row(header, widths, bold=True, align="LRRL")
        for week in chunk:
            pdf.set_x(MARGIN + column * half)
            pdf.row(
                [
                    week.monday.isoformat(),
                    str(week.count),
                    f"{week.systolic}/{week.diastolic}",
                    "   " + pdf.t(f"bp_{week.category}"),
                ],
                widths,
                align="LRRL",
            )
    pdf.set_xy(MARGIN, top + (rows + 1) * LINE)


def _other(pdf: _Report, fig: Figures, data: ReportData) -> None:
    units = data.units
    pdf.heading(pdf.t("weight"))
    if fig.weight is None:
        pdf.line_text(pdf.t("not_measured"))
    else:
        text = _stats(pdf, fig.weight, units[Metric.WEIGHT], 1)
        if fig.weight_change is not None:
            change = f"{fig.weight_change:+.1f}"
            text += "  " + pdf.t("change", change=change, unit=units[Metric.WEIGHT])
        pdf.line_text(text)
    pdf.heading(pdf.t("glucose"))
    if fig.glucose is None or fig.glucose_in_range is None:
        pdf.line_text(pdf.t("not_measured"))
    else:
        unit = units[Metric.GLUCOSE]
        decimals = _decimals(Metric.GLUCOSE, unit)
        pdf.line_text(_stats(pdf, fig.glucose, unit, decimals))
        below, inside, above = fig.glucose_in_range
        low, high = data.glucose_range
        pdf.line_text(
            pdf.t(
                "in_range",
                low=number(low, decimals),
                high=number(high, decimals),
                unit=unit,
                inside=number(inside, 0),
                below=number(below, 0),
                above=number(above, 0),
            )
        )
    pdf.heading(pdf.t("other_vitals"))
    measured = [
        (key, stats, metric)
        for key, stats, metric in (
            ("temperature", fig.temperature, Metric.TEMPERATURE),
            ("spo2", fig.spo2, Metric.SPO2),
            ("heart_rate", fig.heart_rate, Metric.HEART_RATE),
        )
        if stats is not None
    ]
    if not measured:
        pdf.line_text(pdf.t("not_measured"))
    for key, stats, metric in measured:
        unit = units[metric]
        pdf.line_text(
            f"{pdf.t(key)}: {_stats(pdf, stats, unit, _decimals(metric, unit))}"
        )
    pdf.heading(pdf.t("alerts"))
    if not fig.alerts:
        pdf.line_text(pdf.t("no_alerts"))
    _capped(pdf, [f"{_when(a.at)}  {pdf.clean(a.message)}" for a in fig.alerts])


def _tick_step(spread: float) -> float:
    """Return a round step giving four to eight ticks over ``spread``."""
    for step in (0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 25, 50, 100):
        if spread / step <= 7:  # noqa: PLR2004
            return step
    return 200.0


def _chart(
    pdf: _Report,
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


def _room_for_chart(pdf: _Report) -> float:
    """Return where the next chart goes, on a new page when this one is full."""
    if pdf.get_y() + CHART_SPACE > pdf.h - MARGIN - 6:
        pdf.add_page()
        return MARGIN
    return pdf.get_y() + 3


def _charts(pdf: _Report, data: ReportData) -> None:
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


def render_pdf(
    data: ReportData,
    fig: Figures,
    texts: Mapping[str, str],
    font_dir: Path | None,
    made: datetime,
) -> bytes:
    """Render the report; ``texts`` maps each label key to its translated text."""
    pdf = _Report(texts, font_dir)
    pdf.set_title(pdf.t("title"))
    pdf.set_creator("Betti")
    pdf.set_creation_date(made)
    pdf.add_page()
    pdf.font(16, bold=True)
    pdf.cell(0, 8, pdf.t("title"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    person = data.person
    pdf.font(11, bold=True)
    pdf.cell(
        0,
        6,
        pdf.t(
            "person",
            name=person.name,
            age=fig.age,
            height=number(person.height_cm, 0),
            born=person.birth_date.isoformat(),
        ),
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    last = (data.end - timedelta(microseconds=1)).date()  # the end is exclusive
    pdf.line_text(
        pdf.t(
            "period",
            start=data.start.date().isoformat(),
            end=last.isoformat(),
            made=made.strftime("%Y-%m-%d %H:%M"),
        )
    )
    _medications(pdf, fig)
    _pressure(pdf, fig, data.units[Metric.SYSTOLIC])
    _other(pdf, fig, data)
    _charts(pdf, data)
    return bytes(pdf.output())
