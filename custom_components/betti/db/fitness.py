"""Water, workouts and daily activity; and whole days' totals."""

from datetime import UTC, date, datetime, timedelta
import sqlite3

from ..nutrition import ActivityMetric, DayTotals
from ..nutrition.activity import counter_increment
from .nutrition import nutrient_totals

MANUAL = "manual"


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def add_water(
    conn: sqlite3.Connection,
    profile_id: str,
    *,
    day: date,
    at: datetime,
    ml: float,
    source: str,
) -> int:
    """Record a drink; return its id."""
    water_id: int = conn.execute(
        "INSERT INTO water_log (profile_id, day, at, ml, source) VALUES (?, ?, ?, ?, ?)"
        " RETURNING id",
        (profile_id, day.isoformat(), _utc(at), ml, source),
    ).fetchone()[0]
    return water_id


def delete_water(conn: sqlite3.Connection, profile_id: str, water_id: int) -> None:
    """Delete a drink logged by mistake; LookupError if the profile has none such."""
    if not conn.execute(
        "DELETE FROM water_log WHERE id = ? AND profile_id = ?", (water_id, profile_id)
    ).rowcount:
        raise LookupError(water_id)


def add_workout(
    conn: sqlite3.Connection,
    profile_id: str,
    *,
    day: date,
    started_at: datetime,
    kind: str,
    duration_min: float,
    distance_m: float | None,
    energy_kcal: float | None,
    note: str | None,
    source: str,
) -> int:
    """Record a workout; return its id."""
    workout_id: int = conn.execute(
        "INSERT INTO workouts (profile_id, day, started_at, kind, duration_min, distance_m,"
        " energy_kcal, note, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        (
            profile_id,
            day.isoformat(),
            _utc(started_at),
            kind,
            duration_min,
            distance_m,
            energy_kcal,
            note,
            source,
        ),
    ).fetchone()[0]
    return workout_id


def delete_workout(conn: sqlite3.Connection, profile_id: str, workout_id: int) -> None:
    """Delete a workout; LookupError if the profile has none such."""
    if not conn.execute(
        "DELETE FROM workouts WHERE id = ? AND profile_id = ?", (workout_id, profile_id)
    ).rowcount:
        raise LookupError(workout_id)


def add_activity(
    conn: sqlite3.Connection,
    profile_id: str,
    *,
    day: date,
    metric: ActivityMetric,
    amount: float,
    at: datetime,
) -> None:
    """Add activity entered by hand to a day."""
    conn.execute(
        "INSERT INTO daily_activity (profile_id, day, metric, source, amount, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (profile_id, day, metric, source)"
        " DO UPDATE SET amount = amount + excluded.amount, updated_at = excluded.updated_at",
        (profile_id, day.isoformat(), metric, MANUAL, amount, _utc(at)),
    )


def record_counter(
    conn: sqlite3.Connection,
    profile_id: str,
    *,
    day: date,
    metric: ActivityMetric,
    source: str,
    value: float,
    at: datetime,
) -> float:
    """Roll a source sensor's new counter value into its day; return what it added."""
    row = conn.execute(
        "SELECT day, amount, last_value FROM daily_activity WHERE profile_id = ?"
        " AND metric = ? AND source = ? AND day <= ? ORDER BY day DESC LIMIT 1",
        (profile_id, metric, source, day.isoformat()),
    ).fetchone()
    last = None if row is None else row["last_value"]
    added = counter_increment(last, value)
    # A new day starts from the counter's last value: it may not have reset yet.
    amount = added + (row["amount"] if row and row["day"] == day.isoformat() else 0)
    conn.execute(
        "INSERT INTO daily_activity (profile_id, day, metric, source, amount, last_value,"
        " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (profile_id, day, metric,"
        " source) DO UPDATE SET amount = excluded.amount, last_value = excluded.last_value,"
        " updated_at = excluded.updated_at",
        (profile_id, day.isoformat(), metric, source, amount, value, _utc(at)),
    )
    return added


def day_totals(
    conn: sqlite3.Connection,
    profile_id: str,
    first: date,
    last: date,
    *,
    workouts_are_active_minutes: bool = True,
) -> dict[date, DayTotals]:
    """Every day's totals from ``first`` to ``last`` inclusive (empty days included).

    Workout minutes count as active minutes unless a sensor already counts them.
    """
    span = (profile_id, first.isoformat(), last.isoformat())
    days = {
        first + timedelta(days=offset): DayTotals()
        for offset in range((last - first).days + 1)
    }
    for day, nutrients in nutrient_totals(conn, profile_id, first, last).items():
        days[day].nutrients = nutrients
    for day, ml in conn.execute(
        "SELECT day, sum(ml) FROM water_log WHERE profile_id = ? AND day BETWEEN ? AND ?"
        " GROUP BY day",
        span,
    ):
        days[date.fromisoformat(day)].water_ml = ml
    for day, metric, amount in conn.execute(
        "SELECT day, metric, sum(amount) FROM daily_activity WHERE profile_id = ?"
        " AND day BETWEEN ? AND ? GROUP BY day, metric",
        span,
    ):
        days[date.fromisoformat(day)].activity[ActivityMetric(metric)] = amount
    for day, count, minutes, energy in conn.execute(
        "SELECT day, count(*), sum(duration_min), total(energy_kcal) FROM workouts"
        " WHERE profile_id = ? AND day BETWEEN ? AND ? GROUP BY day",
        span,
    ):
        totals = days[date.fromisoformat(day)]
        totals.workouts, totals.workout_minutes = count, minutes
        totals.workout_energy_kcal = energy
        if workouts_are_active_minutes:
            active = totals.activity.get(ActivityMetric.ACTIVE_MINUTES, 0.0)
            totals.activity[ActivityMetric.ACTIVE_MINUTES] = active + minutes
    return days
