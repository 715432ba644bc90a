"""Health Thermometer Service: Temperature Measurement and Intermediate Temperature."""

from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum, StrEnum

from .common import (
    DATE_TIME_SIZE,
    UINT32,
    by_value,
    decode_date_time,
    too_short,
    wrong_length,
)
from .sfloat import decode_float

_UNIT_FAHRENHEIT = 0x01
_TIMESTAMP_PRESENT = 0x02
_TEMPERATURE_TYPE_PRESENT = 0x04
_MIN_SIZE = 5


class TemperatureUnit(StrEnum):
    """Unit of a temperature reading."""

    CELSIUS = "°C"
    FAHRENHEIT = "°F"


class TemperatureType(IntEnum):
    """Where on the body the temperature was taken."""

    ARMPIT = 1
    BODY = 2
    EAR = 3
    FINGER = 4
    GASTROINTESTINAL_TRACT = 5
    MOUTH = 6
    RECTUM = 7
    TOE = 8
    TYMPANUM = 9


_TEMPERATURE_TYPES = by_value(TemperatureType)


@dataclass(frozen=True, slots=True)
class TemperatureReading:
    """Fields shared by the final and the intermediate temperature."""

    temperature: float | None
    unit: TemperatureUnit
    timestamp: datetime | None
    temperature_type: TemperatureType | None
    """None when not sent or a reserved code."""


@dataclass(frozen=True, slots=True)
class TemperatureMeasurement(TemperatureReading):
    """A final temperature reading (0x2A1C)."""


@dataclass(frozen=True, slots=True)
class IntermediateTemperature(TemperatureReading):
    """A temperature while the measurement is still settling (0x2A1E)."""


def _frame_length(flags: int) -> int:
    return (
        _MIN_SIZE
        + (DATE_TIME_SIZE if flags & _TIMESTAMP_PRESENT else 0)
        + (1 if flags & _TEMPERATURE_TYPE_PRESENT else 0)
    )


_FRAME_LENGTHS = tuple(_frame_length(flags) for flags in range(0x08))


def _decode[Reading: TemperatureReading](
    reading: type[Reading], name: str, data: bytes | bytearray
) -> Reading:
    size = len(data)
    if size < _MIN_SIZE:
        raise too_short(name, _MIN_SIZE, size)
    flags = data[0]
    expected = _FRAME_LENGTHS[flags & 0x07]
    if size != expected:
        raise wrong_length(name, flags, expected, size)
    return reading(
        decode_float(UINT32.unpack_from(data, 1)[0]),
        TemperatureUnit.FAHRENHEIT
        if flags & _UNIT_FAHRENHEIT
        else TemperatureUnit.CELSIUS,
        decode_date_time(data, _MIN_SIZE) if flags & _TIMESTAMP_PRESENT else None,
        _TEMPERATURE_TYPES.get(data[-1]) if flags & _TEMPERATURE_TYPE_PRESENT else None,
    )


def decode_temperature_measurement(data: bytes | bytearray) -> TemperatureMeasurement:
    """Decode a Temperature Measurement (0x2A1C) value."""
    return _decode(TemperatureMeasurement, "Temperature Measurement", data)


def decode_intermediate_temperature(data: bytes | bytearray) -> IntermediateTemperature:
    """Decode an Intermediate Temperature (0x2A1E) value."""
    return _decode(IntermediateTemperature, "Intermediate Temperature", data)
