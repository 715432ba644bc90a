import pytest

from custom_components.betti.gatt import (
    GattDecodeError,
    HeartRateMeasurement,
    decode,
    decode_heart_rate_measurement,
)


def test_uint8_heart_rate_alone() -> None:
    assert decode("2a37", bytes.fromhex("00 48")) == HeartRateMeasurement(
        heart_rate=72, sensor_contact=None, energy_expended=None, rr_intervals=()
    )


def test_contact_detected_with_rr_intervals_in_seconds() -> None:
    # flags: contact supported and detected, RR present; RR 1024/1024 s and 512/1024 s
    reading = decode_heart_rate_measurement(bytes.fromhex("16 48 0004 0002"))
    assert reading.sensor_contact is True
    assert reading.rr_intervals == (1.0, 0.5)


@pytest.mark.parametrize(
    ("flags", "contact"),
    [(0x00, None), (0x02, None), (0x04, False), (0x06, True)],
)
def test_sensor_contact_states(flags: int, contact: bool | None) -> None:
    assert decode_heart_rate_measurement(bytes([flags, 60])).sensor_contact is contact


def test_uint16_heart_rate_with_energy_expended() -> None:
    # heart rate 0x0140 = 320 bpm, energy 0x03e8 = 1000 kJ
    reading = decode_heart_rate_measurement(bytes.fromhex("09 4001 e803"))
    assert (reading.heart_rate, reading.energy_expended, reading.rr_intervals) == (
        320,
        1000,
        (),
    )


def test_uint16_heart_rate_energy_and_rr() -> None:
    # RR 0x0333 = 819 ticks = 0.7998046875 s
    reading = decode_heart_rate_measurement(bytes.fromhex("19 4800 e803 3303 0004"))
    assert reading.heart_rate == 72
    assert reading.energy_expended == 1000
    assert reading.rr_intervals == (0.7998046875, 1.0)


def test_uint8_heart_rate_with_energy_and_rr() -> None:
    reading = decode_heart_rate_measurement(bytes.fromhex("18 48 0a00 0004"))
    assert (reading.heart_rate, reading.energy_expended, reading.rr_intervals) == (
        72,
        10,
        (1.0,),
    )


@pytest.mark.parametrize(
    "frame",
    [
        "",
        "00",  # no heart rate
        "01 48",  # uint16 heart rate cut short
        "08 48 e8",  # energy cut short
        "10 48",  # RR flagged, none sent
        "10 48 0004 00",  # half an RR-interval
        "00 48 00",  # trailing byte without RR-intervals
    ],
)
def test_malformed_frames_raise(frame: str) -> None:
    with pytest.raises(GattDecodeError):
        decode_heart_rate_measurement(bytes.fromhex(frame))
