"""A profile's appointment book at run time: its calendar state, changes, and reminders.

``AppointmentsCoordinator`` holds the parsed calendar and the next events (what the calendar
entity and the mirror show). ``async_change_appointments`` is the one way to change it (the
calendar entity and Betti's actions both use it). ``AppointmentReminders`` keeps one timer,
for the next reminder derived from the calendar and the stored watermark, so a restart
neither loses nor repeats reminders.
"""

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
import sqlite3
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.util import dt as dt_util
from ical.calendar import Calendar
from ical.event import Event as IcalEvent
from ical.timeline import materialize_timeline

from ..const import DOMAIN
from ..coordinator import BettiCoordinator, read_failed
from ..db import Database
from ..db.appointments import (
    StoredCalendar,
    change_calendar,
    read_calendar,
    reminded_until,
    set_reminded_until,
)
from ..db.profiles import add_audit
from ..household.database import async_write
from ..models import BettiConfigEntry
from ..notifications.contacts import own_targets
from ..notifications.deadline import ProfileDeadline
from ..notifications.delivery import async_push
from ..notifications.texts import async_short_date, async_text
from . import AppointmentError
from .reminders import (
    Reminder,
    due_reminders,
    next_reminder,
    occurrence_key,
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
# The state holds the events from this far back on: a month view of this month starts
# at most 37 days ago; earlier views read the whole calendar.
HISTORY = timedelta(days=42)


@dataclass(frozen=True, slots=True)
class AppointmentsState:
    """The calendar's events since ``since``, and its next events (as of the last refresh)."""

    calendar: Calendar
    since: datetime
    upcoming: list[IcalEvent]
    reminded_until: datetime | None


def reminder_offsets(entry: BettiConfigEntry) -> list[timedelta]:
    """Return the profile's chosen reminder times, before each appointment."""
    chosen = entry.options.get(CONF_APPOINTMENT_REMINDERS, DEFAULT_REMINDERS)
    return [timedelta(minutes=int(minutes)) for minutes in chosen]


def _state(
    conn: sqlite3.Connection, profile_id: str, now: datetime
) -> AppointmentsState:
    since = now - HISTORY
    stored: StoredCalendar = read_calendar(conn, profile_id, since.replace(tzinfo=None))
    upcoming = materialize_timeline(
        stored.calendar.timeline_tz(now.tzinfo),
        start=now,
        stop=now + UPCOMING_WINDOW,
        max_number_of_events=UPCOMING_EVENTS,
    )
    return AppointmentsState(
        stored.calendar,
        since,
        list(upcoming.active_after(now)),
        stored.reminded_until,
    )


class AppointmentsCoordinator(BettiCoordinator[AppointmentsState]):
    """A profile's calendar, re-read after every change."""

    def __init__(
        self, hass: HomeAssistant, entry: BettiConfigEntry, database: Database
    ) -> None:
        """Set up for one profile."""
        super().__init__(hass, entry, database, "appointments")
        self.update_interval = REFRESH_INTERVAL

    async def _async_update_data(self) -> AppointmentsState:
        try:
            return await self.async_read(
                _state, self.config_entry.entry_id, dt_util.now()
            )
        except ValueError as err:  # a stored calendar that no longer parses
            raise read_failed(err) from err

    async def async_events(self, start: datetime, end: datetime) -> list[IcalEvent]:
        """Every occurrence overlapping [start, end) (recurrences expanded off the loop)."""
        tz = dt_util.get_default_time_zone()
        if self.data is not None and start >= self.data.since:
            calendar = self.data.calendar
            return await self.hass.async_add_executor_job(
                lambda: list(calendar.timeline_tz(tz).overlapping(start, end))
            )

        def read(conn: sqlite3.Connection) -> list[IcalEvent]:
            whole = read_calendar(conn, self.config_entry.entry_id).calendar
            return list(whole.timeline_tz(tz).overlapping(start, end))

        return await self.database.async_read(read)


async def async_change_appointments[T](
    hass: HomeAssistant,
    entry: BettiConfigEntry,
    change: Callable[[Calendar], T],
    *,
    action: str,
    user_id: str | None,
    source: str,
) -> T:
    """Apply one change to the calendar with its audit record; refresh and reschedule.

    A refused change (AppointmentError) becomes a translated ServiceValidationError and
    leaves nothing written.
    """
    now = dt_util.utcnow()

    def write(conn: sqlite3.Connection) -> T:
        result = change_calendar(conn, entry.entry_id, change, at=now)
        add_audit(
            conn,
            entry.entry_id,
            at=now,
            user_id=user_id,
            source=source,
            action=action,
            detail={"uid": result} if isinstance(result, str) else None,
        )
        return result

    try:
        result = await async_write(entry.runtime_data.database, write)
    except AppointmentError as err:
        raise ServiceValidationError(
            translation_domain=DOMAIN, translation_key=err.reason
        ) from err
    await entry.runtime_data.appointments.async_refresh()
    await entry.runtime_data.reminders.async_reschedule()
    return result


def _still_to_remind(
    conn: sqlite3.Connection, profile_id: str, after: datetime
) -> Calendar:
    """Read the calendar from the reminder watermark on (what may still be due)."""
    since = dt_util.as_local(after).replace(tzinfo=None)
    return read_calendar(conn, profile_id, since).calendar


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
            calendar = await self._async_calendar_since(after)
            now = dt_util.utcnow()
            tz = dt_util.get_default_time_zone()
            offsets = reminder_offsets(self.entry)
            due = await self.hass.async_add_executor_job(
                lambda: due_reminders(
                    calendar,
                    tz,
                    offsets,
                    after=after,
                    now=now,
                )
            )
            for reminder in due:
                await self._async_send(reminder)
            if due or after < now:
                await database.async_write(set_reminded_until, self.entry.entry_id, now)
            following = await self.hass.async_add_executor_job(
                lambda: next_reminder(calendar, tz, offsets, after=now)
            )
            self._deadline.async_set(following)

    async def _async_calendar_since(self, after: datetime) -> Calendar:
        """Return the events that may show after ``after``: the coordinator's if it has them.

        Its calendar is refreshed after every change and holds the last 42 days on, so
        after a start the catch-up does not read and parse the same events again.
        """
        appointments = self.entry.runtime_data.appointments
        state = appointments.data
        if (
            state is not None
            and appointments.last_update_success
            and after >= state.since
        ):
            return state.calendar
        return await self.entry.runtime_data.database.async_read(
            _still_to_remind, self.entry.entry_id, after
        )

    async def _async_send(self, reminder: Reminder) -> None:
        start = dt_util.as_local(reminder.start)
        all_day = not isinstance(reminder.event.dtstart, datetime)
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
