"""Actions for medications: add, change, pause, remove, refill, mark doses, read the history."""

from dataclasses import replace
from datetime import datetime, timedelta
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

from ..const import DOMAIN
from ..db.medications import (
    FIELDS,
    Medication,
    add_medication,
    dose_events,
    get_medication,
    medications,
    refill,
    remove_medication,
    update_medication,
)
from ..medication_actions import DoseError, async_mark
from ..medications.codec import decode
from ..models import BettiConfigEntry
from ..schedule import DoseEventKind, Pause, Schedule, ScheduleError
from .profile_access import (
    PROFILE_FIELD,
    async_profile_entry,
    async_write_audited,
    validation_error,
)

DEFAULT_GRACE = 60
DEFAULT_HISTORY = timedelta(days=30)
MEDICATION_ID = {probatio.Required("medication_id"): cv.positive_int}
_DETAILS = {
    probatio.Optional("strength"): cv.string,
    probatio.Optional("form"): cv.string,
    probatio.Optional("instructions"): cv.string,
    probatio.Optional("colour"): cv.string,
    probatio.Optional("shape"): cv.string,
    probatio.Optional("stock"): probatio.Coerce(float),
    probatio.Optional("refill_threshold"): probatio.Coerce(float),
    probatio.Optional("grace_minutes"): probatio.Coerce(int),
    probatio.Optional("remind"): cv.boolean,
    probatio.Optional("critical"): cv.boolean,
    # Checked in code, so each problem gets a translated message.
    probatio.Optional("schedules"): object,
}
ADD_SCHEMA = probatio.Schema(
    {**PROFILE_FIELD, probatio.Required("name"): cv.string, **_DETAILS}
)
UPDATE_SCHEMA = probatio.Schema(
    {
        **PROFILE_FIELD,
        **MEDICATION_ID,
        probatio.Optional("name"): cv.string,
        **_DETAILS,
        probatio.Optional("paused"): cv.boolean,
    }
)
REMOVE_SCHEMA = probatio.Schema({**PROFILE_FIELD, **MEDICATION_ID})
REFILL_SCHEMA = probatio.Schema(
    {
        **PROFILE_FIELD,
        **MEDICATION_ID,
        probatio.Required("amount"): probatio.Coerce(float),
    }
)
MARK_SCHEMA = probatio.Schema(
    {
        **PROFILE_FIELD,
        **MEDICATION_ID,
        probatio.Required("status"): probatio.In([k.value for k in DoseEventKind]),
        probatio.Optional("due"): cv.datetime,
        probatio.Optional("at"): cv.datetime,
        probatio.Optional("force", default=False): cv.boolean,
    }
)
HISTORY_SCHEMA = probatio.Schema(
    {
        **PROFILE_FIELD,
        probatio.Optional("medication_id"): cv.positive_int,
        probatio.Optional("start"): cv.datetime,
        probatio.Optional("end"): cv.datetime,
    }
)


def _aware(moment: datetime) -> datetime:
    """Return the instant in UTC; a time without a zone is local time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt_util.get_default_time_zone())
    return dt_util.as_utc(moment)


def _schedules(raw: Any) -> list[Schedule]:
    if not isinstance(raw, list) or not raw:
        raise validation_error("schedules_missing")
    today = dt_util.now().date()
    try:
        return [decode(item, today) for item in raw]
    except ScheduleError as err:
        raise validation_error("schedule_invalid", error=str(err)) from err


def _fields(data: dict[str, Any]) -> dict[str, Any]:
    fields = {name: data[name] for name in FIELDS if name in data}
    for name in ("stock", "refill_threshold"):
        if fields.get(name) is not None and fields[name] < 0:
            raise validation_error("medication_negative", field=name)
    if not 1 <= fields.get("grace_minutes", DEFAULT_GRACE) <= 24 * 60:
        raise validation_error("grace_out_of_range")
    if "name" in fields and not fields["name"].strip():
        raise validation_error("medication_name_empty")
    return fields


def _paused(schedule: Schedule, paused: bool, now: datetime) -> Schedule:  # noqa: FBT001
    is_open = any(p.end is None for p in schedule.pauses)
    if paused and not is_open:
        return replace(schedule, pauses=(*schedule.pauses, Pause(now)))
    if not paused and is_open:
        pauses = tuple(p if p.end else Pause(p.start, now) for p in schedule.pauses)
        return replace(schedule, pauses=pauses)
    return schedule


async def _add(call: ServiceCall) -> ServiceResponse:
    entry = await async_profile_entry(call.hass, call)
    fields = {"grace_minutes": DEFAULT_GRACE, **_fields(dict(call.data))}
    schedules = _schedules(call.data.get("schedules"))
    # Doses scheduled before the medication was added count only if a start date was given.
    explicit = [
        schedule.start
        for schedule, raw in zip(schedules, call.data["schedules"], strict=True)
        if "start" in raw
    ]
    now = dt_util.utcnow()
    not_before = (
        min(dt_util.start_of_local_day(day) for day in explicit) if explicit else now
    )
    medication_id = await async_write_audited(
        entry,
        call,
        "medication_added",
        add_medication,
        entry.entry_id,
        fields,
        schedules,
        not_before=not_before,
        created_at=now,
    )
    await entry.runtime_data.medications.async_refresh()
    return {"medication_id": medication_id}


async def _update(call: ServiceCall) -> None:
    entry = await async_profile_entry(call.hass, call)
    medication = await _medication(entry, call.data["medication_id"])
    fields = _fields(dict(call.data))
    schedules: list[Schedule] | None = None
    if "schedules" in call.data:
        schedules = _schedules(call.data["schedules"])
    if "paused" in call.data:
        now = dt_util.utcnow()
        schedules = [
            _paused(s, call.data["paused"], now)
            for s in schedules or medication.schedules
        ]
    await async_write_audited(
        entry,
        call,
        "medication_updated",
        update_medication,
        entry.entry_id,
        medication.medication_id,
        fields,
        schedules,
    )
    await entry.runtime_data.medications.async_refresh()


async def _medication(entry: BettiConfigEntry, medication_id: int) -> Medication:
    try:
        return await entry.runtime_data.database.async_read(
            get_medication, entry.entry_id, medication_id
        )
    except LookupError as err:
        raise validation_error(
            "medication_not_found", medication_id=medication_id
        ) from err


async def _remove(call: ServiceCall) -> None:
    entry = await async_profile_entry(call.hass, call)
    medication = await _medication(entry, call.data["medication_id"])
    await async_write_audited(
        entry,
        call,
        "medication_removed",
        remove_medication,
        entry.entry_id,
        medication.medication_id,
        dt_util.utcnow(),
    )
    await entry.runtime_data.medications.async_refresh()


async def _refill(call: ServiceCall) -> ServiceResponse:
    entry = await async_profile_entry(call.hass, call)
    medication = await _medication(entry, call.data["medication_id"])
    if not call.data["amount"] > 0:
        raise validation_error("refill_not_positive")
    stock = await async_write_audited(
        entry,
        call,
        "medication_refilled",
        refill,
        entry.entry_id,
        medication.medication_id,
        call.data["amount"],
    )
    await entry.runtime_data.medications.async_refresh()
    return {"stock": stock}


async def _mark(call: ServiceCall) -> ServiceResponse:
    entry = await async_profile_entry(call.hass, call)
    now = dt_util.utcnow()
    at = _aware(call.data["at"]) if "at" in call.data else now
    if at > now + timedelta(minutes=5):
        raise validation_error("dose_in_future")
    due = _aware(call.data["due"]) if "due" in call.data else None
    try:
        marked = await async_mark(
            call.hass,
            entry,
            call.data["medication_id"],
            DoseEventKind(call.data["status"]),
            due=due,
            at=at,
            user_id=call.context.user_id,
            source="service",
            force=call.data["force"],
        )
    except DoseError as err:
        raise validation_error(err.reason, **err.placeholders) from err
    return {
        "medication_id": marked.medication.medication_id,
        "due": marked.due.isoformat(),
    }


async def _history(call: ServiceCall) -> ServiceResponse:
    entry = await async_profile_entry(call.hass, call)
    end = (
        _aware(call.data["end"])
        if "end" in call.data
        else dt_util.utcnow() + timedelta(days=1)
    )
    start = (
        _aware(call.data["start"]) if "start" in call.data else end - DEFAULT_HISTORY
    )
    if start >= end:
        raise validation_error("start_not_before_end")
    database = entry.runtime_data.database
    meds = await database.async_read(medications, entry.entry_id)
    events = await database.async_read(dose_events, entry.entry_id, start, end)
    wanted = call.data.get("medication_id")
    return {
        "medications": [
            {
                "medication_id": m.medication_id,
                "name": m.name,
                "strength": m.strength,
                "stock": m.stock,
                "paused": m.paused,
            }
            for m in meds
            if wanted in (None, m.medication_id)
        ],
        "events": [
            {
                "medication_id": e.medication_id,
                "due": dt_util.as_local(e.due).isoformat(),
                "status": e.event.kind.value,
                "at": dt_util.as_local(e.event.at).isoformat(),
                "until": (
                    dt_util.as_local(e.event.until).isoformat()
                    if e.event.until
                    else None
                ),
                "amount": e.amount,
                "user_id": e.user_id,
                "source": e.source,
            }
            for e in events
            if wanted in (None, e.medication_id)
        ],
    }


@callback
def async_setup(hass: HomeAssistant) -> None:
    """Register the medication actions."""
    for name, handler, schema, response in (
        ("add_medication", _add, ADD_SCHEMA, SupportsResponse.OPTIONAL),
        ("update_medication", _update, UPDATE_SCHEMA, SupportsResponse.NONE),
        ("remove_medication", _remove, REMOVE_SCHEMA, SupportsResponse.NONE),
        ("refill_medication", _refill, REFILL_SCHEMA, SupportsResponse.OPTIONAL),
        ("mark_dose", _mark, MARK_SCHEMA, SupportsResponse.OPTIONAL),
        ("get_medication_history", _history, HISTORY_SCHEMA, SupportsResponse.ONLY),
    ):
        hass.services.async_register(
            DOMAIN, name, handler, schema=schema, supports_response=response
        )
