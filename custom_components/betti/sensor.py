"""Sensors: each person's latest vital signs, in the units they prefer; device health."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from homeassistant.components import bluetooth
from homeassistant.components.bluetooth.passive_update_coordinator import (
    PassiveBluetoothCoordinatorEntity,
)
from homeassistant.components.sensor import (
    DOMAIN as SENSOR_DOMAIN,
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import (
    CONF_ADDRESS,
    PERCENTAGE,
    SIGNAL_STRENGTH_DECIBELS_MILLIWATT,
    EntityCategory,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import StateType

from .alert_sensors import alert_sensors
from .calls.entities import LAST_CALL, LastCallSensor
from .const import CONF_DEVICE_KIND, DOMAIN
from .coordinator import VitalsCoordinator
from .db.vitals import Reading
from .entity import BettiEntity
from .health_device import BettiDeviceEntry, HealthDeviceCoordinator
from .medication_sensors import async_add_medication_sensors
from .models import BettiConfigEntry
from .nutrition_sensor import nutrition_sensors
from .privacy import is_private
from .profile import Profile
from .units import preferred_unit, stored_unit
from .vitals import BloodPressureCategory, Metric, VitalKind, blood_pressure_category

PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class VitalSensorDescription(SensorEntityDescription):
    """A sensor showing one metric of a kind's latest reading."""

    vital_kind: VitalKind
    value_fn: Callable[[Reading, Profile], StateType]
    metric: Metric | None = None


def _metric(
    metric: Metric,
    kind: VitalKind,
    device_class: SensorDeviceClass | None = None,
    precision: int = 0,
    *,
    enabled: bool = True,
) -> VitalSensorDescription:
    return VitalSensorDescription(
        key=metric.value,
        translation_key=None if device_class else metric.value,
        vital_kind=kind,
        value_fn=lambda reading, _: reading.values.get(metric),
        metric=metric,
        native_unit_of_measurement=stored_unit(metric),
        device_class=device_class,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=precision,
        entity_registry_enabled_default=enabled,
    )


def _bmi(reading: Reading, profile: Profile) -> float | None:
    # Scales that know the height send BMI; otherwise work it out from the profile.
    if (bmi := reading.values.get(Metric.BMI)) is not None:
        return bmi
    # Worked out to 0.1, the resolution scales send (more digits would be noise).
    weight = reading.values.get(Metric.WEIGHT)
    return None if weight is None else round(weight / (profile.height_cm / 100) ** 2, 1)


def _category(reading: Reading, profile: Profile) -> str:
    return blood_pressure_category(
        reading.values[Metric.SYSTOLIC], reading.values[Metric.DIASTOLIC]
    )


SENSORS: tuple[VitalSensorDescription, ...] = (
    _metric(Metric.SYSTOLIC, VitalKind.BLOOD_PRESSURE),
    _metric(Metric.DIASTOLIC, VitalKind.BLOOD_PRESSURE),
    _metric(Metric.MEAN_ARTERIAL_PRESSURE, VitalKind.BLOOD_PRESSURE, enabled=False),
    _metric(Metric.PULSE, VitalKind.BLOOD_PRESSURE),
    VitalSensorDescription(
        key="blood_pressure_category",
        translation_key="blood_pressure_category",
        vital_kind=VitalKind.BLOOD_PRESSURE,
        device_class=SensorDeviceClass.ENUM,
        options=list(BloodPressureCategory),
        value_fn=_category,
    ),
    _metric(Metric.HEART_RATE, VitalKind.HEART_RATE),
    _metric(
        Metric.TEMPERATURE, VitalKind.TEMPERATURE, SensorDeviceClass.TEMPERATURE, 1
    ),
    _metric(Metric.SPO2, VitalKind.SPO2),
    _metric(Metric.WEIGHT, VitalKind.WEIGHT, SensorDeviceClass.WEIGHT, 1),
    VitalSensorDescription(
        key="bmi",
        translation_key="bmi",
        vital_kind=VitalKind.WEIGHT,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=1,
        value_fn=_bmi,
        native_unit_of_measurement=stored_unit(Metric.BMI),
    ),
    _metric(Metric.BODY_FAT, VitalKind.WEIGHT, precision=1, enabled=False),
    _metric(
        Metric.GLUCOSE,
        VitalKind.GLUCOSE,
        SensorDeviceClass.BLOOD_GLUCOSE_CONCENTRATION,
        1,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a profile's vital-sign sensors, or a device's own sensors."""
    if CONF_ADDRESS in entry.data:
        device_entry: BettiDeviceEntry = entry
        async_add_entities(
            DeviceSensor(device_entry.runtime_data, description)
            for description in DEVICE_SENSORS
        )
        return
    profile_entry: BettiConfigEntry = entry
    last_call = LastCallSensor(profile_entry.runtime_data.calls, LAST_CALL)
    if is_private(profile_entry):
        # Every other sensor's state is a health value (see privacy.py).
        async_add_entities([last_call])
        return
    _apply_unit_preferences(hass, profile_entry)
    async_add_entities(
        VitalSensor(profile_entry.runtime_data.vitals, description)
        for description in SENSORS
    )
    async_add_entities(alert_sensors(profile_entry))
    async_add_entities(nutrition_sensors(profile_entry.runtime_data.nutrition))
    async_add_medication_sensors(hass, profile_entry, async_add_entities)
    async_add_entities([last_call])


def _apply_unit_preferences(hass: HomeAssistant, entry: BettiConfigEntry) -> None:
    """Make changed unit preferences reach sensors already registered.

    HA keeps the unit suggested when a sensor was first seen; this asks it to take the
    suggestion again, as it does when the unit system changes. A unit the user set on the
    entity itself still wins.
    """
    registry = er.async_get(hass)
    for registry_entry in er.async_entries_for_config_entry(registry, entry.entry_id):
        if registry_entry.domain == SENSOR_DOMAIN:
            private = dict(registry_entry.options.get(f"{SENSOR_DOMAIN}.private", {}))
            registry.async_update_entity_options(
                registry_entry.entity_id,
                f"{SENSOR_DOMAIN}.private",
                {**private, "refresh_initial_entity_options": True},
            )


class VitalSensor(BettiEntity[VitalsCoordinator], SensorEntity):
    """The latest value of one metric, with when it was measured."""

    entity_description: VitalSensorDescription

    def __init__(
        self, coordinator: VitalsCoordinator, description: VitalSensorDescription
    ) -> None:
        """Show the metric in the unit the person prefers."""
        super().__init__(coordinator, description)
        self._profile = coordinator.config_entry.runtime_data.profile
        if description.metric is not None:
            self._attr_suggested_unit_of_measurement = preferred_unit(
                description.metric, self._profile
            )

    @property
    def _reading(self) -> Reading | None:
        return self.coordinator.data.get(self.entity_description.vital_kind)

    @property
    def native_value(self) -> StateType:
        """The metric from the latest reading that carries it."""
        if (reading := self._reading) is None:
            return None
        return self.entity_description.value_fn(reading, self._profile)

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """When the reading was taken (the device's clock for Bluetooth readings)."""
        if (reading := self._reading) is None:
            return None
        return {"measured_at": reading.measured_at.isoformat()}


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
