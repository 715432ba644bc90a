"""Event entities for automations: alerts, readings beyond limits, doses and calls."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from homeassistant.components.event import (
    EventEntity,
    EventEntityDescription,
    EventExtraStoredData,
)
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .alerts.engine import SIGNAL_ALERT
from .calls.const import CALL_EVENTS, SIGNAL_CALL
from .coordinator import BettiCoordinator
from .entity import BettiEntity
from .household.privacy import NEUTRAL_EVENT_ATTRIBUTES, is_private
from .medications.coordinator import SIGNAL_MEDICATION
from .models import BettiConfigEntry, BettiData
from .vitals.limit_alerts import SIGNAL_VITAL
from .vitals.thresholds import Direction

PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class BettiEventDescription(EventEntityDescription):
    """An event entity fed by one of the profile's dispatcher signals."""

    signal: str
    coordinator_fn: Callable[[BettiData], BettiCoordinator[Any]]


def _alerts(data: BettiData) -> BettiCoordinator[Any]:
    return data.alerts


def _vitals(data: BettiData) -> BettiCoordinator[Any]:
    return data.vitals


def _medications(data: BettiData) -> BettiCoordinator[Any]:
    return data.medications


def _calls(data: BettiData) -> BettiCoordinator[Any]:
    return data.calls


EVENTS = (
    BettiEventDescription(
        key="alert",
        translation_key="alert",
        event_types=["raised", "escalated", "acknowledged"],
        signal=SIGNAL_ALERT,
        coordinator_fn=_alerts,
    ),
    BettiEventDescription(
        key="vital_out_of_range",
        translation_key="vital_out_of_range",
        event_types=[direction.value for direction in Direction],
        signal=SIGNAL_VITAL,
        coordinator_fn=_vitals,
    ),
    BettiEventDescription(
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
        signal=SIGNAL_MEDICATION,
        coordinator_fn=_medications,
    ),
    # "ringing" can wake the mirror's screen.
    BettiEventDescription(
        key="incoming_call",
        translation_key="incoming_call",
        event_types=list(CALL_EVENTS),
        signal=SIGNAL_CALL,
        coordinator_fn=_calls,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: BettiConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a profile's event entities."""
    async_add_entities(
        BettiEvent(description.coordinator_fn(entry.runtime_data), description)
        for description in EVENTS
    )


class BettiEvent(BettiEntity[BettiCoordinator[Any]], EventEntity):
    """Fires what the profile's alerting engine, vital checks or dose engine announce."""

    entity_description: BettiEventDescription

    async def async_added_to_hass(self) -> None:
        """Listen to the profile's signal."""
        await super().async_added_to_hass()
        self.async_on_remove(
            async_dispatcher_connect(
                self.hass,
                self.entity_description.signal.format(
                    self.coordinator.config_entry.entry_id
                ),
                self._async_event,
            )
        )

    def _shown(self, attributes: dict[str, Any]) -> dict[str, Any]:
        """Return the attributes the state may carry: none with health data if private."""
        if not is_private(self.coordinator.config_entry):
            return attributes
        return {
            key: value
            for key, value in attributes.items()
            if key in NEUTRAL_EVENT_ATTRIBUTES
        }

    async def async_get_last_event_data(self) -> EventExtraStoredData | None:
        """Restore the last event, with only what the profile's privacy allows now."""
        if (data := await super().async_get_last_event_data()) is None:
            return None
        attributes = data.last_event_attributes
        return EventExtraStoredData(
            data.last_event_type, attributes and self._shown(attributes)
        )

    @callback
    def _async_event(self, event_type: str, attributes: dict[str, Any]) -> None:
        self._trigger_event(event_type, self._shown(attributes))
        self.async_write_ha_state()
