"""Decoded values become readings in canonical units, each with a stable identity."""

from datetime import datetime

from custom_components.betti.ble.readings import DeviceReading, to_reading
from custom_components.betti.gatt import decode
from custom_components.betti.vitals import Metric, VitalKind

from .frames import BLOOD_PRESSURE, HEART_RATE, THERMOMETER, WEIGHT, bp, glucose, weight


def test_blood_pressure_keeps_time_and_user() -> None:
    reading = to_reading(decode(BLOOD_PRESSURE, bp(131, 84)))
    assert reading == DeviceReading(
        VitalKind.BLOOD_PRESSURE,
        {
            Metric.SYSTOLIC: 131,
            Metric.DIASTOLIC: 84,
            Metric.MEAN_ARTERIAL_PRESSURE: 93,
            Metric.PULSE: 72,
        },
        datetime(2026, 3, 1, 7, 30),
        user_id=1,
    )


def test_kilopascals_become_mmhg() -> None:
    # flags: kPa; 16.0 / 10.7 / 12.4 kPa as SFLOAT with exponent -1.
    frame = bytes.fromhex("01A0F06BF07CF0")
    reading = to_reading(decode(BLOOD_PRESSURE, frame))
    assert reading is not None
    assert reading.values == {
        Metric.SYSTOLIC: 120.01,
        Metric.DIASTOLIC: 80.26,
        Metric.MEAN_ARTERIAL_PRESSURE: 93.01,
    }


def test_a_failed_measurement_is_no_reading() -> None:
    # Systolic is NaN (0x07FF): the cuff could not measure.
    assert to_reading(decode(BLOOD_PRESSURE, bytes.fromhex("00FF0750005D00"))) is None


def test_pounds_and_fahrenheit_become_kg_and_celsius() -> None:
    # Imperial weight: 155.0 lb in 0.01 lb steps.
    reading = to_reading(decode(WEIGHT, b"\x01" + (15500).to_bytes(2, "little")))
    assert reading is not None
    assert reading.values == {Metric.WEIGHT: 70.31}
    # 98.6 °F as FLOAT (mantissa 986, exponent -1), flags: Fahrenheit.
    temperature = to_reading(decode(THERMOMETER, bytes.fromhex("01DA0300FF")))
    assert temperature is not None
    assert temperature.values == {Metric.TEMPERATURE: 37.0}


def test_glucose_in_mg_dl_with_its_sequence_number() -> None:
    reading = to_reading(decode("2a18", glucose(7, 95)))
    assert reading is not None
    assert reading.values == {Metric.GLUCOSE: 95}
    assert reading.sequence_number == 7
    assert reading.dedupe_key("AA:BB") == "AA:BB#7"


def test_identity_of_a_stored_record() -> None:
    reading = to_reading(decode(BLOOD_PRESSURE, bp(131, 84)))
    assert reading is not None
    again = to_reading(decode(BLOOD_PRESSURE, bp(131, 84)))
    assert again is not None
    other = to_reading(decode(BLOOD_PRESSURE, bp(131, 84, minute=31)))
    assert other is not None
    assert reading.dedupe_key("AA:BB") == again.dedupe_key("AA:BB")
    assert reading.dedupe_key("AA:BB") != other.dedupe_key("AA:BB")
    assert reading.dedupe_key("AA:BB") != reading.dedupe_key("CC:DD")


def test_readings_without_a_clock_have_no_identity() -> None:
    reading = to_reading(decode(HEART_RATE, bytes.fromhex("0048")))
    assert reading is not None
    assert reading.values == {Metric.HEART_RATE: 72}
    assert reading.dedupe_key("AA:BB") is None
    assert to_reading(decode(WEIGHT, weight(70.4))) is not None
