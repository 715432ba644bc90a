"""User Data Service (0x181C): register a person on a device, consent, and their data.

Scales following the Weight Scale Profile with the User Data Service keep a list of users,
each guarded by a four-digit consent code, and send a user's measurements only to a client
that gave that user's consent in the same connection. Everything goes through the User
Control Point (0x2A9F): a request written to it is answered by an indication.
"""

from dataclasses import dataclass
from datetime import date
from enum import IntEnum
import struct

from .common import UINT16, UINT32, by_value, too_short, wrong_size
from .errors import GattDecodeError
from .uuids import sig_uuid

USER_CONTROL_POINT_UUID = sig_uuid(0x2A9F)
DATABASE_CHANGE_INCREMENT_UUID = sig_uuid(0x2A99)
DATE_OF_BIRTH_UUID = sig_uuid(0x2A85)
GENDER_UUID = sig_uuid(0x2A8C)
HEIGHT_UUID = sig_uuid(0x2A8E)
AGE_UUID = sig_uuid(0x2A80)

MAX_CONSENT_CODE = 9999
# User index 0xFF means "unknown user" in measurements and in the User Index value.
MAX_USER_INDEX = 0xFE

_NAME = "User Control Point"
_CHANGE_INCREMENT = "Database Change Increment"
_CONSENT = struct.Struct("<BBH")
_REGISTER = struct.Struct("<BH")
_DATE = struct.Struct("<HBB")
_RESPONSE_SIZE = 3
_REGISTERED_SIZE = 4
_MAX_YEAR = 9999
_MAX_HEIGHT_CM = 0xFFFF
_MAX_AGE = 0xFF


class UcpOpCode(IntEnum):
    """What a User Control Point frame asks or answers."""

    REGISTER_NEW_USER = 0x01
    CONSENT = 0x02
    DELETE_USER_DATA = 0x03
    RESPONSE_CODE = 0x20


class UcpResult(IntEnum):
    """How the device answered a User Control Point request."""

    SUCCESS = 0x01
    OP_CODE_NOT_SUPPORTED = 0x02
    INVALID_PARAMETER = 0x03
    OPERATION_FAILED = 0x04
    USER_NOT_AUTHORIZED = 0x05


class Gender(IntEnum):
    """The Gender characteristic's values."""

    MALE = 0
    FEMALE = 1
    UNSPECIFIED = 2


_RESULTS = by_value(UcpResult)
_REQUESTS = by_value(UcpOpCode)


@dataclass(frozen=True, slots=True)
class UcpResponse:
    """The device's answer to a User Control Point request."""

    request_op_code: UcpOpCode
    result: UcpResult
    user_index: int | None = None
    """The new user's index: only in a successful Register New User answer."""

    @property
    def success(self) -> bool:
        """Whether the request was carried out."""
        return self.result is UcpResult.SUCCESS


def _check_consent_code(consent_code: int) -> None:
    if not 0 <= consent_code <= MAX_CONSENT_CODE:
        msg = f"consent code {consent_code} is not between 0 and {MAX_CONSENT_CODE}"
        raise ValueError(msg)


def encode_register_new_user(consent_code: int) -> bytes:
    """Return the request that adds a user guarded by consent_code (0 to 9999)."""
    _check_consent_code(consent_code)
    return _REGISTER.pack(UcpOpCode.REGISTER_NEW_USER, consent_code)


def encode_consent(user_index: int, consent_code: int) -> bytes:
    """Return the request that makes user_index this connection's user."""
    _check_consent_code(consent_code)
    if not 0 <= user_index <= MAX_USER_INDEX:
        msg = f"user index {user_index} is not between 0 and {MAX_USER_INDEX}"
        raise ValueError(msg)
    return _CONSENT.pack(UcpOpCode.CONSENT, user_index, consent_code)


def decode_user_control_point(data: bytes | bytearray) -> UcpResponse:
    """Decode what the device indicates on the User Control Point."""
    if len(data) < _RESPONSE_SIZE:
        raise too_short(_NAME, _RESPONSE_SIZE, len(data))
    if data[0] != UcpOpCode.RESPONSE_CODE:
        msg = f"{_NAME}: op code 0x{data[0]:02x} is not a response"
        raise GattDecodeError(msg)
    request = _REQUESTS.get(data[1])
    if request is None or request is UcpOpCode.RESPONSE_CODE:
        msg = f"{_NAME}: answers op code 0x{data[1]:02x}, which Betti never sends"
        raise GattDecodeError(msg)
    result = _RESULTS.get(data[2])
    if result is None:
        msg = f"{_NAME}: unknown result 0x{data[2]:02x}"
        raise GattDecodeError(msg)
    # Only a successful registration carries a parameter: the new user's index.
    registered = request is UcpOpCode.REGISTER_NEW_USER and result is UcpResult.SUCCESS
    expected = _REGISTERED_SIZE if registered else _RESPONSE_SIZE
    if len(data) != expected:
        raise wrong_size(_NAME, expected, len(data))
    return UcpResponse(request, result, data[3] if registered else None)


def decode_database_change_increment(data: bytes | bytearray) -> int:
    """Decode Database Change Increment (0x2A99), the user's data version."""
    if len(data) != UINT32.size:
        raise wrong_size(_CHANGE_INCREMENT, UINT32.size, len(data))
    return int(UINT32.unpack(data)[0])


def encode_database_change_increment(value: int) -> bytes:
    """Encode the next data version; it wraps as the uint32 it is."""
    return UINT32.pack(value & 0xFFFFFFFF)


def encode_date_of_birth(born: date) -> bytes:
    """Encode Date of Birth (0x2A85): year, month, day."""
    if born.year > _MAX_YEAR:
        msg = f"year {born.year} is after {_MAX_YEAR}"
        raise ValueError(msg)
    return _DATE.pack(born.year, born.month, born.day)


def encode_gender(gender: Gender) -> bytes:
    """Encode Gender (0x2A8C)."""
    return bytes((gender,))


def encode_height(height_cm: float) -> bytes:
    """Encode Height (0x2A8E): whole centimetres (metres with exponent -2)."""
    centimetres = round(height_cm)
    if not 0 <= centimetres <= _MAX_HEIGHT_CM:
        msg = f"height {height_cm} cm does not fit a uint16"
        raise ValueError(msg)
    return UINT16.pack(centimetres)


def encode_age(years: int) -> bytes:
    """Encode Age (0x2A80): whole years."""
    if not 0 <= years <= _MAX_AGE:
        msg = f"age {years} does not fit a uint8"
        raise ValueError(msg)
    return bytes((years,))
