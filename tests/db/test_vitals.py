"""Storing and reading vital-sign readings."""

from collections.abc import AsyncGenerator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
import sqlite3

import pytest

from custom_components.betti.db import Database
from custom_components.betti.db.profiles import sync_profile
from custom_components.betti.db.vitals import (
    add_reading,
    delete_reading,
    latest_readings,
    reading_batches,
    readings_between,
)
from custom_components.betti.vitals import Metric, VitalKind

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
async def database(tmp_path: Path) -> AsyncGenerator[Database]:
    db = Database(tmp_path / "betti.db")
    await db.async_open()
    await db.async_write(sync_profile, "p1", "person.alice", "Alice", T0)
    await db.async_write(sync_profile, "p2", "person.bob", "Bob", T0)
    yield db
    await db.async_close()


def _bp(
    conn: sqlite3.Connection,
    profile: str,
    at: datetime,
    systolic: float,
    key: str | None = None,
) -> int | None:
    return add_reading(
        conn,
        profile,
        kind=VitalKind.BLOOD_PRESSURE,
        measured_at=at,
        source="bluetooth" if key else "manual",
        values={Metric.SYSTOLIC: systolic, Metric.DIASTOLIC: 80},
        dedupe_key=key,
    )


async def test_latest_is_by_measurement_time_not_by_arrival(database: Database) -> None:
    await database.async_write(_bp, "p1", T0 + timedelta(hours=2), 130)
    # A cuff downloads an older stored reading later: it must not become "latest".
    await database.async_write(_bp, "p1", T0, 150)
    latest = await database.async_read(latest_readings, "p1")
    assert latest[VitalKind.BLOOD_PRESSURE].values == {
        Metric.SYSTOLIC: 130,
        Metric.DIASTOLIC: 80,
    }
    assert latest[VitalKind.BLOOD_PRESSURE].measured_at == T0 + timedelta(hours=2)


async def test_time_zones_sort_as_instants(database: Database) -> None:
    """08:30 in New York is later than 12:00 UTC the same day."""
    new_york = timezone(timedelta(hours=-5))
    await database.async_write(_bp, "p1", datetime(2026, 3, 1, 12, 0, tzinfo=UTC), 120)
    await database.async_write(
        _bp, "p1", datetime(2026, 3, 1, 8, 30, tzinfo=new_york), 125
    )
    latest = await database.async_read(latest_readings, "p1")
    assert latest[VitalKind.BLOOD_PRESSURE].values[Metric.SYSTOLIC] == 125


async def test_same_device_record_is_stored_once(database: Database) -> None:
    first = await database.async_write(_bp, "p1", T0, 120, "cuff-1:seq-7")
    again = await database.async_write(_bp, "p1", T0, 120, "cuff-1:seq-7")
    assert first is not None
    assert again is None
    assert (
        len(await database.async_read(readings_between, "p1", T0, T0 + timedelta(1)))
        == 1
    )


async def test_history_window_and_kind(database: Database) -> None:
    for hours in range(5):
        await database.async_write(_bp, "p1", T0 + timedelta(hours=hours), 120 + hours)
    await database.async_write(_bp, "p2", T0, 140)
    readings = await database.async_read(
        readings_between, "p1", T0 + timedelta(hours=1), T0 + timedelta(hours=3)
    )
    assert [reading.values[Metric.SYSTOLIC] for reading in readings] == [121, 122]
    assert (
        await database.async_read(
            readings_between, "p1", T0, T0 + timedelta(1), VitalKind.WEIGHT
        )
        == []
    )


async def test_a_long_history_comes_back_whole_and_in_order(
    database: Database,
) -> None:
    def four_a_day_for_a_year(conn: sqlite3.Connection) -> None:
        for quarter in range(4 * 365):  # read in more than one batch
            _bp(conn, "p1", T0 - timedelta(hours=6 * quarter), 100 + quarter % 50)

    await database.async_write(four_a_day_for_a_year)
    year = (T0 - timedelta(days=365), T0 + timedelta(hours=1))
    readings = await database.async_read_batches(reading_batches, "p1", *year)
    assert readings == await database.async_read(readings_between, "p1", *year)
    times = [reading.measured_at for reading in readings]
    assert len(times) == 4 * 365
    assert times == sorted(times)


async def test_delete_only_the_profiles_own_reading(database: Database) -> None:
    bob_reading = await database.async_write(_bp, "p2", T0, 140)
    assert bob_reading is not None
    with pytest.raises(LookupError):
        await database.async_write(delete_reading, "p1", bob_reading)
    assert await database.async_write(delete_reading, "p2", bob_reading) == bob_reading
    assert await database.async_read(latest_readings, "p2") == {}
