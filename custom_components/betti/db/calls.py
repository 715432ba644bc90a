"""Call history and guest call links."""

from dataclasses import dataclass
from datetime import UTC, datetime
import sqlite3


@dataclass(frozen=True, slots=True, kw_only=True)
class CallRecord:
    """One call to a household member, as stored."""

    room_id: str
    caller: str
    caller_user_id: str | None
    guest: bool
    started_at: datetime
    answered_at: datetime | None
    ended_at: datetime
    outcome: str
    end_reason: str

    @property
    def duration_s(self) -> float:
        """How long the two talked; 0 for a call nobody answered."""
        if self.answered_at is None:
            return 0.0
        return round((self.ended_at - self.answered_at).total_seconds(), 1)


@dataclass(frozen=True, slots=True)
class CallLink:
    """A guest link as stored."""

    link_id: str
    profile_id: str
    room_id: str
    guest_name: str
    expires_at: datetime
    used_at: datetime | None


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def _at(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def add_call(conn: sqlite3.Connection, profile_id: str, call: CallRecord) -> int:
    """Store a finished call and return its id."""
    cursor = conn.execute(
        "INSERT INTO calls (profile_id, room_id, caller, caller_user_id, guest, started_at,"
        " answered_at, ended_at, duration_s, outcome, end_reason)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            profile_id,
            call.room_id,
            call.caller,
            call.caller_user_id,
            int(call.guest),
            _utc(call.started_at),
            None if call.answered_at is None else _utc(call.answered_at),
            _utc(call.ended_at),
            call.duration_s,
            call.outcome,
            call.end_reason,
        ),
    )
    return cursor.lastrowid or 0


def last_call(conn: sqlite3.Connection, profile_id: str) -> CallRecord | None:
    """Return the most recent call to a household member."""
    row = conn.execute(
        "SELECT * FROM calls WHERE profile_id = ? ORDER BY started_at DESC, id DESC LIMIT 1",
        (profile_id,),
    ).fetchone()
    if row is None:
        return None
    return CallRecord(
        room_id=row["room_id"],
        caller=row["caller"],
        caller_user_id=row["caller_user_id"],
        guest=bool(row["guest"]),
        started_at=datetime.fromisoformat(row["started_at"]),
        answered_at=_at(row["answered_at"]),
        ended_at=datetime.fromisoformat(row["ended_at"]),
        outcome=row["outcome"],
        end_reason=row["end_reason"],
    )


def call_exists(conn: sqlite3.Connection, room_id: str) -> bool:
    """Whether a call in this room already happened (a guest session may call once)."""
    return (
        conn.execute("SELECT 1 FROM calls WHERE room_id = ?", (room_id,)).fetchone()
        is not None
    )


def add_link(conn: sqlite3.Connection, link: CallLink, created_at: datetime) -> str:
    """Store a new guest link and return its id."""
    conn.execute(
        "INSERT INTO call_links (id, profile_id, room_id, guest_name, created_at, expires_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (
            link.link_id,
            link.profile_id,
            link.room_id,
            link.guest_name,
            _utc(created_at),
            _utc(link.expires_at),
        ),
    )
    return link.link_id


def find_link(conn: sqlite3.Connection, link_id: str) -> CallLink | None:
    """Return a guest link, used or not."""
    row = conn.execute("SELECT * FROM call_links WHERE id = ?", (link_id,)).fetchone()
    if row is None:
        return None
    return CallLink(
        link_id=row["id"],
        profile_id=row["profile_id"],
        room_id=row["room_id"],
        guest_name=row["guest_name"],
        expires_at=datetime.fromisoformat(row["expires_at"]),
        used_at=_at(row["used_at"]),
    )


def use_link(conn: sqlite3.Connection, link_id: str, now: datetime) -> CallLink:
    """Mark a link used and return it; LookupError if unknown, PermissionError if used."""
    if (link := find_link(conn, link_id)) is None:
        raise LookupError(link_id)
    # The update only matches an unused row, so two racing requests cannot both win.
    cursor = conn.execute(
        "UPDATE call_links SET used_at = ? WHERE id = ? AND used_at IS NULL",
        (_utc(now), link_id),
    )
    if not cursor.rowcount:
        raise PermissionError(link_id)
    return link
