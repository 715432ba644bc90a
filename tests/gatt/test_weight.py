from datetime import datetime

import pytest

from custom_components.betti.gatt import (
    GattDecodeError,
    LengthUnit,
    WeightMeasurement,
    WeightScaleFeature,
    WeightUnit,
    decode,
    decode_weight_measurement,
    decode_weight_scale_feature,
)


def test_si_weight_with_everything() -> None:
    # 14000 x 0.005 kg, 2020-05-06 07:08:09, user 1, BMI 231 x 0.1, height 1666 x 0.001 m
    frame = bytes.fromhex("0e b036 e40705060708 09 01 e700 8206")
    assert decode("2a9d", frame) == WeightMeasurement(
        weight=70.0,
        unit=WeightUnit.KILOGRAMS,
        timestamp=datetime(2020, 5, 6, 7, 8, 9),
        user_id=1,
        bmi=23.1,
        height=1.666,
        height_unit=LengthUnit.METERS,
    )


def test_si_resolution_is_exact_to_five_grams() -> None:
    # 14013 x 0.005 kg = 70.065 kg, with no binary noise
    assert repr(decode_weight_measurement(bytes.fromhex("00 bd36")).weight) == "70.065"


def test_imperial_weight_bmi_and_height() -> None:
    # 15432 x 0.01 lb; BMI 23.1; height 656 x 0.1 in
    reading = decode_weight_measurement(bytes.fromhex("09 483c e700 9002"))
    assert (reading.weight, reading.unit) == (154.32, WeightUnit.POUNDS)
    assert (reading.bmi, reading.height, reading.height_unit) == (
        23.1,
        65.6,
        LengthUnit.INCHES,
    )


@pytest.mark.parametrize(
    ("frame", "timestamp", "user_id"),
    [
        ("02 b036 e40705060708 09", datetime(2020, 5, 6, 7, 8, 9), None),
        ("04 b036 02", None, 2),
        ("04 b036 ff", None, None),  # unknown user
        ("06 b036 e40705000708 09 00", None, 0),  # unknown day
    ],
)
def test_timestamp_and_user(
    frame: str, timestamp: datetime | None, user_id: int | None
) -> None:
    reading = decode_weight_measurement(bytes.fromhex(frame))
    assert (reading.weight, reading.timestamp, reading.user_id) == (
        70.0,
        timestamp,
        user_id,
    )
    assert (reading.bmi, reading.height) == (None, None)


def test_unsuccessful_measurement_has_no_weight() -> None:
    assert decode_weight_measurement(bytes.fromhex("00 ffff")).weight is None


@pytest.mark.parametrize(
    "frame",
    [
        "",
        "00 b0",
        "00 b036 00",
        "08 b036 e700",
        "06 b036 e40705060708 09",
        "02 b036 e4070506",
    ],
)
def test_malformed_frames_raise(frame: str) -> None:
    with pytest.raises(GattDecodeError):
        decode_weight_measurement(bytes.fromhex(frame))


def test_feature_with_finest_resolutions() -> None:
    # 0x000001bf: timestamp, multiple users, BMI; weight code 7; height code 3
    assert decode("2a9e", bytes.fromhex("bf010000")) == WeightScaleFeature(
        timestamp_supported=True,
        multiple_users_supported=True,
        bmi_supported=True,
        weight_resolution_kg=0.005,
        weight_resolution_lb=0.01,
        height_resolution_m=0.001,
        height_resolution_in=0.1,
    )


@pytest.mark.parametrize(
    ("raw", "weight", "height"),
    [
        (0x00000008, (0.5, 1.0), (None, None)),  # weight code 1, height not specified
        (0x00000010, (0.2, 0.5), (None, None)),
        (0x00000018, (0.1, 0.2), (None, None)),
        (0x00000020, (0.05, 0.1), (None, None)),
        (0x00000028, (0.02, 0.05), (None, None)),
        (0x00000030, (0.01, 0.02), (None, None)),
        (0x00000080, (None, None), (0.01, 1.0)),
        (0x00000100, (None, None), (0.005, 0.5)),
        (0x00000040, (None, None), (None, None)),  # reserved weight code 8
        (0x00000200, (None, None), (None, None)),  # reserved height code 4
    ],
)
def test_feature_resolutions(
    raw: int,
    weight: tuple[float | None, float | None],
    height: tuple[float | None, float | None],
) -> None:
    feature = decode_weight_scale_feature(raw.to_bytes(4, "little"))
    assert (feature.weight_resolution_kg, feature.weight_resolution_lb) == weight
    assert (feature.height_resolution_m, feature.height_resolution_in) == height
    assert (
        feature.timestamp_supported,
        feature.multiple_users_supported,
        feature.bmi_supported,
    ) == (False, False, False)


@pytest.mark.parametrize("frame", ["", "bf0100", "bf01000000"])
def test_feature_must_be_four_bytes(frame: str) -> None:
    with pytest.raises(GattDecodeError):
        decode_weight_scale_feature(bytes.fromhex(frame))
