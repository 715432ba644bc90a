"""Actions for medications: add, change, pause, remove, refill, mark doses, read the history."""

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    async_get_hass,
    callback,
)
from homeassistant.helpers import config_validation as cv
from homeassistant.util import dt as dt_util
import probatio

from ..db.medications import (
    FIELDS,
    Medication,
    UnusableMedicationError,
    add_medication,
    get_medication,
    refill,
    remove_medication,
    update_medication,
)
from ..household.access import (
    PROFILE_FIELD,
    Actor,
    async_profile_entry,
    async_register_actions,
    async_write_audited,
    async_write_audited_by,
    validation_error,
)
from ..household.limits import (
    NAME_LENGTH,
    ROW_ID,
    TEXT_LENGTH,
    RefusingSchema,
    number,
    text,
    whole,
)
from ..models import BettiConfigEntry
from ..notifications import texts
from .codec import decode
from .dose_services import HISTORY_SCHEMA, MARK_SCHEMA, mark_dose, medication_history
from .schedule import Pause, Schedule, ScheduleError
from .subentries import (
    async_add_medication_subentry,
    async_remove_medication_subentry,
    async_retitle_medication_subentry,
    medication_title,
)

DEFAULT_GRACE = 60
DEFAULT_HISTORY = timedelta(days=30)
MAX_SCHEDULES = 10
# Tablets, millilitres or puffs in stock: a pharmacy's shelf at most.
LARGEST_STOCK = 100_000
MEDICATION_ID = {probatio.Required("medication_id"): ROW_ID}
_DETAILS = {
    probatio.Optional("strength"): text(NAME_LENGTH),
    probatio.Optional("form"): text(NAME_LENGTH),
    probatio.Optional("instructions"): text(TEXT_LENGTH),
    probatio.Optional("colour"): text(NAME_LENGTH),
    probatio.Optional("shape"): text(NAME_LENGTH),
    probatio.Optional("stock"): number(0, LARGEST_STOCK),
    probatio.Optional("refill_threshold"): number(0, LARGEST_STOCK),
    probatio.Optional("grace_minutes"): whole(1, 24 * 60, "grace_out_of_range"),
    probatio.Optional("remind"): cv.boolean,
    probatio.Optional("critical"): cv.boolean,
}
ADD_SCHEMA = RefusingSchema(
    {
        **PROFILE_FIELD,
        probatio.Required("name"): text(NAME_LENGTH),
        **_DETAILS,
        # Checked in code, so each problem gets a translated message.
        probatio.Required("schedules"): object,
    }
)
UPDATE_SCHEMA = RefusingSchema(
    {
        **PROFILE_FIELD,
        **MEDICATION_ID,
        probatio.Optional("name"): text(NAME_LENGTH),
        **_DETAILS,
        probatio.Optional("schedules"): object,
        probatio.Optional("paused"): cv.boolean,
    }
)
REMOVE_SCHEMA = RefusingSchema({**PROFILE_FIELD, **MEDICATION_ID})
REFILL_SCHEMA = RefusingSchema(
    {
        **PROFILE_FIELD,
        **MEDICATION_ID,
        probatio.Required("amount"): number(0, LARGEST_STOCK),
    }
)


def medication_schedules(raw: Any) -> list[Schedule]:
    """Decode schedules in their dict form; a translated error names what is wrong."""
    if not isinstance(raw, list) or not raw:
        raise validation_error("schedules_missing")
    if len(raw) > MAX_SCHEDULES:
        raise validation_error("list_too_long", field="schedules", max=MAX_SCHEDULES)
    today = dt_util.now().date()
    try:
        return [decode(item, today) for item in raw]
    except ScheduleError as err:
        # The rule broken, in the household's language (the error's own text is English).
        hass = async_get_hass()
        unreadable = texts.text(hass, "schedule_rule_schedule_invalid")
        rule = texts.text_or(hass, f"schedule_rule_{err.reason}", unreadable)
        raise validation_error("schedule_invalid", error=rule) from err


def medication_fields(data: Mapping[str, Any]) -> dict[str, Any]:
    """Return the medication's own fields in ``data``, checked."""
    fields = {name: data[name] for name in FIELDS if name in data}
    if "name" in fields and not fields["name"].strip():
        raise validation_error("medication_name_empty")
    return fields


def _paused(schedule: Schedule, paused: bool, now: datetime) -> Schedule:  # noqa: FBT001
    is_open = any(p.end is None for p in schedule.pauses)
    if paused and not is_open:
        return replace(schedule, pauses=(*schedule.pauses, Pause(now)))
    if not paused and is_open:
        # Resumed in the instant it was paused: no pause at all, not an empty one.
        pauses = tuple(
            p if p.end else Pause(p.start, now)
            for p in schedule.pauses
            if p.end or p.start < now
        )
        return replace(schedule, pauses=pauses)
    return schedule


async def async_add_medication(
    entry: BettiConfigEntry, data: Mapping[str, Any], actor: Actor
) -> int:
    """Check and store a medication as ``betti.add_medication`` takes it; return its id."""
    fields = {"grace_minutes": DEFAULT_GRACE, **medication_fields(data)}
    schedules = medication_schedules(data.get("schedules"))
    # Doses scheduled before the medication was added count only if a start date was given.
    explicit = [
        schedule.start
        for schedule, raw in zip(schedules, data["schedules"], strict=True)
        if "start" in raw
    ]
    now = dt_util.utcnow()
    not_before = (
        min(dt_util.start_of_local_day(day) for day in explicit) if explicit else now
    )
    medication_id = await async_write_audited_by(
        entry,
        actor,
        "medication_added",
        add_medication,
        entry.entry_id,
        fields,
        schedules,
        not_before=not_before,
        created_at=now,
    )
    await entry.runtime_data.medications.async_refresh()
    return medication_id


async def async_update_medication(
    entry: BettiConfigEntry, medication_id: int, data: Mapping[str, Any], actor: Actor
) -> Medication:
    """Check and apply a change as ``betti.update_medication`` takes it; return the result."""
    medication = await async_medication(entry, medication_id)
    fields = medication_fields(data)
    schedules: list[Schedule] | None = None
    if "schedules" in data:
        schedules = medication_schedules(data["schedules"])
    if "paused" in data:
        now = dt_util.utcnow()
        schedules = [
            _paused(s, data["paused"], now) for s in schedules or medication.schedules
        ]
    await async_write_audited_by(
        entry,
        actor,
        "medication_updated",
        update_medication,
        entry.entry_id,
        medication.medication_id,
        fields,
        schedules,
    )
    await entry.runtime_data.medications.async_refresh()
    return await async_medication(entry, medication_id)


async def async_medication(entry: BettiConfigEntry, medication_id: int) -> Medication:
    """Return a profile's medication; a translated error if it has none Betti can use."""
    try:
        return await entry.runtime_data.database.async_read(
            get_medication, entry.entry_id, medication_id
        )
    except LookupError as err:
        raise validation_error(
            "medication_not_found", medication_id=medication_id
        ) from err
    except UnusableMedicationError as err:
        raise validation_error(
            "medication_unusable", medication=err.unusable.name
        ) from err


async def async_remove_medication(
    entry: BettiConfigEntry, medication_id: int, actor: Actor
) -> None:
    """Stop a medication; its dose history stays."""
    try:
        # Not read first: a medication Betti cannot use must still be removable.
        await async_write_audited_by(
            entry,
            actor,
            "medication_removed",
            remove_medication,
            entry.entry_id,
            medication_id,
            dt_util.utcnow(),
        )
    except LookupError as err:
        raise validation_error(
            "medication_not_found", medication_id=medication_id
        ) from err
    await entry.runtime_data.medications.async_refresh()


def _actor(call: ServiceCall) -> Actor:
    return Actor(call.context.user_id, "service")


async def _add(call: ServiceCall) -> ServiceResponse:
    entry = await async_profile_entry(call.hass, call)
    medication_id = await async_add_medication(entry, call.data, _actor(call))
    title = medication_title(call.data["name"], call.data.get("strength"))
    async_add_medication_subentry(call.hass, entry, medication_id, title)
    return {"medication_id": medication_id}


async def _update(call: ServiceCall) -> None:
    entry = await async_profile_entry(call.hass, call)
    medication = await async_update_medication(
        entry, call.data["medication_id"], call.data, _actor(call)
    )
    title = medication_title(medication.name, medication.strength)
    async_retitle_medication_subentry(call.hass, entry, medication.medication_id, title)


async def _remove(call: ServiceCall) -> None:
    entry = await async_profile_entry(call.hass, call)
    await async_remove_medication(entry, call.data["medication_id"], _actor(call))
    async_remove_medication_subentry(call.hass, entry, call.data["medication_id"])


async def _refill(call: ServiceCall) -> ServiceResponse:
    entry = await async_profile_entry(call.hass, call)
    medication = await async_medication(entry, call.data["medication_id"])
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


@callback
def async_setup(hass: HomeAssistant) -> None:
    """Register the medication actions."""
    async_register_actions(
        hass,
        (
            ("add_medication", _add, ADD_SCHEMA, SupportsResponse.OPTIONAL),
            ("update_medication", _update, UPDATE_SCHEMA, SupportsResponse.NONE),
            ("remove_medication", _remove, REMOVE_SCHEMA, SupportsResponse.NONE),
            ("refill_medication", _refill, REFILL_SCHEMA, SupportsResponse.OPTIONAL),
            ("mark_dose", mark_dose, MARK_SCHEMA, SupportsResponse.OPTIONAL),
            (
                "get_medication_history",
                medication_history,
                HISTORY_SCHEMA,
                SupportsResponse.ONLY,
            ),
        ),
    )
