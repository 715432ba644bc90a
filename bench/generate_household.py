"""Write a 5-year, 2-person household database through the store's own API.

Usage: .venv/bin/python bench/generate_household.py [PATH [DAYS]]
(default build/bench/betti.db, 5 years up to yesterday; the same seed gives the same data
relative to its last day).

Per person and day: about 20 audit rows; breakfast, lunch, dinner and sometimes a snack (2-3
shipped foods each); 6-8 drinks of water; steps from a phone counter seen every half hour
(rolled up as Betti does); a workout on some days; vitals, doses, alerts, calls and mood
(bench/household_health.py). Per person: an appointment book of about 1000 events
(bench/household_calendar.py). About 50k vitals, 30k dose events and 2k appointments in all.
"""

import asyncio
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
import random
import sqlite3
import sys
from time import perf_counter

sys.path.insert(
    0, str(Path(__file__).parent.parent)
)  # run from a checkout, not installed

from bench.household_calendar import write_calendar
from bench.household_health import TZ, Person, add_person, write_health_day
from custom_components.betti.db import Database
from custom_components.betti.db.fitness import add_water, add_workout, record_counter
from custom_components.betti.db.nutrition import EatenItem, add_items
from custom_components.betti.db.profiles import add_audit, sync_profile
from custom_components.betti.nutrition import (
    ActivityMetric,
    AmountUnit,
    Food,
    MealType,
    nutrients_in,
)
from custom_components.betti.nutrition.catalog import load_shipped

PROFILES = (
    ("bench-alice", "person.alice", "Alice"),
    ("bench-bob", "person.bob", "Bob"),
)
YEARS = 5
DAYS = 365 * YEARS
AUDIT_PER_DAY = 20
SEED = 2026
TABLES = (
    "profiles",
    "audit_log",
    "meals",
    "meal_items",
    "water_log",
    "daily_activity",
    "workouts",
    "vitals",
    "medications",
    "dose_events",
    "alerts",
    "alert_steps",
    "deliveries",
    "calls",
    "moods",
    "calendars",
)


def _audit_day(
    conn: sqlite3.Connection, profile_id: str, day: datetime, rng: random.Random
) -> None:
    for _ in range(AUDIT_PER_DAY):
        add_audit(
            conn,
            profile_id,
            at=day + timedelta(seconds=rng.randrange(86400)),
            user_id=None,
            source=rng.choice(("mirror", "phone", "voice", "service")),
            action=rng.choice(
                ("vital_logged", "dose_taken", "meal_logged", "water_logged")
            ),
        )


MEAL_HOURS = {
    MealType.BREAKFAST: 8,
    MealType.LUNCH: 12,
    MealType.DINNER: 18,
    MealType.SNACK: 15,
}


def _food_day(
    conn: sqlite3.Connection,
    profile_id: str,
    day: datetime,
    rng: random.Random,
    foods: list[Food],
) -> None:
    """One day of meals, water, steps and perhaps a workout, as Betti would store them."""
    for meal, hour in MEAL_HOURS.items():
        if meal is MealType.SNACK and rng.random() < 0.5:
            continue
        items = []
        for food in rng.sample(foods, rng.randint(2, 3)):
            grams = float(rng.randint(30, 250))
            items.append(
                EatenItem(
                    food_key=food.key,
                    name=food.name,
                    amount=grams,
                    unit=AmountUnit.GRAMS,
                    grams=grams,
                    nutrients=nutrients_in(food, grams),
                )
            )
        add_items(
            conn,
            profile_id,
            day=day.date(),
            meal=meal,
            eaten_at=day + timedelta(hours=hour, minutes=rng.randrange(60)),
            items=items,
        )
    for drink in range(rng.randint(6, 8)):
        add_water(
            conn,
            profile_id,
            day=day.date(),
            at=day + timedelta(hours=8 + drink * 2),
            ml=float(rng.choice((150, 200, 250, 300))),
            source="bench",
        )
    steps = 0.0
    for half_hour in range(14, 44):
        steps += rng.randint(0, 400)
        record_counter(
            conn,
            profile_id,
            day=day.date(),
            metric=ActivityMetric.STEPS,
            source="sensor.phone_steps",
            value=steps,
            at=day + timedelta(minutes=30 * half_hour),
        )
    if rng.random() < 0.3:
        add_workout(
            conn,
            profile_id,
            day=day.date(),
            started_at=day + timedelta(hours=10),
            kind=rng.choice(("walk", "swim", "yoga")),
            duration_min=float(rng.randint(15, 60)),
            distance_m=None,
            energy_kcal=float(rng.randint(50, 300)),
            note=None,
            source="bench",
        )


def _write_day(
    conn: sqlite3.Connection,
    person: Person,
    day: date,
    rng: random.Random,
    foods: list[Food],
) -> None:
    midnight = datetime.combine(day, time(), TZ)
    _audit_day(conn, person.profile_id, midnight, rng)
    _food_day(conn, person.profile_id, midnight, rng, foods)
    write_health_day(conn, person, day, rng)


def _counts(conn: sqlite3.Connection) -> dict[str, int]:
    counts = {
        table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
        for table in TABLES
    }
    for column, table in (("kind", "vitals"), ("kind", "dose_events")):
        rows = conn.execute(f"SELECT {column}, count(*) FROM {table} GROUP BY 1")  # noqa: S608
        counts.update({f"{table}.{kind}": count for kind, count in rows})
    icss = [row[0] for row in conn.execute("SELECT ics FROM calendars")]
    counts["appointments"] = sum(ics.count("BEGIN:VEVENT") for ics in icss)
    counts["appointments.recurring"] = sum(ics.count("RRULE:") for ics in icss)
    counts["appointments.edited"] = sum(ics.count("RECURRENCE-ID") for ics in icss)
    return counts


async def generate(
    path: Path, days: int = DAYS, last_day: date | None = None
) -> dict[str, int]:
    """Write ``days`` days up to ``last_day`` (one transaction a person-day) and count them."""
    last_day = last_day or datetime.now(TZ).date() - timedelta(days=1)
    first_day = last_day - timedelta(days=days - 1)
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    database = Database(path)
    await database.async_open()
    rng = random.Random(SEED)
    # Everyday foods: the shipped ones with a named serving, plus a few hundred more.
    shipped = load_shipped()
    foods = [food for food in shipped if food.serving_g] + rng.sample(shipped, 300)
    created = datetime.combine(first_day, time(), TZ).astimezone(UTC)
    now = datetime.combine(last_day + timedelta(days=1), time(), TZ)
    for profile_id, person_id, name in PROFILES:
        await database.async_write(sync_profile, profile_id, person_id, name, created)
        person = await database.async_write(
            add_person, profile_id, person_id.split(".")[1], first_day
        )
        for offset in range(days):
            day = first_day + timedelta(days=offset)
            await database.async_write(_write_day, person, day, rng, foods)
        await database.async_write(
            write_calendar, profile_id, first_day, days, rng, now=now
        )
    counts = await database.async_read(_counts)
    await database.async_close()
    return counts


def main() -> None:
    """Generate and report what was written."""
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "build/bench/betti.db")
    days = int(sys.argv[2]) if len(sys.argv) > 2 else DAYS
    started = perf_counter()
    counts = asyncio.run(generate(path, days))
    elapsed = perf_counter() - started
    size = path.stat().st_size / 1e6
    print(f"wrote {path} in {elapsed:.1f} s ({size:.1f} MB)")
    for table, count in counts.items():
        print(f"  {table:28} {count:>9,}")


if __name__ == "__main__":
    main()
