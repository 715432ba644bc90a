"""Glucose Service: Glucose Measurement."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import IntEnum, IntFlag, StrEnum
from functools import lru_cache

from .common import (
    SINT16,
    STATUS_CACHE_SIZE,
    UINT16,
    by_value,
    decode_date_time,
    too_short,
    wrong_length,
)
from .errors import GattDecodeError
from .sfloat import decode_sfloat_cached

_NAME = "Glucose Measurement"
_MIN_SIZE = 10
_TIME_OFFSET_PRESENT = 0x01
_CONCENTRATION_PRESENT = 0x02
_UNIT_MOL_PER_L = 0x04
_SENSOR_STATUS_PRESENT = 0x08
_CONTEXT_FOLLOWS = 0x10
_SENSOR_STATUS_BITS = 0x0FFF
# Meters show mg/dL as whole numbers and mmol/L to one decimal: two more digits keep
# the conversions between them honest without inventing precision.
_MG_PER_DL_DIGITS = 2
_MMOL_PER_L_DIGITS = 3
# Decimal shifts of an SFLOAT (at most 4 digits) need no more places than this; the
# rounding only removes binary noise such as 95.00000000000001.
_SHIFT_DIGITS = 9
_GLUCOSE_G_PER_MOL = 180.156
_MINUTE = timedelta(minutes=1)


class GlucoseConcentrationUnit(StrEnum):
    """Unit of the glucose concentration as the meter sent it."""

    KG_PER_L = "kg/L"
    MOL_PER_L = "mol/L"


class GlucoseType(IntEnum):
    """What fluid the sample was."""

    CAPILLARY_WHOLE_BLOOD = 1
    CAPILLARY_PLASMA = 2
    VENOUS_WHOLE_BLOOD = 3
    VENOUS_PLASMA = 4
    ARTERIAL_WHOLE_BLOOD = 5
    ARTERIAL_PLASMA = 6
    UNDETERMINED_WHOLE_BLOOD = 7
    UNDETERMINED_PLASMA = 8
    INTERSTITIAL_FLUID = 9
    CONTROL_SOLUTION = 10


class SampleLocation(IntEnum):
    """Where the sample was taken (0xF, "not available", decodes to None)."""

    FINGER = 1
    ALTERNATE_SITE_TEST = 2
    EARLOBE = 3
    CONTROL_SOLUTION = 4


class GlucoseSensorStatus(IntFlag):
    """Sensor Status Annunciation: what went wrong at the time of measurement."""

    DEVICE_BATTERY_LOW = 1 << 0
    SENSOR_MALFUNCTION = 1 << 1
    SAMPLE_SIZE_INSUFFICIENT = 1 << 2
    STRIP_INSERTION_ERROR = 1 << 3
    STRIP_TYPE_INCORRECT = 1 << 4
    RESULT_TOO_HIGH = 1 << 5
    RESULT_TOO_LOW = 1 << 6
    TEMPERATURE_TOO_HIGH = 1 << 7
    TEMPERATURE_TOO_LOW = 1 << 8
    READ_INTERRUPTED = 1 << 9
    GENERAL_DEVICE_FAULT = 1 << 10
    TIME_FAULT = 1 << 11


_GLUCOSE_TYPES = by_value(GlucoseType)
_SAMPLE_LOCATIONS = by_value(SampleLocation)
_sensor_status = lru_cache(maxsize=STATUS_CACHE_SIZE)(GlucoseSensorStatus)


@dataclass(frozen=True, slots=True)
class GlucoseMeasurement:
    """A stored or live glucose record (0x2A18)."""

    sequence_number: int
    base_time: datetime | None
    time_offset: int | None
    """Minutes to add to base_time."""
    timestamp: datetime | None
    """base_time moved by time_offset: when the sample was taken, in the meter's clock."""
    glucose_concentration: float | None
    unit: GlucoseConcentrationUnit | None
    """None when the record carries no concentration."""
    glucose_type: GlucoseType | None
    sample_location: SampleLocation | None
    sensor_status: GlucoseSensorStatus | None
    context_follows: bool
    """A Glucose Measurement Context with the same sequence number comes next."""

    @property
    def glucose_mg_dl(self) -> float | None:
        """The concentration in mg/dL, whichever unit the meter used."""
        if self.glucose_concentration is None:
            return None
        if self.unit is GlucoseConcentrationUnit.KG_PER_L:
            return round(self.glucose_concentration * 100_000, _SHIFT_DIGITS)
        return round(
            self.glucose_concentration * 100 * _GLUCOSE_G_PER_MOL, _MG_PER_DL_DIGITS
        )

    @property
    def glucose_mmol_l(self) -> float | None:
        """The concentration in mmol/L, whichever unit the meter used."""
        if self.glucose_concentration is None:
            return None
        if self.unit is GlucoseConcentrationUnit.MOL_PER_L:
            return round(self.glucose_concentration * 1000, _SHIFT_DIGITS)
        return round(
            self.glucose_concentration * 1e6 / _GLUCOSE_G_PER_MOL, _MMOL_PER_L_DIGITS
        )


def _frame_length(flags: int) -> int:
    return (
        _MIN_SIZE
        + (2 if flags & _TIME_OFFSET_PRESENT else 0)
        + (3 if flags & _CONCENTRATION_PRESENT else 0)
        + (2 if flags & _SENSOR_STATUS_PRESENT else 0)
    )


_FRAME_LENGTHS = tuple(_frame_length(flags) for flags in range(0x10))


def decode_glucose_measurement(data: bytes | bytearray) -> GlucoseMeasurement:
    """Decode a Glucose Measurement (0x2A18) value."""
    size = len(data)
    if size < _MIN_SIZE:
        raise too_short(_NAME, _MIN_SIZE, size)
    flags = data[0]
    expected = _FRAME_LENGTHS[flags & 0x0F]
    if size != expected:
        raise wrong_length(_NAME, flags, expected, size)
    base_time = timestamp = decode_date_time(data, 3)
    offset = _MIN_SIZE
    time_offset = None
    if flags & _TIME_OFFSET_PRESENT:
        time_offset = SINT16.unpack_from(data, offset)[0]
        offset += 2
        if base_time is not None and time_offset:
            try:
                timestamp = base_time + _MINUTE * time_offset
            except OverflowError as err:
                msg = f"{_NAME}: time offset {time_offset} min leaves the calendar"
                raise GattDecodeError(msg) from err
    concentration = unit = glucose_type = sample_location = None
    if flags & _CONCENTRATION_PRESENT:
        concentration = decode_sfloat_cached(UINT16.unpack_from(data, offset)[0])
        unit = (
            GlucoseConcentrationUnit.MOL_PER_L
            if flags & _UNIT_MOL_PER_L
            else GlucoseConcentrationUnit.KG_PER_L
        )
        type_and_location = data[offset + 2]
        glucose_type = _GLUCOSE_TYPES.get(type_and_location & 0x0F)
        sample_location = _SAMPLE_LOCATIONS.get(type_and_location >> 4)
        offset += 3
    sensor_status = None
    if flags & _SENSOR_STATUS_PRESENT:
        sensor_status = _sensor_status(
            UINT16.unpack_from(data, offset)[0] & _SENSOR_STATUS_BITS
        )
    return GlucoseMeasurement(
        UINT16.unpack_from(data, 1)[0],
        base_time,
        time_offset,
        timestamp,
        concentration,
        unit,
        glucose_type,
        sample_location,
        sensor_status,
        bool(flags & _CONTEXT_FOLLOWS),
    )
