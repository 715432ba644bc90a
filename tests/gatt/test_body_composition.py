from datetime import datetime

import pytest

from custom_components.betti.gatt import (
    BodyCompositionAccumulator,
    BodyCompositionMeasurement,
    GattDecodeError,
    LengthUnit,
    WeightUnit,
    decode,
    decode_body_composition_measurement,
    merge_body_composition,
)

AT_0708 = datetime(2020, 5, 6, 7, 8, 9)
# Flags 0x107e (multi-packet; timestamp, user, basal metabolism, muscle %, muscle mass,
# fat free mass): body fat 215 x 0.1 %, 2020-05-06 07:08:09, user 1, 6500 kJ,
# 400 x 0.1 %, 6000 x 0.005 kg, 11000 x 0.005 kg.
FIRST_PACKET = bytes.fromhex("7e10 d700 e40705060708 09 01 6419 9001 7017 f82a")
# Flags 0x1f80 (multi-packet; soft lean, body water, impedance, weight, height):
# body fat again, 10000 and 8000 x 0.005 kg, 5000 x 0.1 ohm, 14000 x 0.005 kg, 1750 mm.
SECOND_PACKET = bytes.fromhex("801f d700 1027 401f 8813 b036 d606")
WHOLE = BodyCompositionMeasurement(
    body_fat_percentage=21.5,
    unit=WeightUnit.KILOGRAMS,
    height_unit=LengthUnit.METERS,
    timestamp=AT_0708,
    user_id=1,
    basal_metabolism=6500,
    muscle_percentage=40.0,
    muscle_mass=30.0,
    fat_free_mass=55.0,
    soft_lean_mass=50.0,
    body_water_mass=40.0,
    impedance=500.0,
    weight=70.0,
    height=1.75,
    multiple_packet=False,
)


def test_single_packet_si() -> None:
    # flags 0x060e: timestamp, user, basal metabolism, impedance, weight
    frame = bytes.fromhex("0e06 d700 e40705060708 09 01 6419 8813 b036")
    assert decode("2a9c", frame) == BodyCompositionMeasurement(
        body_fat_percentage=21.5,
        unit=WeightUnit.KILOGRAMS,
        height_unit=LengthUnit.METERS,
        timestamp=AT_0708,
        user_id=1,
        basal_metabolism=6500,
        muscle_percentage=None,
        muscle_mass=None,
        fat_free_mass=None,
        soft_lean_mass=None,
        body_water_mass=None,
        impedance=500.0,
        weight=70.0,
        height=None,
        multiple_packet=False,
    )


def test_single_packet_imperial_masses_and_height() -> None:
    # flags 0x09f1: imperial; muscle %, muscle/fat free/soft lean/body water mass, height
    frame = bytes.fromhex("f109 fa00 9001 a217 ec2c 2927 401f bc02")
    reading = decode_body_composition_measurement(frame)
    assert (reading.unit, reading.height_unit) == (WeightUnit.POUNDS, LengthUnit.INCHES)
    assert reading.body_fat_percentage == 25.0
    assert reading.muscle_percentage == 40.0
    assert reading.muscle_mass == 60.5
    assert reading.fat_free_mass == 115.0
    assert reading.soft_lean_mass == 100.25
    assert reading.body_water_mass == 80.0
    assert reading.height == 70.0
    assert (reading.weight, reading.impedance, reading.basal_metabolism) == (
        None,
        None,
        None,
    )
    assert reading.multiple_packet is False


@pytest.mark.parametrize(
    ("flags", "value", "field", "expected"),
    [
        (0x0008, "6419", "basal_metabolism", 6500),
        (0x0010, "9001", "muscle_percentage", 40.0),
        (0x0020, "7017", "muscle_mass", 30.0),
        (0x0040, "f82a", "fat_free_mass", 55.0),
        (0x0080, "1027", "soft_lean_mass", 50.0),
        (0x0100, "401f", "body_water_mass", 40.0),
        (0x0200, "8813", "impedance", 500.0),
        (0x0400, "bd36", "weight", 70.065),
        (0x0800, "d606", "height", 1.75),
        (0x0004, "ff", "user_id", None),
        (0x0004, "07", "user_id", 7),
    ],
)
def test_each_optional_field_alone(
    flags: int, value: str, field: str, expected: object
) -> None:
    frame = flags.to_bytes(2, "little") + bytes.fromhex("d700" + value)
    reading = decode_body_composition_measurement(frame)
    assert getattr(reading, field) == expected
    assert reading.body_fat_percentage == 21.5


def test_unsuccessful_measurement_has_no_body_fat() -> None:
    reading = decode_body_composition_measurement(bytes.fromhex("0000 ffff"))
    assert reading.body_fat_percentage is None


def test_packets_decode_alone_flagged_multiple() -> None:
    first = decode_body_composition_measurement(FIRST_PACKET)
    second = decode_body_composition_measurement(SECOND_PACKET)
    assert first.multiple_packet
    assert second.multiple_packet
    assert first.weight is None
    assert second.timestamp is None


def test_merge_joins_the_two_packets() -> None:
    first = decode_body_composition_measurement(FIRST_PACKET)
    second = decode_body_composition_measurement(SECOND_PACKET)
    assert merge_body_composition(first, second) == WHOLE


def test_merge_refuses_packets_that_disagree() -> None:
    first = decode_body_composition_measurement(FIRST_PACKET)
    other_fat = decode_body_composition_measurement(
        bytes.fromhex("801f d800 1027 401f 8813 b036 d606")
    )
    with pytest.raises(GattDecodeError, match="body_fat_percentage"):
        merge_body_composition(first, other_fat)
    imperial = decode_body_composition_measurement(bytes.fromhex("0110 d700"))
    with pytest.raises(GattDecodeError, match="unit"):
        merge_body_composition(first, imperial)


def test_accumulator_waits_for_the_second_packet() -> None:
    accumulator = BodyCompositionAccumulator()
    assert accumulator.add(decode_body_composition_measurement(FIRST_PACKET)) is None
    assert accumulator.add(decode_body_composition_measurement(SECOND_PACKET)) == WHOLE
    assert accumulator.flush() is None


def test_accumulator_passes_single_packets_through_and_drops_orphans() -> None:
    accumulator = BodyCompositionAccumulator()
    single = decode_body_composition_measurement(bytes.fromhex("0004 d700 b036"))
    assert accumulator.add(decode_body_composition_measurement(FIRST_PACKET)) is None
    assert accumulator.add(single) is single
    # the orphaned first packet is gone: the next pair starts afresh
    assert accumulator.add(decode_body_composition_measurement(SECOND_PACKET)) is None
    assert accumulator.flush() == decode_body_composition_measurement(SECOND_PACKET)
    assert accumulator.flush() is None


@pytest.mark.parametrize(
    "frame",
    [
        "",
        "0000 d7",
        "0000 d700 00",  # trailing byte
        "0200 d700 e4070506",  # timestamp cut short
        "0004 d700 b0",  # weight cut short
        "0200 d700 e40705200708 09",  # 32 May
    ],
)
def test_malformed_frames_raise(frame: str) -> None:
    with pytest.raises(GattDecodeError):
        decode_body_composition_measurement(bytes.fromhex(frame))
