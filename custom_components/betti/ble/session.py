"""One download session with a standard health device, over an already connected client.

The device sends what it stores once we subscribe (most keep a few readings in memory);
glucose meters send records only when asked through the Record Access Control Point. The
session ends on the RACP's answer, after a quiet spell, on disconnect, or at a hard limit.
"""

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
import logging
import struct

from ..gatt import (
    USER_CONTROL_POINT_UUID,
    BodyCompositionAccumulator,
    BodyCompositionMeasurement,
    GattDecodeError,
    GattValue,
    RacpResponse,
    decode,
    encode_report_all_records,
    encode_report_records_from,
    sig_uuid,
)
from .client import GattClient
from .readings import DeviceReading, to_reading
from .user_data import ScaleUser, UserControlPoint, UserDataError

_LOGGER = logging.getLogger(__name__)

MEASUREMENTS = tuple(
    sig_uuid(uuid16)
    for uuid16 in (0x2A35, 0x2A37, 0x2A1C, 0x2A9D, 0x2A9C, 0x2A18, 0x2A5E, 0x2A5F)
)
# Continuous streams: one reading per session (the latest), not one per second.
STREAMING = frozenset({sig_uuid(0x2A37), sig_uuid(0x2A5F)})
GLUCOSE_MEASUREMENT = sig_uuid(0x2A18)
RACP = sig_uuid(0x2A52)
CURRENT_TIME = sig_uuid(0x2A2B)
BATTERY_LEVEL = sig_uuid(0x2A19)
_CURRENT_TIME = struct.Struct("<H8B")
_GONE = (
    "",
    b"",
)  # queued by the disconnect callback, after the frames that came before
_MANUAL_UPDATE = 0x01


@dataclass(frozen=True, slots=True)
class SessionResult:
    """What a session brought."""

    readings: int
    battery: int | None
    last_sequence: int | None


def encode_current_time(now: datetime) -> bytes:
    """Encode Current Time (0x2A2B): sets the device's clock to our local time."""
    return _CURRENT_TIME.pack(
        now.year,
        now.month,
        now.day,
        now.hour,
        now.minute,
        now.second,
        now.isoweekday(),
        now.microsecond * 256 // 1_000_000,
        _MANUAL_UPDATE,
    )


class DownloadSession:
    """Collects one connection's readings; create it before connecting to hear a drop."""

    def __init__(self, *, quiet: float = 5.0, limit: float = 60.0) -> None:
        """Set how long a silence ends the session, and how long it may run at most."""
        self._frames: asyncio.Queue[tuple[str, bytes]] = asyncio.Queue()
        self._quiet = quiet
        self._limit = limit
        self._user_control_point = UserControlPoint()
        self.connected = True

    def on_disconnect(self, client: object) -> None:
        """Bleak's disconnected callback: frames already received still count."""
        self.connected = False
        self._frames.put_nowait(_GONE)
        self._user_control_point.on_disconnect(client)

    async def async_run(
        self,
        client: GattClient,
        characteristics: set[str],
        on_reading: Callable[[DeviceReading], Awaitable[None]],
        *,
        now: datetime,
        after_sequence: int | None = None,
        users: Sequence[ScaleUser] = (),
    ) -> SessionResult:
        """Collect the device's readings, handing each to ``on_reading`` as it arrives.

        Readings are handed over one by one so that a session cut short keeps what it got.
        ``users`` are the people registered on a device with a user list, in the order
        their consent is given.
        """
        if CURRENT_TIME in characteristics:
            await client.write_gatt_char(
                CURRENT_TIME, encode_current_time(now), response=True
            )
        for uuid in (*MEASUREMENTS, RACP):
            if uuid in characteristics:
                await client.start_notify(uuid, self._enqueue(uuid))
        if RACP in characteristics and GLUCOSE_MEASUREMENT in characteristics:
            await client.write_gatt_char(
                RACP, _records_request(after_sequence), response=True
            )
        deadline = asyncio.get_running_loop().time() + self._limit
        if users and USER_CONTROL_POINT_UUID in characteristics:
            readings = await self._collect_per_user(
                client, characteristics, users, on_reading, deadline
            )
        else:
            readings = await self._collect(on_reading, deadline)
        sequences = [
            r.sequence_number for r in readings if r.sequence_number is not None
        ]
        battery = None
        if BATTERY_LEVEL in characteristics and self.connected:
            battery = (await client.read_gatt_char(BATTERY_LEVEL))[0]
        return SessionResult(
            len(readings), battery, max(sequences, default=after_sequence)
        )

    async def _collect_per_user(
        self,
        client: GattClient,
        characteristics: set[str],
        users: Sequence[ScaleUser],
        on_reading: Callable[[DeviceReading], Awaitable[None]],
        deadline: float,
    ) -> list[DeviceReading]:
        """Give each person's consent in turn, collecting what the scale sends for them.

        A connection has one consented user at a time: consenting the next person makes
        the scale send that person's stored measurements.
        """
        await self._user_control_point.async_start(client, characteristics)
        readings: list[DeviceReading] = []
        for user in users:
            if not self.connected:
                break
            try:
                await self._user_control_point.async_consent(client, user)
            except UserDataError as err:
                # Still collect: the scale may send measurements of unknown users, and
                # after a drop, what arrived before it.
                if err.reason != "disconnected":
                    _LOGGER.warning(
                        "The device refused consent for its user %d: %s",
                        user.user_index,
                        err.reason,
                    )
            readings += await self._collect(on_reading, deadline)
        return readings

    async def _collect(
        self, on_reading: Callable[[DeviceReading], Awaitable[None]], deadline: float
    ) -> list[DeviceReading]:
        """Read frames until the RACP answers, the device goes quiet or away, or time is up."""
        readings: list[DeviceReading] = []
        latest: dict[str, DeviceReading] = {}
        # A scale may split one body composition measurement over two indications.
        body = BodyCompositionAccumulator()
        loop = asyncio.get_running_loop()
        while (remaining := deadline - loop.time()) > 0:
            try:
                frame = await asyncio.wait_for(
                    self._frames.get(), min(self._quiet, remaining)
                )
            except TimeoutError:
                break
            if frame is _GONE:
                break
            try:
                value: GattValue | None = decode(*frame)
                if isinstance(value, BodyCompositionMeasurement):
                    value = body.add(value)
            except GattDecodeError as err:
                _LOGGER.debug("Skipping a malformed %s frame: %s", frame[0], err)
                continue
            if value is None:
                continue  # the first half of a measurement
            if isinstance(value, RacpResponse):
                break
            if (reading := to_reading(value)) is not None:
                if frame[0] in STREAMING:
                    latest[frame[0]] = reading
                else:
                    await on_reading(reading)
                    readings.append(reading)
        for reading in latest.values():
            await on_reading(reading)
        return [*readings, *latest.values()]

    def _enqueue(self, uuid: str) -> Callable[[object, bytearray], None]:
        def handle(_: object, data: bytearray) -> None:
            self._frames.put_nowait((uuid, bytes(data)))

        return handle


def _records_request(after_sequence: int | None) -> bytes:
    if after_sequence is None:
        return encode_report_all_records()
    return encode_report_records_from(after_sequence + 1)
