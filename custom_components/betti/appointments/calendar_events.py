"""Appointments as HA's calendar events: for the calendar platform and the health card."""

from datetime import date, datetime, timedelta, tzinfo

from homeassistant.components.calendar import CalendarEvent
from ical.event import Event


def local_when(value: datetime | date, tz: tzinfo) -> datetime | date:
    """Return a stored floating time as an aware local time; dates stay dates."""
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=tz)
    return value


def calendar_event(event: Event, tz: tzinfo) -> CalendarEvent:
    """HA's view of one occurrence (the provider is kept in the iCalendar CONTACT)."""
    start, end = local_when(event.start, tz), local_when(event.end, tz)
    if end <= start:
        end = (
            start + timedelta(minutes=30)
            if isinstance(start, datetime)
            else start + timedelta(days=1)
        )
    return CalendarEvent(
        summary=event.summary or "",
        start=start,
        end=end,
        description=event.description,
        location=event.location,
        uid=event.uid,
        recurrence_id=event.recurrence_id,
        rrule=event.rrule.as_rrule_str() if event.rrule else None,
    )
