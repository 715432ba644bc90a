"""When an appointment's reminders are due: worked out from the occurrences, never stored.

The caller keeps one watermark (the time up to which reminders have gone out); these
functions give what is due after it and when the next one is, from the occurrences that
start after it, in order.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from .occurrence import Occurrence, aware

# How far ahead the next reminder is looked for; a recurring series is endless.
LOOKAHEAD = timedelta(days=400)


def start_of(event: Occurrence, tz: tzinfo) -> datetime:
    """When an occurrence starts, as an aware time (midnight for an all-day one)."""
    return aware(event.start, tz)


def occurrence_key(event: Occurrence) -> str:
    """Names one occurrence (a recurring series shares its uid)."""
    start = event.start
    stamp = (
        start.strftime("%Y%m%dT%H%M%S")
        if isinstance(start, datetime)
        else start.strftime("%Y%m%d")
    )
    return f"{event.uid}_{stamp}"


@dataclass(frozen=True, slots=True)
class Reminder:
    """A reminder of one occurrence, due at ``at``."""

    event: Occurrence
    start: datetime
    at: datetime


def _reminders(
    upcoming: Iterable[Occurrence],
    tz: tzinfo,
    after: datetime,
    offsets: list[timedelta],
) -> Iterator[Reminder]:
    """Reminders due after ``after``, roughly in time order; ends at LOOKAHEAD."""
    if not offsets:
        return
    longest = max(offsets)
    for event in upcoming:
        start = start_of(event, tz)
        if start - longest > after + LOOKAHEAD:
            return
        # Nearest first, so a batch missed while HA was down keeps the most useful one.
        for offset in sorted(offsets):
            if (at := start - offset) > after:
                yield Reminder(event, start, at)


def due_reminders(
    upcoming: Iterable[Occurrence],
    tz: tzinfo,
    offsets: list[timedelta],
    *,
    after: datetime,
    now: datetime,
) -> list[Reminder]:
    """Reminders due in (after, now], at most one per occurrence (its nearest)."""
    due: dict[str, Reminder] = {}
    longest = max(offsets, default=timedelta())
    for reminder in _reminders(upcoming, tz, after, offsets):
        if reminder.start - longest > now:
            break
        if reminder.at <= now < reminder.start:
            due.setdefault(occurrence_key(reminder.event), reminder)
    return list(due.values())


def next_reminder(
    upcoming: Iterable[Occurrence],
    tz: tzinfo,
    offsets: list[timedelta],
    *,
    after: datetime,
) -> datetime | None:
    """When the first reminder after ``after`` is due, if any."""
    best: datetime | None = None
    longest = max(offsets, default=timedelta())
    for reminder in _reminders(upcoming, tz, after, offsets):
        if best is not None and reminder.start - longest > best:
            break
        best = reminder.at if best is None else min(best, reminder.at)
    return best
