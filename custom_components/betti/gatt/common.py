"""Field formats and error messages shared by the health profiles."""

from datetime import datetime
from enum import IntEnum
import struct

from .errors import GattDecodeError

# Every decoder builds its frozen result positionally: on CPython 3.14 passing the
# fields by keyword takes about half again as long, and the budget is 3 us a frame.

DATE_TIME_SIZE = 7
UNKNOWN_USER = 0xFF
# Cached flag sets: real devices send a handful of distinct status words.
STATUS_CACHE_SIZE = 256

_DATE_TIME = struct.Struct("<HBBBBB")
UINT16 = struct.Struct("<H")
SINT16 = struct.Struct("<h")
UINT32 = struct.Struct("<I")
TWO_UINT16 = struct.Struct("<HH")
THREE_UINT16 = struct.Struct("<HHH")


def decode_date_time(data: bytes | bytearray, offset: int) -> datetime | None:
    """Return the Date Time at offset as a naive datetime in the device's clock.

    Year, month or day 0 means the device does not know the date, so None.
    """
    year, month, day, hour, minute, second = _DATE_TIME.unpack_from(data, offset)
    if not (year and month and day):
        return None
    try:
        # Naive on purpose: the Date Time field carries no time zone.
        return datetime(year, month, day, hour, minute, second)  # noqa: DTZ001
    except ValueError as err:
        msg = f"invalid date time {year:04}-{month:02}-{day:02} {hour:02}:{minute:02}:{second:02}"
        raise GattDecodeError(msg) from err


def too_short(name: str, minimum: int, size: int) -> GattDecodeError:
    """Return the error for a frame shorter than the fields every frame carries."""
    return GattDecodeError(f"{name}: needs at least {minimum} bytes, got {size}")


def wrong_length(name: str, flags: int, expected: int, size: int) -> GattDecodeError:
    """Return the error for a frame whose length its flags do not announce."""
    return GattDecodeError(
        f"{name}: flags 0x{flags:02x} announce {expected} bytes, got {size}"
    )


def wrong_size(name: str, expected: int, size: int) -> GattDecodeError:
    """Return the error for a fixed-size value of another size."""
    return GattDecodeError(f"{name}: needs exactly {expected} bytes, got {size}")


def by_value[Member: IntEnum](enum: type[Member]) -> dict[int, Member]:
    """Return the members by code, for lookups that give None for reserved codes."""
    return {member.value: member for member in enum}
