"""Alerts and their stored escalation steps."""

from dataclasses import dataclass
from datetime import UTC, datetime
import json
import sqlite3

from ..alerts.escalation import AlertSource, Recipient, Severity, Stage, Step


@dataclass(frozen=True, slots=True)
class Alert:
    """A stored alert."""

    alert_id: int
    source: AlertSource
    severity: Severity
    message: str
    created_at: datetime
    stage: int
    acknowledged_at: datetime | None = None
    acknowledged_by: str | None = None
    acknowledged_via: str | None = None


class AlreadyAcknowledgedError(Exception):
    """The alert was acknowledged before."""


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def _when(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def _alert(row: sqlite3.Row) -> Alert:
    return Alert(
        alert_id=row["id"],
        source=AlertSource(row["source"]),
        severity=Severity(row["severity"]),
        message=row["message"],
        created_at=datetime.fromisoformat(row["created_at"]),
        stage=row["stage"],
        acknowledged_at=_when(row["acknowledged_at"]),
        acknowledged_by=row["acknowledged_by"],
        acknowledged_via=row["acknowledged_via"],
    )


def add_alert(
    conn: sqlite3.Connection,
    profile_id: str,
    *,
    source: AlertSource,
    severity: Severity,
    message: str,
    created_at: datetime,
    steps: list[Step],
    dedupe_key: str | None = None,
) -> tuple[int, bool]:
    """Store an alert and its plan; return (id, True), or (open duplicate's id, False)."""
    if dedupe_key is not None:
        row = conn.execute(
            "SELECT id FROM alerts WHERE profile_id = ? AND dedupe_key = ?"
            " AND acknowledged_at IS NULL",
            (profile_id, dedupe_key),
        ).fetchone()
        if row is not None:
            return row[0], False
    cursor = conn.execute(
        "INSERT INTO alerts (profile_id, source, severity, message, dedupe_key, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (profile_id, source, severity, message, dedupe_key, _utc(created_at)),
    )
    alert_id = cursor.lastrowid
    assert alert_id is not None  # noqa: S101 - an INSERT always has one
    conn.executemany(
        "INSERT INTO alert_steps (alert_id, position, profile_id, stage, due_at, recipients)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [
            (
                alert_id,
                step.position,
                profile_id,
                step.stage,
                _utc(step.due_at),
                json.dumps(
                    [[r.kind, r.label, list(r.targets)] for r in step.recipients]
                ),
            )
            for step in steps
        ],
    )
    return alert_id, True


_PENDING = (
    "FROM alert_steps s JOIN alerts a ON a.id = s.alert_id"
    " WHERE s.profile_id = ? AND s.done_at IS NULL AND a.acknowledged_at IS NULL"
)


def due_steps(
    conn: sqlite3.Connection, profile_id: str, now: datetime
) -> list[tuple[int, Step]]:
    """Unacknowledged alerts' steps due by ``now``, oldest deadline first."""
    rows = conn.execute(
        f"SELECT s.* {_PENDING} AND s.due_at <= ? ORDER BY s.due_at, s.alert_id, s.position",
        (profile_id, _utc(now)),
    )
    return [
        (
            row["alert_id"],
            Step(
                row["position"],
                Stage(row["stage"]),
                datetime.fromisoformat(row["due_at"]),
                tuple(
                    Recipient(kind, label, tuple(targets))
                    for kind, label, targets in json.loads(row["recipients"])
                ),
            ),
        )
        for row in rows
    ]


def next_deadline(conn: sqlite3.Connection, profile_id: str) -> datetime | None:
    """Return the earliest deadline still pending, if any."""
    row = conn.execute(f"SELECT min(s.due_at) {_PENDING}", (profile_id,)).fetchone()
    return _when(row[0])


def complete_step(
    conn: sqlite3.Connection, alert_id: int, step: Step, at: datetime
) -> None:
    """Mark a step done and the alert as having reached its stage."""
    conn.execute(
        "UPDATE alert_steps SET done_at = ? WHERE alert_id = ? AND position = ?",
        (_utc(at), alert_id, step.position),
    )
    conn.execute(
        "UPDATE alerts SET stage = max(stage, ?) WHERE id = ?", (step.stage, alert_id)
    )


def acknowledge(
    conn: sqlite3.Connection,
    profile_id: str,
    alert_id: int | None,
    *,
    at: datetime,
    user_id: str | None,
    via: str,
) -> list[int]:
    """Acknowledge one alert, or every open one when ``alert_id`` is None; return their ids.

    LookupError if the profile has no such alert, AlreadyAcknowledgedError if it was before.
    """
    if alert_id is not None:
        row = conn.execute(
            "SELECT acknowledged_at FROM alerts WHERE id = ? AND profile_id = ?",
            (alert_id, profile_id),
        ).fetchone()
        if row is None:
            raise LookupError(alert_id)
        if row[0] is not None:
            raise AlreadyAcknowledgedError(alert_id)
        ids = [alert_id]
    else:
        ids = [alert.alert_id for alert in open_alerts(conn, profile_id)]
    conn.executemany(
        "UPDATE alerts SET acknowledged_at = ?, acknowledged_by = ?, acknowledged_via = ?"
        " WHERE id = ?",
        [(_utc(at), user_id, via, each) for each in ids],
    )
    return ids


def alert_profile(conn: sqlite3.Connection, alert_id: int) -> str | None:
    """Which profile an alert belongs to."""
    row = conn.execute(
        "SELECT profile_id FROM alerts WHERE id = ?", (alert_id,)
    ).fetchone()
    return None if row is None else str(row[0])


def open_alerts(conn: sqlite3.Connection, profile_id: str) -> list[Alert]:
    """Unacknowledged alerts, oldest first."""
    rows = conn.execute(
        "SELECT * FROM alerts WHERE profile_id = ? AND acknowledged_at IS NULL"
        " ORDER BY created_at, id",
        (profile_id,),
    )
    return [_alert(row) for row in rows]


def latest_alert(conn: sqlite3.Connection, profile_id: str) -> Alert | None:
    """Return the most recently raised alert."""
    row = conn.execute(
        "SELECT * FROM alerts WHERE profile_id = ? ORDER BY created_at DESC, id DESC LIMIT 1",
        (profile_id,),
    ).fetchone()
    return None if row is None else _alert(row)


def alerts_between(
    conn: sqlite3.Connection, profile_id: str, start: datetime, end: datetime
) -> list[Alert]:
    """Alerts raised in [start, end), oldest first."""
    rows = conn.execute(
        "SELECT * FROM alerts WHERE profile_id = ? AND created_at >= ? AND created_at < ?"
        " ORDER BY created_at, id",
        (profile_id, _utc(start), _utc(end)),
    )
    return [_alert(row) for row in rows]


def get_alert(conn: sqlite3.Connection, alert_id: int) -> Alert:
    """One alert by id."""
    return _alert(
        conn.execute("SELECT * FROM alerts WHERE id = ?", (alert_id,)).fetchone()
    )
