"""A profile's call entities: the last call (sensor) and incoming calls (event)."""

from datetime import datetime
from typing import Any

from homeassistant.components.event import EventEntity, EventEntityDescription
from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
)
from homeassistant.core import callback
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.dispatcher import async_dispatcher_connect

from ..const import DOMAIN
from ..entity import BettiEntity
from ..models import BettiConfigEntry
from .const import CALL_EVENTS, SIGNAL_CALL
from .coordinator import CallsCoordinator

LAST_CALL = SensorEntityDescription(
    key="last_call",
    translation_key="last_call",
    device_class=SensorDeviceClass.TIMESTAMP,
)
INCOMING_CALL = EventEntityDescription(
    key="incoming_call",
    translation_key="incoming_call",
    event_types=list(CALL_EVENTS),
)


class LastCallSensor(BettiEntity[CallsCoordinator], SensorEntity):
    """When the last call came, from whom, and how it went."""

    @property
    def native_value(self) -> datetime | None:
        """When the last call started ringing."""
        return (
            None if self.coordinator.data is None else self.coordinator.data.started_at
        )

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """Who called, whether it was answered, and for how long."""
        if (call := self.coordinator.data) is None:
            return None
        return {
            "caller": call.caller,
            "guest": call.guest,
            "outcome": call.outcome,
            "duration_s": call.duration_s,
        }


class IncomingCallEvent(EventEntity):
    """Fires as a call to the person rings, is answered, missed or declined.

    An automation on ``ringing`` can wake the mirror's screen.
    """

    _attr_has_entity_name = True
    entity_description = INCOMING_CALL

    def __init__(self, entry: BettiConfigEntry) -> None:
        """Attach the entity to the profile's device."""
        self._entry_id = entry.entry_id
        self._attr_unique_id = f"{entry.entry_id}_{INCOMING_CALL.key}"
        self._attr_device_info = DeviceInfo(identifiers={(DOMAIN, entry.entry_id)})

    async def async_added_to_hass(self) -> None:
        """Listen for this person's calls."""
        self.async_on_remove(
            async_dispatcher_connect(
                self.hass, SIGNAL_CALL.format(self._entry_id), self._on_call
            )
        )

    @callback
    def _on_call(self, event_type: str, attributes: dict[str, Any]) -> None:
        self._trigger_event(event_type, attributes)
        self.async_write_ha_state()
