"""One person's appointment book for the bench household, as Betti stores it (iCalendar text).

Written through Betti's own edits (``appointments.book.add`` / ``update`` inside
``db.appointments.change_calendar``), in one change per person: each change re-parses and
re-writes the whole text, as Betti does, and a thousand of them would be the generator's
whole minute. The book holds recurring series (weekly physiotherapy, fortnightly blood
tests, monthly check-ups), single occurrences of them moved, a few series changed "this and
following", and one-off appointments, timed and all-day, up to three months ahead.
"""

from datetime import UTC, date, datetime, time, timedelta
import random
import sqlite3

from ical.calendar import Calendar

from custom_components.betti.appointments import Fields
from custom_components.betti.appointments.book import add, update
from custom_components.betti.db.appointments import change_calendar

from .household_health import TZ

SERIES = (
    ("Physiotherapy", "FREQ=WEEKLY;COUNT=12"),
    ("Blood test", "FREQ=WEEKLY;INTERVAL=2;COUNT=10"),
    ("GP check-up", "FREQ=MONTHLY;COUNT=12"),
    ("Diabetes clinic", "FREQ=MONTHLY;INTERVAL=3;COUNT=8"),
)
ONE_OFFS = (
    "Dentist",
    "Eye clinic",
    "Cardiology",
    "Podiatry",
    "Hairdresser",
    "Coffee with Margaret",
    "Pharmacy review",
    "Hearing test",
)
PLACES = ("Health centre", "City hospital", "High Street 12", "Home visit")
AHEAD = timedelta(days=90)
# Per person over five years: about 1000 stored events (the 2k for two).
EVENTS_PER_DAY = 1000 / 1826
SERIES_SHARE = 0.03
EDITS_PER_SERIES = 2


def _start(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, time(rng.randint(8, 15), rng.choice((0, 15, 30))), TZ)


def _add_series(calendar: Calendar, first: date, span: int, rng: random.Random) -> None:
    title, rrule = rng.choice(SERIES)
    start = _start(first + timedelta(days=rng.randrange(span)), rng)
    fields = Fields(
        title=title,
        start=start,
        end=start + timedelta(minutes=45),
        location=rng.choice(PLACES),
        provider="Dr. Okafor",
        rrule=rrule,
    )
    uid = add(calendar, fields, TZ)
    local = start.replace(tzinfo=None)  # stored floating, as Betti stores it
    window = calendar.timeline.overlapping(local, local + timedelta(days=3 * 365))
    series = [event for event in window if event.uid == uid]
    picked = rng.sample(series[1:-1], EDITS_PER_SERIES)
    for occurrence in picked:
        moved = Fields(
            start=occurrence.start + timedelta(days=1, hours=1), notes="moved"
        )
        update(calendar, uid, moved, TZ, recurrence_id=occurrence.recurrence_id)
    following = series[-2]
    if rng.random() < 0.1 and following not in picked:
        update(
            calendar,
            uid,
            Fields(location="Room 4"),
            TZ,
            recurrence_id=following.recurrence_id,
            this_and_following=True,
        )


def _add_one_off(
    calendar: Calendar, first: date, span: int, rng: random.Random
) -> None:
    day = first + timedelta(days=rng.randrange(span))
    title = rng.choice(ONE_OFFS)
    if rng.random() < 0.1:
        add(calendar, Fields(title=title, start=day, end=day + timedelta(days=1)), TZ)
        return
    start = _start(day, rng)
    fields = Fields(
        title=title,
        start=start,
        end=start + timedelta(minutes=rng.choice((30, 45, 60, 90))),
        location=rng.choice(PLACES),
        notes=rng.choice((None, "bring the medication list", "fasting")),
    )
    add(calendar, fields, TZ)


def write_calendar(
    conn: sqlite3.Connection,
    profile_id: str,
    first: date,
    days: int,
    rng: random.Random,
    *,
    now: datetime,
) -> None:
    """Write a person's appointments from ``first`` until three months after ``days``."""
    span = days + AHEAD.days
    total = max(8, round(days * EVENTS_PER_DAY))
    series = max(2, round(total * SERIES_SHARE))
    stamp = now.astimezone(UTC)

    def fill(calendar: Calendar) -> None:
        for _ in range(series):
            _add_series(calendar, first, span, rng)
        while len(calendar.events) < total:
            _add_one_off(calendar, first, span, rng)
        # ical stamps new events with a time-based UID and the clock: make them repeatable.
        uids: dict[str, str] = {}
        for event in calendar.events:
            event.uid = uids.setdefault(str(event.uid), f"{profile_id}-{len(uids)}")
            event.dtstamp = stamp
            if event.last_modified is not None:
                event.last_modified = stamp
            if event.created is not None:
                event.created = stamp

    change_calendar(conn, profile_id, fill, at=now, tz=TZ)
