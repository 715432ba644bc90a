"""Heart Rate Service: Heart Rate Measurement."""

from dataclasses import dataclass
import struct

from .common import UINT16, too_short, wrong_length
from .errors import GattDecodeError

_NAME = "Heart Rate Measurement"
_MIN_SIZE = 2
_UINT16_VALUE = 0x01
_CONTACT_DETECTED = 0x02
_CONTACT_SUPPORTED = 0x04
_ENERGY_EXPENDED_PRESENT = 0x08
_RR_INTERVALS_PRESENT = 0x10
_RR_INTERVAL_TICKS_PER_SECOND = 1024


@dataclass(frozen=True, slots=True)
class HeartRateMeasurement:
    """A heart rate notification (0x2A37)."""

    heart_rate: int
    """Beats per minute."""
    sensor_contact: bool | None
    """Whether the sensor touches the skin; None when the sensor cannot tell."""
    energy_expended: int | None
    """Kilojoules since the last reset."""
    rr_intervals: tuple[float, ...]
    """Seconds between successive beats, oldest first; empty when not sent."""


def _fixed_length(flags: int) -> int:
    return (_MIN_SIZE + 1 if flags & _UINT16_VALUE else _MIN_SIZE) + (
        2 if flags & _ENERGY_EXPENDED_PRESENT else 0
    )


_FIXED_LENGTHS = tuple(_fixed_length(flags) for flags in range(0x10))


def decode_heart_rate_measurement(data: bytes | bytearray) -> HeartRateMeasurement:
    """Decode a Heart Rate Measurement (0x2A37) value."""
    size = len(data)
    if size < _MIN_SIZE:
        raise too_short(_NAME, _MIN_SIZE, size)
    flags = data[0]
    offset = _FIXED_LENGTHS[flags & 0x0F]
    if size < offset:
        raise too_short(_NAME, offset, size)
    rr_bytes = size - offset
    rr_intervals: tuple[float, ...] = ()
    if flags & _RR_INTERVALS_PRESENT:
        # The RR-intervals fill the rest of the frame, at least one when flagged.
        if not rr_bytes or rr_bytes % 2:
            msg = (
                f"{_NAME}: RR-intervals need a positive even byte count, got {rr_bytes}"
            )
            raise GattDecodeError(msg)
        rr_intervals = tuple(
            tick / _RR_INTERVAL_TICKS_PER_SECOND
            for tick in struct.unpack_from(f"<{rr_bytes // 2}H", data, offset)
        )
    elif rr_bytes:
        raise wrong_length(_NAME, flags, offset, size)
    return HeartRateMeasurement(
        UINT16.unpack_from(data, 1)[0] if flags & _UINT16_VALUE else data[1],
        bool(flags & _CONTACT_DETECTED) if flags & _CONTACT_SUPPORTED else None,
        UINT16.unpack_from(data, offset - 2)[0]
        if flags & _ENERGY_EXPENDED_PRESENT
        else None,
        rr_intervals,
    )
