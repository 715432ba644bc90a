"""Actions for alerts and emergency contacts: acknowledge, read the history, set contacts."""

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
from ..db.alerts import Alert, AlreadyAcknowledgedError, alerts_between
from ..db.deliveries import Delivery, alert_deliveries
from ..household.access import (
    PROFILE_FIELD,
    async_profile_entry,
    async_write_audited,
    validation_error,
)
from ..household.limits import ROW_ID, RefusingSchema, moment
from ..models import BettiConfigEntry
from ..notifications.contacts import CONF_EMERGENCY_CONTACTS, checked_contacts
from ..notifications.reachability import async_check_contacts
from .contact_list import ContactError
from .escalation import AlertSource
from .raising import async_acknowledge_alert

SERVICE_ACKNOWLEDGE_ALERT = "acknowledge_alert"
SERVICE_GET_ALERTS = "get_alerts"
SERVICE_SET_EMERGENCY_CONTACTS = "set_emergency_contacts"
DEFAULT_HISTORY = timedelta(days=30)

ACKNOWLEDGE_SCHEMA = RefusingSchema(
    {**PROFILE_FIELD, probatio.Optional("alert_id"): ROW_ID}
)
GET_ALERTS_SCHEMA = RefusingSchema(
    {
        **PROFILE_FIELD,
        probatio.Optional("source"): probatio.Coerce(AlertSource),
        probatio.Optional("start"): moment,
        probatio.Optional("end"): moment,
    }
)
# Contacts are checked in code, so each problem gets a translated message.
SET_CONTACTS_SCHEMA = RefusingSchema(
    {**PROFILE_FIELD, probatio.Required("contacts"): object}
)


async def _acknowledge_alert(call: ServiceCall) -> ServiceResponse:
    entry = await async_profile_entry(call.hass, call)
    alert_id = call.data.get("alert_id")
    try:
        ids = await async_acknowledge_alert(
            entry, alert_id, user_id=call.context.user_id, via="service"
        )
    except LookupError as err:
        raise validation_error("alert_not_found", alert_id=alert_id) from err
    except AlreadyAcknowledgedError as err:
        raise validation_error("alert_already_acknowledged", alert_id=alert_id) from err
    return {"acknowledged": list[Any](ids)}


def _delivery(delivery: Delivery) -> dict[str, Any]:
    return {
        "target": delivery.target,
        "at": dt_util.as_local(delivery.at).isoformat(),
        "result": delivery.result,
        "reason": delivery.reason,
    }


async def _user_name(call: ServiceCall, user_id: str | None) -> str | None:
    if user_id is None:
        return None
    user = await call.hass.auth.async_get_user(user_id)
    return user.name if user else None


async def _alert(
    call: ServiceCall, alert: Alert, deliveries: list[Delivery]
) -> dict[str, Any]:
    acknowledged = alert.acknowledged_at
    return {
        "alert_id": alert.alert_id,
        "source": alert.source,
        "severity": alert.severity,
        "message": alert.message,
        "created_at": dt_util.as_local(alert.created_at).isoformat(),
        "stage": alert.stage,
        "acknowledged_at": acknowledged and dt_util.as_local(acknowledged).isoformat(),
        "acknowledged_by": await _user_name(call, alert.acknowledged_by),
        "acknowledged_via": alert.acknowledged_via,
        "deliveries": [_delivery(delivery) for delivery in deliveries],
    }


async def _get_alerts(call: ServiceCall) -> ServiceResponse:
    entry: BettiConfigEntry = await async_profile_entry(call.hass, call)
    end = call.data.get("end") or dt_util.utcnow() + timedelta(minutes=1)
    start = call.data.get("start") or end - DEFAULT_HISTORY
    if start >= end:
        raise validation_error("start_not_before_end")
    database = entry.runtime_data.database
    alerts = [
        alert
        for alert in await database.async_read(
            alerts_between, entry.entry_id, dt_util.as_utc(start), dt_util.as_utc(end)
        )
        if call.data.get("source") in (None, alert.source)
    ]
    deliveries = await database.async_read(
        alert_deliveries, [alert.alert_id for alert in alerts]
    )
    return {
        "alerts": [
            await _alert(call, alert, deliveries[alert.alert_id]) for alert in alerts
        ]
    }


async def _set_emergency_contacts(call: ServiceCall) -> None:
    entry = await async_profile_entry(call.hass, call)
    try:
        contacts = checked_contacts(call.hass, call.data["contacts"])
    except ContactError as err:
        raise validation_error(err.reason, position=err.position) from err
    # The audit row first: if the database refuses it, the contacts stay as they were.
    await async_write_audited(entry, call, "emergency_contacts_set", lambda _: None)
    call.hass.config_entries.async_update_entry(
        entry, options={**entry.options, CONF_EMERGENCY_CONTACTS: contacts}
    )
    async_check_contacts(call.hass, entry)


@callback
def async_setup(hass: HomeAssistant) -> None:
    """Register the alert and contact actions."""
    hass.services.async_register(
        DOMAIN,
        SERVICE_ACKNOWLEDGE_ALERT,
        _acknowledge_alert,
        schema=ACKNOWLEDGE_SCHEMA,
        supports_response=SupportsResponse.OPTIONAL,
    )
    hass.services.async_register(
        DOMAIN,
        SERVICE_GET_ALERTS,
        _get_alerts,
        schema=GET_ALERTS_SCHEMA,
        supports_response=SupportsResponse.ONLY,
    )
    hass.services.async_register(
        DOMAIN,
        SERVICE_SET_EMERGENCY_CONTACTS,
        _set_emergency_contacts,
        schema=SET_CONTACTS_SCHEMA,
    )
