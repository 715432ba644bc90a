"""From decoded characteristic values to Betti readings in canonical units."""

from dataclasses import dataclass
from datetime import datetime

from ..gatt import (
    BloodPressureMeasurement,
    BodyCompositionMeasurement,
    GattValue,
    GlucoseMeasurement,
    HeartRateMeasurement,
    PlxContinuousMeasurement,
    PlxSpotCheckMeasurement,
    PressureUnit,
    TemperatureMeasurement,
    TemperatureUnit,
    WeightMeasurement,
    WeightUnit,
)
from ..vitals import Metric, VitalKind

MMHG_PER_KPA = 7.500616827
KG_PER_LB = 0.45359237


@dataclass(frozen=True, slots=True)
class DeviceReading:
    """A reading as a device reported it, converted to canonical units."""

    kind: VitalKind
    values: dict[Metric, float]
    # The device's own clock (no zone: devices keep local time), when it sent one.
    timestamp: datetime | None = None
    user_id: int | None = None
    sequence_number: int | None = None

    def dedupe_key(self, address: str) -> str | None:
        """Identify a stored record, so a download repeated after a drop stores it once."""
        if self.sequence_number is not None:
            return f"{address}#{self.sequence_number}"
        if self.timestamp is None:
            return (
                None  # a clockless device's readings can't be told apart from repeats
            )
        values = ",".join(
            f"{metric}={value:g}" for metric, value in sorted(self.values.items())
        )
        return f"{address}@{self.timestamp.isoformat()}/{self.user_id}/{self.kind}/{values}"


def _kept(values: dict[Metric, float | None]) -> dict[Metric, float]:
    return {
        metric: round(value, 2) for metric, value in values.items() if value is not None
    }


def _mass(value: float | None, unit: WeightUnit) -> float | None:
    if value is None or unit is WeightUnit.KILOGRAMS:
        return value
    return value * KG_PER_LB


def to_reading(value: GattValue) -> DeviceReading | None:  # noqa: PLR0911 - one return per kind
    """Return the reading a value carries, or None for frames that carry none.

    Intermediate values, control-point answers and readings whose main value is a special
    "no reading" value are not readings.
    """
    match value:
        case BloodPressureMeasurement(systolic=float(), diastolic=float()):
            factor = MMHG_PER_KPA if value.unit is PressureUnit.KPA else 1.0
            pressures = {
                Metric.SYSTOLIC: value.systolic,
                Metric.DIASTOLIC: value.diastolic,
                Metric.MEAN_ARTERIAL_PRESSURE: value.mean_arterial_pressure,
            }
            values = _kept(
                {m: None if v is None else v * factor for m, v in pressures.items()}
            )
            values |= _kept({Metric.PULSE: value.pulse_rate})
            return DeviceReading(
                VitalKind.BLOOD_PRESSURE, values, value.timestamp, value.user_id
            )
        case HeartRateMeasurement():
            return DeviceReading(
                VitalKind.HEART_RATE, {Metric.HEART_RATE: value.heart_rate}
            )
        case TemperatureMeasurement(temperature=float(temperature)):
            fahrenheit = value.unit is TemperatureUnit.FAHRENHEIT
            celsius = (temperature - 32) / 1.8 if fahrenheit else temperature
            return DeviceReading(
                VitalKind.TEMPERATURE,
                _kept({Metric.TEMPERATURE: celsius}),
                value.timestamp,
            )
        case WeightMeasurement(weight=float()):
            values = _kept(
                {Metric.WEIGHT: _mass(value.weight, value.unit), Metric.BMI: value.bmi}
            )
            return DeviceReading(
                VitalKind.WEIGHT, values, value.timestamp, value.user_id
            )
        case BodyCompositionMeasurement(body_fat_percentage=float()):
            values = _kept(
                {
                    Metric.BODY_FAT: value.body_fat_percentage,
                    Metric.WEIGHT: _mass(value.weight, value.unit),
                }
            )
            if Metric.WEIGHT not in values:
                return (
                    None  # body fat alone joins the scale's weight frame, not a reading
                )
            return DeviceReading(
                VitalKind.WEIGHT, values, value.timestamp, value.user_id
            )
        case GlucoseMeasurement() if value.glucose_mg_dl is not None:
            return DeviceReading(
                VitalKind.GLUCOSE,
                _kept({Metric.GLUCOSE: value.glucose_mg_dl}),
                value.timestamp,
                sequence_number=value.sequence_number,
            )
        case (
            PlxSpotCheckMeasurement(spo2=float())
            | PlxContinuousMeasurement(spo2=float())
        ):
            values = _kept({Metric.SPO2: value.spo2, Metric.PULSE: value.pulse_rate})
            timestamp = (
                value.timestamp if isinstance(value, PlxSpotCheckMeasurement) else None
            )
            return DeviceReading(VitalKind.SPO2, values, timestamp)
    return None
