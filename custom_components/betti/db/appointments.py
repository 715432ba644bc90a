"""Each profile's appointments: its iCalendar text, its occurrences, its reminder watermark.

The text is the truth; a change parses it, edits and writes it back inside one transaction,
so a refused edit (raised inside) leaves nothing written. The same transaction stores the
occurrences from six weeks back to two years on as rows, which is what a start, a refresh,
a month view and the reminders read: no ``ical`` import, no parse. A range the rows do not
cover (an old month, a long absence) is read from the text.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from itertools import takewhile
import sqlite3
from typing import TYPE_CHECKING

from ..appointments.occurrence import (
    MARGIN,
    Occurrence,
    aware,
    floating_key,
    from_json,
    in_order,
    overlaps,
    to_json,
)

if TYPE_CHECKING:
    from ical.calendar import Calendar

# The rows kept: from a month view's reach back (six weeks) to past a year of reminders ahead.
HISTORY = timedelta(days=42)
KEPT_AHEAD = timedelta(days=800)


@dataclass(frozen=True, slots=True)
class StoredCalendar:
    """A profile's calendar and the time up to which its reminders went out."""

    calendar: Calendar
    reminded_until: datetime | None


def read_calendar(
    conn: sqlite3.Connection, profile_id: str, since: datetime | None = None
) -> StoredCalendar:
    """Return the profile's calendar, parsed (empty if it has none yet).

    With ``since`` (floating wall-clock time), only the events that may still show after
    it: parsing them is what costs, and five years of past appointments cost most.
    """
    # ical and pydantic load here, at the first parse, not with Betti (see appointments).
    from ..appointments.book import load  # noqa: PLC0415
    from ..appointments.window import events_since  # noqa: PLC0415

    row = conn.execute(
        "SELECT ics, reminded_until FROM calendars WHERE profile_id = ?", (profile_id,)
    ).fetchone()
    if row is None:
        return StoredCalendar(load(""), None)
    ics = row["ics"] if since is None else events_since(row["ics"], since)
    return StoredCalendar(load(ics), datetime.fromisoformat(row["reminded_until"]))


def reminded_until(conn: sqlite3.Connection, profile_id: str) -> datetime | None:
    """Return the time up to which reminders went out (None: no calendar yet)."""
    row = conn.execute(
        "SELECT reminded_until FROM calendars WHERE profile_id = ?", (profile_id,)
    ).fetchone()
    return None if row is None else datetime.fromisoformat(row["reminded_until"])


def _store_occurrences(
    conn: sqlite3.Connection,
    profile_id: str,
    calendar: Calendar,
    tz: tzinfo,
    at: datetime,
) -> None:
    from ..appointments.book import overlapping  # noqa: PLC0415

    start, end = at.astimezone(tz) - HISTORY, at.astimezone(tz) + KEPT_AHEAD
    conn.execute(
        "DELETE FROM appointment_occurrences WHERE profile_id = ?", (profile_id,)
    )
    conn.executemany(
        "INSERT INTO appointment_occurrences (profile_id, starts, ends, occurrence)"
        " VALUES (?, ?, ?, ?)",
        (
            (
                profile_id,
                floating_key(item.start, tz),
                floating_key(item.end, tz),
                to_json(item),
            )
            for item in overlapping(calendar, tz, start, end)
        ),
    )
    conn.execute(
        "UPDATE calendars SET occurrences_from = ?, occurrences_until = ?"
        " WHERE profile_id = ?",
        (floating_key(start, tz), floating_key(end, tz), profile_id),
    )


def change_calendar[T](
    conn: sqlite3.Connection,
    profile_id: str,
    change: Callable[[Calendar], T],
    *,
    at: datetime,
    tz: tzinfo,
) -> T:
    """Apply ``change`` to the stored calendar and store the result and its occurrences.

    Reminders whose time passed before ``at`` are not sent for what was changed: the
    watermark moves to ``at``.
    """
    from ..appointments.book import dump  # noqa: PLC0415

    calendar = read_calendar(conn, profile_id).calendar
    result = change(calendar)
    stamp = at.astimezone(UTC).isoformat()
    conn.execute(
        "INSERT INTO calendars (profile_id, ics, updated_at, reminded_until)"
        " VALUES (?, ?, ?, ?) ON CONFLICT (profile_id) DO UPDATE SET"
        " ics = excluded.ics, updated_at = excluded.updated_at,"
        " reminded_until = max(reminded_until, excluded.reminded_until)",
        (profile_id, dump(calendar), stamp, stamp),
    )
    _store_occurrences(conn, profile_id, calendar, tz, at)
    return result


def store_occurrences(
    conn: sqlite3.Connection, profile_id: str, tz: tzinfo, at: datetime
) -> None:
    """Store the occurrences around ``at`` anew: kept by no earlier change, or run short."""
    if (stored := read_calendar(conn, profile_id)).reminded_until is not None:
        _store_occurrences(conn, profile_id, stored.calendar, tz, at)


def covers(
    conn: sqlite3.Connection,
    profile_id: str,
    start: datetime,
    end: datetime,
    tz: tzinfo,
) -> bool | None:
    """Tell whether the stored occurrences cover [start, end); None: the profile has no calendar."""
    row = conn.execute(
        "SELECT occurrences_from, occurrences_until FROM calendars WHERE profile_id = ?",
        (profile_id,),
    ).fetchone()
    if row is None:
        return None
    return (
        row["occurrences_from"] is not None
        and row["occurrences_from"] <= floating_key(start - MARGIN, tz)
        and floating_key(end + MARGIN, tz) <= row["occurrences_until"]
    )


def _stored(
    conn: sqlite3.Connection,
    profile_id: str,
    start: datetime,
    end: datetime,
    tz: tzinfo,
    *,
    limit: int | None = None,
) -> list[Occurrence]:
    """Return the stored occurrences overlapping [start, end), in order (the first ``limit``)."""
    rows = conn.execute(
        "SELECT starts, occurrence FROM appointment_occurrences"
        " WHERE profile_id = ? AND starts < ? AND ends >= ? ORDER BY starts",
        (profile_id, floating_key(end + MARGIN, tz), floating_key(start - MARGIN, tz)),
    )
    found: list[Occurrence] = []
    enough: str | None = None
    for starts, text in rows:
        # The keys are wall-clock times: a zoned one may sort up to a day out of place.
        if enough is not None and starts > enough:
            break
        if overlaps(item := from_json(text), start, end, tz):
            found.append(item)
            if limit is not None and len(found) == limit:
                enough = floating_key(aware(item.start, tz) + 2 * MARGIN, tz)
    return in_order(found, tz)[:limit]


def occurrences_between(
    conn: sqlite3.Connection,
    profile_id: str,
    start: datetime,
    end: datetime,
    tz: tzinfo,
    *,
    limit: int | None = None,
) -> list[Occurrence]:
    """Every occurrence overlapping [start, end), in order (the first ``limit``)."""
    match covers(conn, profile_id, start, end, tz):
        case None:
            return []
        case True:
            return _stored(conn, profile_id, start, end, tz, limit=limit)
    from ..appointments.book import overlapping  # noqa: PLC0415

    calendar = read_calendar(conn, profile_id).calendar
    return overlapping(calendar, tz, start, end)[:limit]


def occurrences_starting(
    conn: sqlite3.Connection,
    profile_id: str,
    after: datetime,
    until: datetime,
    tz: tzinfo,
) -> list[Occurrence]:
    """Return the occurrences starting in (after, until], in order."""

    def starts_in(item: Occurrence) -> bool:
        return after < aware(item.start, tz) <= until

    match covers(conn, profile_id, after, until, tz):
        case None:
            return []
        case True:
            stored = _stored(conn, profile_id, after, until, tz)
            return list(filter(starts_in, stored))
    from ..appointments.book import starting_after  # noqa: PLC0415

    since = after.astimezone(tz).replace(tzinfo=None)
    calendar = read_calendar(conn, profile_id, since).calendar
    return list(
        takewhile(
            lambda item: aware(item.start, tz) <= until,
            starting_after(calendar, tz, after),
        )
    )


def set_reminded_until(conn: sqlite3.Connection, profile_id: str, at: datetime) -> None:
    """Record that every reminder due up to ``at`` has gone out."""
    conn.execute(
        "UPDATE calendars SET reminded_until = ? WHERE profile_id = ?",
        (at.astimezone(UTC).isoformat(), profile_id),
    )
