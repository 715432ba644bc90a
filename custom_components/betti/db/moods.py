"""Mood check-ins: a score from 1 (very low) to 5 (very good) and an optional note."""

from dataclasses import dataclass
from datetime import UTC, datetime
import sqlite3


@dataclass(frozen=True, slots=True)
class Mood:
    """One check-in."""

    mood_id: int
    at: datetime
    score: int
    note: str | None


def add_mood(
    conn: sqlite3.Connection,
    profile_id: str,
    *,
    at: datetime,
    score: int,
    note: str | None,
) -> int:
    """Store a check-in and return its id."""
    cursor = conn.execute(
        "INSERT INTO moods (profile_id, at, score, note) VALUES (?, ?, ?, ?)",
        (profile_id, at.astimezone(UTC).isoformat(), score, note),
    )
    assert cursor.lastrowid is not None  # noqa: S101 - an INSERT always has one
    return cursor.lastrowid


def latest_mood(conn: sqlite3.Connection, profile_id: str) -> Mood | None:
    """Return the most recent check-in, if any."""
    row = conn.execute(
        "SELECT * FROM moods WHERE profile_id = ? ORDER BY at DESC, id DESC LIMIT 1",
        (profile_id,),
    ).fetchone()
    if row is None:
        return None
    return Mood(row["id"], datetime.fromisoformat(row["at"]), row["score"], row["note"])
