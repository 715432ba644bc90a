"""The calendar as a household meets it when its occurrences were not stored, or ran short.

Betti reads each calendar's stored occurrences at start; these are the cases where they are
missing (a calendar written by an earlier Betti), cannot be written (a read-only database),
or no longer reach far enough (a year without changes).
"""

from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path
import sqlite3
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.betti.appointments import Fields
from custom_components.betti.appointments.book import add
from custom_components.betti.db import Database
from custom_components.betti.db.appointments import change_calendar
from custom_components.betti.db.migrations import SCHEMA_VERSION
from custom_components.betti.db.profiles import sync_profile

from ..conftest import db_rows

CALENDAR = "calendar.betti_alice_appointments"


async def _events(hass: HomeAssistant, start: str, end: str) -> list[str]:
    response: Any = await hass.services.async_call(
        "calendar",
        "get_events",
        {"entity_id": CALENDAR, "start_date_time": start, "end_date_time": end},
        blocking=True,
        return_response=True,
    )
    return [event["summary"] for event in response[CALENDAR]["events"]]


async def _add(hass: HomeAssistant, entry: MockConfigEntry, **fields: str) -> None:
    await hass.services.async_call(
        "betti",
        "add_appointment",
        {"config_entry_id": entry.entry_id, **fields},
        blocking=True,
        return_response=True,
    )


def _as_an_earlier_betti_left_it(path: str, *, newer: bool = False) -> None:
    """The calendar's text only; with ``newer``, a file a newer Betti wrote (read-only)."""
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("DELETE FROM appointment_occurrences")
        conn.execute(
            "UPDATE calendars SET occurrences_from = NULL, occurrences_until = NULL"
        )
        if newer:
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        conn.commit()


@pytest.mark.freeze_time("2026-03-01 12:00:00+00:00")
async def test_a_calendar_from_an_earlier_betti_shows_and_is_stored_anew(
    hass: HomeAssistant, loaded_alice: MockConfigEntry
) -> None:
    await _add(hass, loaded_alice, title="Dentist", start="2026-03-03 10:00:00")
    _as_an_earlier_betti_left_it(hass.config.path("betti/betti.db"))
    assert await hass.config_entries.async_reload(loaded_alice.entry_id)
    await hass.async_block_till_done()
    assert hass.states.get(CALENDAR).attributes["message"] == "Dentist"  # type: ignore[union-attr]
    assert await _events(hass, "2026-03-01T00:00:00", "2026-03-08T00:00:00") == [
        "Dentist"
    ]
    assert db_rows(hass, "SELECT count(*) FROM appointment_occurrences") == [(1,)]


@pytest.mark.freeze_time("2026-03-01 12:00:00+00:00")
async def test_a_read_only_database_still_shows_the_calendar(
    hass: HomeAssistant, persons: None, alice_entry: MockConfigEntry
) -> None:
    """A file from a newer Betti is only read: the occurrences come from the text."""
    path = hass.config.path("betti/betti.db")
    database = Database(Path(path))
    await database.async_open()
    now = dt_util.now()
    await database.async_write(
        sync_profile, alice_entry.entry_id, "person.alice", "Alice", now
    )
    dentist = Fields(title="Dentist", start=datetime(2026, 3, 3, 10, 0))
    tz = dt_util.get_default_time_zone()
    await database.async_write(
        change_calendar,
        alice_entry.entry_id,
        lambda calendar: add(calendar, dentist, tz),
        at=now,
        tz=tz,
    )
    await database.async_close()
    _as_an_earlier_betti_left_it(path, newer=True)
    alice_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(alice_entry.entry_id)
    await hass.async_block_till_done()
    assert alice_entry.runtime_data.database.read_only
    assert hass.states.get(CALENDAR).attributes["message"] == "Dentist"  # type: ignore[union-attr]
    assert await _events(hass, "2026-03-01T00:00:00", "2026-03-08T00:00:00") == [
        "Dentist"
    ]
    assert db_rows(hass, "SELECT count(*) FROM appointment_occurrences") == [(0,)]


@pytest.mark.freeze_time("2026-03-01 12:00:00+00:00")
async def test_a_year_without_changes_still_shows_and_reminds_what_is_ahead(
    hass: HomeAssistant,
    loaded_alice: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """The occurrences stored at the last change run out two years on; a refresh renews them."""
    await _add(
        hass,
        loaded_alice,
        title="Eye clinic",
        start="2026-03-10 10:00:00",
        rrule="FREQ=YEARLY",
    )
    [(until,)] = db_rows(hass, "SELECT occurrences_until FROM calendars")
    # Nothing changes for 14 months; HA stays up and refreshes every hour.
    for _ in range(14):
        freezer.tick(timedelta(days=30))
        async_fire_time_changed(hass)
        # HA runs a coordinator's timed refresh as a background task.
        await hass.async_block_till_done(wait_background_tasks=True)
    assert dt_util.now().date().isoformat() == "2027-04-25"
    [(renewed,)] = db_rows(hass, "SELECT occurrences_until FROM calendars")
    assert str(renewed) > str(until)
    # The visit three years on shows in its month, and is the calendar's next event.
    assert await _events(hass, "2029-03-01T00:00:00", "2029-04-01T00:00:00") == [
        "Eye clinic"
    ]
    state = hass.states.get(CALENDAR)
    assert state.attributes["start_time"] == "2028-03-10 10:00:00"  # type: ignore[union-attr]
