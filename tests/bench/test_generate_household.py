"""The bench household: every kind of record, in the amounts the 5-year figures rely on.

Generated at a small scale (DAYS days) so it runs in CI; the amounts are checked per
person-day against the issue's 5-year totals (≈ 50k vitals, ≈ 30k dose events, 2k
appointments for two people).
"""

import asyncio
from contextlib import closing
from datetime import date, datetime, time, timedelta
from pathlib import Path
import sqlite3

import pytest

from bench.generate_household import PROFILES, generate
from bench.household_health import TZ
from custom_components.betti.db.appointments import read_calendar
from custom_components.betti.db.medications import medications
from custom_components.betti.medications.schedule import DoseEventKind, occurrences
from custom_components.betti.vitals import VitalKind

DAYS = 60
LAST_DAY = date(2026, 3, 31)
FIVE_YEARS = 1826
PERSON_DAYS = DAYS * len(PROFILES)


@pytest.fixture(scope="module")
def household(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    path = tmp_path_factory.mktemp("bench") / "betti.db"
    return path, asyncio.run(generate(path, DAYS, LAST_DAY))


def _per_five_years(count: int) -> float:
    return count / PERSON_DAYS * FIVE_YEARS * len(PROFILES)


def test_every_vital_kind_in_about_50k_readings(
    household: tuple[Path, dict[str, int]],
) -> None:
    _, counts = household
    assert 45_000 <= _per_five_years(counts["vitals"]) <= 55_000
    for kind in VitalKind:
        assert counts.get(f"vitals.{kind}", 0) > 0, kind
    # Twice a day, less the forgotten ones; a weigh-in most mornings.
    assert 1.8 * PERSON_DAYS <= counts["vitals.blood_pressure"] <= 2 * PERSON_DAYS
    assert 0.9 * PERSON_DAYS <= counts["vitals.weight"] <= PERSON_DAYS


def test_doses_taken_snoozed_skipped_undone_and_missed(
    household: tuple[Path, dict[str, int]],
) -> None:
    path, counts = household
    assert 27_000 <= _per_five_years(counts["dose_events"]) <= 33_000
    for kind in DoseEventKind:
        assert counts.get(f"dose_events.{kind}", 0) > 0, kind
    start = datetime.combine(LAST_DAY - timedelta(days=DAYS - 1), time(), TZ)
    end = datetime.combine(LAST_DAY + timedelta(days=1), time(), TZ)
    with closing(sqlite3.connect(path)) as conn:
        conn.row_factory = sqlite3.Row
        scheduled = sum(
            len(list(occurrences(schedule, TZ, start, end)))
            for profile_id, _, _ in PROFILES
            for medication in medications(conn, profile_id)[0]
            for schedule in medication.schedules
        )
        answered = conn.execute(
            "SELECT count(DISTINCT medication_id || due) FROM dose_events"
            " WHERE kind IN ('taken', 'skipped')"
        ).fetchone()[0]
        outside = conn.execute(
            "SELECT count(*) FROM dose_events WHERE due < ? OR due >= ?",
            (start.isoformat(), end.isoformat()),
        ).fetchone()[0]
    assert 0.9 * scheduled <= answered < scheduled  # some missed: nothing recorded
    assert outside == 0


def test_appointments_with_series_and_edited_occurrences(
    household: tuple[Path, dict[str, int]],
) -> None:
    path, counts = household
    expected = 2000 * DAYS / FIVE_YEARS
    assert abs(counts["appointments"] - expected) <= len(PROFILES)
    assert counts["appointments.recurring"] >= 2 * len(PROFILES)
    assert counts["appointments.edited"] >= 2 * len(PROFILES)
    with closing(sqlite3.connect(path)) as conn:
        conn.row_factory = sqlite3.Row
        for profile_id, _, _ in PROFILES:
            calendar = read_calendar(conn, profile_id).calendar
            # One occurrence moved; a "this and following" split is a series of its own.
            moved = [
                e
                for e in calendar.events
                if e.recurrence_id is not None and e.rrule is None
            ]
            assert moved, profile_id
            assert all(e.description == "moved" for e in moved)


def test_alerts_acknowledged_with_deliveries_calls_mood_and_food(
    household: tuple[Path, dict[str, int]],
) -> None:
    path, counts = household
    for table in ("alerts", "alert_steps", "deliveries", "calls", "moods"):
        assert counts[table] > 0, table
    for table in ("meals", "meal_items", "water_log", "daily_activity", "workouts"):
        assert counts[table] > 0, table
    assert counts["audit_log"] >= 20 * PERSON_DAYS
    with closing(sqlite3.connect(path)) as conn:
        # Nothing left to escalate when a bench starts HA over the file.
        open_alerts = conn.execute(
            "SELECT count(*) FROM alerts WHERE acknowledged_at IS NULL"
        ).fetchone()[0]
    assert open_alerts == 0


def test_the_same_seed_writes_the_same_household(tmp_path: Path) -> None:
    dumps = []
    for name in ("a.db", "b.db"):
        asyncio.run(generate(tmp_path / name, 5, LAST_DAY))
        with closing(sqlite3.connect(tmp_path / name)) as conn:
            dumps.append(
                conn.execute(
                    "SELECT group_concat(kind || measured_at || coalesce(systolic, ''))"
                    " FROM vitals"
                ).fetchone()[0]
                + conn.execute("SELECT group_concat(ics) FROM calendars").fetchone()[0]
            )
    assert dumps[0] == dumps[1]
