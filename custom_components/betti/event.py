"""The alert event entity: fires when an alert is raised, escalates or is acknowledged."""

from typing import Any

from homeassistant.components.event import EventEntity, EventEntityDescription
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .alerts import SIGNAL_ALERT
from .coordinator import AlertsCoordinator
from .entity import BettiEntity
from .medication_engine import SIGNAL_MEDICATION, MedicationsCoordinator
from .models import BettiConfigEntry

PARALLEL_UPDATES = 0

ALERT_EVENT = EventEntityDescription(
    key="alert",
    translation_key="alert",
    event_types=["raised", "escalated", "acknowledged"],
)
MEDICATION_EVENT = EventEntityDescription(
    key="medication_reminder",
    translation_key="medication_reminder",
    event_types=[
        "pre_reminder",
        "due",
        "repeat",
        "missed",
        "taken",
        "skipped",
        "snoozed",
        "reset",
        "low_stock",
    ],
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: BettiConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a profile's alert event entity."""
    async_add_entities([AlertEvent(entry.runtime_data.alerts, ALERT_EVENT)])
    async_add_entities(
        [MedicationEvent(entry.runtime_data.medications, MEDICATION_EVENT)]
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


class MedicationEvent(BettiEntity[MedicationsCoordinator], EventEntity):
    """Dose events, for automations (e.g. blink the kitchen light when a dose is due)."""

    async def async_added_to_hass(self) -> None:
        """Listen to the profile's medications coordinator."""
        await super().async_added_to_hass()
        self.async_on_remove(
            async_dispatcher_connect(
                self.hass,
                SIGNAL_MEDICATION.format(self.coordinator.config_entry.entry_id),
                self._async_dose_event,
            )
        )

    @callback
    def _async_dose_event(self, event_type: str, attributes: dict[str, Any]) -> None:
        self._trigger_event(event_type, attributes)
        self.async_write_ha_state()
