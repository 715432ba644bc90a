"""Reading dose events back: for the dose engine, the history action and reports."""

from collections.abc import Iterator
from datetime import UTC, datetime
import sqlite3

from ..medications.schedule import DoseEvent, DoseEventKind
from .database import BATCH_ROWS
from .medications import StoredEvent


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def dose_events(
    conn: sqlite3.Connection, profile_id: str, start: datetime, end: datetime
) -> list[StoredEvent]:
    """Return the events of doses due in ``[start, end)``, in the order they were stored."""
    return [
        event
        for batch in dose_event_batches(conn, profile_id, start, end)
        for event in batch
    ]


def dose_event_batches(
    conn: sqlite3.Connection, profile_id: str, start: datetime, end: datetime
) -> Iterator[list[StoredEvent]]:
    """Yield ``dose_events``'s events, ``BATCH_ROWS`` at a time."""
    cursor = conn.execute(
        "SELECT medication_id, due, kind, at, until, amount, user_id, source"
        " FROM dose_events WHERE profile_id = ? AND due >= ? AND due < ? ORDER BY id",
        (profile_id, _utc(start), _utc(end)),
    )
    cursor.row_factory = None  # plain tuples: a year of them costs half as much as rows
    try:
        while rows := cursor.fetchmany(BATCH_ROWS):
            yield [
                StoredEvent(
                    medication_id=medication_id,
                    due=datetime.fromisoformat(due),
                    event=DoseEvent(
                        DoseEventKind(kind),
                        datetime.fromisoformat(at),
                        until and datetime.fromisoformat(until),
                    ),
                    amount=amount,
                    user_id=user_id,
                    source=source,
                )
                for medication_id, due, kind, at, until, amount, user_id, source in rows
            ]
    finally:
        cursor.close()
