"""Alerts for other domains: ``async_raise_alert`` and ``async_acknowledge_alert``.

Medications, vitals and device checks raise alerts here; ``alert_engine.AlertEngine`` does the
escalation. Phone "I'm on it" buttons (``BETTI_ACK_<id>``) arrive through ``delivery``.
"""

import logging
from typing import Any

from homeassistant.core import Event, HomeAssistant, callback

from ..db.alerts import AlreadyAcknowledgedError, alert_profile
from ..db.deliveries import sent_targets
from ..household.permissions import async_answering_profile
from ..models import BettiConfigEntry
from ..notifications.contacts import own_phone
from ..notifications.delivery import async_register_action
from ..notifications.texts import async_text
from .escalation import ACK_PREFIX, AlertSource, Severity

_LOGGER = logging.getLogger(__name__)


async def async_raise_alert(
    hass: HomeAssistant,
    entry: BettiConfigEntry,
    *,
    source: AlertSource,
    severity: Severity,
    message: str | None = None,
    message_key: str | None = None,
    placeholders: dict[str, Any] | None = None,
    dedupe_key: str | None = None,
    urgent: bool = False,
    user_id: str | None = None,
) -> int:
    """Raise an alert for a profile and start its escalation; return its id.

    Give ``message``, or ``message_key`` (an ``exceptions`` key in en.json) with
    ``placeholders``. While an alert with the same ``dedupe_key`` is unacknowledged, its id
    is returned and nobody is notified again. ``urgent`` (the panic button) tells contacts at once.
    """
    if message is None:
        if message_key is None:
            raise ValueError("no_message")
        message = await async_text(hass, message_key, **(placeholders or {}))
    return await entry.runtime_data.alert_engine.async_raise(
        source=source,
        severity=severity,
        message=message,
        dedupe_key=dedupe_key,
        urgent=urgent,
        user_id=user_id,
    )


async def async_call_for_help(entry: BettiConfigEntry, user_id: str | None) -> int:
    """Raise the help alert, as the mirror's button and "call for help" do; return its id."""
    return await async_raise_alert(
        entry.runtime_data.alerts.hass,
        entry,
        source=AlertSource.PANIC,
        severity=Severity.CRITICAL,
        # Without her number in the profile the push has no Call button to press.
        message_key="alert_panic" if own_phone(entry) else "alert_panic_no_phone",
        placeholders={"name": entry.title},
        dedupe_key="panic",
        urgent=True,
        user_id=user_id,
    )


async def async_acknowledge_alert(
    entry: BettiConfigEntry,
    alert_id: int | None = None,
    *,
    user_id: str | None = None,
    via: str = "service",
    target: str | None = None,
) -> list[int]:
    """Acknowledge one alert (or all open ones); return the ids acknowledged."""
    return await entry.runtime_data.alert_engine.async_acknowledge(
        alert_id, user_id=user_id, via=via, target=target
    )


@callback
def async_setup_alert_actions(hass: HomeAssistant) -> None:
    """Acknowledge alerts from the phones' action button, whichever profile they are for."""

    async def acknowledge_from_phone(suffix: str, event: Event) -> None:
        if not suffix.isdecimal():
            return
        alert_id = int(suffix)
        entry = await async_answering_profile(
            hass,
            event,
            "phone acknowledgement",
            lambda conn: alert_profile(conn, alert_id),
            lambda conn, _profile_id: sent_targets(conn, alert_id),
        )
        if entry is None:
            return
        action_data = event.data.get("action_data")
        target = action_data.get("target") if isinstance(action_data, dict) else None
        try:
            await async_acknowledge_alert(
                entry,
                alert_id,
                user_id=event.context.user_id,
                via="phone",
                target=target,
            )
        except AlreadyAcknowledgedError:
            _LOGGER.debug("Alert %s was already acknowledged", suffix)

    async_register_action(hass, ACK_PREFIX, acknowledge_from_phone)
