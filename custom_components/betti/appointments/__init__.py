"""Appointments: what a person asks for (fields and edits), without the iCalendar library.

``book`` applies an edit to the stored iCalendar text with ``ical``; ``occurrence`` is the
plain data every view and reminder reads. Nothing here imports ``ical``: with ``pydantic``
it adds about 12 MB and 0.4 s, so it loads at the first change, not at every start.
"""

from dataclasses import dataclass
from datetime import date, datetime

type When = datetime | date


class AppointmentError(Exception):
    """A change was refused; ``reason`` is a translation key."""

    def __init__(self, reason: str) -> None:
        """Keep the reason."""
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, kw_only=True)
class Fields:
    """What a person enters about an appointment; None means 'not given'."""

    title: str | None = None
    start: When | None = None
    end: When | None = None
    location: str | None = None
    provider: str | None = None
    notes: str | None = None
    rrule: str | None = None


@dataclass(frozen=True, kw_only=True)
class Add:
    """Add an appointment."""

    fields: Fields
    action = "appointment_added"


@dataclass(frozen=True, kw_only=True)
class Update:
    """Change an appointment, one occurrence of it, or this occurrence and the following."""

    uid: str
    fields: Fields
    recurrence_id: str | None = None
    this_and_following: bool = False
    action = "appointment_updated"


@dataclass(frozen=True, kw_only=True)
class Remove:
    """Remove an appointment, one occurrence of it, or this occurrence and the following."""

    uid: str
    recurrence_id: str | None = None
    this_and_following: bool = False
    action = "appointment_removed"


type Edit = Add | Update | Remove
