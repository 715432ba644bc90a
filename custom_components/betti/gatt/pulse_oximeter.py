"""Pulse Oximeter Service: PLX Spot-Check and PLX Continuous Measurement."""

from dataclasses import dataclass
from datetime import datetime
from enum import IntFlag
from functools import lru_cache

from .common import (
    DATE_TIME_SIZE,
    STATUS_CACHE_SIZE,
    TWO_UINT16,
    UINT16,
    decode_date_time,
    too_short,
    wrong_length,
)
from .sfloat import decode_sfloat_cached

_SPOT_CHECK_NAME = "PLX Spot-Check Measurement"
_CONTINUOUS_NAME = "PLX Continuous Measurement"
_MIN_SIZE = 5
# Bits 0-4 are reserved.
_MEASUREMENT_STATUS_BITS = 0xFFE0

# Spot-check flags
_SPOT_TIMESTAMP_PRESENT = 0x01
# bits 1-3: measurement status, device and sensor status, pulse amplitude index
_SPOT_CLOCK_NOT_SET = 0x10
# Continuous flags
_FAST_PRESENT = 0x01
_SLOW_PRESENT = 0x02
# bits 2-4: measurement status, device and sensor status, pulse amplitude index


class PlxMeasurementStatus(IntFlag):
    """Measurement Status: the state of the reading."""

    MEASUREMENT_ONGOING = 1 << 5
    EARLY_ESTIMATED_DATA = 1 << 6
    VALIDATED_DATA = 1 << 7
    FULLY_QUALIFIED_DATA = 1 << 8
    DATA_FROM_STORAGE = 1 << 9
    DATA_FOR_DEMONSTRATION = 1 << 10
    DATA_FOR_TESTING = 1 << 11
    CALIBRATION_ONGOING = 1 << 12
    MEASUREMENT_UNAVAILABLE = 1 << 13
    QUESTIONABLE_MEASUREMENT = 1 << 14
    INVALID_MEASUREMENT = 1 << 15


class PlxDeviceSensorStatus(IntFlag):
    """Device and Sensor Status: the state of the oximeter and its probe."""

    EXTENDED_DISPLAY_UPDATE_ONGOING = 1 << 0
    EQUIPMENT_MALFUNCTION = 1 << 1
    SIGNAL_PROCESSING_IRREGULARITY = 1 << 2
    INADEQUATE_SIGNAL = 1 << 3
    POOR_SIGNAL = 1 << 4
    LOW_PERFUSION = 1 << 5
    ERRATIC_SIGNAL = 1 << 6
    NONPULSATILE_SIGNAL = 1 << 7
    QUESTIONABLE_PULSE = 1 << 8
    SIGNAL_ANALYSIS_ONGOING = 1 << 9
    SENSOR_INTERFERENCE = 1 << 10
    SENSOR_UNCONNECTED_TO_USER = 1 << 11
    UNKNOWN_SENSOR_CONNECTED = 1 << 12
    SENSOR_DISPLACED = 1 << 13
    SENSOR_MALFUNCTIONING = 1 << 14
    SENSOR_DISCONNECTED = 1 << 15


@dataclass(frozen=True, slots=True)
class PlxSpotCheckMeasurement:
    """A single SpO2 reading (0x2A5E)."""

    spo2: float | None
    """Percent oxygen saturation."""
    pulse_rate: float | None
    """Beats per minute."""
    timestamp: datetime | None
    """None also when the oximeter says its clock is not set."""
    measurement_status: PlxMeasurementStatus | None
    device_and_sensor_status: PlxDeviceSensorStatus | None
    pulse_amplitude_index: float | None
    """Percent."""
    device_clock_set: bool


@dataclass(frozen=True, slots=True)
class PlxContinuousMeasurement:
    """A streamed SpO2 reading (0x2A5F), averaged normally and, if sent, fast and slow."""

    spo2: float | None
    pulse_rate: float | None
    spo2_fast: float | None
    pulse_rate_fast: float | None
    spo2_slow: float | None
    pulse_rate_slow: float | None
    measurement_status: PlxMeasurementStatus | None
    device_and_sensor_status: PlxDeviceSensorStatus | None
    pulse_amplitude_index: float | None


_measurement_status = lru_cache(maxsize=STATUS_CACHE_SIZE)(PlxMeasurementStatus)
_device_and_sensor_status = lru_cache(maxsize=STATUS_CACHE_SIZE)(PlxDeviceSensorStatus)


# Both frames end in the same optional tail, announced by three adjacent flag bits.
_TAIL_MEASUREMENT_STATUS = 0x1
_TAIL_DEVICE_STATUS = 0x2
_TAIL_PULSE_AMPLITUDE = 0x4
_SPOT_TAIL_SHIFT = 1
_CONTINUOUS_TAIL_SHIFT = 2

type _Tail = tuple[
    PlxMeasurementStatus | None, PlxDeviceSensorStatus | None, float | None
]


def _tail(data: bytes | bytearray, offset: int, tail_flags: int) -> _Tail:
    """Return measurement status, device and sensor status and pulse amplitude index."""
    measurement_status = device_status = pulse_amplitude_index = None
    if tail_flags & _TAIL_MEASUREMENT_STATUS:
        measurement_status = _measurement_status(
            UINT16.unpack_from(data, offset)[0] & _MEASUREMENT_STATUS_BITS
        )
        offset += 2
    if tail_flags & _TAIL_DEVICE_STATUS:
        # A uint24 whose bits 16-23 are reserved: the low two bytes hold every flag.
        device_status = _device_and_sensor_status(UINT16.unpack_from(data, offset)[0])
        offset += 3
    if tail_flags & _TAIL_PULSE_AMPLITUDE:
        pulse_amplitude_index = decode_sfloat_cached(
            UINT16.unpack_from(data, offset)[0]
        )
    return measurement_status, device_status, pulse_amplitude_index


def _length(flags: int, head: int, tail_shift: int) -> int:
    tail_flags = flags >> tail_shift
    return (
        _MIN_SIZE
        + head
        + (2 if tail_flags & _TAIL_MEASUREMENT_STATUS else 0)
        + (3 if tail_flags & _TAIL_DEVICE_STATUS else 0)
        + (2 if tail_flags & _TAIL_PULSE_AMPLITUDE else 0)
    )


_SPOT_CHECK_LENGTHS = tuple(
    _length(
        flags,
        DATE_TIME_SIZE if flags & _SPOT_TIMESTAMP_PRESENT else 0,
        _SPOT_TAIL_SHIFT,
    )
    for flags in range(0x20)
)
_CONTINUOUS_LENGTHS = tuple(
    _length(
        flags,
        (4 if flags & _FAST_PRESENT else 0) + (4 if flags & _SLOW_PRESENT else 0),
        _CONTINUOUS_TAIL_SHIFT,
    )
    for flags in range(0x20)
)


def decode_plx_spot_check_measurement(
    data: bytes | bytearray,
) -> PlxSpotCheckMeasurement:
    """Decode a PLX Spot-Check Measurement (0x2A5E) value."""
    size = len(data)
    if size < _MIN_SIZE:
        raise too_short(_SPOT_CHECK_NAME, _MIN_SIZE, size)
    flags = data[0]
    expected = _SPOT_CHECK_LENGTHS[flags & 0x1F]
    if size != expected:
        raise wrong_length(_SPOT_CHECK_NAME, flags, expected, size)
    spo2, pulse_rate = TWO_UINT16.unpack_from(data, 1)
    offset = _MIN_SIZE
    timestamp = None
    if flags & _SPOT_TIMESTAMP_PRESENT:
        if not flags & _SPOT_CLOCK_NOT_SET:
            timestamp = decode_date_time(data, offset)
        offset += DATE_TIME_SIZE
    return PlxSpotCheckMeasurement(
        decode_sfloat_cached(spo2),
        decode_sfloat_cached(pulse_rate),
        timestamp,
        *_tail(data, offset, flags >> _SPOT_TAIL_SHIFT),
        not flags & _SPOT_CLOCK_NOT_SET,
    )


def decode_plx_continuous_measurement(
    data: bytes | bytearray,
) -> PlxContinuousMeasurement:
    """Decode a PLX Continuous Measurement (0x2A5F) value."""
    size = len(data)
    if size < _MIN_SIZE:
        raise too_short(_CONTINUOUS_NAME, _MIN_SIZE, size)
    flags = data[0]
    expected = _CONTINUOUS_LENGTHS[flags & 0x1F]
    if size != expected:
        raise wrong_length(_CONTINUOUS_NAME, flags, expected, size)
    spo2, pulse_rate = TWO_UINT16.unpack_from(data, 1)
    offset = _MIN_SIZE
    spo2_fast = pulse_rate_fast = spo2_slow = pulse_rate_slow = None
    if flags & _FAST_PRESENT:
        raw_spo2, raw_pulse_rate = TWO_UINT16.unpack_from(data, offset)
        spo2_fast, pulse_rate_fast = (
            decode_sfloat_cached(raw_spo2),
            decode_sfloat_cached(raw_pulse_rate),
        )
        offset += 4
    if flags & _SLOW_PRESENT:
        raw_spo2, raw_pulse_rate = TWO_UINT16.unpack_from(data, offset)
        spo2_slow, pulse_rate_slow = (
            decode_sfloat_cached(raw_spo2),
            decode_sfloat_cached(raw_pulse_rate),
        )
        offset += 4
    return PlxContinuousMeasurement(
        decode_sfloat_cached(spo2),
        decode_sfloat_cached(pulse_rate),
        spo2_fast,
        pulse_rate_fast,
        spo2_slow,
        pulse_rate_slow,
        *_tail(data, offset, flags >> _CONTINUOUS_TAIL_SHIFT),
    )
