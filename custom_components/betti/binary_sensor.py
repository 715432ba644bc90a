"""Binary sensors: an alert is open; the person has asked for help."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from homeassistant.components.binary_sensor import (
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.components.binary_sensor.const import BinarySensorDeviceClass
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .alerts.coordinator import AlertsCoordinator, AlertsState
from .alerts.escalation import AlertSource
from .db.alerts import Alert
from .entity import BettiEntity
from .medications.coordinator import MedicationsCoordinator
from .medications.doses import OVERDUE
from .models import BettiConfigEntry

PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class AlertBinarySensorDescription(BinarySensorEntityDescription):
    """A binary sensor over some of a profile's open alerts."""

    alerts_fn: Callable[[AlertsState], list[Alert]]


BINARY_SENSORS = (
    AlertBinarySensorDescription(
        key="alert_active",
        translation_key="alert_active",
        device_class=BinarySensorDeviceClass.PROBLEM,
        alerts_fn=lambda state: state.open,
    ),
    AlertBinarySensorDescription(
        key="help_requested",
        translation_key="help_requested",
        device_class=BinarySensorDeviceClass.SAFETY,
        alerts_fn=lambda state: [
            alert for alert in state.open if alert.source is AlertSource.PANIC
        ],
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: BettiConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a profile's alert binary sensors."""
    async_add_entities(
        AlertBinarySensor(entry.runtime_data.alerts, description)
        for description in BINARY_SENSORS
    )
    async_add_entities(
        [DoseOverdueBinarySensor(entry.runtime_data.medications, DOSE_OVERDUE)]
    )


class AlertBinarySensor(BettiEntity[AlertsCoordinator], BinarySensorEntity):
    """On while a matching alert waits for acknowledgement."""

    entity_description: AlertBinarySensorDescription

    @property
    def _alerts(self) -> list[Alert]:
        return self.entity_description.alerts_fn(self.coordinator.data)

    @property
    def is_on(self) -> bool:
        """Whether any matching alert is unacknowledged."""
        return bool(self._alerts)

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """The open alerts' ids, oldest first, and how far the oldest has escalated."""
        alerts = self._alerts
        return {
            "alert_ids": [alert.alert_id for alert in alerts],
            "stage": alerts[0].stage if alerts else None,
        }


DOSE_OVERDUE = BinarySensorEntityDescription(
    key="dose_overdue",
    translation_key="dose_overdue",
    device_class=BinarySensorDeviceClass.PROBLEM,
)


class DoseOverdueBinarySensor(BettiEntity[MedicationsCoordinator], BinarySensorEntity):
    """On while a dose due today is past its due time and neither taken nor skipped."""

    @property
    def is_on(self) -> bool:
        """Whether any of today's doses is overdue."""
        return bool(self._overdue)

    @property
    def _overdue(self) -> list[str]:
        return [
            dose.key
            for dose in self.coordinator.data.today
            if dose.state.status in OVERDUE
        ]

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """The overdue doses' ids (for ``betti.mark_dose``)."""
        return {"doses": self._overdue}
