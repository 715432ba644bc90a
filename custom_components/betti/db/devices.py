"""Bluetooth device bookkeeping: download progress and readings waiting for an owner."""

from dataclasses import dataclass
from datetime import UTC, datetime
import json
import sqlite3

from ..vitals import Metric, VitalKind
from .vitals import add_reading


@dataclass(frozen=True, slots=True)
class SyncState:
    """Where a device's downloads stand."""

    last_sequence: int | None = None
    last_sync: datetime | None = None
    battery: int | None = None


@dataclass(frozen=True, slots=True)
class PendingReading:
    """A device reading that could belong to more than one person."""

    pending_id: int
    device: str
    kind: VitalKind
    measured_at: datetime
    values: dict[Metric, float]
    candidates: list[str]
    # The device's user number, if it sent one: worth remembering once someone claims it.
    user_id: int | None


def sync_state(conn: sqlite3.Connection, address: str) -> SyncState:
    """Return a device's download progress (empty for a new device)."""
    row = conn.execute(
        "SELECT last_sequence, last_sync, battery FROM device_sync WHERE address = ?",
        (address,),
    ).fetchone()
    if row is None:
        return SyncState()
    last_sync = None if row[1] is None else datetime.fromisoformat(row[1])
    return SyncState(row[0], last_sync, row[2])


def save_sync(conn: sqlite3.Connection, address: str, state: SyncState) -> None:
    """Record a finished download."""
    conn.execute(
        "INSERT INTO device_sync VALUES (?, ?, ?, ?) ON CONFLICT (address) DO UPDATE"
        " SET last_sequence = excluded.last_sequence, last_sync = excluded.last_sync,"
        " battery = excluded.battery",
        (
            address,
            state.last_sequence,
            None
            if state.last_sync is None
            else state.last_sync.astimezone(UTC).isoformat(),
            state.battery,
        ),
    )


def forget_device(conn: sqlite3.Connection, address: str) -> None:
    """Drop a removed device's bookkeeping and its unclaimed readings."""
    conn.execute("DELETE FROM device_sync WHERE address = ?", (address,))
    conn.execute("DELETE FROM pending_vitals WHERE device = ?", (address,))


def add_pending(
    conn: sqlite3.Connection,
    *,
    device: str,
    kind: VitalKind,
    measured_at: datetime,
    values: dict[Metric, float],
    candidates: list[str],
    user_id: int | None,
    dedupe_key: str | None,
) -> int | None:
    """Park a reading until someone claims it; None if it was stored before."""
    if (
        dedupe_key is not None
        and conn.execute(
            "SELECT 1 FROM vitals WHERE dedupe_key = ?", (dedupe_key,)
        ).fetchone()
    ):
        return None
    cursor = conn.execute(
        "INSERT INTO pending_vitals"
        " (device, kind, measured_at, user_id, dedupe_key, readings, candidates)"
        " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING",
        (
            device,
            kind,
            measured_at.astimezone(UTC).isoformat(),
            user_id,
            dedupe_key,
            json.dumps(values),
            json.dumps(candidates),
        ),
    )
    return cursor.lastrowid if cursor.rowcount else None


def claim_pending(conn: sqlite3.Connection, pending_id: int, profile_id: str) -> int:
    """Give a parked reading to a profile; return the new reading's id (LookupError if none)."""
    row = conn.execute(
        "SELECT device, kind, measured_at, dedupe_key, readings FROM pending_vitals WHERE id = ?",
        (pending_id,),
    ).fetchone()
    if row is None:
        raise LookupError(pending_id)
    conn.execute("DELETE FROM pending_vitals WHERE id = ?", (pending_id,))
    reading_id = add_reading(
        conn,
        profile_id,
        kind=VitalKind(row[1]),
        measured_at=datetime.fromisoformat(row[2]),
        source="bluetooth",
        values={Metric(metric): value for metric, value in json.loads(row[4]).items()},
        device=row[0],
        dedupe_key=row[3],
    )
    if reading_id is None:
        raise LookupError(pending_id)
    return reading_id


def pending_reading(conn: sqlite3.Connection, pending_id: int) -> PendingReading | None:
    """Return a reading waiting for an owner, if it still is."""
    row = conn.execute(
        "SELECT id, device, kind, measured_at, readings, candidates, user_id"
        " FROM pending_vitals WHERE id = ?",
        (pending_id,),
    ).fetchone()
    if row is None:
        return None
    return PendingReading(
        row[0],
        row[1],
        VitalKind(row[2]),
        datetime.fromisoformat(row[3]),
        {Metric(metric): value for metric, value in json.loads(row[4]).items()},
        json.loads(row[5]),
        row[6],
    )


def decline_pending(
    conn: sqlite3.Connection, pending_id: int, profile_id: str
) -> list[str]:
    """Take a person off a parked reading's candidates; return who is left (LookupError if none)."""
    row = conn.execute(
        "SELECT candidates FROM pending_vitals WHERE id = ?", (pending_id,)
    ).fetchone()
    if row is None:
        raise LookupError(pending_id)
    left = [candidate for candidate in json.loads(row[0]) if candidate != profile_id]
    conn.execute(
        "UPDATE pending_vitals SET candidates = ? WHERE id = ?",
        (json.dumps(left), pending_id),
    )
    return left


def discard_pending(conn: sqlite3.Connection, pending_id: int) -> None:
    """Throw away a reading nobody in the household owns (a visitor's, say)."""
    conn.execute("DELETE FROM pending_vitals WHERE id = ?", (pending_id,))


def recent_weights(
    conn: sqlite3.Connection, profile_ids: list[str], since: datetime
) -> dict[str, float]:
    """Each profile's latest weight measured since ``since``."""
    weights: dict[str, float] = {}
    for profile_id in profile_ids:
        row = conn.execute(
            "SELECT weight FROM vitals WHERE profile_id = ? AND kind = 'weight'"
            " AND measured_at >= ? ORDER BY measured_at DESC LIMIT 1",
            (profile_id, since.astimezone(UTC).isoformat()),
        ).fetchone()
        if row is not None:
            weights[profile_id] = row[0]
    return weights
