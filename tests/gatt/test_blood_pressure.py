from dataclasses import replace
from datetime import datetime

import pytest

from custom_components.betti.gatt import (
    BloodPressureMeasurement,
    BloodPressureStatus,
    GattDecodeError,
    IntermediateCuffPressure,
    PressureUnit,
    PulseRateRange,
    decode,
    decode_blood_pressure_measurement,
    decode_intermediate_cuff_pressure,
)

# 120/80 mmHg, mean 100, 2020-05-06 07:08:09, pulse 72, user 1, irregular pulse
FULL_MMHG = bytes.fromhex("1e 7800 5000 6400 e40705060708 09 4800 01 0400")


AT_0708 = datetime(2020, 5, 6, 7, 8, 9)
NOTHING_NOTICED = BloodPressureStatus(
    body_movement_detected=False,
    cuff_too_loose=False,
    irregular_pulse_detected=False,
    pulse_rate_range=PulseRateRange.WITHIN_RANGE,
    improper_measurement_position=False,
)


def test_all_fields_mmhg() -> None:
    assert decode("2a35", FULL_MMHG) == BloodPressureMeasurement(
        systolic=120.0,
        diastolic=80.0,
        mean_arterial_pressure=100.0,
        unit=PressureUnit.MMHG,
        timestamp=AT_0708,
        pulse_rate=72.0,
        user_id=1,
        status=replace(NOTHING_NOTICED, irregular_pulse_detected=True),
    )


def test_pressures_only_in_kpa_with_decimals() -> None:
    # 16.0 / 10.7 / 12.5 kPa: mantissas 160, 107, 125 with exponent -1
    reading = decode_blood_pressure_measurement(bytes.fromhex("01 a0f0 6bf0 7df0"))
    assert (reading.systolic, reading.diastolic, reading.mean_arterial_pressure) == (
        16.0,
        10.7,
        12.5,
    )
    assert reading.unit is PressureUnit.KPA
    assert (reading.timestamp, reading.pulse_rate, reading.user_id, reading.status) == (
        None,
        None,
        None,
        None,
    )


@pytest.mark.parametrize(
    ("flags", "optional", "expected"),
    [
        # expected: timestamp, pulse rate, user ID, whether a status came
        (0x02, "e40705060708 09", (AT_0708, None, None, False)),
        (0x04, "4800", (None, 72.0, None, False)),
        (0x08, "03", (None, None, 3, False)),
        (0x10, "0000", (None, None, None, True)),
        (0x06, "e40705060708 09 4800", (AT_0708, 72.0, None, False)),
        (0x0C, "4800 02", (None, 72.0, 2, False)),
        (0x18, "02 0000", (None, None, 2, True)),
        (0x14, "4800 0000", (None, 72.0, None, True)),
    ],
)
def test_each_optional_field_combination(
    flags: int,
    optional: str,
    expected: tuple[datetime | None, float | None, int | None, bool],
) -> None:
    frame = bytes([flags]) + bytes.fromhex("7800 5000 6400 " + optional)
    reading = decode_blood_pressure_measurement(frame)
    assert reading.systolic == 120.0
    assert (
        reading.timestamp,
        reading.pulse_rate,
        reading.user_id,
        reading.status is not None,
    ) == expected


def test_unknown_user_and_unknown_date_are_none() -> None:
    # user 0xFF; year 0 (month and day known)
    frame = bytes.fromhex("0a 7800 5000 6400 000005060708 09 ff")
    reading = decode_blood_pressure_measurement(frame)
    assert reading.user_id is None
    assert reading.timestamp is None


@pytest.mark.parametrize("date", ["e40700060708", "e40705000708"])
def test_unknown_month_or_day_is_no_timestamp(date: str) -> None:
    frame = bytes.fromhex("02 7800 5000 6400" + date + "09")
    assert decode_blood_pressure_measurement(frame).timestamp is None


def test_mean_arterial_pressure_nan_is_none() -> None:
    reading = decode_blood_pressure_measurement(bytes.fromhex("00 7800 5000 ff07"))
    assert reading.mean_arterial_pressure is None
    assert reading.systolic == 120.0


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (0x0001, replace(NOTHING_NOTICED, body_movement_detected=True)),
        (0x0002, replace(NOTHING_NOTICED, cuff_too_loose=True)),
        (0x0004, replace(NOTHING_NOTICED, irregular_pulse_detected=True)),
        (
            0x0008,
            replace(NOTHING_NOTICED, pulse_rate_range=PulseRateRange.ABOVE_UPPER_LIMIT),
        ),
        (
            0x0010,
            replace(NOTHING_NOTICED, pulse_rate_range=PulseRateRange.BELOW_LOWER_LIMIT),
        ),
        (0x0018, replace(NOTHING_NOTICED, pulse_rate_range=None)),
        (0x0020, replace(NOTHING_NOTICED, improper_measurement_position=True)),
        (0xFFC0, NOTHING_NOTICED),  # reserved bits 6-15 carry nothing
    ],
)
def test_measurement_status_bits(status: int, expected: BloodPressureStatus) -> None:
    frame = bytes.fromhex("10 7800 5000 6400") + status.to_bytes(2, "little")
    assert decode_blood_pressure_measurement(frame).status == expected


def test_reserved_flag_bits_are_ignored() -> None:
    assert decode_blood_pressure_measurement(
        bytes.fromhex("e0 7800 5000 6400")
    ).systolic == (120.0)


@pytest.mark.parametrize(
    "frame",
    [
        FULL_MMHG[:-1],  # status cut short
        FULL_MMHG + b"\x00",  # trailing byte
        bytes.fromhex("00 7800 5000"),  # mean pressure missing
        b"",
        bytes.fromhex("02 7800 5000 6400 e4070d060708 09"),  # month 13
        bytes.fromhex("02 7800 5000 6400 e4070206 18 08 09"),  # hour 24
        bytes.fromhex("02 7800 5000 6400 e407021e0708 09"),  # 30 February
    ],
)
def test_malformed_frames_raise(frame: bytes) -> None:
    with pytest.raises(GattDecodeError):
        decode_blood_pressure_measurement(frame)


def test_intermediate_cuff_pressure() -> None:
    # cuff 150 mmHg, diastolic and mean unused (NaN), pulse 75
    reading = decode("2a36", bytes.fromhex("04 9600 ff07 ff07 4b00"))
    assert reading == IntermediateCuffPressure(
        cuff_pressure=150.0,
        unit=PressureUnit.MMHG,
        timestamp=None,
        pulse_rate=75.0,
        user_id=None,
        status=None,
    )


def test_intermediate_cuff_pressure_rejects_truncated_frame() -> None:
    with pytest.raises(GattDecodeError, match="Intermediate Cuff Pressure"):
        decode_intermediate_cuff_pressure(bytes.fromhex("04 9600 ff07 ff07"))
