"""A standards-following health device at the boundary HA mocks: Bleak's client."""

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field

from custom_components.betti.gatt import sig_uuid

RACP = sig_uuid(0x2A52)
GLUCOSE = sig_uuid(0x2A18)
BATTERY = sig_uuid(0x2A19)


@dataclass
class Characteristic:
    """What Bleak tells about a characteristic."""

    uuid: str


@dataclass
class Service:
    """What Bleak tells about a service."""

    characteristics: list[Characteristic]


@dataclass
class FakeHealthDevice:
    """Sends its stored frames once subscribed, and hangs up when done (as cuffs do).

    ``stored`` maps characteristic UUIDs to the frames the device holds; glucose records
    are ``(sequence_number, frame)`` and only sent when asked through the RACP.
    ``drop_after`` cuts the link after that many frames, like a person walking away.
    """

    stored: dict[str, list[bytes]] = field(default_factory=dict)
    glucose: list[tuple[int, bytes]] = field(default_factory=list)
    battery: int | None = 87
    extra: tuple[str, ...] = ()
    drop_after: int | None = None
    hang_up: bool = True
    writes: list[tuple[str, bytes]] = field(default_factory=list)
    on_disconnect: Callable[[object], None] | None = None
    sent: int = 0
    paired: bool = False
    disconnects: int = 0
    _callbacks: dict[str, Callable[[object, bytearray], None]] = field(
        default_factory=dict
    )

    @property
    def services(self) -> list[Service]:
        """The device's GATT table."""
        uuids = {*self.stored, *self.extra}
        if self.glucose:
            uuids |= {GLUCOSE, RACP}
        if self.battery is not None:
            uuids.add(BATTERY)
        return [Service([Characteristic(uuid) for uuid in sorted(uuids)])]

    async def start_notify(
        self, uuid: str, callback: Callable[[object, bytearray], None]
    ) -> None:
        """Subscribe; stored frames follow once the subscriptions are done."""
        self._callbacks[uuid] = callback
        if len(self._callbacks) == 1:
            asyncio.get_running_loop().call_soon(self._send_stored)

    def _send_stored(self) -> None:
        for uuid, frames in self.stored.items():
            for frame in frames:
                if not self._send(uuid, frame):
                    return
        if not self.glucose and self.hang_up:
            self._hang_up()

    def _send(self, uuid: str, frame: bytes) -> bool:
        if self.drop_after is not None and self.sent >= self.drop_after:
            self._hang_up()
            return False
        self._callbacks[uuid](None, bytearray(frame))
        self.sent += 1
        return True

    def _hang_up(self) -> None:
        if self.on_disconnect is not None:
            self.on_disconnect(self)
            self.on_disconnect = None

    async def write_gatt_char(
        self, uuid: str, data: bytes, *, response: bool | None = None
    ) -> None:
        """Take a write; a RACP request makes the meter send the records asked for."""
        self.writes.append((uuid, bytes(data)))
        if uuid == RACP:
            first = int.from_bytes(data[3:5], "little") if data[1] == 0x03 else 0
            asyncio.get_running_loop().call_soon(self._send_records, first)

    def _send_records(self, first: int) -> None:
        for sequence, frame in self.glucose:
            if sequence >= first and not self._send(GLUCOSE, frame):
                return
        self._callbacks[RACP](None, bytearray(b"\x06\x00\x01\x01"))  # response: success

    async def read_gatt_char(self, uuid: str) -> bytearray:
        """Read the battery level."""
        assert uuid == BATTERY
        assert self.battery is not None
        return bytearray([self.battery])

    async def pair(self) -> None:
        """Bond."""
        self.paired = True

    async def disconnect(self) -> None:
        """Drop the link."""
        self.disconnects += 1
