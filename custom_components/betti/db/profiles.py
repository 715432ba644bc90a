"""Profile rows and the audit trail that every change leaves."""

from datetime import datetime
import json
import sqlite3
from typing import Any

from .migrations import schema_version


def add_audit(
    conn: sqlite3.Connection,
    profile_id: str,
    *,
    at: datetime,
    user_id: str | None,
    source: str,
    action: str,
    detail: dict[str, Any] | None = None,
) -> None:
    """Record who did what to a profile's data, and from where."""
    conn.execute(
        "INSERT INTO audit_log (profile_id, at, user_id, source, action, detail)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (profile_id, at.isoformat(), user_id, source, action, json.dumps(detail or {})),
    )


def profile_in_step(
    conn: sqlite3.Connection, profile_id: str, person: str, name: str
) -> bool:
    """Whether the profile row already matches the config entry (no write needed)."""
    row = conn.execute(
        "SELECT person_entity_id, name FROM profiles WHERE id = ?", (profile_id,)
    ).fetchone()
    return row is not None and tuple(row) == (person, name)


def sync_profile(
    conn: sqlite3.Connection, profile_id: str, person: str, name: str, at: datetime
) -> None:
    """Create the profile row, or bring it in line with the config entry."""
    row = conn.execute(
        "SELECT person_entity_id, name FROM profiles WHERE id = ?", (profile_id,)
    ).fetchone()
    if row is None:
        conn.execute(
            "INSERT INTO profiles (id, person_entity_id, name, created_at) VALUES (?, ?, ?, ?)",
            (profile_id, person, name, at.isoformat()),
        )
        add_audit(
            conn,
            profile_id,
            at=at,
            user_id=None,
            source="config_entry",
            action="profile_created",
        )
    elif tuple(row) != (person, name):
        conn.execute(
            "UPDATE profiles SET person_entity_id = ?, name = ? WHERE id = ?",
            (person, name, profile_id),
        )
        add_audit(
            conn,
            profile_id,
            at=at,
            user_id=None,
            source="config_entry",
            action="profile_updated",
        )


def delete_profile(conn: sqlite3.Connection, profile_id: str) -> None:
    """Delete a profile and, through foreign keys, everything recorded for it."""
    conn.execute("DELETE FROM profiles WHERE id = ?", (profile_id,))


def summary(conn: sqlite3.Connection, profile_id: str) -> dict[str, Any]:
    """Describe the file and count one profile's rows per table: sizes, never contents."""
    page_count = conn.execute("PRAGMA page_count").fetchone()[0]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    return {
        "schema_version": schema_version(conn),
        "size_bytes": page_count * page_size,
        "rows": _row_counts(conn, profile_id),
    }


def _row_counts(conn: sqlite3.Connection, profile_id: str) -> dict[str, int]:
    tables = [
        row[0]
        for row in conn.execute(
            "SELECT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) c"
            " WHERE m.type = 'table' AND c.name = 'profile_id' ORDER BY m.name"
        )
    ]
    # Table names come from sqlite_master, not from callers.
    return {
        table: conn.execute(
            f"SELECT count(*) FROM {table} WHERE profile_id = ?",  # noqa: S608
            (profile_id,),
        ).fetchone()[0]
        for table in tables
    }
