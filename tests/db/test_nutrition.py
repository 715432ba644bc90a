"""The nutrition store: meals and items, edits, day totals and counter roll-ups."""

from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, date, datetime
from pathlib import Path
import sqlite3

import pytest

from custom_components.betti.db.fitness import (
    add_activity,
    add_water,
    add_workout,
    day_totals,
    record_counter,
)
from custom_components.betti.db.migrations import migrate
from custom_components.betti.db.nutrition import (
    EatenItem,
    add_items,
    day_meals,
    delete_item,
    last_meal,
    update_item,
)
from custom_components.betti.nutrition import (
    ActivityMetric,
    AmountUnit,
    MealType,
    Nutrient,
)

DAY = date(2026, 3, 2)
NOON = datetime(2026, 3, 2, 12, tzinfo=UTC)


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    with closing(sqlite3.connect(tmp_path / "betti.db", autocommit=True)) as conn:
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        migrate(conn)
        conn.execute("INSERT INTO profiles VALUES ('p1', 'person.a', 'A', 'x')")
        yield conn


def _item(name: str, grams: float, kcal: float, protein: float) -> EatenItem:
    return EatenItem(
        food_key=f"usda:{name}",
        name=name,
        amount=grams,
        unit=AmountUnit.GRAMS,
        grams=grams,
        nutrients={Nutrient.ENERGY: kcal, Nutrient.PROTEIN: protein},
    )


def test_items_add_up_per_day_and_edits_scale(conn: sqlite3.Connection) -> None:
    oats, toast = add_items(
        conn,
        "p1",
        day=DAY,
        meal=MealType.BREAKFAST,
        eaten_at=NOON,
        items=[_item("Oatmeal", 234, 178, 5), _item("Toast", 30, 80, 3)],
    )
    add_items(
        conn,
        "p1",
        day=DAY,
        meal=MealType.BREAKFAST,
        eaten_at=NOON,
        items=[_item("Tea", 250, 2, 0)],
    )
    assert day_totals(conn, "p1", DAY, DAY)[DAY].nutrients == {
        Nutrient.ENERGY: 260,
        Nutrient.PROTEIN: 8,
    }
    # Half the porridge: its nutrients halve; then toast moves to lunch.
    update_item(conn, "p1", oats, amount=117)
    update_item(conn, "p1", toast, meal=MealType.LUNCH)
    meals = day_meals(conn, "p1", DAY)
    assert [item["name"] for item in meals[MealType.BREAKFAST]] == ["Oatmeal", "Tea"]
    assert meals[MealType.BREAKFAST][0]["energy_kcal"] == 89
    assert meals[MealType.BREAKFAST][0]["grams"] == 117
    assert [item["name"] for item in meals[MealType.LUNCH]] == ["Toast"]
    # Deleting the only lunch item leaves no empty lunch behind.
    delete_item(conn, "p1", toast)
    assert MealType.LUNCH not in day_meals(conn, "p1", DAY)
    assert conn.execute("SELECT count(*) FROM meals").fetchone()[0] == 1
    with pytest.raises(LookupError):
        delete_item(conn, "p1", toast)
    with pytest.raises(LookupError):
        update_item(conn, "other", oats, amount=1)
    last = last_meal(conn, "p1")
    assert last is not None
    assert last["meal"] == "breakfast"
    assert last["foods"] == ["Oatmeal", "Tea"]


def test_day_totals_gather_water_activity_and_workouts(
    conn: sqlite3.Connection,
) -> None:
    add_water(conn, "p1", day=DAY, at=NOON, ml=250, source="button")
    add_water(conn, "p1", day=DAY, at=NOON, ml=300, source="voice")
    add_activity(conn, "p1", day=DAY, metric=ActivityMetric.STEPS, amount=1000, at=NOON)
    add_activity(conn, "p1", day=DAY, metric=ActivityMetric.STEPS, amount=500, at=NOON)
    add_workout(
        conn,
        "p1",
        day=DAY,
        started_at=NOON,
        kind="walk",
        duration_min=40,
        distance_m=3000,
        energy_kcal=150,
        note=None,
        source="manual",
    )
    days = day_totals(conn, "p1", DAY, date(2026, 3, 3))
    today = days[DAY]
    assert today.water_ml == 550
    assert today.activity == {
        ActivityMetric.STEPS: 1500,
        ActivityMetric.ACTIVE_MINUTES: 40,
    }
    assert (today.workouts, today.workout_energy_kcal) == (1, 150)
    assert days[date(2026, 3, 3)].water_ml == 0
    # With an active-minutes sensor, workouts are already in its count.
    sensor_counted = day_totals(conn, "p1", DAY, DAY, workouts_are_active_minutes=False)
    assert ActivityMetric.ACTIVE_MINUTES not in sensor_counted[DAY].activity


def test_counter_rolls_up_across_midnight_without_double_counting(
    conn: sqlite3.Connection,
) -> None:
    def seen(day: date, value: float) -> float:
        return record_counter(
            conn,
            "p1",
            day=day,
            metric=ActivityMetric.STEPS,
            source="sensor.phone_steps",
            value=value,
            at=NOON,
        )

    tomorrow = date(2026, 3, 3)
    for value in (1200, 4000, 4000, 6500):  # the 4000 again is an HA restart
        seen(DAY, value)
    seen(tomorrow, 6500)  # the phone has not reset yet
    seen(tomorrow, 0)
    seen(tomorrow, 800)
    days = day_totals(conn, "p1", DAY, tomorrow)
    assert days[DAY].activity[ActivityMetric.STEPS] == 6500
    assert days[tomorrow].activity[ActivityMetric.STEPS] == 800
