"""Actions for water, workouts and activity entered by hand."""

from collections.abc import Callable, Coroutine
from datetime import timedelta
import sqlite3
from typing import Any

from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.util import dt as dt_util
import probatio

from ..const import CONF_VOLUME_UNIT, DOMAIN
from ..db.fitness import add_activity, add_workout, delete_water, delete_workout
from ..household.access import PROFILE_FIELD, async_profile_entry, validation_error
from ..household.limits import (
    NAME_LENGTH,
    ROW_ID,
    TEXT_LENGTH,
    RefusingSchema,
    calendar_day,
    duration,
    moment,
    number,
    text,
)
from ..household.profile import UNIT_CHOICES
from . import ActivityMetric
from .log import async_log_water, async_write_as, checked_time
from .options import from_ml, to_ml

# The profile form's names ("ml", "fl_oz") and HA's own unit strings ("mL", "fl. oz.").
VOLUME_UNIT_NAMES = {
    **UNIT_CHOICES[CONF_VOLUME_UNIT],
    **{unit: unit for unit in UNIT_CHOICES[CONF_VOLUME_UNIT].values()},
}
LONGEST_WORKOUT = timedelta(hours=24)

# The most one drink or one day's activity can be (in either unit of water).
LARGEST_DRINK_ML = 5000
ACTIVITY_LIMITS = {
    ActivityMetric.STEPS: 200_000,
    ActivityMetric.ACTIVE_ENERGY: 10_000,
    ActivityMetric.ACTIVE_MINUTES: 24 * 60,
}

LOG_WATER_SCHEMA = RefusingSchema(
    {
        **PROFILE_FIELD,
        probatio.Optional("amount"): number(0, LARGEST_DRINK_ML),
        probatio.Optional("unit"): probatio.All(
            probatio.In(sorted(VOLUME_UNIT_NAMES)), VOLUME_UNIT_NAMES.get
        ),
        probatio.Optional("drunk_at"): moment,
    }
)
LOG_WORKOUT_SCHEMA = RefusingSchema(
    {
        **PROFILE_FIELD,
        probatio.Required("kind"): text(NAME_LENGTH),
        probatio.Optional("started_at"): moment,
        probatio.Required("duration"): duration(LONGEST_WORKOUT, "workout_duration"),
        probatio.Optional("distance_km"): number(0, 1000),
        probatio.Optional("energy_kcal"): number(0, 10_000),
        probatio.Optional("note"): text(TEXT_LENGTH),
    }
)
LOG_ACTIVITY_SCHEMA = RefusingSchema(
    {
        **PROFILE_FIELD,
        probatio.Optional("day"): calendar_day,
        **{
            probatio.Optional(m.value): number(0, ACTIVITY_LIMITS[m])
            for m in ActivityMetric
        },
    }
)
DELETE_SCHEMA = {**PROFILE_FIELD}


async def _log_water(call: ServiceCall) -> ServiceResponse:
    entry = await async_profile_entry(call.hass, call)
    profile = entry.runtime_data.profile
    settings = entry.runtime_data.nutrition.settings
    at = checked_time(call.data.get("drunk_at"))
    amount = call.data.get("amount")
    unit = call.data.get("unit", profile.volume_unit)
    ml = settings.glass_ml if amount is None else to_ml(amount, unit)
    if ml > LARGEST_DRINK_ML:
        raise validation_error(
            "number_out_of_range", field="amount", min=0, max=f"{LARGEST_DRINK_ML} mL"
        )
    water_id = await async_log_water(
        entry, ml, at=at, user_id=call.context.user_id, source="service"
    )
    today = entry.runtime_data.nutrition.data.totals.water_ml
    return {
        "water_id": water_id,
        "amount": round(from_ml(ml, profile.volume_unit), 1),
        "today": round(from_ml(today, profile.volume_unit), 1),
        "unit": profile.volume_unit,
    }


async def _log_workout(call: ServiceCall) -> ServiceResponse:
    entry = await async_profile_entry(call.hass, call)
    duration: timedelta = call.data["duration"]
    started = checked_time(call.data.get("started_at") or dt_util.utcnow() - duration)
    distance = call.data.get("distance_km")
    energy = call.data.get("energy_kcal")
    workout_id = await async_write_as(
        entry,
        call.context.user_id,
        "service",
        "workout_logged",
        add_workout,
        entry.entry_id,
        day=dt_util.as_local(started).date(),
        started_at=started,
        kind=call.data["kind"].strip().lower(),
        duration_min=duration.total_seconds() / 60,
        distance_m=None if distance is None else distance * 1000,
        energy_kcal=energy,
        note=call.data.get("note"),
        source="manual",
    )
    await entry.runtime_data.nutrition.async_refresh()
    return {"workout_id": workout_id}


async def _log_activity(call: ServiceCall) -> None:
    entry = await async_profile_entry(call.hass, call)
    today = dt_util.now().date()
    day = call.data.get("day", today)
    if day > today:
        raise validation_error("logged_in_future")
    amounts = {m: call.data[m.value] for m in ActivityMetric if m.value in call.data}
    if not amounts:
        raise validation_error("activity_missing")
    if any(value <= 0 for value in amounts.values()):
        raise validation_error("amount_not_positive")

    def add_all(conn: sqlite3.Connection) -> None:
        for metric, amount in amounts.items():
            add_activity(
                conn,
                entry.entry_id,
                day=day,
                metric=metric,
                amount=amount,
                at=dt_util.utcnow(),
            )

    await async_write_as(
        entry, call.context.user_id, "service", "activity_logged", add_all
    )
    await entry.runtime_data.nutrition.async_refresh()


def _deleter(
    kind: str, func: Callable[[sqlite3.Connection, str, int], None]
) -> Callable[[ServiceCall], Coroutine[Any, Any, None]]:
    async def delete(call: ServiceCall) -> None:
        entry = await async_profile_entry(call.hass, call)
        row_id = call.data[f"{kind}_id"]
        try:
            await async_write_as(
                entry,
                call.context.user_id,
                "service",
                f"{kind}_deleted",
                func,
                entry.entry_id,
                row_id,
            )
        except LookupError as err:
            raise validation_error(
                f"{kind}_not_found", **{f"{kind}_id": row_id}
            ) from err
        await entry.runtime_data.nutrition.async_refresh()

    return delete


@callback
def async_setup(hass: HomeAssistant) -> None:
    """Register the water, workout and activity actions."""
    hass.services.async_register(
        DOMAIN,
        "log_water",
        _log_water,
        schema=LOG_WATER_SCHEMA,
        supports_response=SupportsResponse.OPTIONAL,
    )
    hass.services.async_register(
        DOMAIN,
        "log_workout",
        _log_workout,
        schema=LOG_WORKOUT_SCHEMA,
        supports_response=SupportsResponse.OPTIONAL,
    )
    hass.services.async_register(
        DOMAIN, "log_activity", _log_activity, schema=LOG_ACTIVITY_SCHEMA
    )
    for kind, func in (("water", delete_water), ("workout", delete_workout)):
        hass.services.async_register(
            DOMAIN,
            f"delete_{kind}",
            _deleter(kind, func),
            schema=RefusingSchema(
                {**DELETE_SCHEMA, probatio.Required(f"{kind}_id"): ROW_ID}
            ),
        )
