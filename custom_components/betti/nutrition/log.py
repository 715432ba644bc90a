"""Logging food and drink for a profile: shared by actions, the water button and voice."""

from collections.abc import Callable
from datetime import datetime, timedelta
import sqlite3
from typing import Any, Concatenate

from homeassistant.util import dt as dt_util

from ..db.fitness import add_water
from ..db.nutrition import EatenItem, add_items, food_usage
from ..db.profiles import add_audit
from ..household.access import validation_error
from ..household.database import async_write
from ..models import BettiConfigEntry
from . import (
    AmountError,
    AmountUnit,
    Food,
    MealType,
    grams_of,
    meal_at,
    nutrients_in,
)
from .foods import async_food_index, async_search_foods
from .search import MAX_QUERY_LENGTH, Usage

# Foods logged in this window count towards "recent and frequent" in search.
USAGE_WINDOW = timedelta(days=90)
# Clocks drift; a time a few minutes "in the future" is a clock, not a mistake.
CLOCK_LEEWAY = timedelta(minutes=5)


async def async_write_as[**P, T](
    entry: BettiConfigEntry,
    user_id: str | None,
    origin: str,
    action: str,
    func: Callable[Concatenate[sqlite3.Connection, P], T],
    /,
    *args: P.args,
    **kwargs: P.kwargs,
) -> T:
    """Write and leave an audit record in one transaction (actions, button, voice)."""

    def write_and_audit(conn: sqlite3.Connection) -> T:
        result = func(conn, *args, **kwargs)
        add_audit(
            conn,
            entry.entry_id,
            at=dt_util.utcnow(),
            user_id=user_id,
            source=origin,
            action=action,
            detail={"id": result} if type(result) is int else None,
        )
        return result

    return await async_write(entry.runtime_data.database, write_and_audit)


def checked_time(moment: datetime | None) -> datetime:
    """When something was eaten or drunk: now if not given, never in the future."""
    now = dt_util.utcnow()
    at = dt_util.as_utc(moment) if moment else now
    if at > now + CLOCK_LEEWAY:
        raise validation_error("logged_in_future")
    return at


async def async_usage(entry: BettiConfigEntry) -> dict[str, Usage]:
    """Which foods this person logged lately, and how often."""
    return await entry.runtime_data.database.async_read(
        food_usage, entry.entry_id, dt_util.utcnow() - USAGE_WINDOW
    )


def checked_query(query: str) -> str:
    """Return what a person typed to find a food; refuse a paste, which is no name."""
    if len(query) > MAX_QUERY_LENGTH:
        raise validation_error("food_query_too_long", max=MAX_QUERY_LENGTH)
    return query


async def async_find_food(entry: BettiConfigEntry, wanted: str) -> Food:
    """Return a food by key ("usda:…", "user:…"), or the best match for a name."""
    hass = entry.runtime_data.nutrition.hass
    food = (await async_food_index(hass)).get(checked_query(wanted))
    if food is None and ":" not in wanted:
        usage = await async_usage(entry)
        found = await async_search_foods(hass, wanted, usage, 1)
        food = found[0] if found else None
    if food is None:
        raise validation_error("food_not_found", food=wanted)
    return food


def eaten(food: Food, amount: float | None, unit: AmountUnit | None) -> EatenItem:
    """Turn an amount of a food into an eaten item (one serving, or 100 g without one, if none is given)."""
    if unit is None:
        unit = AmountUnit.SERVINGS if food.serving_g else AmountUnit.GRAMS
    if amount is None:
        amount = 1 if unit is AmountUnit.SERVINGS else 100
    try:
        grams = grams_of(food, amount, unit)
    except AmountError as err:
        raise validation_error(str(err), food=food.name) from err
    return EatenItem(
        food_key=food.key,
        name=food.name,
        amount=amount,
        unit=unit,
        grams=grams,
        nutrients=nutrients_in(food, grams),
    )


async def async_log_items(
    entry: BettiConfigEntry,
    items: list[EatenItem],
    *,
    meal: MealType | None,
    at: datetime,
    user_id: str | None,
    source: str,
) -> tuple[MealType, list[int]]:
    """Add eaten items to a meal of the local day they were eaten on."""
    local = dt_util.as_local(at)
    meal = meal or meal_at(local.hour)
    ids = await async_write_as(
        entry,
        user_id,
        source,
        "meal_logged",
        add_items,
        entry.entry_id,
        day=local.date(),
        meal=meal,
        eaten_at=at,
        items=items,
    )
    await entry.runtime_data.nutrition.async_refresh()
    return meal, ids


async def async_log_water(
    entry: BettiConfigEntry,
    ml: float,
    *,
    at: datetime,
    user_id: str | None,
    source: str,
) -> int:
    """Record a drink of water on the local day it was drunk."""
    if ml <= 0:
        raise validation_error("amount_not_positive")
    water_id = await async_write_as(
        entry,
        user_id,
        source,
        "water_logged",
        add_water,
        entry.entry_id,
        day=dt_util.as_local(at).date(),
        at=at,
        ml=ml,
        source=source,
    )
    await entry.runtime_data.nutrition.async_refresh()
    return water_id


def item_summary(item: EatenItem) -> dict[str, Any]:
    """Describe an eaten item as actions return it."""
    return {
        "food": item.food_key,
        "name": item.name,
        "amount": item.amount,
        "unit": item.unit,
        "grams": round(item.grams, 1),
        **{
            nutrient.value: round(value, 1)
            for nutrient, value in item.nutrients.items()
        },
    }
