"""Sensors of each person's latest vital signs, in the units they prefer (for the sensor platform)."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from homeassistant.components.sensor import (
    DOMAIN as SENSOR_DOMAIN,
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.typing import StateType

from ..const import DOMAIN
from ..db.vitals import Reading
from ..entity import BettiEntity
from ..household.profile import Profile
from ..models import BettiConfigEntry
from . import BloodPressureCategory, Metric, VitalKind, blood_pressure_category
from .coordinator import VitalsCoordinator
from .units import preferred_unit, stored_unit


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


def apply_unit_preferences(
    hass: HomeAssistant, sensors: Iterable[SensorEntity]
) -> None:
    """Make changed unit preferences reach sensors already registered.

    HA keeps the unit suggested when a sensor was first seen; for a sensor whose suggestion
    changed since, this asks HA to take it again, as it does when the unit system changes.
    A unit the user set on the entity itself still wins. Unchanged ones are left alone: a
    start writes nothing to the registry.
    """
    registry = er.async_get(hass)
    for sensor in sensors:
        if (unit := sensor.suggested_unit_of_measurement) is None or not (
            entity_id := registry.async_get_entity_id(
                SENSOR_DOMAIN, DOMAIN, str(sensor.unique_id)
            )
        ):
            continue
        options = registry.entities[entity_id].options
        private = dict(options.get(f"{SENSOR_DOMAIN}.private", {}))
        if private.get("suggested_unit_of_measurement") != unit:
            registry.async_update_entity_options(
                entity_id,
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


def vital_sensors(entry: BettiConfigEntry) -> list[VitalSensor]:
    """Return the sensors of a profile's latest vital signs."""
    return [
        VitalSensor(entry.runtime_data.vitals, description) for description in SENSORS
    ]
