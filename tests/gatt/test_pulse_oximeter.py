from datetime import datetime

import pytest

from custom_components.betti.gatt import (
    GattDecodeError,
    PlxContinuousMeasurement,
    PlxDeviceSensorStatus,
    PlxMeasurementStatus,
    PlxSpotCheckMeasurement,
    decode,
    decode_plx_continuous_measurement,
    decode_plx_spot_check_measurement,
)


def test_spot_check_spo2_and_pulse_only() -> None:
    assert decode("2a5e", bytes.fromhex("00 6100 4800")) == PlxSpotCheckMeasurement(
        spo2=97.0,
        pulse_rate=72.0,
        timestamp=None,
        measurement_status=None,
        device_and_sensor_status=None,
        pulse_amplitude_index=None,
        device_clock_set=True,
    )


def test_spot_check_with_every_field() -> None:
    # 98 %, 72 bpm, 2020-05-06 07:08:09, validated data, low perfusion, PAI 25e-1 %
    frame = bytes.fromhex("0f 6200 4800 e40705060708 09 8000 200000 19f0")
    assert decode_plx_spot_check_measurement(frame) == PlxSpotCheckMeasurement(
        spo2=98.0,
        pulse_rate=72.0,
        timestamp=datetime(2020, 5, 6, 7, 8, 9),
        measurement_status=PlxMeasurementStatus.VALIDATED_DATA,
        device_and_sensor_status=PlxDeviceSensorStatus.LOW_PERFUSION,
        pulse_amplitude_index=2.5,
        device_clock_set=True,
    )


def test_spot_check_timestamp_ignored_while_clock_not_set() -> None:
    reading = decode_plx_spot_check_measurement(
        bytes.fromhex("11 6100 4800 d00701010000 00")
    )
    assert reading.timestamp is None
    assert reading.device_clock_set is False


def test_spot_check_nan_spo2_and_reserved_status_bits() -> None:
    # SpO2 NaN; measurement status only reserved bits 0-4; device status bits 16-23 reserved
    reading = decode_plx_spot_check_measurement(
        bytes.fromhex("06 ff07 4800 1f00 0000ff")
    )
    assert reading.spo2 is None
    assert reading.pulse_rate == 72.0
    assert reading.measurement_status == PlxMeasurementStatus(0)
    assert reading.device_and_sensor_status == PlxDeviceSensorStatus(0)


@pytest.mark.parametrize(
    ("flags", "optional", "field", "expected"),
    [
        (0x02, "2000", "measurement_status", PlxMeasurementStatus.MEASUREMENT_ONGOING),
        (0x02, "00c0", "measurement_status", PlxMeasurementStatus(0xC000)),
        (
            0x04,
            "008000",
            "device_and_sensor_status",
            PlxDeviceSensorStatus.SENSOR_DISCONNECTED,
        ),
        (0x08, "0ff0", "pulse_amplitude_index", 1.5),
        (0x08, "ff07", "pulse_amplitude_index", None),
    ],
)
def test_spot_check_optional_fields(
    flags: int, optional: str, field: str, expected: object
) -> None:
    frame = bytes([flags]) + bytes.fromhex("6100 4800" + optional)
    assert getattr(decode_plx_spot_check_measurement(frame), field) == expected


def test_continuous_with_every_field() -> None:
    # normal 97/72, fast 96/73, slow 98/71, measurement ongoing, sensor disconnected, PAI 1.2
    frame = bytes.fromhex("1f 6100 4800 6000 4900 6200 4700 2000 008000 0cf0")
    assert decode("2a5f", frame) == PlxContinuousMeasurement(
        spo2=97.0,
        pulse_rate=72.0,
        spo2_fast=96.0,
        pulse_rate_fast=73.0,
        spo2_slow=98.0,
        pulse_rate_slow=71.0,
        measurement_status=PlxMeasurementStatus.MEASUREMENT_ONGOING,
        device_and_sensor_status=PlxDeviceSensorStatus.SENSOR_DISCONNECTED,
        pulse_amplitude_index=1.2,
    )


@pytest.mark.parametrize(
    ("frame", "fast", "slow"),
    [
        ("00 6100 4800", (None, None), (None, None)),
        ("01 6100 4800 6000 4900", (96.0, 73.0), (None, None)),
        ("02 6100 4800 6200 4700", (None, None), (98.0, 71.0)),
        ("03 6100 4800 6000 4900 6200 4700", (96.0, 73.0), (98.0, 71.0)),
        ("01 6100 4800 ff07 ff07", (None, None), (None, None)),  # fast not yet computed
    ],
)
def test_continuous_fast_and_slow(
    frame: str,
    fast: tuple[float | None, float | None],
    slow: tuple[float | None, float | None],
) -> None:
    reading = decode_plx_continuous_measurement(bytes.fromhex(frame))
    assert (reading.spo2, reading.pulse_rate) == (97.0, 72.0)
    assert (reading.spo2_fast, reading.pulse_rate_fast) == fast
    assert (reading.spo2_slow, reading.pulse_rate_slow) == slow


def test_continuous_status_without_fast_or_slow() -> None:
    reading = decode_plx_continuous_measurement(
        bytes.fromhex("0c 6100 4800 8000 040000")
    )
    assert reading.measurement_status is PlxMeasurementStatus.VALIDATED_DATA
    assert (
        reading.device_and_sensor_status
        is PlxDeviceSensorStatus.SIGNAL_PROCESSING_IRREGULARITY
    )
    assert reading.pulse_amplitude_index is None


@pytest.mark.parametrize(
    ("uuid", "frame"),
    [
        ("2a5e", ""),
        ("2a5e", "00 6100 48"),
        ("2a5e", "00 6100 4800 00"),
        ("2a5e", "01 6100 4800 e4070506"),
        ("2a5e", "04 6100 4800 0000"),  # device status is three bytes
        ("2a5f", "01 6100 4800 6000"),
        ("2a5f", "10 6100 4800"),
        ("2a5f", "00 6100 4800 0000"),
    ],
)
def test_malformed_frames_raise(uuid: str, frame: str) -> None:
    with pytest.raises(GattDecodeError):
        decode(uuid, bytes.fromhex(frame))
