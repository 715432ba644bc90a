"""Blood Pressure Service: Blood Pressure Measurement and Intermediate Cuff Pressure."""

from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum, StrEnum

from .common import (
    DATE_TIME_SIZE,
    THREE_UINT16,
    UINT16,
    UNKNOWN_USER,
    decode_date_time,
    too_short,
    wrong_length,
)
from .sfloat import decode_sfloat_cached

_UNIT_KPA = 0x01
_TIMESTAMP_PRESENT = 0x02
_PULSE_RATE_PRESENT = 0x04
_USER_ID_PRESENT = 0x08
_STATUS_PRESENT = 0x10
_MIN_SIZE = 7
_RESERVED_PULSE_RATE_RANGE = 0x3


class PressureUnit(StrEnum):
    """Unit of the pressures in a blood pressure frame."""

    MMHG = "mmHg"
    KPA = "kPa"


class PulseRateRange(IntEnum):
    """Where the pulse rate fell against the device's limits."""

    WITHIN_RANGE = 0
    ABOVE_UPPER_LIMIT = 1
    BELOW_LOWER_LIMIT = 2


@dataclass(frozen=True, slots=True)
class BloodPressureStatus:
    """Measurement Status: what the cuff noticed during the measurement."""

    body_movement_detected: bool
    cuff_too_loose: bool
    irregular_pulse_detected: bool
    pulse_rate_range: PulseRateRange | None
    """None for the reserved code 3."""
    improper_measurement_position: bool


@dataclass(frozen=True, slots=True)
class BloodPressureMeasurement:
    """A completed blood pressure reading (0x2A35)."""

    systolic: float | None
    diastolic: float | None
    mean_arterial_pressure: float | None
    unit: PressureUnit
    timestamp: datetime | None
    pulse_rate: float | None
    """Beats per minute."""
    user_id: int | None
    status: BloodPressureStatus | None


@dataclass(frozen=True, slots=True)
class IntermediateCuffPressure:
    """The cuff pressure while a measurement is running (0x2A36)."""

    cuff_pressure: float | None
    unit: PressureUnit
    timestamp: datetime | None
    pulse_rate: float | None
    user_id: int | None
    status: BloodPressureStatus | None


def _status(raw: int) -> BloodPressureStatus:
    pulse_rate_range = (raw >> 3) & 0x3
    return BloodPressureStatus(
        body_movement_detected=bool(raw & 0x01),
        cuff_too_loose=bool(raw & 0x02),
        irregular_pulse_detected=bool(raw & 0x04),
        pulse_rate_range=PulseRateRange(pulse_rate_range)
        if pulse_rate_range != _RESERVED_PULSE_RATE_RANGE
        else None,
        improper_measurement_position=bool(raw & 0x20),
    )


# Bits 6-15 are reserved, so only 64 statuses exist: build them once.
_STATUSES = tuple(_status(raw) for raw in range(0x40))


def _frame_length(flags: int) -> int:
    return (
        _MIN_SIZE
        + (DATE_TIME_SIZE if flags & _TIMESTAMP_PRESENT else 0)
        + (2 if flags & _PULSE_RATE_PRESENT else 0)
        + (1 if flags & _USER_ID_PRESENT else 0)
        + (2 if flags & _STATUS_PRESENT else 0)
    )


_FRAME_LENGTHS = tuple(_frame_length(flags) for flags in range(0x20))

# systolic, diastolic, mean arterial pressure, unit, timestamp, pulse rate, user, status
type _Fields = tuple[
    float | None,
    float | None,
    float | None,
    PressureUnit,
    datetime | None,
    float | None,
    int | None,
    BloodPressureStatus | None,
]


def _decode(name: str, data: bytes | bytearray) -> _Fields:
    size = len(data)
    if size < _MIN_SIZE:
        raise too_short(name, _MIN_SIZE, size)
    flags = data[0]
    expected = _FRAME_LENGTHS[flags & 0x1F]
    if size != expected:
        raise wrong_length(name, flags, expected, size)
    systolic, diastolic, mean_arterial_pressure = THREE_UINT16.unpack_from(data, 1)
    offset = _MIN_SIZE
    timestamp = None
    if flags & _TIMESTAMP_PRESENT:
        timestamp = decode_date_time(data, offset)
        offset += DATE_TIME_SIZE
    pulse_rate = None
    if flags & _PULSE_RATE_PRESENT:
        pulse_rate = decode_sfloat_cached(UINT16.unpack_from(data, offset)[0])
        offset += 2
    user_id = None
    if flags & _USER_ID_PRESENT:
        user_id = data[offset]
        if user_id == UNKNOWN_USER:
            user_id = None
        offset += 1
    status = None
    if flags & _STATUS_PRESENT:
        status = _STATUSES[UINT16.unpack_from(data, offset)[0] & 0x3F]
    return (
        decode_sfloat_cached(systolic),
        decode_sfloat_cached(diastolic),
        decode_sfloat_cached(mean_arterial_pressure),
        PressureUnit.KPA if flags & _UNIT_KPA else PressureUnit.MMHG,
        timestamp,
        pulse_rate,
        user_id,
        status,
    )


def decode_blood_pressure_measurement(
    data: bytes | bytearray,
) -> BloodPressureMeasurement:
    """Decode a Blood Pressure Measurement (0x2A35) value."""
    return BloodPressureMeasurement(*_decode("Blood Pressure Measurement", data))


def decode_intermediate_cuff_pressure(
    data: bytes | bytearray,
) -> IntermediateCuffPressure:
    """Decode an Intermediate Cuff Pressure (0x2A36) value.

    The frame has the Blood Pressure Measurement layout; the systolic field carries
    the current cuff pressure and the diastolic and mean fields are unused.
    """
    cuff_pressure, _, _, unit, timestamp, pulse_rate, user_id, status = _decode(
        "Intermediate Cuff Pressure", data
    )
    return IntermediateCuffPressure(
        cuff_pressure, unit, timestamp, pulse_rate, user_id, status
    )
