"""Actions for appointments: add, change and remove (one occurrence, or this and following).

HA's own calendar actions (``calendar.create_event``, ``calendar.get_events``) work on the
profile's calendar entity too; these add the provider, partial updates and response data.
"""

from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.helpers import config_validation as cv
import probatio

from ..const import DOMAIN
from ..household.access import PROFILE_FIELD, async_profile_entry, validation_error
from ..household.limits import (
    LONG_TEXT_LENGTH,
    NAME_LENGTH,
    TEXT_LENGTH,
    RefusingSchema,
    day_or_moment,
    text,
)
from . import Add, Fields, Remove, Update
from .coordinator import async_change_appointments

SERVICE_ADD_APPOINTMENT = "add_appointment"
SERVICE_UPDATE_APPOINTMENT = "update_appointment"
SERVICE_REMOVE_APPOINTMENT = "remove_appointment"

_TEXT = text(TEXT_LENGTH)
_DETAILS = {
    probatio.Optional("location"): _TEXT,
    probatio.Optional("provider"): _TEXT,
    probatio.Optional("notes"): text(LONG_TEXT_LENGTH),
    probatio.Optional("rrule"): text(NAME_LENGTH),
    probatio.Optional("end"): day_or_moment,
}
_OCCURRENCE = {
    probatio.Required("uid"): text(NAME_LENGTH),
    probatio.Optional("recurrence_id"): text(NAME_LENGTH),
    probatio.Optional("this_and_following", default=False): cv.boolean,
}
ADD_SCHEMA = RefusingSchema(
    {
        **PROFILE_FIELD,
        probatio.Required("title"): _TEXT,
        probatio.Required("start"): day_or_moment,
        **_DETAILS,
    }
)
UPDATE_SCHEMA = RefusingSchema(
    {
        **PROFILE_FIELD,
        **_OCCURRENCE,
        probatio.Optional("title"): _TEXT,
        probatio.Optional("start"): day_or_moment,
        **_DETAILS,
    }
)
REMOVE_SCHEMA = RefusingSchema({**PROFILE_FIELD, **_OCCURRENCE})


def _fields(call: ServiceCall) -> Fields:
    return Fields(
        title=call.data.get("title"),
        start=call.data.get("start"),
        end=call.data.get("end"),
        location=call.data.get("location"),
        provider=call.data.get("provider"),
        notes=call.data.get("notes"),
        rrule=call.data.get("rrule"),
    )


def _occurrence(call: ServiceCall) -> tuple[str, str | None, bool]:
    recurrence_id: str | None = call.data.get("recurrence_id")
    following: bool = call.data["this_and_following"]
    if following and recurrence_id is None:
        raise validation_error("appointment_following_needs_occurrence")
    return call.data["uid"], recurrence_id, following


async def _add(call: ServiceCall) -> ServiceResponse:
    entry = await async_profile_entry(call.hass, call)
    uid = await async_change_appointments(
        call.hass,
        entry,
        Add(fields=_fields(call)),
        user_id=call.context.user_id,
        source="service",
    )
    return {"uid": uid}


async def _update(call: ServiceCall) -> ServiceResponse:
    entry = await async_profile_entry(call.hass, call)
    uid, recurrence_id, following = _occurrence(call)
    await async_change_appointments(
        call.hass,
        entry,
        Update(
            uid=uid,
            fields=_fields(call),
            recurrence_id=recurrence_id,
            this_and_following=following,
        ),
        user_id=call.context.user_id,
        source="service",
    )
    return {"uid": uid}


async def _remove(call: ServiceCall) -> ServiceResponse:
    entry = await async_profile_entry(call.hass, call)
    uid, recurrence_id, following = _occurrence(call)
    await async_change_appointments(
        call.hass,
        entry,
        Remove(uid=uid, recurrence_id=recurrence_id, this_and_following=following),
        user_id=call.context.user_id,
        source="service",
    )
    return {"uid": uid}


@callback
def async_setup(hass: HomeAssistant) -> None:
    """Register the appointment actions."""
    for name, handler, schema in (
        (SERVICE_ADD_APPOINTMENT, _add, ADD_SCHEMA),
        (SERVICE_UPDATE_APPOINTMENT, _update, UPDATE_SCHEMA),
        (SERVICE_REMOVE_APPOINTMENT, _remove, REMOVE_SCHEMA),
    ):
        hass.services.async_register(
            DOMAIN,
            name,
            handler,
            schema=schema,
            supports_response=SupportsResponse.OPTIONAL,
        )
