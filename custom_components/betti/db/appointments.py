"""Each profile's appointments: one iCalendar text per profile, and its reminder watermark.

Reads parse the text where they run (an executor thread); a change parses, edits and writes
back inside one transaction, so a refused edit (raised inside) leaves nothing written.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
import sqlite3

from ical.calendar import Calendar

from ..appointments import dump, load
from ..appointments.window import events_since


@dataclass(frozen=True, slots=True)
class StoredCalendar:
    """A profile's calendar and the time up to which its reminders went out."""

    calendar: Calendar
    reminded_until: datetime | None


def read_calendar(
    conn: sqlite3.Connection, profile_id: str, since: datetime | None = None
) -> StoredCalendar:
    """Return the profile's calendar (empty if it has none yet).

    With ``since`` (floating wall-clock time), only the events that may still show after
    it: parsing them is what costs, and five years of past appointments cost most.
    """
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


def change_calendar[T](
    conn: sqlite3.Connection,
    profile_id: str,
    change: Callable[[Calendar], T],
    *,
    at: datetime,
) -> T:
    """Apply ``change`` to the stored calendar and store the result.

    Reminders whose time passed before ``at`` are not sent for what was changed: the
    watermark moves to ``at``.
    """
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
    return result


def set_reminded_until(conn: sqlite3.Connection, profile_id: str, at: datetime) -> None:
    """Record that every reminder due up to ``at`` has gone out."""
    conn.execute(
        "UPDATE calendars SET reminded_until = ? WHERE profile_id = ?",
        (at.astimezone(UTC).isoformat(), profile_id),
    )
