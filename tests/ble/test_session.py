"""A download session: what it writes, what it collects, and how it ends."""

from datetime import datetime

from custom_components.betti.ble.readings import DeviceReading
from custom_components.betti.ble.session import DownloadSession
from custom_components.betti.vitals import Metric

from .fake_device import RACP, FakeHealthDevice
from .frames import (
    BLOOD_PRESSURE,
    BODY_COMPOSITION,
    CURRENT_TIME,
    HEART_RATE,
    WEIGHT,
    bp,
    glucose,
    weight,
)

NOW = datetime(2026, 3, 1, 7, 45, 12, 500000)


async def _run(
    device: FakeHealthDevice, *, after_sequence: int | None = None, quiet: float = 0.2
) -> tuple[list[DeviceReading], int | None, int | None]:
    readings: list[DeviceReading] = []

    async def keep(reading: DeviceReading) -> None:
        readings.append(reading)

    session = DownloadSession(quiet=quiet, limit=5)
    device.on_disconnect = session.on_disconnect
    chars = {
        char.uuid for service in device.services for char in service.characteristics
    }
    result = await session.async_run(
        device, chars, keep, now=NOW, after_sequence=after_sequence
    )
    assert result.readings == len(readings)
    return readings, result.battery, result.last_sequence


async def test_cuff_sends_its_stored_readings_and_hangs_up() -> None:
    device = FakeHealthDevice(
        {BLOOD_PRESSURE: [bp(131, 84), bp(128, 80, minute=40)]}, extra=(CURRENT_TIME,)
    )
    readings, battery, _ = await _run(
        device, quiet=30
    )  # ends on hang-up, not on silence
    assert [r.values[Metric.SYSTOLIC] for r in readings] == [131, 128]
    # The cuff's clock is set to ours first: 2026-03-01 07:45:12.5, a Sunday.
    assert device.writes[0] == (
        CURRENT_TIME,
        bytes.fromhex("EA0703010 72D0C0780 01".replace(" ", "")),
    )
    # After a hang-up there is no link left to read the battery over.
    assert battery is None


async def test_battery_is_read_while_connected() -> None:
    device = FakeHealthDevice({WEIGHT: [weight(70.4)]}, hang_up=False)
    readings, battery, _ = await _run(device)
    assert [r.values for r in readings] == [{Metric.WEIGHT: 70.4}]
    assert battery == 87


async def test_a_dropped_link_keeps_what_arrived() -> None:
    device = FakeHealthDevice(
        {BLOOD_PRESSURE: [bp(131, 84), bp(128, 80, minute=40), bp(125, 79, minute=50)]},
        drop_after=2,
    )
    readings, _, _ = await _run(device, quiet=30)
    assert len(readings) == 2


async def test_glucose_meter_is_asked_for_new_records_only() -> None:
    device = FakeHealthDevice(
        glucose=[(5, glucose(5, 101)), (6, glucose(6, 95)), (7, glucose(7, 110))]
    )
    readings, _, last = await _run(device, after_sequence=5, quiet=30)
    # "Report stored records, sequence number >= 6", and the session ends on the RACP answer.
    assert device.writes == [(RACP, bytes.fromhex("0103010600"))]
    assert [r.sequence_number for r in readings] == [6, 7]
    assert last == 7


async def test_first_glucose_download_asks_for_everything() -> None:
    device = FakeHealthDevice(glucose=[(1, glucose(1, 101))])
    _, _, last = await _run(device, quiet=30)
    assert device.writes == [(RACP, bytes.fromhex("0101"))]
    assert last == 1


async def test_a_heart_rate_stream_gives_one_reading() -> None:
    frames = [bytes([0, rate]) for rate in (70, 74, 71)]
    readings, _, _ = await _run(FakeHealthDevice({HEART_RATE: frames}, battery=None))
    assert [r.values for r in readings] == [{Metric.HEART_RATE: 71}]


async def test_malformed_frames_are_skipped() -> None:
    device = FakeHealthDevice(
        {BLOOD_PRESSURE: [b"\x0e\x01", bp(131, 84)]}, battery=None
    )
    readings, _, _ = await _run(device)
    assert len(readings) == 1


async def test_silence_ends_a_session() -> None:
    device = FakeHealthDevice({WEIGHT: [weight(70.4)]}, battery=None, hang_up=False)
    readings, _, _ = await _run(device, quiet=0.05)
    assert len(readings) == 1


async def test_a_body_composition_measurement_in_two_packets_is_one_reading() -> None:
    # Both packets flag "multiple packet" and repeat body fat 25.0 %; the second adds 70.4 kg.
    first, second = bytes.fromhex("0010FA00"), bytes.fromhex("0014FA000037")
    device = FakeHealthDevice({BODY_COMPOSITION: [first, second]}, battery=None)
    readings, _, _ = await _run(device)
    assert [r.values for r in readings] == [
        {Metric.BODY_FAT: 25.0, Metric.WEIGHT: 70.4}
    ]
