"""``betti.get_deliveries``: every push Betti sent for a person, what it was and what became of it.

Reads the delivery log that ``notifications.delivery`` writes. What a push was about is named by
its kind, tag and alert id; its text is left out, as it may carry a reading.
"""

from datetime import timedelta
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

from ..const import DOMAIN
from ..db.deliveries import Kind, LoggedPush, pushes_between
from ..household.access import PROFILE_FIELD, async_profile_entry, validation_error
from ..household.limits import RefusingSchema, moment
from ..models import BettiConfigEntry
from ..notifications.contacts import target_names

SERVICE_GET_DELIVERIES = "get_deliveries"
DEFAULT_HISTORY = timedelta(days=30)

GET_DELIVERIES_SCHEMA = RefusingSchema(
    {
        **PROFILE_FIELD,
        probatio.Optional("kind"): probatio.Coerce(Kind),
        probatio.Optional("start"): moment,
        probatio.Optional("end"): moment,
    }
)


def logged_push(push: LoggedPush, names: dict[str, str]) -> dict[str, Any]:
    """One push for people to read: the phone or contact by name where it has one."""
    return {
        "at": dt_util.as_local(push.at).isoformat(),
        "kind": push.kind,
        "target": names.get(push.target, push.target),
        "status": push.result.value,
        "reason": push.reason,
        "alert_id": push.alert_id,
        "tag": push.tag,
    }


async def _get_deliveries(call: ServiceCall) -> ServiceResponse:
    entry: BettiConfigEntry = await async_profile_entry(call.hass, call)
    end = call.data.get("end") or dt_util.utcnow() + timedelta(minutes=1)
    start = call.data.get("start") or end - DEFAULT_HISTORY
    if start >= end:
        raise validation_error("start_not_before_end")
    pushes = await entry.runtime_data.database.async_read(
        pushes_between,
        entry.entry_id,
        dt_util.as_utc(start),
        dt_util.as_utc(end),
        kind=call.data.get("kind"),
    )
    names = target_names(call.hass, entry)
    return {"deliveries": [logged_push(push, names) for push in pushes]}


@callback
def async_setup(hass: HomeAssistant) -> None:
    """Register ``betti.get_deliveries``."""
    hass.services.async_register(
        DOMAIN,
        SERVICE_GET_DELIVERIES,
        _get_deliveries,
        schema=GET_DELIVERIES_SCHEMA,
        supports_response=SupportsResponse.ONLY,
    )
