"""The doctor's PDF, the CSV zip and the FHIR bundle, made from a household's real records."""

import csv
import io
import json
from pathlib import Path
import zipfile

from fhir.resources.R4B.bundle import Bundle
from homeassistant.core import HomeAssistant
from pypdf import PdfReader
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from .conftest import NOW, call

pytestmark = pytest.mark.freeze_time(NOW)
# Ends a minute from now, so what was logged at this very moment counts too.
MONTH = {"start": "2026-01-31T00:00:00-08:00", "end": "2026-03-02T12:01:00-08:00"}


def _file(hass: HomeAssistant, url: str) -> Path:
    """The file a download link serves."""
    entry_id, name = url.removeprefix("/api/betti/reports/").split("/")
    return Path(hass.config.path("betti", "reports", entry_id, name))


async def _report(hass: HomeAssistant, entry: MockConfigEntry, fmt: str) -> Path:
    response = await call(
        hass, "create_report", config_entry_id=entry.entry_id, format=fmt, **MONTH
    )
    return _file(hass, response["url"])


async def test_pdf_holds_the_figures(
    hass: HomeAssistant, alice_history: MockConfigEntry
) -> None:
    path = await _report(hass, alice_history, "pdf")
    assert path.name == "betti-alice-2026-01-31-2026-03-02.pdf"
    pages = PdfReader(path).pages
    first = pages[0].extract_text()
    for expected in (
        "Alice, 77 years (born 1948-03-14), height 162 cm",
        "Period 2026-01-31 to 2026-03-02.",
        # Four taken, one skipped, one missed (the 27th's, never marked).
        "Metformin 500 mg 4 1 1 66.7 %",
        "2026-02-27 08:00 Metformin 500 mg",
        "Systolic: mean 133 mmHg, range 115 to 151, n = 28",
        "Diastolic: mean 85 mmHg, range 75 to 95, n = 28",
        "Morning (before 12:00): mean 115/75 mmHg, n = 14",
        "Afternoon and evening (from 12:00): mean 151/95 mmHg, n = 14",
        "mean 69.3 kg, range 68.6 to 70.0, n = 2 · change over the period -1.4 kg",
        "Time in range 3.9 to 10.0 mmol/L: 50 % (below 0 %, above 50 %)",
        "Temperature: mean 37.2 °C",
        "Heart rate: mean 130 bpm",
        "2026-03-02 12:00 ",  # the heart-rate alert, raised when it was logged
    ):
        # DejaVu prints a true minus; the core fonts a hyphen.
        assert expected in " ".join(first.split()).replace("\u2212", "-"), expected
    # The weekly categories show the change from normal to stage 2.
    weeks = [line.split() for line in first.splitlines() if line[:4] == "2026"]
    assert ["2026-02-02", "7", "115/75", "Normal"] in [w[:4] for w in weeks]
    assert any(w[:5] == ["2026-02-23", "7", "151/95", "High,", "stage"] for w in weeks)
    charts = " ".join(page.extract_text() for page in pages)
    for title in (
        "Systolic blood pressure (mmHg)",
        "Diastolic blood pressure (mmHg)",
        "Weight (kg)",
        "Blood glucose (mmol/L)",
    ):
        assert title in charts


async def test_csv_round_trips(
    hass: HomeAssistant, alice_history: MockConfigEntry
) -> None:
    path = await _report(hass, alice_history, "csv")
    with zipfile.ZipFile(path) as archive:
        raw = {name: archive.read(name) for name in archive.namelist()}
    assert sorted(raw) == sorted(
        [
            "vitals.csv",
            "doses.csv",
            "meals.csv",
            "water.csv",
            "activity.csv",
            "workouts.csv",
            "mood.csv",
            "alerts.csv",
            "alert_deliveries.csv",
        ]
    )
    assert all(content.startswith(b"\xef\xbb\xbf") for content in raw.values())

    def rows(name: str) -> list[dict[str, str]]:
        return list(csv.DictReader(io.StringIO(raw[name].decode("utf-8-sig"))))

    vitals = rows("vitals.csv")
    assert vitals[0]["measured_at"] == "2026-02-02T08:00:00-08:00"
    assert vitals[0]["kind"] == "blood_pressure"
    assert float(vitals[0]["systolic (mmHg)"]) == 115
    assert vitals[0]["weight (kg)"] == ""
    glucose = [row["glucose (mmol/L)"] for row in vitals if row["kind"] == "glucose"]
    assert [float(value) for value in glucose] == [5.5, 12.0]
    weights = [float(row["weight (kg)"]) for row in vitals if row["kind"] == "weight"]
    assert weights == [70.0, 68.6]
    outcomes = {row["due"]: row["outcome"] for row in rows("doses.csv")}
    assert outcomes["2026-02-27T08:00:00-08:00"] == "missed"
    assert outcomes["2026-03-01T08:00:00-08:00"] == "skipped"
    assert outcomes["2026-03-02T08:00:00-08:00"] == "taken"
    assert rows("mood.csv") == [
        {
            "at": "2026-03-02T12:00:00-08:00",
            "mood (1-5)": "4",
            "note": "Zoë kwam op bezoek",
        }
    ]
    assert [row["source"] for row in rows("alerts.csv")] == ["vital_threshold"]


async def test_fhir_bundle_validates(
    hass: HomeAssistant, alice_history: MockConfigEntry
) -> None:
    path = await _report(hass, alice_history, "fhir")
    data = json.loads(path.read_text())
    bundle = Bundle.model_validate(data)
    resources = [entry.resource for entry in bundle.entry]
    kinds = [r.get_resource_type() for r in resources]
    assert kinds.count("Patient") == 1
    observations = [r for r in resources if r.get_resource_type() == "Observation"]
    codes = [o.code.coding[0].code for o in observations]
    assert codes.count("85354-9") == 28
    panel = next(o for o in observations if o.code.coding[0].code == "85354-9")
    assert [
        (c.code.coding[0].code, c.valueQuantity.value) for c in panel.component
    ] == [
        ("8480-6", 115),
        ("8462-4", 75),
    ]
    glucose = [o for o in observations if o.code.coding[0].code == "15074-8"]
    assert [(o.valueQuantity.value, o.valueQuantity.code) for o in glucose] == [
        (5.5, "mmol/L"),
        (12.0, "mmol/L"),
    ]
    assert {"8867-4", "29463-7", "8310-5"} <= set(codes)
    given = [
        r for r in resources if r.get_resource_type() == "MedicationAdministration"
    ]
    assert sorted(r.status for r in given) == [
        "completed",
        "completed",
        "completed",
        "completed",
        "not-done",
        "not-done",
    ]
    assert kinds.count("MedicationStatement") == 1
