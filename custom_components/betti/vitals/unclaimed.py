"""Actions on unclaimed readings: those a shared device could not give to one person.

They wait in ``pending_vitals`` under a ``pending_id``: ``assign_vital`` gives one to a person,
``delete_vital`` (in services/vitals) throws one away.
"""

from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.exceptions import Unauthorized
import probatio

from ..const import CONF_PERSON, DOMAIN
from ..db.devices import PendingReading, pending_reading
from ..household.access import PROFILE_FIELD, async_profile_entry, validation_error
from ..household.database import DATA_DATABASE
from ..household.limits import ROW_ID, RefusingSchema
from .claims import ClaimError, async_assign, async_discard, async_may_answer

SERVICE_ASSIGN_VITAL = "assign_vital"
ATTR_PENDING_ID = "pending_id"

ASSIGN_VITAL_SCHEMA = RefusingSchema(
    {**PROFILE_FIELD, probatio.Required(ATTR_PENDING_ID): ROW_ID}
)


async def _pending(call: ServiceCall) -> PendingReading:
    pending_id = call.data[ATTR_PENDING_ID]
    reading = await call.hass.data[DATA_DATABASE].async_read(
        pending_reading, pending_id
    )
    if reading is None:
        raise validation_error("pending_vital_not_found", pending_id=pending_id)
    return reading


async def async_delete_pending(call: ServiceCall) -> None:
    """Throw away an unclaimed reading: for an admin, like the repair that asks about it."""
    if call.context.user_id is not None:
        user = await call.hass.auth.async_get_user(call.context.user_id)
        if user is None or not user.is_admin:
            raise Unauthorized(context=call.context)
    reading = await _pending(call)
    await async_discard(
        call.hass, reading, user_id=call.context.user_id, source="service"
    )


async def _assign_vital(call: ServiceCall) -> ServiceResponse:
    """Give an unclaimed reading to the person it belongs to (the phones' "Yes")."""
    entry = await async_profile_entry(call.hass, call)
    reading = await _pending(call)
    user_id = call.context.user_id
    if not await async_may_answer(call.hass, user_id, entry, reading):
        raise Unauthorized(context=call.context, entity_id=entry.data[CONF_PERSON])
    try:
        vital_id = await async_assign(
            call.hass, reading, entry, user_id=user_id, source="service"
        )
    except ClaimError as err:
        raise validation_error(
            err.reason, pending_id=reading.pending_id, name=entry.title
        ) from err
    except LookupError as err:
        raise validation_error(
            "pending_vital_not_found", pending_id=reading.pending_id
        ) from err
    return {"vital_id": vital_id}


@callback
def async_setup(hass: HomeAssistant) -> None:
    """Register the action that gives an unclaimed reading to a person."""
    hass.services.async_register(
        DOMAIN,
        SERVICE_ASSIGN_VITAL,
        _assign_vital,
        schema=ASSIGN_VITAL_SCHEMA,
        supports_response=SupportsResponse.OPTIONAL,
    )
