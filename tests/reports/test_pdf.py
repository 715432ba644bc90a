"""The PDF renderer on its own: names beyond ASCII, with and without DejaVu on the system."""

from datetime import date, datetime, timedelta
import io
import json
from pathlib import Path
from zoneinfo import ZoneInfo

from pypdf import PdfReader
import pytest

from custom_components.betti.reports.document import find_font_dir
from custom_components.betti.reports.model import Person, ReportData, figures
from custom_components.betti.reports.pdf import render_pdf
from custom_components.betti.vitals import Metric

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
