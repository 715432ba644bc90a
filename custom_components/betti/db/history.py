"""A profile's records over a time range, as plain rows, for reports and exports."""

from datetime import UTC, date, datetime
import sqlite3
from typing import Any

from ..nutrition import Nutrient

type Row = dict[str, Any]


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def _rows(cursor: sqlite3.Cursor, *times: str) -> list[Row]:
    """Rows as dicts, with the named text columns parsed into datetimes."""
    found = []
    for row in cursor:
        item = dict(row)
        for name in times:
            if item[name] is not None:
                item[name] = datetime.fromisoformat(item[name])
        found.append(item)
    return found


def moods_between(
    conn: sqlite3.Connection, profile_id: str, start: datetime, end: datetime
) -> list[Row]:
    """Mood check-ins in [start, end): at, score, note."""
    return _rows(
        conn.execute(
            "SELECT at, score, note FROM moods WHERE profile_id = ? AND at >= ? AND at < ?"
            " ORDER BY at, id",
            (profile_id, _utc(start), _utc(end)),
        ),
        "at",
    )


def meal_items_between(
    conn: sqlite3.Connection, profile_id: str, start: datetime, end: datetime
) -> list[Row]:
    """Items eaten in [start, end), with their meal, amount and nutrients."""
    nutrients = ", ".join(f"i.{n}" for n in Nutrient)
    return _rows(
        conn.execute(
            f"SELECT i.eaten_at, m.day, m.meal, i.name, i.amount, i.unit, i.grams, {nutrients}"  # noqa: S608 - column names are ours
            " FROM meal_items i JOIN meals m ON m.id = i.meal_id"
            " WHERE i.profile_id = ? AND i.eaten_at >= ? AND i.eaten_at < ?"
            " ORDER BY i.eaten_at, i.id",
            (profile_id, _utc(start), _utc(end)),
        ),
        "eaten_at",
    )


def water_between(
    conn: sqlite3.Connection, profile_id: str, start: datetime, end: datetime
) -> list[Row]:
    """Drinks in [start, end): at, ml, source."""
    return _rows(
        conn.execute(
            "SELECT at, ml, source FROM water_log WHERE profile_id = ? AND at >= ? AND at < ?"
            " ORDER BY at, id",
            (profile_id, _utc(start), _utc(end)),
        ),
        "at",
    )


def workouts_between(
    conn: sqlite3.Connection, profile_id: str, start: datetime, end: datetime
) -> list[Row]:
    """Workouts started in [start, end)."""
    return _rows(
        conn.execute(
            "SELECT started_at, kind, duration_min, distance_m, energy_kcal, note, source"
            " FROM workouts WHERE profile_id = ? AND started_at >= ? AND started_at < ?"
            " ORDER BY started_at, id",
            (profile_id, _utc(start), _utc(end)),
        ),
        "started_at",
    )


def activity_between(
    conn: sqlite3.Connection, profile_id: str, first: date, last: date
) -> list[Row]:
    """Daily activity (steps, active energy and minutes) per source, ``first`` to ``last``."""
    return [
        dict(row)
        for row in conn.execute(
            "SELECT day, metric, source, amount FROM daily_activity WHERE profile_id = ?"
            " AND day BETWEEN ? AND ? ORDER BY day, metric, source",
            (profile_id, first.isoformat(), last.isoformat()),
        )
    ]
