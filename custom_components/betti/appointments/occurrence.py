"""One occurrence of an appointment as plain data: what every view and reminder reads.

The iCalendar model (``book``) expands a calendar into these once per change and Betti keeps
them in its database, so a start, a refresh or a month view reads rows instead of importing
``ical`` and parsing five years of calendar text.

Stored start and end keep the calendar's own form: a floating wall-clock time (the usual
case), a zoned time, or a date for an all-day appointment. Comparisons follow ``ical``'s
timeline: floating times and dates are read in the household's zone, dates at midnight.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
import json

type When = datetime | date

# Floating sort keys are written in one zone and read in another only if the household
# moves; two days each side cover any zone difference.
MARGIN = timedelta(days=2)
_KEY_FORMAT = "%Y-%m-%dT%H:%M:%S"


@dataclass(frozen=True, slots=True, kw_only=True)
class Occurrence:
    """One occurrence: a one-off appointment, or one date of a series."""

    uid: str
    recurrence_id: str | None = None
    summary: str = ""
    start: When
    end: When
    location: str | None = None
    description: str | None = None
    contacts: tuple[str, ...] = ()
    rrule: str | None = None

    @property
    def all_day(self) -> bool:
        """Tell whether it takes whole days (no clock time)."""
        return not isinstance(self.start, datetime)


def aware(value: When, tz: tzinfo) -> datetime:
    """Return the moment a stored time means in ``tz`` (a date: its midnight), as ``ical`` does."""
    if not isinstance(value, datetime):
        value = datetime.combine(value, time())
    return value if value.tzinfo else value.replace(tzinfo=tz)


def floating_key(value: When, tz: tzinfo) -> str:
    """Return ``value`` as sortable wall-clock text in ``tz``, for the database's index."""
    moment = aware(value, tz).astimezone(tz)
    return moment.strftime(_KEY_FORMAT)


def overlaps(
    occurrence: Occurrence, start: datetime, end: datetime, tz: tzinfo
) -> bool:
    """Tell whether the occurrence overlaps [start, end), as ``ical``'s ``overlapping`` decides."""
    own_start, own_end = aware(occurrence.start, tz), aware(occurrence.end, tz)
    return (
        start <= own_start < end
        or start < own_end <= end
        or own_start <= start < own_end
        or own_start < end <= own_end
    )


def in_order(occurrences: Iterable[Occurrence], tz: tzinfo) -> list[Occurrence]:
    """Return them sorted by start, then end, as a calendar's timeline is."""
    return sorted(
        occurrences, key=lambda item: (aware(item.start, tz), aware(item.end, tz))
    )


def _when_text(value: When) -> str:
    return value.isoformat()


def _when(text: str) -> When:
    # A date is ten characters ("2026-12-02"); anything longer has a clock time.
    return date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)  # noqa: PLR2004


def to_json(occurrence: Occurrence) -> str:
    """Return the text stored for one occurrence."""
    return json.dumps(
        {
            "uid": occurrence.uid,
            "recurrence_id": occurrence.recurrence_id,
            "summary": occurrence.summary,
            "start": _when_text(occurrence.start),
            "end": _when_text(occurrence.end),
            "location": occurrence.location,
            "description": occurrence.description,
            "contacts": list(occurrence.contacts),
            "rrule": occurrence.rrule,
        },
        ensure_ascii=False,
    )


def from_json(text: str) -> Occurrence:
    """Return one stored occurrence."""
    data = json.loads(text)
    return Occurrence(
        uid=data["uid"],
        recurrence_id=data["recurrence_id"],
        summary=data["summary"],
        start=_when(data["start"]),
        end=_when(data["end"]),
        location=data["location"],
        description=data["description"],
        contacts=tuple(data["contacts"]),
        rrule=data["rrule"],
    )
