"""A profile's call entities: the last call (sensor) and incoming calls (event)."""

from datetime import datetime
from typing import Any

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
)

from ..entity import BettiEntity
from .coordinator import CallsCoordinator

LAST_CALL = SensorEntityDescription(
    key="last_call",
    translation_key="last_call",
    device_class=SensorDeviceClass.TIMESTAMP,
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
