"""The stored occurrences show exactly what parsing the calendar shows, for any range asked."""

from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, date, datetime, timedelta
from itertools import takewhile
from pathlib import Path
import sqlite3
from zoneinfo import ZoneInfo

from ical.calendar import Calendar
from ical.event import Event
import pytest

from custom_components.betti.appointments import Fields
from custom_components.betti.appointments.book import (
    add,
    overlapping,
    starting_after,
    update,
)
from custom_components.betti.appointments.occurrence import Occurrence, aware
from custom_components.betti.db.appointments import (
    change_calendar,
    covers,
    occurrences_between,
    occurrences_starting,
    read_calendar,
)
from custom_components.betti.db.migrations import migrate
from custom_components.betti.db.profiles import sync_profile

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# The last change: the stored occurrences reach from six weeks before it to two years on.
CHANGED = datetime(2026, 3, 20, 12, 0, tzinfo=AMSTERDAM)


def _book(calendar: Calendar) -> None:
    """A year of a household's appointments, with what makes expanding them hard."""
    weekly = add(
        calendar,
        Fields(
            title="Physio",
            start=datetime(2026, 1, 5, 9, 0, tzinfo=AMSTERDAM),
            rrule="FREQ=WEEKLY",
        ),
        AMSTERDAM,
    )
    # One session moved, and the series moved to Tuesdays from May on.
    update(
        calendar,
        weekly,
        Fields(start=datetime(2026, 3, 31, 14, 0, tzinfo=AMSTERDAM)),
        AMSTERDAM,
        recurrence_id="20260330T090000",
    )
    update(
        calendar,
        weekly,
        Fields(start=datetime(2026, 5, 5, 10, 0, tzinfo=AMSTERDAM)),
        AMSTERDAM,
        recurrence_id="20260504T090000",
        this_and_following=True,
    )
    add(
        calendar,
        Fields(
            title="GP",
            start=datetime(2026, 1, 31, 10, 0, tzinfo=AMSTERDAM),
            rrule="FREQ=MONTHLY;COUNT=14",
        ),
        AMSTERDAM,
    )
    add(calendar, Fields(title="Holiday", start=date(2026, 3, 27)), AMSTERDAM)
    add(
        calendar,
        Fields(title="Stay", start=date(2026, 10, 24), end=date(2026, 10, 27)),
        AMSTERDAM,
    )
    # Made elsewhere: a zoned time, not a floating one.
    calendar.events.append(
        Event(
            summary="Call",
            dtstart=datetime(2026, 10, 25, 1, 30, tzinfo=UTC),
            dtend=datetime(2026, 10, 25, 2, 0, tzinfo=UTC),
        )
    )


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    with closing(sqlite3.connect(tmp_path / "betti.db")) as conn:
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        migrate(conn)
        sync_profile(conn, "p1", "person.alice", "Alice", CHANGED)
        change_calendar(conn, "p1", _book, at=CHANGED, tz=AMSTERDAM)
        yield conn


def _seen(occurrences: list[Occurrence]) -> list[tuple[object, ...]]:
    return [
        (o.uid, o.recurrence_id, o.summary, o.start, o.end, o.rrule)
        for o in occurrences
    ]


def _ranges() -> Iterator[tuple[datetime, datetime]]:
    """Day, week and month views from the span's start to a year on, and odd ones."""
    day = datetime(2026, 2, 10, tzinfo=AMSTERDAM)
    while day < datetime(2027, 3, 1, tzinfo=AMSTERDAM):
        yield day, day + timedelta(days=1)
        yield day, day + timedelta(days=7)
        yield day, day + timedelta(days=37)
        day += timedelta(days=3)
    for dst_change in (date(2026, 3, 29), date(2026, 10, 25)):
        day = datetime.combine(dst_change, datetime.min.time(), AMSTERDAM)
        yield day, day + timedelta(days=1)
    # Edges: a range starting inside an appointment, and one ending where one starts.
    yield (
        datetime(2026, 4, 6, 9, 30, tzinfo=AMSTERDAM),
        datetime(2026, 4, 6, 9, 45, tzinfo=AMSTERDAM),
    )
    yield (
        datetime(2026, 4, 6, 8, 0, tzinfo=AMSTERDAM),
        datetime(2026, 4, 6, 9, 0, tzinfo=AMSTERDAM),
    )


def test_every_view_in_the_stored_span_matches_the_calendar(
    conn: sqlite3.Connection,
) -> None:
    calendar = read_calendar(conn, "p1").calendar
    views = list(_ranges())
    checked = 0
    for start, end in views:
        assert covers(conn, "p1", start, end, AMSTERDAM)
        stored = occurrences_between(conn, "p1", start, end, AMSTERDAM)
        assert _seen(stored) == _seen(overlapping(calendar, AMSTERDAM, start, end)), (
            start,
            end,
        )
        checked += bool(stored)
    # Most views hold something: the comparison is not of empty lists.
    assert checked > len(views) / 2


def test_a_view_before_the_stored_span_is_read_from_the_calendar(
    conn: sqlite3.Connection,
) -> None:
    start = datetime(2026, 1, 1, tzinfo=AMSTERDAM)
    end = start + timedelta(days=31)
    assert covers(conn, "p1", start, end, AMSTERDAM) is False
    january = occurrences_between(conn, "p1", start, end, AMSTERDAM)
    assert [o.summary for o in january] == ["Physio"] * 4 + ["GP"]


def test_reminders_see_the_same_occurrences_stored_or_parsed(
    conn: sqlite3.Connection,
) -> None:
    calendar = read_calendar(conn, "p1").calendar
    for after in (
        CHANGED,
        datetime(2026, 3, 30, 8, 0, tzinfo=AMSTERDAM),  # DST started the day before
        datetime(2026, 10, 24, 23, 0, tzinfo=AMSTERDAM),  # DST ends that night
        # Older than the stored span (HA down for two months): read from the calendar.
        datetime(2026, 1, 20, 8, 0, tzinfo=AMSTERDAM),
    ):
        until = after + timedelta(days=407)
        stored = occurrences_starting(conn, "p1", after, until, AMSTERDAM)
        # A series without end goes on; the bound is what the reminders ask for.
        parsed = list(
            takewhile(
                lambda o: aware(o.start, AMSTERDAM) <= until,  # noqa: B023
                starting_after(calendar, AMSTERDAM, after),
            )
        )
        assert _seen(stored) == _seen(parsed), after


def test_a_profile_without_a_calendar_has_no_occurrences(
    conn: sqlite3.Connection,
) -> None:
    sync_profile(conn, "p2", "person.bob", "Bob", CHANGED)
    start = CHANGED
    end = start + timedelta(days=30)
    assert covers(conn, "p2", start, end, AMSTERDAM) is None
    assert occurrences_between(conn, "p2", start, end, AMSTERDAM) == []
    assert occurrences_starting(conn, "p2", start, end, AMSTERDAM) == []


def test_the_next_few_are_the_first_of_the_whole_list(
    conn: sqlite3.Connection,
) -> None:
    """What the calendar entity and the mirror show: the next events, read without the rest."""
    calendar = read_calendar(conn, "p1").calendar
    moment = datetime(2026, 3, 20, 9, 30, tzinfo=AMSTERDAM)  # during a session
    while moment < datetime(2026, 11, 1, tzinfo=AMSTERDAM):
        year = moment + timedelta(days=365)
        for limit in (1, 5):
            first = occurrences_between(
                conn, "p1", moment, year, AMSTERDAM, limit=limit
            )
            assert (
                _seen(first)
                == _seen(overlapping(calendar, AMSTERDAM, moment, year))[:limit]
            ), moment
        moment += timedelta(days=5, hours=7)
