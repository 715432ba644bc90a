"""A standard scale with a user list (User Data Service), at Bleak's client boundary."""

import asyncio
from dataclasses import dataclass, field

from custom_components.betti.gatt import sig_uuid

from .fake_device import FakeHealthDevice
from .frames import WEIGHT, weight

USER_CONTROL_POINT = sig_uuid(0x2A9F)
CHANGE_INCREMENT = sig_uuid(0x2A99)
DATE_OF_BIRTH = sig_uuid(0x2A85)
GENDER = sig_uuid(0x2A8C)
HEIGHT = sig_uuid(0x2A8E)
USER_DATA = (USER_CONTROL_POINT, CHANGE_INCREMENT, DATE_OF_BIRTH, GENDER, HEIGHT)


@dataclass
class FakeUserDataScale(FakeHealthDevice):
    """Keeps each user's weights and sends them once that user's consent is given.

    ``users`` maps user index to consent code; ``weights`` maps user index to the
    kilograms the scale holds for them. ``slots`` is how many users fit. With ``answer``
    off the scale takes requests and never answers them. ``leave_after`` consents, the
    scale sends what it has and hangs up.
    """

    users: dict[int, int] = field(default_factory=dict)
    weights: dict[int, list[float]] = field(default_factory=dict)
    slots: int = 4
    answer: bool = True
    change_increment: int = 6
    consented: list[int] = field(default_factory=list)
    leave_after: int | None = None

    def __post_init__(self) -> None:
        """A scale that waits for consent: nothing sent on subscribing, no hang-up."""
        self.extra = (*self.extra, WEIGHT, *USER_DATA)
        self.hang_up = False

    async def write_gatt_char(
        self, uuid: str, data: bytes, *, response: bool | None = None
    ) -> None:
        """Take a write; User Control Point requests are answered by an indication."""
        await super().write_gatt_char(uuid, data, response=response)
        if uuid == USER_CONTROL_POINT and self.answer:
            asyncio.get_running_loop().call_soon(self._control, bytes(data))
        if uuid == CHANGE_INCREMENT:
            self.change_increment = int.from_bytes(data, "little")

    def _control(self, request: bytes) -> None:
        if request[0] == 0x01:  # register new user
            free = [index for index in range(self.slots) if index not in self.users]
            if not free:
                self._indicate(bytes([0x20, 0x01, 0x04]))
                return
            self.users[free[0]] = int.from_bytes(request[1:3], "little")
            self._indicate(bytes([0x20, 0x01, 0x01, free[0]]))
        elif request[0] == 0x02:  # consent
            index, code = request[1], int.from_bytes(request[2:4], "little")
            if index not in self.users:
                self._indicate(bytes([0x20, 0x02, 0x03]))
            elif self.users[index] != code:
                self._indicate(bytes([0x20, 0x02, 0x05]))
            else:
                self.consented.append(index)
                self._indicate(bytes([0x20, 0x02, 0x01]))
                if WEIGHT not in self._callbacks:
                    return  # registering, not downloading
                for kilograms in self.weights.get(index, []):
                    self._send(WEIGHT, weight(kilograms, user=index))
                if len(self.consented) == self.leave_after:
                    self._hang_up()

    def _indicate(self, frame: bytes) -> None:
        self._callbacks[USER_CONTROL_POINT](None, bytearray(frame))

    async def read_gatt_char(self, uuid: str) -> bytearray:
        """Read the user's data version, or the battery level."""
        if uuid == CHANGE_INCREMENT:
            return bytearray(self.change_increment.to_bytes(4, "little"))
        return await super().read_gatt_char(uuid)
