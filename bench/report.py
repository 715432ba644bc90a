"""Time a 90-day doctor's report (PDF), CSV zip and FHIR bundle over the 5-year household.

Usage: .venv/bin/python bench/report.py [PATH]   (default build/bench/betti.db)

The household generator writes food, water, activity and audit rows but no vitals or
medications yet, so this adds five years of them to its first person (once): blood pressure
morning and evening, weight and glucose daily, two medications twice a day with about one
dose in twenty missed and one skipped. Timed as Betti makes a report: one read on a reader
connection, shaping, then rendering.
"""

import asyncio
from datetime import UTC, date, datetime, timedelta
import json
import math
from pathlib import Path
import random
import sqlite3
import sys
import time
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).parent.parent))  # run from a checkout

from bench.generate_household import PROFILES, START, YEARS, generate
from custom_components.betti.db import Database
from custom_components.betti.db.medications import (
    StoredEvent,
    add_dose_event,
    add_medication,
)
from custom_components.betti.db.vitals import add_reading
from custom_components.betti.household.profile import Profile
from custom_components.betti.medications.codec import decode
from custom_components.betti.medications.schedule import DoseEvent, DoseEventKind
from custom_components.betti.reports.collect import read_records, report_data
from custom_components.betti.reports.csv_export import render_zip
from custom_components.betti.reports.document import find_font_dir
from custom_components.betti.reports.fhir import render_bundle
from custom_components.betti.reports.model import figures
from custom_components.betti.reports.pdf import render_pdf
from custom_components.betti.vitals import Metric, VitalKind

TZ = ZoneInfo("Europe/Amsterdam")
PROFILE_ID, PERSON, NAME = PROFILES[0]


def _texts() -> dict[str, str]:
    """English labels from the translations file, as HA would load them."""
    strings = json.loads(
        Path("custom_components/betti/translations/en.json").read_text()
    )
    texts = dict(strings["selector"]["report_text"]["options"])
    states = strings["entity"]["sensor"]["blood_pressure_category"]["state"]
    texts.update({f"bp_{key}": text for key, text in states.items()})
    return texts


def _has_vitals(conn: sqlite3.Connection) -> bool:
    return bool(
        conn.execute(
            "SELECT 1 FROM vitals WHERE profile_id = ? LIMIT 1", (PROFILE_ID,)
        ).fetchone()
    )


def _month(
    conn: sqlite3.Connection, first: datetime, meds: list[int], rng: random.Random
) -> None:
    for offset in range(30):
        # Local midnight: doses are due at wall-clock times in the household's zone.
        day = datetime.combine(
            (first + timedelta(days=offset)).date(), datetime.min.time(), TZ
        )
        # Pressure rises and falls with the seasons, so a quarter shows categories change.
        season = -math.cos(2 * math.pi * day.timetuple().tm_yday / 365)
        for hour in (7, 20):
            add_reading(
                conn,
                PROFILE_ID,
                kind=VitalKind.BLOOD_PRESSURE,
                measured_at=day + timedelta(hours=hour),
                source="bench",
                values={
                    Metric.SYSTOLIC: round(season * 16 + rng.gauss(130, 7)),
                    Metric.DIASTOLIC: round(season * 8 + rng.gauss(80, 5)),
                    Metric.PULSE: float(rng.randint(55, 90)),
                },
            )
        for kind, metric, value in (
            (VitalKind.WEIGHT, Metric.WEIGHT, 71 - 2 * season + rng.gauss(0, 0.3)),
            (VitalKind.GLUCOSE, Metric.GLUCOSE, rng.uniform(60.0, 220.0)),
        ):
            add_reading(
                conn,
                PROFILE_ID,
                kind=kind,
                measured_at=day + timedelta(hours=8),
                source="bench",
                values={metric: round(value, 1)},
            )
        for medication_id in meds:
            for hour in (8, 20):
                due = day + timedelta(hours=hour)
                roll = rng.random()
                if roll < 0.05:
                    continue
                kind = DoseEventKind.SKIPPED if roll < 0.06 else DoseEventKind.TAKEN
                add_dose_event(
                    conn,
                    PROFILE_ID,
                    StoredEvent(
                        medication_id=medication_id,
                        due=due,
                        event=DoseEvent(kind, due + timedelta(minutes=10)),
                        amount=1.0,
                        user_id=None,
                        source="bench",
                    ),
                    0,
                )


async def _add_health(database: Database) -> None:
    """Five years of vitals and doses for the first person, written month by month."""
    if await database.async_read(_has_vitals):
        return
    rng = random.Random(17)
    schedule = {"type": "weekly", "times": ["08:00", "20:00"], "start": "2021-11-01"}
    meds = [
        await database.async_write(
            add_medication,
            PROFILE_ID,
            {"name": name, "strength": strength, "grace_minutes": 60},
            [decode(schedule, date(2021, 11, 1))],
            not_before=START,
            created_at=START,
        )
        for name, strength in (("Metformin", "500 mg"), ("Ramipril", "5 mg"))
    ]
    for month in range(-(-365 * YEARS // 30)):
        await database.async_write(
            _month, START + timedelta(days=30 * month), meds, rng
        )


async def bench(path: Path, *, missing: bool) -> None:
    """Generate what is missing, then time each format three times (best of three)."""
    if missing:
        print(f"generating {path} (5 years)…")
        await generate(path)
    database = Database(path)
    await database.async_open()
    await _add_health(database)
    profile = Profile(
        profile_id=PROFILE_ID,
        person=PERSON,
        name=NAME,
        date_of_birth=date(1948, 3, 14),
        sex="female",
        height_cm=162.0,
        weight_unit="kg",
        temperature_unit="°C",
        glucose_unit="mmol/L",
        volume_unit="mL",
    )
    end = START + timedelta(days=365 * YEARS)
    window = (end - timedelta(days=90), end)
    now = datetime.now(UTC)
    texts, font_dir = _texts(), find_font_dir()
    print(f"font: {font_dir or 'core (Latin-1)'}")
    renders = {
        "pdf": lambda data: render_pdf(data, figures(data), texts, font_dir, now),
        "csv": render_zip,
        "fhir": lambda data: render_bundle(data, now),
    }
    for name, render in renders.items():
        timings = []
        for _ in range(3):
            started = time.perf_counter()
            records = await database.async_read(read_records, PROFILE_ID, *window, TZ)
            data = report_data(records, profile, TZ, window, now)
            read_at = time.perf_counter()
            content = render(data)
            timings.append((time.perf_counter() - started, read_at - started))
        total, read = min(timings)
        print(
            f"{name:5} 90 days: {total * 1000:6.0f} ms (read and shape {read * 1000:.0f} ms;"
            f" {len(data.samples)} readings, {len(data.doses)} doses,"
            f" {len(data.meals)} meal items)"
        )
        if name == "pdf":
            # The PDF itself, for a look (docs/report.png is its first page).
            path.with_name("report.pdf").write_bytes(content)  # type: ignore[arg-type]
    await database.async_close()


if __name__ == "__main__":
    db_path = Path(sys.argv[1] if len(sys.argv) > 1 else "build/bench/betti.db")
    asyncio.run(bench(db_path, missing=not db_path.exists()))
