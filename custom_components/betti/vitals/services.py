"""Actions for vital signs: log one by hand, read the history, delete or move a wrong one.

``delete_vital`` with a ``pending_id`` throws an unclaimed reading away (see unclaimed_vitals).
"""

from collections.abc import Callable, Iterator
from datetime import timedelta
import sqlite3

from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.helpers import config_validation as cv
from homeassistant.util import dt as dt_util
from homeassistant.util.json import JsonValueType
import probatio

from ..const import DOMAIN
from ..db.vitals import (
    Reading,
    delete_reading,
    get_reading,
    move_reading,
    reading_batches,
)
from ..household.access import (
    PROFILE_FIELD,
    Actor,
    async_profile_entry,
    async_write_audited,
    validation_error,
)
from ..household.limits import (
    NAME_LENGTH,
    ROW_ID,
    TEXT_LENGTH,
    RefusingSchema,
    exactly_one,
    moment,
    number,
    text,
)
from ..household.profile import Profile
from ..models import BettiConfigEntry
from . import Metric, ReadingError, VitalKind, check_reading
from .intake import async_file_by_hand
from .unclaimed import ATTR_PENDING_ID, async_delete_pending
from .units import preferred_converter, preferred_unit, to_canonical, to_preferred
from .usual import async_unusual_weight

SERVICE_LOG_VITAL = "log_vital"
SERVICE_GET_VITALS = "get_vitals"
SERVICE_DELETE_VITAL = "delete_vital"
SERVICE_REASSIGN_VITAL = "reassign_vital"
ATTR_TO_PROFILE = "to_config_entry_id"
ATTR_CONFIRM_UNUSUAL = "confirm_unusual"
# Clocks drift; a reading a few minutes "in the future" is a clock, not a mistake.
CLOCK_LEEWAY = timedelta(minutes=5)
DEFAULT_HISTORY = timedelta(days=30)

# Wide enough for every unit a person may use; `check_reading` holds each kind's limits.
_METRIC_VALUE = number(0, 1000)

LOG_VITAL_SCHEMA = RefusingSchema(
    {
        **PROFILE_FIELD,
        probatio.Required("kind"): probatio.Coerce(VitalKind),
        **{probatio.Optional(metric.value): _METRIC_VALUE for metric in Metric},
        probatio.Optional("measured_at"): moment,
        probatio.Optional("note"): text(TEXT_LENGTH),
        probatio.Optional(ATTR_CONFIRM_UNUSUAL, default=False): cv.boolean,
    }
)
GET_VITALS_SCHEMA = RefusingSchema(
    {
        **PROFILE_FIELD,
        probatio.Optional("kind"): probatio.Coerce(VitalKind),
        probatio.Optional("start"): moment,
        probatio.Optional("end"): moment,
    }
)
REASSIGN_VITAL_SCHEMA = RefusingSchema(
    {
        **PROFILE_FIELD,
        probatio.Required("vital_id"): ROW_ID,
        probatio.Required(ATTR_TO_PROFILE): text(NAME_LENGTH),
    }
)
DELETE_VITAL_SCHEMA = RefusingSchema(
    probatio.All(
        {
            **PROFILE_FIELD,
            probatio.Optional("vital_id"): ROW_ID,
            probatio.Optional(ATTR_PENDING_ID): ROW_ID,
        },
        exactly_one("vital_id", ATTR_PENDING_ID),
    )
)


def _shaper(profile: Profile) -> Callable[[Reading], JsonValueType]:
    """Return what turns a reading into its answer: units and converters looked up once."""
    local = dt_util.get_default_time_zone()
    convert = {metric: preferred_converter(metric, profile) for metric in Metric}
    units = {metric: preferred_unit(metric, profile) for metric in Metric}

    def shape(reading: Reading) -> JsonValueType:
        return {
            "vital_id": reading.reading_id,
            "kind": reading.kind,
            "measured_at": reading.measured_at.astimezone(local).isoformat(),
            "source": reading.source,
            "note": reading.note,
            **{
                metric.value: round(convert[metric](value), 2)
                for metric, value in reading.values.items()
            },
            "units": {metric.value: units[metric] for metric in reading.values},
        }

    return shape


def _weight(entry: BettiConfigEntry, kilograms: float) -> str:
    profile = entry.runtime_data.profile
    shown = round(to_preferred(Metric.WEIGHT, kilograms, profile), 1)
    return f"{shown:g} {preferred_unit(Metric.WEIGHT, profile)}"


async def _log_vital(call: ServiceCall) -> ServiceResponse:
    entry = await async_profile_entry(call.hass, call)
    profile = entry.runtime_data.profile
    kind: VitalKind = call.data["kind"]
    values = {
        metric: to_canonical(metric, call.data[metric], profile)
        for metric in Metric
        if metric in call.data
    }
    try:
        check_reading(kind, values)
    except ReadingError as err:
        metric = err.metric
        raise validation_error(
            f"vital_{err.reason}",
            kind=kind,
            metric=metric or "",
            unit=preferred_unit(metric, profile) if metric else "",
        ) from err
    measured_at = dt_util.as_utc(call.data.get("measured_at") or dt_util.utcnow())
    if measured_at > dt_util.utcnow() + CLOCK_LEEWAY:
        raise validation_error("measured_in_future")
    if measured_at < dt_util.start_of_local_day(profile.date_of_birth):
        raise validation_error("measured_before_birth", date=profile.date_of_birth)
    if (
        not call.data[ATTR_CONFIRM_UNUSUAL]
        and (usual := await async_unusual_weight(entry, values, measured_at))
        is not None
    ):
        raise validation_error(
            "weight_far_from_usual",
            weight=_weight(entry, values[Metric.WEIGHT]),
            last=_weight(entry, usual),
        )
    vital_id = await async_file_by_hand(
        call.hass,
        entry,
        kind,
        values,
        measured_at=measured_at,
        actor=Actor(call.context.user_id, "service"),
        note=call.data.get("note"),
    )
    return {"vital_id": vital_id}


async def _get_vitals(call: ServiceCall) -> ServiceResponse:
    entry = await async_profile_entry(call.hass, call)
    end = call.data.get("end") or dt_util.utcnow() + CLOCK_LEEWAY
    start = call.data.get("start") or end - DEFAULT_HISTORY
    if start >= end:
        raise validation_error("start_not_before_end")

    def read(conn: sqlite3.Connection) -> Iterator[list[JsonValueType]]:
        # A year is thousands of readings: read and shaped in the executor, a batch at a
        # time, so that the loop runs between batches.
        shape = _shaper(entry.runtime_data.profile)
        for batch in reading_batches(
            conn,
            entry.entry_id,
            dt_util.as_utc(start),
            dt_util.as_utc(end),
            call.data.get("kind"),
        ):
            yield [shape(reading) for reading in batch]

    return {"vitals": await entry.runtime_data.database.async_read_batches(read)}


async def _async_existing(entry: BettiConfigEntry, vital_id: int) -> Reading:
    reading = await entry.runtime_data.database.async_read(
        get_reading, entry.entry_id, vital_id
    )
    if reading is None:
        raise validation_error("vital_not_found", vital_id=vital_id)
    return reading


async def _delete_vital(call: ServiceCall) -> None:
    if ATTR_PENDING_ID in call.data:
        await async_delete_pending(call)
        return
    entry = await async_profile_entry(call.hass, call)
    reading = await _async_existing(entry, call.data["vital_id"])
    try:
        await async_write_audited(
            entry,
            call,
            "vital_deleted",
            delete_reading,
            entry.entry_id,
            call.data["vital_id"],
        )
    except LookupError as err:
        raise validation_error(
            "vital_not_found", vital_id=call.data["vital_id"]
        ) from err
    entry.runtime_data.vital_statistics.async_reading_removed(
        reading.kind, reading.measured_at
    )
    await entry.runtime_data.vitals.async_refresh()


async def _reassign_vital(call: ServiceCall) -> None:
    """Move a reading a shared device filed with the wrong person."""
    entry = await async_profile_entry(call.hass, call)
    target = await async_profile_entry(call.hass, call, ATTR_TO_PROFILE)
    if target.entry_id == entry.entry_id:
        raise validation_error("reassign_to_same_profile")
    reading = await _async_existing(entry, call.data["vital_id"])
    try:
        await async_write_audited(
            entry,
            call,
            "vital_reassigned",
            move_reading,
            entry.entry_id,
            call.data["vital_id"],
            target.entry_id,
        )
    except LookupError as err:
        raise validation_error(
            "vital_not_found", vital_id=call.data["vital_id"]
        ) from err
    entry.runtime_data.vital_statistics.async_reading_removed(
        reading.kind, reading.measured_at
    )
    target.runtime_data.vital_statistics.async_reading_added(
        reading.kind, reading.measured_at
    )
    for profile in (entry, target):
        await profile.runtime_data.vitals.async_refresh()


@callback
def async_setup(hass: HomeAssistant) -> None:
    """Register the vital-sign actions."""
    hass.services.async_register(
        DOMAIN,
        SERVICE_LOG_VITAL,
        _log_vital,
        schema=LOG_VITAL_SCHEMA,
        supports_response=SupportsResponse.OPTIONAL,
    )
    hass.services.async_register(
        DOMAIN,
        SERVICE_GET_VITALS,
        _get_vitals,
        schema=GET_VITALS_SCHEMA,
        supports_response=SupportsResponse.ONLY,
    )
    hass.services.async_register(
        DOMAIN, SERVICE_DELETE_VITAL, _delete_vital, schema=DELETE_VITAL_SCHEMA
    )
    hass.services.async_register(
        DOMAIN, SERVICE_REASSIGN_VITAL, _reassign_vital, schema=REASSIGN_VITAL_SCHEMA
    )
