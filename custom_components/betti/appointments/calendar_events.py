"""Appointments as HA's calendar events: for the calendar platform and the health card."""

from datetime import date, datetime, timedelta, tzinfo

from homeassistant.components.calendar import CalendarEvent

from .occurrence import Occurrence


def local_when(value: datetime | date, tz: tzinfo) -> datetime | date:
    """Return a stored floating time as an aware local time; dates stay dates."""
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=tz)
    return value


def calendar_event(event: Occurrence, tz: tzinfo) -> CalendarEvent:
    """HA's view of one occurrence (the provider is kept in the iCalendar CONTACT)."""
    start, end = local_when(event.start, tz), local_when(event.end, tz)
    if end <= start:
        end = (
            start + timedelta(minutes=30)
            if isinstance(start, datetime)
            else start + timedelta(days=1)
        )
    return CalendarEvent(
        summary=event.summary,
        start=start,
        end=end,
        description=event.description,
        location=event.location,
        uid=event.uid,
        recurrence_id=event.recurrence_id,
        rrule=event.rrule,
    )
