"""Write a 5-year, 2-person household database through the store's own API.

Usage: .venv/bin/python bench/generate_household.py [PATH]   (default build/bench/betti.db)

Each domain adds its generator here as it lands. Per person and day: about 20 audit rows;
breakfast, lunch, dinner and sometimes a snack (2-3 shipped foods each); 6-8 drinks of water;
steps from a phone counter seen every half hour (rolled up as Betti does); a workout on some
days.
"""

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path
import random
import sqlite3
import sys
import time

sys.path.insert(
    0, str(Path(__file__).parent.parent)
)  # run from a checkout, not installed

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
AUDIT_PER_DAY = 20
START = datetime(2021, 11, 1, tzinfo=UTC)


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
    profile_id: str,
    day: datetime,
    rng: random.Random,
    foods: list[Food],
) -> None:
    _audit_day(conn, profile_id, day, rng)
    _food_day(conn, profile_id, day, rng, foods)


async def generate(path: Path) -> dict[str, int]:
    """Write the dataset (one transaction a day, as a household would) and count it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    database = Database(path)
    await database.async_open()
    rng = random.Random(2026)
    # Everyday foods: the shipped ones with a named serving, plus a few hundred more.
    shipped = load_shipped()
    foods = [food for food in shipped if food.serving_g] + rng.sample(shipped, 300)
    for profile_id, person, name in PROFILES:
        await database.async_write(sync_profile, profile_id, person, name, START)
        for day in range(365 * YEARS):
            await database.async_write(
                _write_day, profile_id, START + timedelta(days=day), rng, foods
            )
    counts = await database.async_read(
        lambda conn: {
            table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
            for table in (
                "profiles",
                "audit_log",
                "meals",
                "meal_items",
                "water_log",
                "daily_activity",
                "workouts",
            )
        }
    )
    await database.async_close()
    return counts


def main() -> None:
    """Generate and report what was written."""
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "build/bench/betti.db")
    started = time.perf_counter()
    counts = asyncio.run(generate(path))
    elapsed = time.perf_counter() - started
    size = path.stat().st_size / 1e6
    print(f"wrote {path} in {elapsed:.1f} s ({size:.1f} MB)")
    for table, count in counts.items():
        print(f"  {table:12} {count:>9,}")


if __name__ == "__main__":
    main()
