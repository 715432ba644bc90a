from datetime import datetime

import pytest

from custom_components.betti.gatt import (
    GattDecodeError,
    IntermediateTemperature,
    TemperatureMeasurement,
    TemperatureType,
    TemperatureUnit,
    decode,
    decode_temperature_measurement,
)


def test_celsius_with_timestamp_and_type() -> None:
    # FLOAT mantissa 368, exponent -1; 2020-05-06 07:08:09; type 2 (body)
    assert decode("2A1C", bytes.fromhex("06 700100ff e40705060708 09 02")) == (
        TemperatureMeasurement(
            temperature=36.8,
            unit=TemperatureUnit.CELSIUS,
            timestamp=datetime(2020, 5, 6, 7, 8, 9),
            temperature_type=TemperatureType.BODY,
        )
    )


def test_fahrenheit_alone() -> None:
    reading = decode_temperature_measurement(bytes.fromhex("01 da0300ff"))
    assert (reading.temperature, reading.unit) == (98.6, TemperatureUnit.FAHRENHEIT)
    assert (reading.timestamp, reading.temperature_type) == (None, None)


@pytest.mark.parametrize(
    ("frame", "timestamp", "temperature_type"),
    [
        ("02 700100ff e40705060708 09", datetime(2020, 5, 6, 7, 8, 9), None),
        ("04 700100ff 09", None, TemperatureType.TYMPANUM),
        ("04 700100ff 01", None, TemperatureType.ARMPIT),
        ("04 700100ff 00", None, None),  # reserved type
        ("06 700100ff 000000000000 00 03", None, TemperatureType.EAR),  # unknown date
    ],
)
def test_optional_fields(
    frame: str, timestamp: datetime | None, temperature_type: TemperatureType | None
) -> None:
    reading = decode_temperature_measurement(bytes.fromhex(frame))
    assert reading.temperature == 36.8
    assert reading.timestamp == timestamp
    assert reading.temperature_type is temperature_type


@pytest.mark.parametrize(
    "value", ["ffff7f00", "00008000", "feff7f00", "02008000", "01008000"]
)
def test_special_values_are_no_temperature(value: str) -> None:
    assert (
        decode_temperature_measurement(bytes.fromhex("00" + value)).temperature is None
    )


def test_negative_exponent_and_mantissa() -> None:
    # mantissa -5 (0xfffffb), exponent -1: a probe below freezing
    assert (
        decode_temperature_measurement(bytes.fromhex("00 fbffffff")).temperature == -0.5
    )


def test_intermediate_temperature_is_its_own_type() -> None:
    reading = decode("0x2a1e", bytes.fromhex("00 6c0100ff"))
    assert isinstance(reading, IntermediateTemperature)
    assert not isinstance(reading, TemperatureMeasurement)
    assert reading.temperature == 36.4


@pytest.mark.parametrize(
    "frame",
    ["", "00 700100", "00 700100ff 00", "02 700100ff e4070506", "04 700100ff"],
)
def test_malformed_frames_raise(frame: str) -> None:
    with pytest.raises(GattDecodeError):
        decode_temperature_measurement(bytes.fromhex(frame))
