"""The iCalendar (``ical``) model of one person's calendar: edits, and its occurrences.

No Home Assistant imports; imported only where a calendar is parsed (see ``__init__``). The calendar lives as ICS text in Betti's database; every change
parses it, applies one edit through ``ical``'s ``EventStore`` (which knows how to fork one
occurrence or this-and-following off a recurring series) and writes it back in the same
transaction.

Times are stored as *floating* local wall-clock time, as HA's local_calendar does: a weekly
09:00 appointment stays at 09:00 through a DST change, and ``ical`` gives correct
``RECURRENCE-ID``s for floating starts (it does not for zoned ones, HA core #87759).
"""

from collections.abc import Iterator
from datetime import datetime, timedelta, tzinfo
from typing import Any

from ical.calendar import Calendar
from ical.calendar_stream import IcsCalendarStream
from ical.event import Event
from ical.exceptions import CalendarParseError, RecurrenceError
from ical.store import EventStore, EventStoreError
from ical.types import Frequency, Range, Recur
from ical.types.recur import RecurrenceId
from pydantic import ValidationError

from . import Add, AppointmentError, Edit, Fields, Remove, Update, When
from .occurrence import Occurrence

PRODID = "-//Betti//appointments 1.0//EN"
DEFAULT_DURATION = timedelta(hours=1)
SHOWN_FREQUENCIES = frozenset(
    {Frequency.DAILY, Frequency.WEEKLY, Frequency.MONTHLY, Frequency.YEARLY}
)


def load(ics: str) -> Calendar:
    """Parse a stored calendar (empty text is an empty calendar)."""
    calendar = IcsCalendarStream.calendar_from_ics(ics)
    calendar.prodid = PRODID
    return calendar


def dump(calendar: Calendar) -> str:
    """Serialize a calendar for storage."""
    return IcsCalendarStream.calendar_to_ics(calendar)


def floating(value: When, tz: tzinfo) -> When:
    """Wall-clock time in the household's zone, without a zone (dates stay dates)."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(tz).replace(tzinfo=None)
    return value


def parse_rrule(rrule: str) -> Recur:
    """Parse an RRULE (``FREQ=WEEKLY;BYDAY=MO``); AppointmentError if it is not one."""
    try:
        recur = Recur.from_rrule(rrule.removeprefix("RRULE:"))
    # ical raises whatever its parsing meets for text that is not an RRULE at all.
    except (
        ValueError,
        AttributeError,
        KeyError,
        TypeError,
        CalendarParseError,
        ValidationError,
    ) as err:
        raise AppointmentError("appointment_bad_rrule") from err
    # HA's calendar shows no other series, and one every second hangs whoever walks it.
    if recur.freq not in SHOWN_FREQUENCIES:
        raise AppointmentError("appointment_rrule_frequency")
    if isinstance(recur.until, datetime):
        recur.until = recur.until.replace(tzinfo=None)
    return recur


def event_fields(fields: Fields, tz: tzinfo) -> dict[str, Any]:
    """Return the given fields as ``ical`` Event fields (times floating in ``tz``)."""
    values: dict[str, Any] = {}
    if fields.title is not None:
        values["summary"] = fields.title
    if fields.start is not None:
        values["dtstart"] = floating(fields.start, tz)
    if fields.end is not None:
        values["dtend"] = floating(fields.end, tz)
    if fields.location is not None:
        values["location"] = fields.location
    if fields.notes is not None:
        values["description"] = fields.notes
    if fields.provider is not None:
        # RFC 5545 CONTACT: who the appointment is with.
        values["contacts"] = [fields.provider] if fields.provider else []
    if fields.rrule is not None:
        values["rrule"] = parse_rrule(fields.rrule) if fields.rrule else None
    return values


def default_end(start: When) -> When:
    """Return an end an hour on for a timed appointment, the day itself for an all-day one."""
    if isinstance(start, datetime):
        return start + DEFAULT_DURATION
    return start + timedelta(days=1)


def _event(fields: dict[str, Any]) -> Event:
    start, end = fields.get("dtstart"), fields.get("dtend")
    if start is not None and end is not None:
        if isinstance(start, datetime) != isinstance(end, datetime):
            raise AppointmentError("appointment_mixed_all_day")
        if end <= start:
            raise AppointmentError("appointment_end_before_start")
    if fields.get("summary") == "":
        raise AppointmentError("appointment_no_title")
    try:
        return Event(**fields)
    except (CalendarParseError, ValidationError, ValueError) as err:
        raise AppointmentError("appointment_invalid") from err


def add(calendar: Calendar, fields: Fields, tz: tzinfo) -> str:
    """Add an appointment; return its uid."""
    values = event_fields(fields, tz)
    if "summary" not in values or "dtstart" not in values:
        raise AppointmentError("appointment_invalid")
    values.setdefault("dtend", default_end(values["dtstart"]))
    event = _event(values)
    try:
        stored = EventStore(calendar).add(event)
    except (EventStoreError, RecurrenceError) as err:
        raise AppointmentError("appointment_invalid") from err
    return str(stored.uid)


def _series(calendar: Calendar, uid: str) -> Event:
    for event in calendar.events:
        if event.uid == uid and event.recurrence_id is None:
            return event
    for event in calendar.events:
        if event.uid == uid:
            return event
    raise AppointmentError("appointment_not_found")


def _check_occurrence(calendar: Calendar, uid: str, recurrence_id: str) -> When:
    try:
        start = RecurrenceId.to_value(recurrence_id)
    except (ValueError, CalendarParseError) as err:
        raise AppointmentError("appointment_not_found") from err
    series = _series(calendar, uid)
    window = timedelta(days=1)
    low = start - window if isinstance(start, datetime) else start
    high = start + window if isinstance(start, datetime) else start + timedelta(days=1)
    for occurrence in calendar.timeline.overlapping(low, high):
        if occurrence.uid == series.uid and occurrence.recurrence_id == recurrence_id:
            return start
    raise AppointmentError("appointment_not_found")


def update(
    calendar: Calendar,
    uid: str,
    fields: Fields,
    tz: tzinfo,
    *,
    recurrence_id: str | None = None,
    this_and_following: bool = False,
) -> None:
    """Change an appointment, one occurrence of it, or this occurrence and the following."""
    series = _series(calendar, uid)
    values = event_fields(fields, tz)
    start: When = series.start
    if recurrence_id is not None:
        start = _check_occurrence(calendar, uid, recurrence_id)
    if "dtstart" in values and "dtend" not in values:
        # Moving an appointment keeps its length.
        values["dtend"] = values["dtstart"] + series.computed_duration
    elif "dtend" in values and "dtstart" not in values:
        values["dtstart"] = start
    elif recurrence_id is not None and "dtstart" not in values:
        values["dtstart"] = start
        values["dtend"] = start + series.computed_duration
    values.setdefault("dtstart", series.start)
    # Only the fields set here are changed (ical edits with exclude_unset).
    event = _event(values)
    try:
        EventStore(calendar).edit(
            uid,
            event,
            recurrence_id=recurrence_id,
            recurrence_range=Range.THIS_AND_FUTURE
            if this_and_following
            else Range.NONE,
        )
    except (EventStoreError, RecurrenceError, ValueError) as err:
        raise AppointmentError("appointment_invalid") from err


def remove(
    calendar: Calendar,
    uid: str,
    *,
    recurrence_id: str | None = None,
    this_and_following: bool = False,
) -> None:
    """Remove an appointment, one occurrence of it, or this occurrence and the following."""
    _series(calendar, uid)
    if recurrence_id is not None:
        cutoff = _check_occurrence(calendar, uid, recurrence_id)
        if this_and_following:
            # ical trims the series, but not the occurrences edited or forked off it later.
            calendar.events = [
                event
                for event in calendar.events
                if event.uid != uid
                or event.recurrence_id is None
                or event.recurrence_id == recurrence_id
                or RecurrenceId.to_value(event.recurrence_id) < cutoff
            ]
    try:
        EventStore(calendar).delete(
            uid,
            recurrence_id=recurrence_id,
            recurrence_range=Range.THIS_AND_FUTURE
            if this_and_following
            else Range.NONE,
        )
    except EventStoreError as err:
        raise AppointmentError("appointment_not_found") from err


def apply(calendar: Calendar, edit: Edit, tz: tzinfo) -> str:
    """Apply one edit; return the appointment's uid."""
    match edit:
        case Add():
            return add(calendar, edit.fields, tz)
        case Update():
            update(
                calendar,
                edit.uid,
                edit.fields,
                tz,
                recurrence_id=edit.recurrence_id,
                this_and_following=edit.this_and_following,
            )
        case Remove():
            remove(
                calendar,
                edit.uid,
                recurrence_id=edit.recurrence_id,
                this_and_following=edit.this_and_following,
            )
    return edit.uid


def occurrence_of(event: Event) -> Occurrence:
    """One occurrence of the timeline as plain data."""
    return Occurrence(
        uid=str(event.uid),
        recurrence_id=event.recurrence_id,
        summary=event.summary or "",
        start=event.start,
        end=event.end,
        location=event.location,
        description=event.description,
        contacts=tuple(event.contacts),
        rrule=event.rrule.as_rrule_str() if event.rrule else None,
    )


def overlapping(
    calendar: Calendar, tz: tzinfo, start: datetime, end: datetime
) -> list[Occurrence]:
    """Every occurrence overlapping [start, end), recurrences expanded."""
    return [
        occurrence_of(event)
        for event in calendar.timeline_tz(tz).overlapping(start, end)
    ]


def starting_after(
    calendar: Calendar, tz: tzinfo, after: datetime
) -> Iterator[Occurrence]:
    """Yield the occurrences starting after ``after``, in order (a series is endless)."""
    for event in calendar.timeline_tz(tz).start_after(after.astimezone(tz)):
        yield occurrence_of(event)
