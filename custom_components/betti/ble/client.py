"""The part of Bleak's client that Betti's Bluetooth routines use."""

from collections.abc import Callable
from typing import Protocol


class GattClient(Protocol):
    """A connected device, as Bleak's client presents it."""

    async def start_notify(
        self, char_specifier: str, callback: Callable[..., None]
    ) -> None:
        """Subscribe (notify or indicate, as the characteristic offers)."""

    async def write_gatt_char(
        self, char_specifier: str, data: bytes, *, response: bool | None = None
    ) -> None:
        """Write a characteristic."""

    async def read_gatt_char(self, char_specifier: str) -> bytearray:
        """Read a characteristic."""
