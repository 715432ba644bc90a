"""The CSV export: one file per kind of record, zipped into one download.

One zip, because a phone saves one download at a time. Each file is UTF-8 with a byte order
mark (Excel then reads accents right; LibreOffice and Python ignore it), comma separated
with a decimal point, times ISO 8601 with their offset, units in the column names. Column
names are stable identifiers for spreadsheets and scripts, so they are not translated.
"""

from collections.abc import Callable, Iterable, Sequence
import csv
from datetime import datetime
import io
from typing import Any
import zipfile

from ..nutrition import Nutrient
from ..vitals import Metric
from .model import ReportData

NUTRIENT_UNITS = {Nutrient.ENERGY: "kcal", Nutrient.SODIUM: "mg"}
ACTIVITY_UNITS = {"steps": "steps", "active_energy": "kcal", "active_minutes": "min"}


def _cell(value: Any) -> str:
    """Write times with their offset and numbers with a decimal point; None as empty."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def _file(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(header)
    writer.writerows([_cell(value) for value in row] for row in rows)
    return text.getvalue().encode("utf-8-sig")


def _vitals(data: ReportData) -> bytes:
    metrics = list(Metric)
    return _file(
        [
            "measured_at",
            "kind",
            *(f"{m} ({data.units[m]})" for m in metrics),
            "source",
            "note",
        ],
        (
            [s.at, s.kind, *(s.shown.get(m) for m in metrics), s.source, s.note]
            for s in data.samples
        ),
    )


def _doses(data: ReportData) -> bytes:
    return _file(
        ["due", "medication", "amount", "outcome", "marked_at"],
        ([d.due, d.medication, d.amount, d.status, d.at] for d in data.doses),
    )


def _meals(data: ReportData) -> bytes:
    nutrients = list(Nutrient)
    return _file(
        [
            "eaten_at",
            "day",
            "meal",
            "food",
            "amount",
            "amount_unit",
            "grams (g)",
            *(f"{n} ({NUTRIENT_UNITS.get(n, 'g')})" for n in nutrients),
        ],
        (
            [
                row["eaten_at"],
                row["day"],
                row["meal"],
                row["name"],
                row["amount"],
                row["unit"],
                row["grams"],
                *(row[n] for n in nutrients),
            ]
            for row in data.meals
        ),
    )


def _simple(
    header: Sequence[str], keys: Sequence[str]
) -> Callable[[Sequence[dict[str, Any]]], bytes]:
    def write(rows: Sequence[dict[str, Any]]) -> bytes:
        return _file(header, ([row[k] for k in keys] for row in rows))

    return write


_water = _simple(["at", "amount (mL)", "source"], ["at", "ml", "source"])
_workouts = _simple(
    [
        "started_at",
        "kind",
        "duration (min)",
        "distance (m)",
        "energy (kcal)",
        "note",
        "source",
    ],
    [
        "started_at",
        "kind",
        "duration_min",
        "distance_m",
        "energy_kcal",
        "note",
        "source",
    ],
)
_moods = _simple(["at", "mood (1-5)", "note"], ["at", "score", "note"])


def _activity(data: ReportData) -> bytes:
    return _file(
        ["day", "metric", "amount", "unit", "source"],
        (
            [
                r["day"],
                r["metric"],
                r["amount"],
                ACTIVITY_UNITS[r["metric"]],
                r["source"],
            ]
            for r in data.activity
        ),
    )


def _alerts(data: ReportData) -> bytes:
    return _file(
        [
            "alert_id",
            "raised_at",
            "source",
            "severity",
            "message",
            "acknowledged_at",
            "acknowledged_via",
        ],
        (
            [
                a.alert_id,
                a.at,
                a.source,
                a.severity,
                a.message,
                a.acknowledged_at,
                a.acknowledged_via,
            ]
            for a in data.alerts
        ),
    )


def _deliveries(data: ReportData) -> bytes:
    return _file(
        ["alert_id", "at", "target", "result", "reason"],
        (
            [a.alert_id, d.at, d.target, d.result, d.reason]
            for a in data.alerts
            for d in a.deliveries
        ),
    )


def csv_files(data: ReportData) -> dict[str, bytes]:
    """Every file of the export, by name."""
    return {
        "vitals.csv": _vitals(data),
        "doses.csv": _doses(data),
        "meals.csv": _meals(data),
        "water.csv": _water(data.water),
        "activity.csv": _activity(data),
        "workouts.csv": _workouts(data.workouts),
        "mood.csv": _moods(data.moods),
        "alerts.csv": _alerts(data),
        "alert_deliveries.csv": _deliveries(data),
    }


def render_zip(data: ReportData) -> bytes:
    """Zip the export's files into one download."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in csv_files(data).items():
            archive.writestr(name, content)
    return buffer.getvalue()
