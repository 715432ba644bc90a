"""Vital-sign readings: one row per reading, one column per metric."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
import sqlite3
from typing import Any

from ..vitals import Metric, VitalKind
from .database import BATCH_ROWS

_METRICS = tuple(Metric)
_COLUMNS = ", ".join(_METRICS)
# By position: a year of readings built from plain tuples costs half as much as by name.
_SELECT = f"SELECT id, kind, measured_at, source, note, {_COLUMNS} FROM vitals"  # noqa: S608 - column names are ours


@dataclass(frozen=True, slots=True)
class Reading:
    """A stored reading, in canonical units."""

    reading_id: int
    kind: VitalKind
    measured_at: datetime
    source: str
    values: dict[Metric, float]
    note: str | None = None


def _utc(moment: datetime) -> str:
    # One zone and one format, so the text columns sort in time order.
    return moment.astimezone(UTC).isoformat()


def _reading(row: tuple[Any, ...] | sqlite3.Row) -> Reading:
    """Build a reading from a row of ``_SELECT``."""
    return Reading(
        reading_id=row[0],
        kind=VitalKind(row[1]),
        measured_at=datetime.fromisoformat(row[2]),
        source=row[3],
        values={
            metric: value
            for metric, value in zip(_METRICS, row[5:], strict=True)
            if value is not None
        },
        note=row[4],
    )


def add_reading(
    conn: sqlite3.Connection,
    profile_id: str,
    *,
    kind: VitalKind,
    measured_at: datetime,
    source: str,
    values: dict[Metric, float],
    note: str | None = None,
    device: str | None = None,
    dedupe_key: str | None = None,
) -> int | None:
    """Store a reading; return its id, or None when ``dedupe_key`` was stored already."""
    cursor = conn.execute(
        f"INSERT INTO vitals (profile_id, kind, measured_at, source, device, dedupe_key, note, {_COLUMNS})"  # noqa: S608 - column names are ours
        f" VALUES (?, ?, ?, ?, ?, ?, ?, {', '.join('?' * len(_METRICS))})"
        " ON CONFLICT (dedupe_key) DO NOTHING",
        (
            profile_id,
            kind,
            _utc(measured_at),
            source,
            device,
            dedupe_key,
            note,
            *(values.get(metric) for metric in _METRICS),
        ),
    )
    return cursor.lastrowid if cursor.rowcount else None


def delete_reading(conn: sqlite3.Connection, profile_id: str, reading_id: int) -> int:
    """Delete one of a profile's readings and return its id; LookupError if it has none such."""
    cursor = conn.execute(
        "DELETE FROM vitals WHERE id = ? AND profile_id = ?", (reading_id, profile_id)
    )
    if not cursor.rowcount:
        raise LookupError(reading_id)
    return reading_id


def latest_readings(
    conn: sqlite3.Connection,
    profile_id: str,
    kinds: Iterable[VitalKind] = VitalKind,
) -> dict[VitalKind, Reading]:
    """Return the most recent reading of each kind (by when it was measured)."""
    latest = {}
    for kind in kinds:
        # One index lookup per kind; a window over five years of readings took 100 ms.
        # Two readings of one instant (a typed one and the device's): the later stored wins.
        row = conn.execute(
            f"{_SELECT} WHERE profile_id = ? AND kind = ?"
            " ORDER BY measured_at DESC, id DESC LIMIT 1",
            (profile_id, kind),
        ).fetchone()
        if row is not None:
            latest[kind] = _reading(row)
    return latest


def readings_between(
    conn: sqlite3.Connection,
    profile_id: str,
    start: datetime,
    end: datetime,
    kind: VitalKind | None = None,
) -> list[Reading]:
    """Return a profile's readings measured in [start, end), oldest first, optionally of one kind."""
    return [
        reading
        for batch in reading_batches(conn, profile_id, start, end, kind)
        for reading in batch
    ]


def reading_batches(
    conn: sqlite3.Connection,
    profile_id: str,
    start: datetime,
    end: datetime,
    kind: VitalKind | None = None,
) -> Iterator[list[Reading]]:
    """Yield ``readings_between``'s readings, ``BATCH_ROWS`` at a time."""
    sql = f"{_SELECT} WHERE profile_id = ? AND measured_at >= ? AND measured_at < ?"
    args: list[str] = [profile_id, _utc(start), _utc(end)]
    if kind is not None:
        sql += " AND kind = ?"
        args.append(kind)
    cursor = conn.execute(f"{sql} ORDER BY measured_at, id", args)
    cursor.row_factory = None  # plain tuples
    try:
        while rows := cursor.fetchmany(BATCH_ROWS):
            yield [_reading(row) for row in rows]
    finally:
        cursor.close()


def move_reading(
    conn: sqlite3.Connection, profile_id: str, reading_id: int, to_profile_id: str
) -> int:
    """Give one of a profile's readings to another profile; LookupError if it has none such."""
    cursor = conn.execute(
        "UPDATE vitals SET profile_id = ? WHERE id = ? AND profile_id = ?",
        (to_profile_id, reading_id, profile_id),
    )
    if not cursor.rowcount:
        raise LookupError(reading_id)
    return reading_id


def get_reading(
    conn: sqlite3.Connection, profile_id: str, reading_id: int
) -> Reading | None:
    """Return one of a profile's readings, if it has one with this id."""
    row = conn.execute(
        f"{_SELECT} WHERE id = ? AND profile_id = ?",
        (reading_id, profile_id),
    ).fetchone()
    return None if row is None else _reading(row)


def next_measured_at(
    conn: sqlite3.Connection, profile_id: str, kind: VitalKind, moment: datetime
) -> datetime | None:
    """Return when the first reading of a kind after ``moment`` was measured, if any."""
    row = conn.execute(
        "SELECT min(measured_at) FROM vitals"
        " WHERE profile_id = ? AND kind = ? AND measured_at > ?",
        (profile_id, kind, _utc(moment)),
    ).fetchone()
    return None if row[0] is None else datetime.fromisoformat(row[0])


def reading_before(
    conn: sqlite3.Connection, profile_id: str, kind: VitalKind, moment: datetime
) -> Reading | None:
    """Return the last reading of a kind measured before ``moment`` (what a sensor showed)."""
    row = conn.execute(
        f"{_SELECT} WHERE profile_id = ? AND kind = ? AND measured_at < ?"
        " ORDER BY measured_at DESC, id DESC LIMIT 1",
        (profile_id, kind, _utc(moment)),
    ).fetchone()
    return None if row is None else _reading(row)


def last_reading_between(
    conn: sqlite3.Connection,
    profile_id: str,
    kind: VitalKind,
    start: datetime,
    end: datetime,
) -> Reading | None:
    """Return the last reading of a kind measured from ``start`` up to and with ``end``."""
    row = conn.execute(
        f"{_SELECT} WHERE profile_id = ? AND kind = ?"
        " AND measured_at >= ? AND measured_at <= ?"
        " ORDER BY measured_at DESC, id DESC LIMIT 1",
        (profile_id, kind, _utc(start), _utc(end)),
    ).fetchone()
    return None if row is None else _reading(row)
