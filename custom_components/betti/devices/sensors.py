"""A health device's own sensors: battery, signal strength, last download (for the sensor platform)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from homeassistant.components import bluetooth
from homeassistant.components.bluetooth.passive_update_coordinator import (
    PassiveBluetoothCoordinatorEntity,
)
from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
)
from homeassistant.const import (
    PERCENTAGE,
    SIGNAL_STRENGTH_DECIBELS_MILLIWATT,
    EntityCategory,
)
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.typing import StateType

from ..const import CONF_DEVICE_KIND, DOMAIN
from .coordinator import BettiDeviceEntry, HealthDeviceCoordinator


@dataclass(frozen=True, kw_only=True)
class DeviceSensorDescription(SensorEntityDescription):
    """A sensor about a health device itself."""

    value_fn: Callable[[HealthDeviceCoordinator], StateType | datetime]


def _rssi(coordinator: HealthDeviceCoordinator) -> int | None:
    info = bluetooth.async_last_service_info(
        coordinator.hass, coordinator.address, connectable=False
    )
    return None if info is None else info.rssi


DEVICE_SENSORS: tuple[DeviceSensorDescription, ...] = (
    DeviceSensorDescription(
        key="battery",
        device_class=SensorDeviceClass.BATTERY,
        native_unit_of_measurement=PERCENTAGE,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda coordinator: coordinator.data.battery,
    ),
    DeviceSensorDescription(
        key="signal_strength",
        device_class=SensorDeviceClass.SIGNAL_STRENGTH,
        native_unit_of_measurement=SIGNAL_STRENGTH_DECIBELS_MILLIWATT,
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        value_fn=_rssi,
    ),
    DeviceSensorDescription(
        key="last_sync",
        translation_key="last_sync",
        device_class=SensorDeviceClass.TIMESTAMP,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda coordinator: coordinator.data.last_sync,
    ),
)


class DeviceSensor(
    PassiveBluetoothCoordinatorEntity[HealthDeviceCoordinator], SensorEntity
):
    """Battery, signal and last download of a health device."""

    _attr_has_entity_name = True
    entity_description: DeviceSensorDescription

    def __init__(
        self, coordinator: HealthDeviceCoordinator, description: DeviceSensorDescription
    ) -> None:
        """Attach the sensor to the Bluetooth device."""
        super().__init__(coordinator)
        address = coordinator.address
        self.entity_description = description
        self._attr_unique_id = f"{address}_{description.key}"
        self._attr_device_info = DeviceInfo(
            identifiers={(DOMAIN, address)},
            connections={(dr.CONNECTION_BLUETOOTH, address)},
            translation_key=coordinator.entry.data[CONF_DEVICE_KIND],
        )

    @property
    def available(self) -> bool:
        """Health devices sleep between measurements; their last values still hold."""
        return True

    @property
    def native_value(self) -> StateType | datetime:
        """The value from the last download or advertisement."""
        return self.entity_description.value_fn(self.coordinator)


def device_sensors(entry: BettiDeviceEntry) -> list[DeviceSensor]:
    """Return a health device's own sensors: battery, signal, last download."""
    return [
        DeviceSensor(entry.runtime_data, description) for description in DEVICE_SENSORS
    ]
