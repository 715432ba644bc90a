"""UUIDs of the health services and characteristics, and how each is delivered."""

from collections.abc import Mapping
from enum import StrEnum
from string import hexdigits
from types import MappingProxyType

from .errors import GattDecodeError

_SIG_BASE_PREFIX = "0000"
_SIG_BASE_SUFFIX = "-0000-1000-8000-00805f9b34fb"
_UUID128_LENGTH = 36
_UUID16_DIGITS = 4
_HEX_DIGITS = frozenset(hexdigits)


def sig_uuid(uuid16: int) -> str:
    """Return the 128-bit form of a 16-bit SIG UUID, as Bleak and HA write it."""
    return f"{_SIG_BASE_PREFIX}{uuid16:04x}{_SIG_BASE_SUFFIX}"


def normalize_uuid(uuid: str) -> int:
    """Return the 16-bit SIG UUID of "2a35", "0x2A35" or its 128-bit form.

    Raises GattDecodeError for anything else, including 128-bit vendor UUIDs.
    """
    text = uuid.lower()
    if len(text) == _UUID128_LENGTH:
        if not (text.startswith(_SIG_BASE_PREFIX) and text.endswith(_SIG_BASE_SUFFIX)):
            msg = f"{uuid!r} is not a Bluetooth SIG UUID"
            raise GattDecodeError(msg)
        text = text[4:8]
    elif text.startswith("0x"):
        text = text[2:]
    if len(text) != _UUID16_DIGITS or not _HEX_DIGITS.issuperset(text):
        msg = (
            f"{uuid!r} is not a 16-bit UUID, 0x-prefixed or not, nor a SIG 128-bit UUID"
        )
        raise GattDecodeError(msg)
    return int(text, 16)


class Delivery(StrEnum):
    """How the device pushes a characteristic: indications are acknowledged."""

    INDICATION = "indication"
    NOTIFICATION = "notification"


BLOOD_PRESSURE_SERVICE_UUID = sig_uuid(0x1810)
HEART_RATE_SERVICE_UUID = sig_uuid(0x180D)
HEALTH_THERMOMETER_SERVICE_UUID = sig_uuid(0x1809)
WEIGHT_SCALE_SERVICE_UUID = sig_uuid(0x181D)
BODY_COMPOSITION_SERVICE_UUID = sig_uuid(0x181B)
GLUCOSE_SERVICE_UUID = sig_uuid(0x1808)
PULSE_OXIMETER_SERVICE_UUID = sig_uuid(0x1822)
USER_DATA_SERVICE_UUID = sig_uuid(0x181C)
CURRENT_TIME_SERVICE_UUID = sig_uuid(0x1805)

BLOOD_PRESSURE_MEASUREMENT_UUID = sig_uuid(0x2A35)
INTERMEDIATE_CUFF_PRESSURE_UUID = sig_uuid(0x2A36)
HEART_RATE_MEASUREMENT_UUID = sig_uuid(0x2A37)
TEMPERATURE_MEASUREMENT_UUID = sig_uuid(0x2A1C)
INTERMEDIATE_TEMPERATURE_UUID = sig_uuid(0x2A1E)
WEIGHT_MEASUREMENT_UUID = sig_uuid(0x2A9D)
WEIGHT_SCALE_FEATURE_UUID = sig_uuid(0x2A9E)
BODY_COMPOSITION_MEASUREMENT_UUID = sig_uuid(0x2A9C)
GLUCOSE_MEASUREMENT_UUID = sig_uuid(0x2A18)
GLUCOSE_MEASUREMENT_CONTEXT_UUID = sig_uuid(0x2A34)
PLX_SPOT_CHECK_MEASUREMENT_UUID = sig_uuid(0x2A5E)
PLX_CONTINUOUS_MEASUREMENT_UUID = sig_uuid(0x2A5F)
RECORD_ACCESS_CONTROL_POINT_UUID = sig_uuid(0x2A52)

# Weight Scale Feature is only read, so it has no entry.
CHARACTERISTIC_DELIVERY: Mapping[str, Delivery] = MappingProxyType(
    {
        BLOOD_PRESSURE_MEASUREMENT_UUID: Delivery.INDICATION,
        TEMPERATURE_MEASUREMENT_UUID: Delivery.INDICATION,
        WEIGHT_MEASUREMENT_UUID: Delivery.INDICATION,
        BODY_COMPOSITION_MEASUREMENT_UUID: Delivery.INDICATION,
        PLX_SPOT_CHECK_MEASUREMENT_UUID: Delivery.INDICATION,
        RECORD_ACCESS_CONTROL_POINT_UUID: Delivery.INDICATION,
        HEART_RATE_MEASUREMENT_UUID: Delivery.NOTIFICATION,
        INTERMEDIATE_CUFF_PRESSURE_UUID: Delivery.NOTIFICATION,
        INTERMEDIATE_TEMPERATURE_UUID: Delivery.NOTIFICATION,
        PLX_CONTINUOUS_MEASUREMENT_UUID: Delivery.NOTIFICATION,
        GLUCOSE_MEASUREMENT_UUID: Delivery.NOTIFICATION,
        GLUCOSE_MEASUREMENT_CONTEXT_UUID: Delivery.NOTIFICATION,
    }
)
