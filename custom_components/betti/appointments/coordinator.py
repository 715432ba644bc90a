"""A profile's appointment book at run time: its next events, changes, and reminders.

``AppointmentsCoordinator`` holds the next events (what the calendar entity, the mirror and
Assist show), read from the occurrences Betti stores at every change.
``async_change_appointments`` is the one way to change the calendar (the calendar entity and
Betti's actions both use it). ``AppointmentReminders`` keeps one timer, for the next reminder
derived from the occurrences and the stored watermark, so a restart neither loses nor
repeats reminders.
"""

import asyncio
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
import sqlite3
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.util import dt as dt_util

from ..const import DOMAIN
from ..coordinator import BettiCoordinator, read_failed
from ..db import Database, DatabaseReadOnlyError
from ..db.appointments import (
    change_calendar,
    covers,
    occurrences_between,
    occurrences_starting,
    reminded_until,
    set_reminded_until,
    store_occurrences,
)
from ..db.profiles import add_audit
from ..household.database import async_write
from ..models import BettiConfigEntry
from ..notifications.contacts import own_targets
from ..notifications.deadline import ProfileDeadline
from ..notifications.delivery import async_push
from ..notifications.texts import async_short_date, async_text
from . import AppointmentError, Edit
from .occurrence import Occurrence, aware
from .reminders import (
    LOOKAHEAD,
    Reminder,
    due_reminders,
    next_reminder,
    occurrence_key,
    start_of,
)

CONF_APPOINTMENT_REMINDERS = "appointment_reminders"
# Minutes before an appointment: a day ahead to plan the trip, two hours to get ready.
DEFAULT_REMINDERS = ["1440", "120"]
REMINDER_CHOICES = ["15", "30", "60", "120", "240", "1440", "2880", "10080"]
DELIVERY_SOURCE = "appointment"
# The entity's state needs the next events without expanding recurrences in the event loop.
UPCOMING_EVENTS = 20
UPCOMING_WINDOW = timedelta(days=365)
# Rolls that window forward; it reads the database only, nothing on the network.
REFRESH_INTERVAL = timedelta(hours=1)
# The stored occurrences must reach as far as the reminders look: a year and more, plus
# the longest reminder (a week) and a week to spare; a refresh stores them anew before.
NEEDED_AHEAD = LOOKAHEAD + timedelta(days=14)


@dataclass(frozen=True, slots=True)
class AppointmentsState:
    """The calendar's next events (as of the last refresh)."""

    upcoming: list[Occurrence]


def reminder_offsets(entry: BettiConfigEntry) -> list[timedelta]:
    """Return the profile's chosen reminder times, before each appointment."""
    chosen = entry.options.get(CONF_APPOINTMENT_REMINDERS, DEFAULT_REMINDERS)
    return [timedelta(minutes=int(minutes)) for minutes in chosen]


def _upcoming(
    conn: sqlite3.Connection, profile_id: str, now: datetime, tz: tzinfo
) -> list[Occurrence]:
    found = occurrences_between(
        conn, profile_id, now, now + UPCOMING_WINDOW, tz, limit=UPCOMING_EVENTS
    )
    return [
        item
        for item in found
        if aware(item.start, tz) > now or aware(item.end, tz) > now
    ]


def _stored_upcoming(
    conn: sqlite3.Connection, profile_id: str, now: datetime, tz: tzinfo
) -> list[Occurrence] | None:
    """Return the next events; None if the stored occurrences do not reach far enough."""
    if covers(conn, profile_id, now, now + NEEDED_AHEAD, tz) is False:
        return None
    return _upcoming(conn, profile_id, now, tz)


class AppointmentsCoordinator(BettiCoordinator[AppointmentsState]):
    """A profile's next appointments, re-read after every change."""

    def __init__(
        self, hass: HomeAssistant, entry: BettiConfigEntry, database: Database
    ) -> None:
        """Set up for one profile."""
        super().__init__(hass, entry, database, "appointments")
        self.update_interval = REFRESH_INTERVAL

    async def _async_update_data(self) -> AppointmentsState:
        now, tz = dt_util.now(), dt_util.get_default_time_zone()
        profile_id = self.config_entry.entry_id
        try:
            upcoming = await self.async_read(_stored_upcoming, profile_id, now, tz)
            if upcoming is None:
                # Stored before they were kept, or a year since the last change.
                # A read-only database: read from the calendar's text, every time.
                with suppress(DatabaseReadOnlyError):
                    await self.database.async_write(
                        store_occurrences, profile_id, tz, now
                    )
                upcoming = await self.async_read(_upcoming, profile_id, now, tz)
        except ValueError as err:  # a stored calendar that no longer parses
            raise read_failed(err) from err
        return AppointmentsState(upcoming)

    async def async_events(self, start: datetime, end: datetime) -> list[Occurrence]:
        """Every occurrence overlapping [start, end) (read off the loop)."""
        return await self.database.async_read(
            occurrences_between,
            self.config_entry.entry_id,
            start,
            end,
            dt_util.get_default_time_zone(),
        )


async def async_change_appointments(
    hass: HomeAssistant,
    entry: BettiConfigEntry,
    edit: Edit,
    *,
    user_id: str | None,
    source: str,
) -> str:
    """Apply one edit to the calendar with its audit record; refresh and reschedule.

    Returns the appointment's uid. A refused edit (AppointmentError) becomes a translated
    ServiceValidationError and leaves nothing written.
    """
    now = dt_util.utcnow()
    tz = dt_util.get_default_time_zone()

    def write(conn: sqlite3.Connection) -> str:
        # The iCalendar model (and ical) loads with the first change, in this thread.
        from .book import apply  # noqa: PLC0415

        uid = change_calendar(
            conn,
            entry.entry_id,
            lambda calendar: apply(calendar, edit, tz),
            at=now,
            tz=tz,
        )
        add_audit(
            conn,
            entry.entry_id,
            at=now,
            user_id=user_id,
            source=source,
            action=edit.action,
            detail={"uid": uid},
        )
        return uid

    try:
        uid = await async_write(entry.runtime_data.database, write)
    except AppointmentError as err:
        raise ServiceValidationError(
            translation_domain=DOMAIN, translation_key=err.reason
        ) from err
    await entry.runtime_data.appointments.async_refresh()
    await entry.runtime_data.reminders.async_reschedule()
    return uid


class AppointmentReminders(ProfileDeadline):
    """One profile's appointment reminders: one timer, for the next one due."""

    def __init__(self, hass: HomeAssistant, entry: BettiConfigEntry) -> None:
        """Prepare; ``async_start`` sends what became due while HA was down."""
        super().__init__(hass, entry, self.async_run_due)

    async def async_reschedule(self) -> None:
        """Set the timer after a change of the calendar or of the reminder times."""
        if self._deadline.started:
            await self.async_run_due()

    async def async_run_due(self) -> None:
        """Send the reminders due since the watermark, move it, and set the timer."""
        async with self._lock:
            self._deadline.async_cancel()
            database = self.entry.runtime_data.database
            after = await database.async_read(reminded_until, self.entry.entry_id)
            if after is None:
                return  # no appointment was ever added
            now = dt_util.utcnow()
            tz = dt_util.get_default_time_zone()
            offsets = reminder_offsets(self.entry)
            upcoming = await database.async_read(
                occurrences_starting,
                self.entry.entry_id,
                after,
                now + LOOKAHEAD + max(offsets, default=timedelta()),
                tz,
            )
            due = due_reminders(upcoming, tz, offsets, after=after, now=now)
            for reminder in due:
                await self._async_send(reminder)
            if due or after < now:
                await database.async_write(set_reminded_until, self.entry.entry_id, now)
            following = next_reminder(
                (item for item in upcoming if start_of(item, tz) > now),
                tz,
                offsets,
                after=now,
            )
            self._deadline.async_set(following)

    async def _async_send(self, reminder: Reminder) -> None:
        start = dt_util.as_local(reminder.start)
        all_day = reminder.event.all_day
        placeholders: dict[str, Any] = {
            "title": " ".join(
                [
                    reminder.event.summary or "",
                    *(f"({who})" for who in reminder.event.contacts),
                ]
            ),
            "start": await async_short_date(self.hass, start, clock=not all_day),
            "location": reminder.event.location or "",
        }
        key = (
            "appointment_reminder_at"
            if reminder.event.location
            else "appointment_reminder"
        )
        message = await async_text(self.hass, key, **placeholders)
        await asyncio.gather(
            *(
                async_push(
                    self.hass,
                    self.entry,
                    target,
                    title=f"Betti · {self.entry.title}",
                    message=message,
                    tag=f"betti_appointment_{occurrence_key(reminder.event)}",
                    source=DELIVERY_SOURCE,
                )
                for target in own_targets(self.entry)
            )
        )
