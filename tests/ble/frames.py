"""Frames as standard devices send them (values worked out from the GATT specifications)."""

from datetime import datetime

from custom_components.betti.gatt import sig_uuid

BLOOD_PRESSURE = sig_uuid(0x2A35)
HEART_RATE = sig_uuid(0x2A37)
THERMOMETER = sig_uuid(0x2A1C)
WEIGHT = sig_uuid(0x2A9D)
BODY_COMPOSITION = sig_uuid(0x2A9C)
CURRENT_TIME = sig_uuid(0x2A2B)


def bp(systolic: int, diastolic: int, *, user: int = 1, minute: int = 30) -> bytes:
    """mmHg, with a timestamp (2026-03-01 07:mm), MAP 93, pulse 72 and a user number."""
    return (
        bytes([0x0E])
        + systolic.to_bytes(2, "little")
        + diastolic.to_bytes(2, "little")
        + bytes.fromhex("5D00EA07030107")
        + bytes([minute, 0])
        + bytes.fromhex("4800")
        + bytes([user])
    )


def weight(
    kilograms: float, *, user: int | None = None, at: datetime | None = None
) -> bytes:
    """SI units (0.005 kg steps); with the scale's clock time and a user number if given."""
    flags = 0
    frame = round(kilograms / 0.005).to_bytes(2, "little")
    if at is not None:
        flags |= 0x02
        frame += at.year.to_bytes(2, "little") + bytes(
            [at.month, at.day, at.hour, at.minute, at.second]
        )
    if user is not None:
        flags |= 0x04
        frame += bytes([user])
    return bytes([flags]) + frame


def glucose(sequence: int, mg_dl: int) -> bytes:
    """kg/L (SFLOAT exponent -5), capillary blood from a finger, 2026-03-01 07:00."""
    sfloat = (0xB << 12) | mg_dl
    return (
        b"\x02"
        + sequence.to_bytes(2, "little")
        + bytes.fromhex("EA0703010700 00".replace(" ", ""))
        + sfloat.to_bytes(2, "little")
        + b"\x11"
    )
