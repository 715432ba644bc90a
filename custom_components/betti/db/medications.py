"""Medications, their dose events and the notices each dose has had.

Dose events are never updated or deleted: a correction is a new event (a ``reset`` undoes a
mistaken ``taken``). A removed medication keeps its row and history, marked ``removed_at``.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
import json
import sqlite3
from typing import Any

from ..medications.codec import decode, encode
from ..medications.schedule import DoseEvent, Schedule

# Columns a caller may set directly; the rest have their own functions.
FIELDS = (
    "name",
    "strength",
    "form",
    "instructions",
    "colour",
    "shape",
    "stock",
    "refill_threshold",
    "grace_minutes",
    "remind",
    "critical",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Medication:
    """A stored medication with its decoded schedules."""

    medication_id: int
    name: str
    strength: str | None
    form: str | None
    instructions: str | None
    colour: str | None
    shape: str | None
    stock: float | None
    refill_threshold: float | None
    grace_minutes: int
    remind: bool
    critical: bool
    schedules: tuple[Schedule, ...]
    not_before: datetime
    """Doses due before this are not shown (a start date in the past moves it back)."""
    created_at: datetime
    """Doses due before this are history: no reminders, missed notices or escalation."""
    low_stock_notified: bool

    @property
    def paused(self) -> bool:
        """Whether a schedule has a pause without an end."""
        return any(p.end is None for s in self.schedules for p in s.pauses)

    @property
    def label(self) -> str:
        """The name with the strength, as shown in reminders and the to-do list."""
        return f"{self.name} {self.strength}" if self.strength else self.name


@dataclass(frozen=True, slots=True)
class UnusableMedication:
    """A stored medication Betti cannot work with: damaged, or stored before today's checks."""

    medication_id: int
    name: str


class UnusableMedicationError(Exception):
    """A medication's stored row cannot be used; it can only be removed."""

    def __init__(self, unusable: UnusableMedication) -> None:
        """Keep which medication it is."""
        super().__init__(unusable.medication_id)
        self.unusable = unusable


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredEvent:
    """A dose event with where it came from."""

    medication_id: int
    due: datetime
    event: DoseEvent
    amount: float
    user_id: str | None
    source: str


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def _medication(row: sqlite3.Row) -> Medication:
    try:
        return _decoded(row)
    except (ArithmeticError, LookupError, TypeError, ValueError) as err:
        raise UnusableMedicationError(
            UnusableMedication(row["id"], str(row["name"]))
        ) from err


def _decoded(row: sqlite3.Row) -> Medication:
    start = date.fromisoformat(row["not_before"][:10])
    return Medication(
        medication_id=row["id"],
        name=row["name"],
        strength=row["strength"],
        form=row["form"],
        instructions=row["instructions"],
        colour=row["colour"],
        shape=row["shape"],
        stock=row["stock"],
        refill_threshold=row["refill_threshold"],
        grace_minutes=row["grace_minutes"],
        remind=bool(row["remind"]),
        critical=bool(row["critical"]),
        schedules=tuple(decode(raw, start) for raw in json.loads(row["schedules"])),
        not_before=datetime.fromisoformat(row["not_before"]),
        created_at=datetime.fromisoformat(row["created_at"]),
        low_stock_notified=bool(row["low_stock_notified"]),
    )


def _schedules(schedules: Iterable[Schedule]) -> str:
    return json.dumps([encode(schedule) for schedule in schedules])


def add_medication(
    conn: sqlite3.Connection,
    profile_id: str,
    fields: dict[str, Any],
    schedules: Iterable[Schedule],
    *,
    not_before: datetime,
    created_at: datetime,
) -> int:
    """Store a new medication; return its id."""
    names = [name for name in FIELDS if name in fields]
    cursor = conn.execute(
        f"INSERT INTO medications (profile_id, schedules, not_before, created_at,"  # noqa: S608
        f" {', '.join(names)}) VALUES (?, ?, ?, ?{', ?' * len(names)})",
        (
            profile_id,
            _schedules(schedules),
            _utc(not_before),
            _utc(created_at),
            *(fields[n] for n in names),
        ),
    )
    assert cursor.lastrowid is not None  # noqa: S101
    return cursor.lastrowid


def get_medication(
    conn: sqlite3.Connection, profile_id: str, medication_id: int
) -> Medication:
    """Return a profile's current medication; LookupError if it has none with this id."""
    row = conn.execute(
        "SELECT * FROM medications WHERE id = ? AND profile_id = ? AND removed_at IS NULL",
        (medication_id, profile_id),
    ).fetchone()
    if row is None:
        raise LookupError(medication_id)
    return _medication(row)


def medications(
    conn: sqlite3.Connection, profile_id: str
) -> tuple[list[Medication], list[UnusableMedication]]:
    """Return a profile's current medications, oldest first, and those it cannot use."""
    rows = conn.execute(
        "SELECT * FROM medications WHERE profile_id = ? AND removed_at IS NULL ORDER BY id",
        (profile_id,),
    )
    usable: list[Medication] = []
    unusable: list[UnusableMedication] = []
    for row in rows:
        try:
            usable.append(_medication(row))
        except UnusableMedicationError as err:
            unusable.append(err.unusable)
    return usable, unusable


def medication_profile(conn: sqlite3.Connection, medication_id: int) -> str | None:
    """Return the profile a medication belongs to (for phone actions), or None."""
    row = conn.execute(
        "SELECT profile_id FROM medications WHERE id = ?", (medication_id,)
    ).fetchone()
    return None if row is None else str(row[0])


def update_medication(
    conn: sqlite3.Connection,
    profile_id: str,
    medication_id: int,
    fields: dict[str, Any],
    schedules: Iterable[Schedule] | None = None,
) -> int:
    """Change a medication's fields (and schedules); LookupError if it is not there."""
    get_medication(conn, profile_id, medication_id)
    values = {name: fields[name] for name in FIELDS if name in fields}
    if schedules is not None:
        values["schedules"] = _schedules(schedules)
    if "stock" in values or "refill_threshold" in values:
        values["low_stock_notified"] = 0
    if values:
        conn.execute(
            f"UPDATE medications SET {', '.join(f'{n} = ?' for n in values)} WHERE id = ?",  # noqa: S608
            (*values.values(), medication_id),
        )
    return medication_id


def remove_medication(
    conn: sqlite3.Connection, profile_id: str, medication_id: int, at: datetime
) -> int:
    """Stop showing and reminding a medication; its history stays.

    The row is not decoded, so a medication Betti cannot use can still be removed.
    """
    removed = conn.execute(
        "UPDATE medications SET removed_at = ?"
        " WHERE id = ? AND profile_id = ? AND removed_at IS NULL",
        (_utc(at), medication_id, profile_id),
    )
    if removed.rowcount == 0:
        raise LookupError(medication_id)
    return medication_id


def refill(
    conn: sqlite3.Connection, profile_id: str, medication_id: int, amount: float
) -> float:
    """Add ``amount`` to the stock; return the new stock."""
    medication = get_medication(conn, profile_id, medication_id)
    stock = (medication.stock or 0) + amount
    conn.execute(
        "UPDATE medications SET stock = ?, low_stock_notified = 0 WHERE id = ?",
        (stock, medication_id),
    )
    return stock


def add_dose_event(
    conn: sqlite3.Connection,
    profile_id: str,
    stored: StoredEvent,
    stock_change: float,
) -> int:
    """Record a dose event and move the stock by ``stock_change``, in one transaction."""
    event = stored.event
    cursor = conn.execute(
        "INSERT INTO dose_events (profile_id, medication_id, due, kind, at, until, amount,"
        " user_id, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            profile_id,
            stored.medication_id,
            _utc(stored.due),
            event.kind.value,
            _utc(event.at),
            event.until and _utc(event.until),
            stored.amount,
            stored.user_id,
            stored.source,
        ),
    )
    if stock_change:
        conn.execute(
            "UPDATE medications SET stock = stock + ? WHERE id = ? AND stock IS NOT NULL",
            (stock_change, stored.medication_id),
        )
    assert cursor.lastrowid is not None  # noqa: S101
    return cursor.lastrowid


def notices(
    conn: sqlite3.Connection, medication_ids: Iterable[int], since: datetime
) -> set[tuple[int, datetime, str]]:
    """Return (medication, due, key) of the notices given for doses due since ``since``."""
    ids = list(medication_ids)
    rows = conn.execute(
        f"SELECT medication_id, due, key FROM dose_notices WHERE due >= ?"  # noqa: S608
        f" AND medication_id IN ({', '.join('?' * len(ids))})",
        (_utc(since), *ids),
    )
    return {(row[0], datetime.fromisoformat(row[1]), row[2]) for row in rows}


def add_notices(
    conn: sqlite3.Connection, rows: Iterable[tuple[int, datetime, str]], at: datetime
) -> None:
    """Record that these notices were given (once each)."""
    conn.executemany(
        "INSERT OR IGNORE INTO dose_notices VALUES (?, ?, ?, ?)",
        [(med, _utc(due), key, _utc(at)) for med, due, key in rows],
    )


def set_low_stock_notified(conn: sqlite3.Connection, medication_id: int) -> None:
    """Remember the low-stock notice went out (until the next refill)."""
    conn.execute(
        "UPDATE medications SET low_stock_notified = 1 WHERE id = ?", (medication_id,)
    )


def open_alert(
    conn: sqlite3.Connection, profile_id: str, dedupe_key: str
) -> int | None:
    """Return the unacknowledged alert raised under ``dedupe_key``, if any."""
    row = conn.execute(
        "SELECT id FROM alerts WHERE profile_id = ? AND dedupe_key = ?"
        " AND acknowledged_at IS NULL",
        (profile_id, dedupe_key),
    ).fetchone()
    return None if row is None else int(row[0])
