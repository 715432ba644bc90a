"""Actions that read nutrition back: a day's or a range's totals, and barcode look-ups."""

from collections.abc import Iterator
from datetime import date, timedelta
import sqlite3
from typing import Any

from homeassistant.const import UnitOfVolume
from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.util import dt as dt_util
import probatio

from ..const import DOMAIN
from ..db.fitness import day_totals
from ..db.nutrition import day_meals
from ..household.access import PROFILE_FIELD, async_profile_entry, validation_error
from ..household.limits import NAME_LENGTH, RefusingSchema, calendar_day, text
from ..household.profile import Profile
from . import ActivityMetric, DayTotals, Nutrient, percent_of
from .barcode import async_lookup_barcode
from .goals import Goals
from .options import from_ml
from .services import food_summary

LONGEST_RANGE = timedelta(days=366)
BATCH_DAYS = 31
# Told in whole units (kcal, mg, steps, minutes); the rest (grams, fl oz) to a tenth.
WHOLE = frozenset(
    {
        Nutrient.ENERGY,
        Nutrient.SODIUM,
        *ActivityMetric,
        "workout_minutes",
        "workout_energy_kcal",
    }
)

GET_NUTRITION_SCHEMA = RefusingSchema(
    {
        **PROFILE_FIELD,
        probatio.Optional("day"): calendar_day,
        probatio.Optional("start"): calendar_day,
        probatio.Optional("end"): calendar_day,
    }
)
BARCODE_SCHEMA = RefusingSchema(
    {**PROFILE_FIELD, probatio.Required("barcode"): text(NAME_LENGTH)}
)


def _rounded(key: str, value: float) -> float:
    """Round a returned number as finely as is worth telling (stored values keep theirs)."""
    return round(value) if key in WHOLE else round(value, 1)


def _water(ml: float, volume_unit: str) -> float:
    water = from_ml(ml, volume_unit)
    return round(water, 1) if volume_unit == UnitOfVolume.FLUID_OUNCES else round(water)


def _item(item: dict[str, Any]) -> dict[str, Any]:
    """Round a meal item's grams and nutrients; an unknown one stays None."""
    return {
        key: _rounded(key, value)
        if isinstance(value, float) and (key == "grams" or key in Nutrient)
        else value
        for key, value in item.items()
    }


def _day_summary(totals: DayTotals, goals: Goals, profile: Profile) -> dict[str, Any]:
    amounts = {
        **{n.value: v for n, v in totals.nutrients.items()},
        **{m.value: v for m, v in totals.activity.items()},
        "workout_minutes": totals.workout_minutes,
        "workout_energy_kcal": totals.workout_energy_kcal,
    }
    goal_values = {
        "energy_kcal": goals.energy_kcal,
        "protein": goals.protein,
        "carbohydrate": goals.carbohydrate,
        "fat": goals.fat,
        "steps": goals.steps,
        "active_minutes": goals.active_minutes,
    }
    told = {
        **{key: _rounded(key, value) for key, value in amounts.items()},
        "water": _water(totals.water_ml, profile.volume_unit),
        "workouts": totals.workouts,
    }
    goals_told = {
        key: _rounded(key, value) for key, value in goal_values.items() if value
    }
    if goals.water_ml:
        goals_told["water"] = _water(goals.water_ml, profile.volume_unit)
    return {
        "totals": told,
        "goals": goals_told,
        "percent": {
            key: percent_of(float(told.get(key, 0)), value)
            for key, value in goals_told.items()
        },
    }


async def _get_nutrition(call: ServiceCall) -> ServiceResponse:
    entry = await async_profile_entry(call.hass, call)
    today = dt_util.now().date()
    single: date | None = call.data.get("day")
    if single is None and "start" not in call.data and "end" not in call.data:
        single = today
    first = single or call.data.get("start") or call.data["end"]
    last = single or call.data.get("end") or today
    if first > last:
        raise validation_error("start_not_before_end")
    if last - first >= LONGEST_RANGE:
        raise validation_error("range_too_long", days=LONGEST_RANGE.days)
    coordinator = entry.runtime_data.nutrition
    # Goals are today's: a profile keeps one set, and history is judged against it.
    goals = coordinator.data.goals
    profile = entry.runtime_data.profile
    workouts_are_active_minutes = coordinator.settings.active_minutes_sensor is None

    def read(conn: sqlite3.Connection) -> Iterator[list[tuple[str, dict[str, Any]]]]:
        # A year of days: summed and told in the executor, a month a batch, so that the
        # loop runs between batches.
        for offset in range(0, (last - first).days + 1, BATCH_DAYS):
            days = day_totals(
                conn,
                entry.entry_id,
                first + timedelta(days=offset),
                min(last, first + timedelta(days=offset + BATCH_DAYS - 1)),
                workouts_are_active_minutes=workouts_are_active_minutes,
            )
            yield [
                (day.isoformat(), _day_summary(totals, goals, profile))
                for day, totals in days.items()
            ]

    response: dict[str, Any] = {
        "unit_water": profile.volume_unit,
        "days": dict(await entry.runtime_data.database.async_read_batches(read)),
    }
    if single is not None:
        meals = await entry.runtime_data.database.async_read(
            day_meals, entry.entry_id, single
        )
        response["meals"] = {
            str(meal): [_item(item) for item in items] for meal, items in meals.items()
        }
    return response


async def _lookup_barcode(call: ServiceCall) -> ServiceResponse:
    entry = await async_profile_entry(call.hass, call)
    if not entry.runtime_data.nutrition.settings.barcode_lookup:
        raise validation_error("barcode_lookup_off")
    barcode = call.data["barcode"].strip()
    if not barcode.isdigit() or not 8 <= len(barcode) <= 14:  # noqa: PLR2004 - EAN-8 … GTIN-14
        raise validation_error("barcode_invalid", barcode=barcode)
    food = await async_lookup_barcode(call.hass, entry, barcode, call.context.user_id)
    return food_summary(food)


@callback
def async_setup(hass: HomeAssistant) -> None:
    """Register the read-back actions."""
    hass.services.async_register(
        DOMAIN,
        "get_nutrition",
        _get_nutrition,
        schema=GET_NUTRITION_SCHEMA,
        supports_response=SupportsResponse.ONLY,
    )
    hass.services.async_register(
        DOMAIN,
        "lookup_barcode",
        _lookup_barcode,
        schema=BARCODE_SCHEMA,
        supports_response=SupportsResponse.ONLY,
    )
