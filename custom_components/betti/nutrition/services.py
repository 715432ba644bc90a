"""Actions for food: log a food or a meal, search foods, add foods, edit what was eaten."""

from typing import Any

from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.helpers import config_validation as cv
from homeassistant.util import dt as dt_util
import probatio

from ..db.nutrition import add_food, delete_food, delete_item, update_item
from ..household.access import (
    PROFILE_FIELD,
    async_profile_entry,
    async_register_actions,
    validation_error,
)
from ..household.limits import (
    MAX_ID,
    NAME_LENGTH,
    ROW_ID,
    RefusingSchema,
    at_most,
    moment,
    number,
    text,
    whole,
)
from . import AmountUnit, Food, MealType, Nutrient, add_up
from .foods import async_food_index, async_search_foods
from .log import (
    async_find_food,
    async_log_items,
    async_usage,
    async_write_as,
    checked_query,
    checked_time,
    eaten,
    item_summary,
)

MAX_RESULTS = 50
# A food's key ("usda:…") or a name to look up.
FOOD_LENGTH = 200
GRAMS_PER_100G = 100
MAX_MEAL_ITEMS = 50
# Grams, millilitres or servings of one food: a whole pot, not a lorry.
AMOUNT = number(0, 10000)
FOOD = text(FOOD_LENGTH)
ITEM = {
    probatio.Required("food"): FOOD,
    probatio.Optional("amount"): AMOUNT,
    probatio.Optional("unit"): probatio.Coerce(AmountUnit),
}
LOG_FOOD_SCHEMA = RefusingSchema(
    {
        **PROFILE_FIELD,
        **ITEM,
        probatio.Optional("meal"): probatio.Coerce(MealType),
        probatio.Optional("eaten_at"): moment,
    }
)
LOG_MEAL_SCHEMA = RefusingSchema(
    {
        **PROFILE_FIELD,
        probatio.Optional("meal"): probatio.Coerce(MealType),
        probatio.Required("items"): probatio.All(
            at_most(MAX_MEAL_ITEMS), [probatio.Schema(ITEM)]
        ),
        probatio.Optional("eaten_at"): moment,
    }
)
SEARCH_SCHEMA = RefusingSchema(
    {
        **PROFILE_FIELD,
        probatio.Optional("query", default=""): cv.string,
        probatio.Optional("limit", default=10): whole(1, MAX_RESULTS),
    }
)
# Per 100 g: no food holds more energy than fat (900 kcal) or more salt than salt.
NUTRIENT_LIMITS = {
    **dict.fromkeys(Nutrient, 100.0),
    Nutrient.ENERGY: 900.0,
    Nutrient.SODIUM: 40000.0,
}
ADD_FOOD_SCHEMA = RefusingSchema(
    {
        **PROFILE_FIELD,
        probatio.Required("name"): text(NAME_LENGTH),
        **{
            probatio.Required(n.value)
            if n
            in (Nutrient.ENERGY, Nutrient.PROTEIN, Nutrient.CARBOHYDRATE, Nutrient.FAT)
            else probatio.Optional(n.value): number(0, NUTRIENT_LIMITS[n])
            for n in Nutrient
        },
        probatio.Optional("serving_name"): text(NAME_LENGTH),
        probatio.Optional("serving_g"): number(0, 5000),
    }
)
DELETE_FOOD_SCHEMA = RefusingSchema({**PROFILE_FIELD, probatio.Required("food"): FOOD})
EDIT_ITEM_SCHEMA = RefusingSchema(
    {
        **PROFILE_FIELD,
        probatio.Required("item_id"): ROW_ID,
        probatio.Optional("amount"): AMOUNT,
        probatio.Optional("meal"): probatio.Coerce(MealType),
    }
)
DELETE_ITEM_SCHEMA = RefusingSchema(
    {**PROFILE_FIELD, probatio.Required("item_id"): ROW_ID}
)


def food_summary(food: Food) -> dict[str, Any]:
    """Describe a food as actions return it: nutrients per 100 g, and its serving if it has one."""
    return {
        "food": food.key,
        "name": food.name,
        "source": food.source,
        "per_100g": {n.value: round(v, 2) for n, v in food.per_100g.items()},
        "serving": (
            {"name": food.serving_name, "grams": food.serving_g}
            if food.serving_g
            else None
        ),
    }


async def _log_food(call: ServiceCall) -> ServiceResponse:
    entry = await async_profile_entry(call.hass, call)
    at = checked_time(call.data.get("eaten_at"))
    food = await async_find_food(entry, call.data["food"])
    item = eaten(food, call.data.get("amount"), call.data.get("unit"))
    meal, ids = await async_log_items(
        entry,
        [item],
        meal=call.data.get("meal"),
        at=at,
        user_id=call.context.user_id,
        source="service",
    )
    return {"item_id": ids[0], "meal": meal, **item_summary(item)}


async def _log_meal(call: ServiceCall) -> ServiceResponse:
    entry = await async_profile_entry(call.hass, call)
    at = checked_time(call.data.get("eaten_at"))
    if not call.data["items"]:
        raise validation_error("meal_without_items")
    # Every item is checked before anything is written.
    items = [
        eaten(
            await async_find_food(entry, wanted["food"]),
            wanted.get("amount"),
            wanted.get("unit"),
        )
        for wanted in call.data["items"]
    ]
    meal, ids = await async_log_items(
        entry,
        items,
        meal=call.data.get("meal"),
        at=at,
        user_id=call.context.user_id,
        source="service",
    )
    totals = add_up(item.nutrients for item in items)
    return {
        "meal": meal,
        "items": [
            {"item_id": item_id, **item_summary(item)}
            for item_id, item in zip(ids, items, strict=True)
        ],
        "totals": {n.value: round(v, 1) for n, v in totals.items()},
    }


async def _search_foods(call: ServiceCall) -> ServiceResponse:
    entry = await async_profile_entry(call.hass, call)
    query = checked_query(call.data["query"])
    usage = await async_usage(entry)
    foods = await async_search_foods(call.hass, query, usage, call.data["limit"])
    return {"foods": [food_summary(food) for food in foods]}


async def _add_food(call: ServiceCall) -> ServiceResponse:
    entry = await async_profile_entry(call.hass, call)
    per_100g = {n: call.data[n.value] for n in Nutrient if n.value in call.data}
    macros = (Nutrient.PROTEIN, Nutrient.CARBOHYDRATE, Nutrient.FAT)
    if sum(per_100g.get(n, 0) for n in macros) > GRAMS_PER_100G:
        raise validation_error("nutrients_over_100g")
    serving_g = call.data.get("serving_g")
    if serving_g is not None and serving_g <= 0:
        raise validation_error("amount_not_positive")
    food = await async_write_as(
        entry,
        call.context.user_id,
        "service",
        "food_added",
        add_food,
        name=call.data["name"].strip(),
        source="user",
        per_100g=per_100g,
        serving_name=call.data.get("serving_name") if serving_g else None,
        serving_g=serving_g,
        density=1.0,
        at=dt_util.utcnow(),
    )
    index = await async_food_index(call.hass)
    await call.hass.async_add_executor_job(index.add, food)
    return food_summary(food)


async def _delete_food(call: ServiceCall) -> None:
    entry = await async_profile_entry(call.hass, call)
    key: str = call.data["food"]
    prefix, _, number = key.partition(":")
    # isdecimal, not isdigit: "²" is a digit int() cannot read.
    if prefix != "user" or not number.isdecimal() or int(number) > MAX_ID:
        raise validation_error("only_own_foods", food=key)
    try:
        await async_write_as(
            entry,
            call.context.user_id,
            "service",
            "food_deleted",
            delete_food,
            int(number),
        )
    except LookupError as err:
        raise validation_error("food_not_found", food=key) from err
    index = await async_food_index(call.hass)
    await call.hass.async_add_executor_job(index.remove, key)


async def _edit_meal_item(call: ServiceCall) -> None:
    entry = await async_profile_entry(call.hass, call)
    amount = call.data.get("amount")
    if amount is not None and amount <= 0:
        raise validation_error("amount_not_positive")
    try:
        await async_write_as(
            entry,
            call.context.user_id,
            "service",
            "meal_item_edited",
            update_item,
            entry.entry_id,
            call.data["item_id"],
            amount=amount,
            meal=call.data.get("meal"),
        )
    except LookupError as err:
        raise validation_error("item_not_found", item_id=call.data["item_id"]) from err
    await entry.runtime_data.nutrition.async_refresh()


async def _delete_meal_item(call: ServiceCall) -> None:
    entry = await async_profile_entry(call.hass, call)
    try:
        await async_write_as(
            entry,
            call.context.user_id,
            "service",
            "meal_item_deleted",
            delete_item,
            entry.entry_id,
            call.data["item_id"],
        )
    except LookupError as err:
        raise validation_error("item_not_found", item_id=call.data["item_id"]) from err
    await entry.runtime_data.nutrition.async_refresh()


@callback
def async_setup(hass: HomeAssistant) -> None:
    """Register the food actions."""
    async_register_actions(
        hass,
        (
            ("log_food", _log_food, LOG_FOOD_SCHEMA, SupportsResponse.OPTIONAL),
            ("log_meal", _log_meal, LOG_MEAL_SCHEMA, SupportsResponse.OPTIONAL),
            ("search_foods", _search_foods, SEARCH_SCHEMA, SupportsResponse.ONLY),
            ("add_food", _add_food, ADD_FOOD_SCHEMA, SupportsResponse.OPTIONAL),
            ("delete_food", _delete_food, DELETE_FOOD_SCHEMA, SupportsResponse.NONE),
            (
                "edit_meal_item",
                _edit_meal_item,
                EDIT_ITEM_SCHEMA,
                SupportsResponse.NONE,
            ),
            (
                "delete_meal_item",
                _delete_meal_item,
                DELETE_ITEM_SCHEMA,
                SupportsResponse.NONE,
            ),
        ),
    )
