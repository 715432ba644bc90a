"""The doctor's report as a PDF (fpdf2), from plain figures and translated texts.

Page 1 is what a doctor reads in a minute; the charts follow. Every word comes from
``texts`` (translations) and every number is formatted with a decimal point; dates are ISO
(2026-03-01), unambiguous in every language.
"""

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from pathlib import Path

from fpdf.enums import XPos, YPos

from ..vitals import Metric
from .charts import draw_charts
from .document import (
    LINE,
    LIST_CAP,
    MARGIN,
    WIDTH,
    ReportDocument,
    decimals_for,
    number,
)
from .model import Figures, ReportData, Stats


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def _stats(pdf: ReportDocument, stats: Stats, unit: str, decimals: int) -> str:
    return pdf.t(
        "stats",
        mean=number(stats.mean, decimals),
        low=number(stats.low, decimals),
        high=number(stats.high, decimals),
        unit=unit,
        count=stats.count,
    )


def _capped(pdf: ReportDocument, lines: Sequence[str]) -> None:
    for text in lines[:LIST_CAP]:
        pdf.line_text(text)
    if len(lines) > LIST_CAP:
        pdf.line_text(pdf.t("and_more", count=len(lines) - LIST_CAP))


def _medications(pdf: ReportDocument, fig: Figures) -> None:
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


def _pressure(pdf: ReportDocument, fig: Figures, unit: str) -> None:
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
    # Two columns side by side cannot break across pages: start a page if they would.
    if pdf.get_y() + (rows + 1) * LINE > pdf.page_break_trigger:
        pdf.add_page()
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


def _other(pdf: ReportDocument, fig: Figures, data: ReportData) -> None:
    units = data.units
    pdf.heading(pdf.t("weight"))
    if fig.weight is None:
        pdf.line_text(pdf.t("not_measured"))
    else:
        text = _stats(pdf, fig.weight, units[Metric.WEIGHT], 1)
        if fig.weight_change is not None:
            change = f"{fig.weight_change:+.1f}"
            if pdf.unicode:  # a true minus; the core fonts have none
                change = change.replace("-", "\u2212")
            text += " · " + pdf.t("change", change=change, unit=units[Metric.WEIGHT])
        pdf.line_text(text)
    pdf.heading(pdf.t("glucose"))
    if fig.glucose is None or fig.glucose_in_range is None:
        pdf.line_text(pdf.t("not_measured"))
    else:
        unit = units[Metric.GLUCOSE]
        decimals = decimals_for(Metric.GLUCOSE, unit)
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
            f"{pdf.t(key)}: {_stats(pdf, stats, unit, decimals_for(metric, unit))}"
        )
    pdf.heading(pdf.t("alerts"))
    if not fig.alerts:
        pdf.line_text(pdf.t("no_alerts"))
    _capped(pdf, [f"{_when(a.at)}  {pdf.clean(a.message)}" for a in fig.alerts])


def render_pdf(
    data: ReportData,
    fig: Figures,
    texts: Mapping[str, str],
    font_dir: Path | None,
    made: datetime,
) -> bytes:
    """Render the report; ``texts`` maps each label key to its translated text."""
    pdf = ReportDocument(texts, font_dir)
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
    draw_charts(pdf, data)
    return bytes(pdf.output())
