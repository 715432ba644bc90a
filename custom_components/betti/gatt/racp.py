"""Record Access Control Point (0x2A52): ask a device for its stored records."""

from dataclasses import dataclass
from enum import IntEnum
import struct

from .common import UINT16, by_value, too_short, wrong_size
from .errors import GattDecodeError

_NAME = "Record Access Control Point"
_FILTER_SEQUENCE_NUMBER = 0x01
_REQUEST_WITH_SEQUENCE_NUMBER = struct.Struct("<BBBH")
_RESPONSE_SIZE = 4
_MAX_SEQUENCE_NUMBER = 0xFFFF


class RacpOpCode(IntEnum):
    """What a Record Access Control Point frame asks or answers."""

    REPORT_STORED_RECORDS = 0x01
    DELETE_STORED_RECORDS = 0x02
    ABORT_OPERATION = 0x03
    REPORT_NUMBER_OF_STORED_RECORDS = 0x04
    NUMBER_OF_STORED_RECORDS_RESPONSE = 0x05
    RESPONSE_CODE = 0x06


class RacpOperator(IntEnum):
    """Which records a request is about."""

    NULL = 0x00
    ALL_RECORDS = 0x01
    LESS_THAN_OR_EQUAL_TO = 0x02
    GREATER_THAN_OR_EQUAL_TO = 0x03
    WITHIN_RANGE = 0x04
    FIRST_RECORD = 0x05
    LAST_RECORD = 0x06


class RacpResponseCode(IntEnum):
    """How the device answered a request."""

    SUCCESS = 0x01
    OP_CODE_NOT_SUPPORTED = 0x02
    INVALID_OPERATOR = 0x03
    OPERATOR_NOT_SUPPORTED = 0x04
    INVALID_OPERAND = 0x05
    NO_RECORDS_FOUND = 0x06
    ABORT_UNSUCCESSFUL = 0x07
    PROCEDURE_NOT_COMPLETED = 0x08
    OPERAND_NOT_SUPPORTED = 0x09


_RESPONSE_CODES = by_value(RacpResponseCode)
_RESPONSE_OP_CODES = frozenset(
    (RacpOpCode.NUMBER_OF_STORED_RECORDS_RESPONSE, RacpOpCode.RESPONSE_CODE)
)


@dataclass(frozen=True, slots=True)
class RacpNumberOfRecords:
    """The answer to a Report Number of Stored Records request."""

    number_of_records: int


@dataclass(frozen=True, slots=True)
class RacpResponse:
    """The device's verdict on a request; it ends every record transfer."""

    request_op_code: int
    """The op code of the request answered, as the device echoed it."""
    response_code: RacpResponseCode

    @property
    def success(self) -> bool:
        """Whether the request was carried out."""
        return self.response_code is RacpResponseCode.SUCCESS


def _request_from(op_code: RacpOpCode, sequence_number: int) -> bytes:
    if not 0 <= sequence_number <= _MAX_SEQUENCE_NUMBER:
        msg = f"sequence number {sequence_number} is not a uint16"
        raise ValueError(msg)
    return _REQUEST_WITH_SEQUENCE_NUMBER.pack(
        op_code,
        RacpOperator.GREATER_THAN_OR_EQUAL_TO,
        _FILTER_SEQUENCE_NUMBER,
        sequence_number,
    )


def encode_report_all_records() -> bytes:
    """Return the request that makes the device send every stored record."""
    return bytes((RacpOpCode.REPORT_STORED_RECORDS, RacpOperator.ALL_RECORDS))


def encode_report_records_from(sequence_number: int) -> bytes:
    """Return the request for the stored records numbered sequence_number or later."""
    return _request_from(RacpOpCode.REPORT_STORED_RECORDS, sequence_number)


def encode_report_number_of_all_records() -> bytes:
    """Return the request for how many records the device stores."""
    return bytes((RacpOpCode.REPORT_NUMBER_OF_STORED_RECORDS, RacpOperator.ALL_RECORDS))


def encode_report_number_of_records_from(sequence_number: int) -> bytes:
    """Return the request for how many records are numbered sequence_number or later."""
    return _request_from(RacpOpCode.REPORT_NUMBER_OF_STORED_RECORDS, sequence_number)


def decode_racp_response(data: bytes | bytearray) -> RacpNumberOfRecords | RacpResponse:
    """Decode what the device indicates on the Record Access Control Point."""
    if not data:
        raise too_short(_NAME, 1, 0)
    op_code = data[0]
    if op_code not in _RESPONSE_OP_CODES:
        msg = f"{_NAME}: op code 0x{op_code:02x} is not a response"
        raise GattDecodeError(msg)
    if len(data) != _RESPONSE_SIZE:
        raise wrong_size(_NAME, _RESPONSE_SIZE, len(data))
    if data[1] != RacpOperator.NULL:
        msg = f"{_NAME}: responses use the null operator, got 0x{data[1]:02x}"
        raise GattDecodeError(msg)
    if op_code == RacpOpCode.NUMBER_OF_STORED_RECORDS_RESPONSE:
        return RacpNumberOfRecords(UINT16.unpack_from(data, 2)[0])
    response_code = _RESPONSE_CODES.get(data[3])
    if response_code is None:
        msg = f"{_NAME}: unknown response code 0x{data[3]:02x}"
        raise GattDecodeError(msg)
    return RacpResponse(data[2], response_code)
