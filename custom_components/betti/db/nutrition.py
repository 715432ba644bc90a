"""Household foods, and the meals each person ate with the nutrients of every item."""

from dataclasses import dataclass
from datetime import UTC, date, datetime
import sqlite3

from ..nutrition import AmountUnit, Food, MealType, Nutrient, Nutrients
from ..nutrition.search import Usage

_NUTRIENTS = tuple(Nutrient)
_COLUMNS = ", ".join(_NUTRIENTS)
_MARKS = ", ".join("?" * len(_NUTRIENTS))
USER_SOURCE = "user"


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def user_food_key(food_id: int) -> str:
    """Return the search key of a household food."""
    return f"{USER_SOURCE}:{food_id}"


def _food(row: sqlite3.Row) -> Food:
    return Food(
        key=user_food_key(row["id"]),
        name=row["name"],
        source=row["source"],
        per_100g={n: row[n] for n in _NUTRIENTS if row[n] is not None},
        serving_name=row["serving_name"],
        serving_g=row["serving_g"],
        density=row["density"],
    )


def add_food(
    conn: sqlite3.Connection,
    *,
    name: str,
    source: str,
    per_100g: Nutrients,
    serving_name: str | None,
    serving_g: float | None,
    density: float,
    at: datetime,
    barcode: str | None = None,
) -> Food:
    """Store a household food and return it with its key."""
    food_id = conn.execute(
        f"INSERT INTO foods (name, source, barcode, serving_name, serving_g, density, created_at, {_COLUMNS})"  # noqa: S608 - column names are ours
        f" VALUES (?, ?, ?, ?, ?, ?, ?, {_MARKS}) RETURNING id",
        (
            name,
            source,
            barcode,
            serving_name,
            serving_g,
            density,
            _utc(at),
            *(per_100g.get(n) for n in _NUTRIENTS),
        ),
    ).fetchone()[0]
    return _food(
        conn.execute("SELECT * FROM foods WHERE id = ?", (food_id,)).fetchone()
    )


def delete_food(conn: sqlite3.Connection, food_id: int) -> None:
    """Delete a household food (what was eaten keeps its nutrients); LookupError if none."""
    if not conn.execute("DELETE FROM foods WHERE id = ?", (food_id,)).rowcount:
        raise LookupError(food_id)


def household_foods(conn: sqlite3.Connection) -> list[Food]:
    """Every food the household added."""
    return [_food(row) for row in conn.execute("SELECT * FROM foods ORDER BY id")]


def food_by_barcode(conn: sqlite3.Connection, barcode: str) -> Food | None:
    """Return a food looked up before by its barcode."""
    row = conn.execute("SELECT * FROM foods WHERE barcode = ?", (barcode,)).fetchone()
    return None if row is None else _food(row)


@dataclass(frozen=True, slots=True, kw_only=True)
class EatenItem:
    """An amount of a food, with the nutrients it carried."""

    food_key: str | None
    name: str
    amount: float
    unit: AmountUnit
    grams: float
    nutrients: Nutrients


def add_items(
    conn: sqlite3.Connection,
    profile_id: str,
    *,
    day: date,
    meal: MealType,
    eaten_at: datetime,
    items: list[EatenItem],
) -> list[int]:
    """Add items to a person's meal of a day (creating the meal); return the items' ids."""
    conn.execute(
        "INSERT INTO meals (profile_id, day, meal) VALUES (?, ?, ?)"
        " ON CONFLICT (profile_id, day, meal) DO NOTHING",
        (profile_id, day.isoformat(), meal),
    )
    meal_id = conn.execute(
        "SELECT id FROM meals WHERE profile_id = ? AND day = ? AND meal = ?",
        (profile_id, day.isoformat(), meal),
    ).fetchone()[0]
    ids: list[int] = []
    for item in items:
        row = conn.execute(
            "INSERT INTO meal_items (profile_id, meal_id, eaten_at, food_key, name, amount,"  # noqa: S608 - column names are ours
            f" unit, grams, {_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, {_MARKS}) RETURNING id",
            (
                profile_id,
                meal_id,
                _utc(eaten_at),
                item.food_key,
                item.name,
                item.amount,
                item.unit,
                item.grams,
                *(item.nutrients.get(n) for n in _NUTRIENTS),
            ),
        ).fetchone()
        ids.append(row[0])
    return ids


def update_item(
    conn: sqlite3.Connection,
    profile_id: str,
    item_id: int,
    *,
    amount: float | None = None,
    meal: MealType | None = None,
) -> None:
    """Change an item's amount (its nutrients scale with it) or move it to another meal."""
    row = conn.execute(
        "SELECT i.amount, m.day FROM meal_items i JOIN meals m ON m.id = i.meal_id"
        " WHERE i.id = ? AND i.profile_id = ?",
        (item_id, profile_id),
    ).fetchone()
    if row is None:
        raise LookupError(item_id)
    if amount is not None:
        factor = amount / row["amount"]
        scaled = ", ".join(f"{n} = {n} * :factor" for n in _NUTRIENTS)
        conn.execute(
            f"UPDATE meal_items SET amount = :amount, grams = grams * :factor, {scaled}"  # noqa: S608
            " WHERE id = :id",
            {"amount": amount, "factor": factor, "id": item_id},
        )
    if meal is not None:
        old_meal = conn.execute(
            "SELECT meal_id FROM meal_items WHERE id = ?", (item_id,)
        ).fetchone()[0]
        conn.execute(
            "INSERT INTO meals (profile_id, day, meal) VALUES (?, ?, ?)"
            " ON CONFLICT (profile_id, day, meal) DO NOTHING",
            (profile_id, row["day"], meal),
        )
        conn.execute(
            "UPDATE meal_items SET meal_id = (SELECT id FROM meals WHERE profile_id = ?"
            " AND day = ? AND meal = ?) WHERE id = ?",
            (profile_id, row["day"], meal, item_id),
        )
        _drop_if_empty(conn, old_meal)


def delete_item(conn: sqlite3.Connection, profile_id: str, item_id: int) -> None:
    """Delete one eaten item (and its meal, if that leaves it empty)."""
    row = conn.execute(
        "DELETE FROM meal_items WHERE id = ? AND profile_id = ? RETURNING meal_id",
        (item_id, profile_id),
    ).fetchone()
    if row is None:
        raise LookupError(item_id)
    _drop_if_empty(conn, row[0])


def _drop_if_empty(conn: sqlite3.Connection, meal_id: int) -> None:
    conn.execute(
        "DELETE FROM meals WHERE id = ? AND NOT EXISTS"
        " (SELECT 1 FROM meal_items WHERE meal_id = ?)",
        (meal_id, meal_id),
    )


def day_meals(
    conn: sqlite3.Connection, profile_id: str, day: date
) -> dict[MealType, list[dict[str, object]]]:
    """Return a day's meals and their items, in the order they were eaten."""
    meals: dict[MealType, list[dict[str, object]]] = {}
    rows = conn.execute(
        f"SELECT m.meal, i.id, i.eaten_at, i.food_key, i.name, i.amount, i.unit, i.grams, {_COLUMNS}"  # noqa: S608
        " FROM meals m JOIN meal_items i ON i.meal_id = m.id"
        " WHERE m.profile_id = ? AND m.day = ? ORDER BY i.eaten_at, i.id",
        (profile_id, day.isoformat()),
    )
    for row in rows:
        item = {key: row[key] for key in row.keys() if key != "meal"}  # noqa: SIM118
        item["item_id"] = item.pop("id")
        meals.setdefault(MealType(row["meal"]), []).append(item)
    return meals


def nutrient_totals(
    conn: sqlite3.Connection, profile_id: str, first: date, last: date
) -> dict[date, Nutrients]:
    """Each day's nutrient totals from ``first`` to ``last`` (inclusive) that has any."""
    sums = ", ".join(f"sum({n}) AS {n}" for n in _NUTRIENTS)
    rows = conn.execute(
        f"SELECT m.day, {sums} FROM meals m JOIN meal_items i ON i.meal_id = m.id"  # noqa: S608
        " WHERE m.profile_id = ? AND m.day BETWEEN ? AND ? GROUP BY m.day",
        (profile_id, first.isoformat(), last.isoformat()),
    )
    return {
        date.fromisoformat(row["day"]): {
            n: row[n] for n in _NUTRIENTS if row[n] is not None
        }
        for row in rows
    }


def last_meal(conn: sqlite3.Connection, profile_id: str) -> dict[str, object] | None:
    """Return the latest item eaten, with its meal and the other foods of that meal."""
    row = conn.execute(
        "SELECT i.meal_id, i.eaten_at, m.meal, m.day FROM meal_items i"
        " JOIN meals m ON m.id = i.meal_id WHERE i.profile_id = ?"
        " ORDER BY i.eaten_at DESC, i.id DESC LIMIT 1",
        (profile_id,),
    ).fetchone()
    if row is None:
        return None
    names = [
        name
        for (name,) in conn.execute(
            "SELECT name FROM meal_items WHERE meal_id = ? ORDER BY eaten_at, id",
            (row["meal_id"],),
        )
    ]
    return {
        "meal": row["meal"],
        "day": row["day"],
        "eaten_at": datetime.fromisoformat(row["eaten_at"]),
        "foods": names,
    }


def food_usage(
    conn: sqlite3.Connection, profile_id: str, since: datetime
) -> dict[str, Usage]:
    """How often and how lately a person logged each food since a moment."""
    rows = conn.execute(
        "SELECT food_key, count(*), max(eaten_at) FROM meal_items WHERE profile_id = ?"
        " AND eaten_at >= ? AND food_key IS NOT NULL GROUP BY food_key",
        (profile_id, _utc(since)),
    )
    return {
        key: Usage(count, datetime.fromisoformat(last).timestamp())
        for key, count, last in rows
    }
