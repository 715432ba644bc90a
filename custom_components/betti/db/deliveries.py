"""Every push Betti tried to send: to whom, when, and what became of it."""

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
import json
import sqlite3


class Result(StrEnum):
    """What became of one delivery attempt."""

    SENT = "sent"
    FAILED = "failed"
    CAPPED = "capped"
    CLEARED = "cleared"
    ACKNOWLEDGED = "acknowledged"


# Attempts that reached the push service with something to show. Clears are left out: a
# clear only takes a notification away, and must never be what makes help wait for tomorrow.
_COUNTED = (Result.SENT, Result.FAILED)


@dataclass(frozen=True, slots=True)
class Delivery:
    """One recorded attempt."""

    delivery_id: int
    target: str
    at: datetime
    result: Result
    reason: str | None = None


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def add_delivery(
    conn: sqlite3.Connection,
    profile_id: str,
    *,
    target: str,
    at: datetime,
    source: str,
    tag: str,
    result: Result,
    reason: str | None = None,
    alert_id: int | None = None,
) -> Delivery:
    """Record an attempt and return it."""
    cursor = conn.execute(
        "INSERT INTO deliveries (profile_id, alert_id, at, target, source, tag, result, reason)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (profile_id, alert_id, _utc(at), target, source, tag, result, reason),
    )
    assert cursor.lastrowid is not None  # noqa: S101 - an INSERT always has one
    return Delivery(cursor.lastrowid, target, at, result, reason)


def cap_usage(
    conn: sqlite3.Connection, target: str, tag: str, since: datetime
) -> tuple[int, bool]:
    """Return how many notifications (tags) reached a target since then, and if this tag did.

    A push with a tag already shown replaces that notification, so it counts once.
    """
    row = conn.execute(
        "SELECT count(DISTINCT tag), coalesce(max(tag = ?), 0) FROM deliveries"
        " WHERE target = ? AND at >= ? AND result IN (?, ?)",
        (tag, target, _utc(since), *_COUNTED),
    ).fetchone()
    return int(row[0]), bool(row[1])


def capped_since(conn: sqlite3.Connection, target: str, since: datetime) -> int:
    """Count the pushes to a target held back by the daily cap since then."""
    row = conn.execute(
        "SELECT count(*) FROM deliveries WHERE target = ? AND at >= ? AND result = ?",
        (target, _utc(since), Result.CAPPED),
    ).fetchone()
    return int(row[0])


def last_acknowledged(conn: sqlite3.Connection, targets: list[str]) -> datetime | None:
    """Return when one of these targets last answered a push, if ever."""
    row = conn.execute(
        "SELECT max(at) FROM deliveries WHERE result = ?"
        " AND target IN (SELECT value FROM json_each(?))",
        (Result.ACKNOWLEDGED, json.dumps(targets)),
    ).fetchone()
    return datetime.fromisoformat(row[0]) if row[0] else None


def sent_targets(conn: sqlite3.Connection, alert_id: int) -> list[str]:
    """Return the targets an alert's notification reached, to clear it from them."""
    rows = conn.execute(
        "SELECT DISTINCT target FROM deliveries WHERE alert_id = ? AND result = ? ORDER BY target",
        (alert_id, Result.SENT),
    )
    return [row[0] for row in rows]


def tag_targets(conn: sqlite3.Connection, profile_id: str, tag: str) -> list[str]:
    """Return the targets a profile's notification with this tag reached."""
    rows = conn.execute(
        "SELECT DISTINCT target FROM deliveries"
        " WHERE profile_id = ? AND tag = ? AND result = ? ORDER BY target",
        (profile_id, tag, Result.SENT),
    )
    return [row[0] for row in rows]


def alert_deliveries(
    conn: sqlite3.Connection, alert_ids: list[int]
) -> dict[int, list[Delivery]]:
    """Every attempt for each of the alerts, oldest first."""
    found: dict[int, list[Delivery]] = {alert_id: [] for alert_id in alert_ids}
    rows = conn.execute(
        "SELECT d.* FROM deliveries d JOIN json_each(?) j ON d.alert_id = j.value"
        " ORDER BY d.at, d.id",
        (str(alert_ids),),
    )
    for row in rows:
        found[row["alert_id"]].append(
            Delivery(
                row["id"],
                row["target"],
                datetime.fromisoformat(row["at"]),
                Result(row["result"]),
                row["reason"],
            )
        )
    return found


class Kind(StrEnum):
    """What a push was about, as people ask for it."""

    DOSE = "dose"
    HELP = "help"
    ALERT = "alert"
    MISSED_DOSE = "missed_dose"
    LOW_STOCK = "low_stock"
    APPOINTMENT = "appointment"
    WATER_REMINDER = "water_reminder"
    CALL = "call"
    WAS_THIS_YOU = "was_this_you"
    PUSHES_HELD = "pushes_held"
    ANSWERED = (
        "answered"  # "Bob is on it" / "Alice cancelled", replacing an alert's push
    )
    TEST = "test"
    WATCHING = "watching"


# A delivery's kind from what sent it (its source) and, for an alert, what raised the alert.
# Worked out on reading, so deliveries recorded before the kinds existed have one too.
_KIND = """CASE d.source
    WHEN 'medication' THEN 'dose'
    WHEN 'vitals' THEN 'was_this_you'
    WHEN 'alert' THEN CASE a.source
        WHEN 'panic' THEN 'help'
        WHEN 'missed_dose' THEN 'missed_dose'
        WHEN 'low_stock' THEN 'low_stock'
        ELSE 'alert' END
    ELSE d.source END"""
# Attempts to show something: what a log of notifications lists.
_PUSHES = (Result.SENT, Result.FAILED, Result.CAPPED)


@dataclass(frozen=True, slots=True)
class LoggedPush:
    """One push as the log shows it: when, what about, to whom, what became of it."""

    at: datetime
    kind: str
    target: str
    result: Result
    tag: str
    alert_id: int | None
    reason: str | None


def pushes_between(
    conn: sqlite3.Connection,
    profile_id: str,
    start: datetime,
    end: datetime,
    *,
    kind: Kind | None = None,
    limit: int = -1,
) -> list[LoggedPush]:
    """Return a profile's pushes from start to end, newest first (at most ``limit``; -1: all)."""
    rows = conn.execute(
        f"SELECT * FROM (SELECT d.*, {_KIND} AS kind FROM deliveries d"  # noqa: S608 - constants
        " LEFT JOIN alerts a ON a.id = d.alert_id"
        " WHERE d.profile_id = ? AND d.at >= ? AND d.at < ? AND d.result IN (?, ?, ?))"
        " WHERE ? IS NULL OR kind = ? ORDER BY at DESC, id DESC LIMIT ?",
        (profile_id, _utc(start), _utc(end), *_PUSHES, kind, kind, limit),
    )
    return [
        LoggedPush(
            at=datetime.fromisoformat(row["at"]),
            kind=row["kind"],
            target=row["target"],
            result=Result(row["result"]),
            tag=row["tag"],
            alert_id=row["alert_id"],
            reason=row["reason"],
        )
        for row in rows
    ]


def held_by_target(
    conn: sqlite3.Connection, profile_id: str, since: datetime
) -> dict[str, int]:
    """Count a profile's pushes held back by the daily cap since then, per target."""
    rows = conn.execute(
        "SELECT target, count(*) FROM deliveries"
        " WHERE profile_id = ? AND at >= ? AND result = ? GROUP BY target ORDER BY target",
        (profile_id, _utc(since), Result.CAPPED),
    )
    return {row[0]: int(row[1]) for row in rows}
