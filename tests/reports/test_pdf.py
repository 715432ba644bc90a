"""The PDF renderer on its own: names beyond ASCII, with and without DejaVu on the system."""

from datetime import date, datetime, timedelta
import io
import json
from pathlib import Path
from zoneinfo import ZoneInfo

from pypdf import PdfReader
import pytest

from custom_components.betti.reports.document import find_font_dir
from custom_components.betti.reports.model import (
    DoseRecord,
    Person,
    ReportData,
    Sample,
    figures,
)
from custom_components.betti.reports.pdf import render_pdf
from custom_components.betti.vitals import Metric, VitalKind

STRINGS = json.loads(
    (
        Path(__file__).parents[2] / "custom_components/betti/translations/en.json"
    ).read_text()
)
TEXTS = STRINGS["selector"]["report_text"]["options"] | {
    f"bp_{key}": text
    for key, text in STRINGS["entity"]["sensor"]["blood_pressure_category"][
        "state"
    ].items()
}
END = datetime(2026, 3, 2, tzinfo=ZoneInfo("Europe/Berlin"))


def _first_page(name: str, font_dir: Path | None) -> str:
    data = ReportData(
        person=Person(name, date(1948, 3, 14), "female", 162),
        start=END - timedelta(days=90),
        end=END,
        units=dict.fromkeys(Metric, "kg") | {Metric.SYSTOLIC: "mmHg"},
    )
    pdf = render_pdf(data, figures(data), TEXTS, font_dir, END)
    return PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


@pytest.mark.skipif(find_font_dir() is None, reason="DejaVu is not installed here")
def test_any_name_with_dejavu() -> None:
    assert "Zoë Łukasiewicz-Müller, 77 years" in _first_page(
        "Zoë Łukasiewicz-Müller", find_font_dir()
    )


def test_latin1_names_without_dejavu() -> None:
    # The core fonts: Dutch and German names stay whole; a Polish Ł becomes '?'.
    page = _first_page("Zoë Łukasiewicz-Müller", None)
    assert "Zoë ?ukasiewicz-Müller, 77 years" in page
    assert "Not measured in this period." in page


def test_a_years_weekly_table_stays_whole_on_one_page() -> None:
    start = END - timedelta(days=366)
    samples = [
        Sample(
            day,
            start + timedelta(days=day, hours=8),
            VitalKind.BLOOD_PRESSURE,
            values := {Metric.SYSTOLIC: 120.0 + day / 10, Metric.DIASTOLIC: 80.0},
            values,
            "manual",
        )
        for day in range(366)
    ]
    data = ReportData(
        person=Person("Zoë", date(1948, 3, 14), "female", 162),
        start=start,
        end=END,
        units=dict.fromkeys(Metric, "kg") | {Metric.SYSTOLIC: "mmHg"},
        samples=samples,
        medications={1: "Metformin 500 mg"},
        # A full list of missed doses first: the table no longer fits below it.
        doses=[
            DoseRecord(
                1, "Metformin 500 mg", start + timedelta(days=d), "missed", None, 1
            )
            for d in range(20)
        ],
    )
    pdf = render_pdf(data, figures(data), TEXTS, None, END)
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    first_week, last_week = "2025-02-24 ", "2026-02-23 "
    assert [first_week in page for page in pages] == [
        last_week in page for page in pages
    ]
    assert sum(first_week in page for page in pages) == 1
