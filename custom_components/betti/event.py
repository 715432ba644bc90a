"""The alert event entity: fires when an alert is raised, escalates or is acknowledged."""

from typing import Any

from homeassistant.components.event import EventEntity, EventEntityDescription
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .alert_engine import SIGNAL_ALERT
from .coordinator import AlertsCoordinator, VitalsCoordinator
from .entity import BettiEntity
from .models import BettiConfigEntry
from .vital_alerts import SIGNAL_VITAL
from .vitals.thresholds import Direction

PARALLEL_UPDATES = 0

ALERT_EVENT = EventEntityDescription(
    key="alert",
    translation_key="alert",
    event_types=["raised", "escalated", "acknowledged"],
)
VITAL_EVENT = EventEntityDescription(
    key="vital_out_of_range",
    translation_key="vital_out_of_range",
    event_types=[direction.value for direction in Direction],
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: BettiConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a profile's alert and vital-sign event entities."""
    async_add_entities(
        [
            AlertEvent(entry.runtime_data.alerts, ALERT_EVENT),
            VitalEvent(entry.runtime_data.vitals, VITAL_EVENT),
        ]
    )


class AlertEvent(BettiEntity[AlertsCoordinator], EventEntity):
    """Alert lifecycle events, for automations (e.g. flash the lights when raised)."""

    async def async_added_to_hass(self) -> None:
        """Listen to the profile's alerting engine."""
        await super().async_added_to_hass()
        self.async_on_remove(
            async_dispatcher_connect(
                self.hass,
                SIGNAL_ALERT.format(self.coordinator.config_entry.entry_id),
                self._async_alert_event,
            )
        )

    @callback
    def _async_alert_event(self, event_type: str, attributes: dict[str, Any]) -> None:
        self._trigger_event(event_type, attributes)
        self.async_write_ha_state()


class VitalEvent(BettiEntity[VitalsCoordinator], EventEntity):
    """A fresh reading beyond the person's limits (event type: low or high)."""

    async def async_added_to_hass(self) -> None:
        """Listen for readings beyond limits."""
        await super().async_added_to_hass()
        self.async_on_remove(
            async_dispatcher_connect(
                self.hass,
                SIGNAL_VITAL.format(self.coordinator.config_entry.entry_id),
                self._async_vital_event,
            )
        )

    @callback
    def _async_vital_event(self, event_type: str, attributes: dict[str, Any]) -> None:
        self._trigger_event(event_type, attributes)
        self.async_write_ha_state()
