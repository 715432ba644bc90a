"""Weight Scale Service: Weight Measurement and Weight Scale Feature."""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from .common import (
    DATE_TIME_SIZE,
    TWO_UINT16,
    UINT16,
    UINT32,
    UNKNOWN_USER,
    decode_date_time,
    too_short,
    wrong_length,
    wrong_size,
)

_NAME = "Weight Measurement"
_MIN_SIZE = 3
_FEATURE_NAME = "Weight Scale Feature"
_FEATURE_SIZE = 4
_IMPERIAL = 0x01
_TIMESTAMP_PRESENT = 0x02
_USER_ID_PRESENT = 0x04
_BMI_AND_HEIGHT_PRESENT = 0x08
# The scale sends 0xFFFF as the weight when it could not weigh.
MEASUREMENT_UNSUCCESSFUL = 0xFFFF


class WeightUnit(StrEnum):
    """Unit of the masses in a weight or body composition frame."""

    KILOGRAMS = "kg"
    POUNDS = "lb"


class LengthUnit(StrEnum):
    """Unit of the height in a weight or body composition frame."""

    METERS = "m"
    INCHES = "in"


# Raw steps per unit: dividing by an integer keeps the decimals exact (14013 / 200 is
# the float nearest 70.065), where multiplying by 0.005 would not.
KILOGRAM_STEPS = 200
POUND_STEPS = 100
METER_STEPS = 1000
INCH_STEPS = 10
_BMI_STEPS = 10


@dataclass(frozen=True, slots=True)
class WeightMeasurement:
    """A weighing (0x2A9D)."""

    weight: float | None
    """In unit; None when the scale reports the measurement unsuccessful."""
    unit: WeightUnit
    timestamp: datetime | None
    user_id: int | None
    bmi: float | None
    height: float | None
    """In height_unit."""
    height_unit: LengthUnit


@dataclass(frozen=True, slots=True)
class WeightScaleFeature:
    """What a scale supports and how finely it measures (0x2A9E)."""

    timestamp_supported: bool
    multiple_users_supported: bool
    bmi_supported: bool
    weight_resolution_kg: float | None
    """None when the scale does not say."""
    weight_resolution_lb: float | None
    height_resolution_m: float | None
    height_resolution_in: float | None


# Resolution codes 1-7 (weight) and 1-3 (height); 0 means "not specified" and the rest
# are reserved, both None.
_WEIGHT_RESOLUTIONS = {
    1: (0.5, 1.0),
    2: (0.2, 0.5),
    3: (0.1, 0.2),
    4: (0.05, 0.1),
    5: (0.02, 0.05),
    6: (0.01, 0.02),
    7: (0.005, 0.01),
}
_HEIGHT_RESOLUTIONS = {1: (0.01, 1.0), 2: (0.005, 0.5), 3: (0.001, 0.1)}
_NOT_SPECIFIED = (None, None)


def _frame_length(flags: int) -> int:
    return (
        _MIN_SIZE
        + (DATE_TIME_SIZE if flags & _TIMESTAMP_PRESENT else 0)
        + (1 if flags & _USER_ID_PRESENT else 0)
        + (4 if flags & _BMI_AND_HEIGHT_PRESENT else 0)
    )


_FRAME_LENGTHS = tuple(_frame_length(flags) for flags in range(0x10))


def decode_weight_measurement(data: bytes | bytearray) -> WeightMeasurement:
    """Decode a Weight Measurement (0x2A9D) value."""
    size = len(data)
    if size < _MIN_SIZE:
        raise too_short(_NAME, _MIN_SIZE, size)
    flags = data[0]
    expected = _FRAME_LENGTHS[flags & 0x0F]
    if size != expected:
        raise wrong_length(_NAME, flags, expected, size)
    raw_weight = UINT16.unpack_from(data, 1)[0]
    offset = _MIN_SIZE
    timestamp = None
    if flags & _TIMESTAMP_PRESENT:
        timestamp = decode_date_time(data, offset)
        offset += DATE_TIME_SIZE
    user_id = None
    if flags & _USER_ID_PRESENT:
        user_id = data[offset]
        if user_id == UNKNOWN_USER:
            user_id = None
        offset += 1
    imperial = flags & _IMPERIAL
    bmi = height = None
    if flags & _BMI_AND_HEIGHT_PRESENT:
        raw_bmi, raw_height = TWO_UINT16.unpack_from(data, offset)
        bmi = raw_bmi / _BMI_STEPS
        height = raw_height / (INCH_STEPS if imperial else METER_STEPS)
    return WeightMeasurement(
        None
        if raw_weight == MEASUREMENT_UNSUCCESSFUL
        else raw_weight / (POUND_STEPS if imperial else KILOGRAM_STEPS),
        WeightUnit.POUNDS if imperial else WeightUnit.KILOGRAMS,
        timestamp,
        user_id,
        bmi,
        height,
        LengthUnit.INCHES if imperial else LengthUnit.METERS,
    )


def decode_weight_scale_feature(data: bytes | bytearray) -> WeightScaleFeature:
    """Decode a Weight Scale Feature (0x2A9E) value."""
    if len(data) != _FEATURE_SIZE:
        raise wrong_size(_FEATURE_NAME, _FEATURE_SIZE, len(data))
    raw = UINT32.unpack_from(data)[0]
    weight_kg, weight_lb = _WEIGHT_RESOLUTIONS.get((raw >> 3) & 0x0F, _NOT_SPECIFIED)
    height_m, height_in = _HEIGHT_RESOLUTIONS.get((raw >> 7) & 0x07, _NOT_SPECIFIED)
    return WeightScaleFeature(
        timestamp_supported=bool(raw & 0x01),
        multiple_users_supported=bool(raw & 0x02),
        bmi_supported=bool(raw & 0x04),
        weight_resolution_kg=weight_kg,
        weight_resolution_lb=weight_lb,
        height_resolution_m=height_m,
        height_resolution_in=height_in,
    )
