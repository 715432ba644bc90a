"""Between the canonical units Betti stores and the units each person prefers."""

from collections.abc import Callable

from homeassistant.const import (
    PERCENTAGE,
    UnitOfBloodGlucoseConcentration,
    UnitOfMass,
    UnitOfPressure,
    UnitOfTemperature,
)
from homeassistant.util.unit_conversion import (
    BaseUnitConverter,
    BloodGlucoseConcentrationConverter,
    MassConverter,
    TemperatureConverter,
)

from ..household.profile import Profile
from . import Metric

BEATS_PER_MINUTE = "bpm"
BMI_UNIT = "kg/m²"

# Metrics a person may see in another unit: converter, stored unit, preferred unit.
_CONVERTIBLE: dict[Metric, tuple[type[BaseUnitConverter], str, str]] = {
    Metric.WEIGHT: (MassConverter, UnitOfMass.KILOGRAMS, "weight_unit"),
    Metric.TEMPERATURE: (
        TemperatureConverter,
        UnitOfTemperature.CELSIUS,
        "temperature_unit",
    ),
    Metric.GLUCOSE: (
        BloodGlucoseConcentrationConverter,
        UnitOfBloodGlucoseConcentration.MILLIGRAMS_PER_DECILITER,
        "glucose_unit",
    ),
}
_FIXED: dict[Metric, str] = {
    Metric.SYSTOLIC: UnitOfPressure.MMHG,
    Metric.DIASTOLIC: UnitOfPressure.MMHG,
    Metric.MEAN_ARTERIAL_PRESSURE: UnitOfPressure.MMHG,
    Metric.PULSE: BEATS_PER_MINUTE,
    Metric.HEART_RATE: BEATS_PER_MINUTE,
    Metric.SPO2: PERCENTAGE,
    Metric.BMI: BMI_UNIT,
    Metric.BODY_FAT: PERCENTAGE,
}


def stored_unit(metric: Metric) -> str:
    """Return the unit Betti keeps a metric in."""
    return _CONVERTIBLE[metric][1] if metric in _CONVERTIBLE else _FIXED[metric]


def preferred_unit(metric: Metric, profile: Profile) -> str:
    """Return the unit a person sees a metric in."""
    if metric in _CONVERTIBLE:
        return str(getattr(profile, _CONVERTIBLE[metric][2]))
    return _FIXED[metric]


def _unchanged(value: float) -> float:
    return value


def preferred_converter(metric: Metric, profile: Profile) -> Callable[[float], float]:
    """Return what converts a stored value of a metric to the person's unit (looked up once)."""
    if metric not in _CONVERTIBLE:
        return _unchanged
    converter, stored, _ = _CONVERTIBLE[metric]
    return converter.converter_factory(stored, preferred_unit(metric, profile))


def to_preferred(metric: Metric, value: float, profile: Profile) -> float:
    """Convert a stored value to the person's unit."""
    return preferred_converter(metric, profile)(value)


def to_canonical(metric: Metric, value: float, profile: Profile) -> float:
    """Convert a value given in the person's unit to the stored unit."""
    if metric not in _CONVERTIBLE:
        return value
    converter, stored, _ = _CONVERTIBLE[metric]
    return converter.convert(value, preferred_unit(metric, profile), stored)
