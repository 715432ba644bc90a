import pytest

from custom_components.betti.gatt import (
    GattDecodeError,
    RacpNumberOfRecords,
    RacpOpCode,
    RacpResponse,
    RacpResponseCode,
    decode,
    decode_racp_response,
    encode_report_all_records,
    encode_report_number_of_all_records,
    encode_report_number_of_records_from,
    encode_report_records_from,
)


def test_report_all_records() -> None:
    assert encode_report_all_records() == bytes.fromhex("01 01")


@pytest.mark.parametrize(
    ("sequence_number", "frame"),
    [
        (0, "01 03 01 0000"),
        (5, "01 03 01 0500"),
        (0x1234, "01 03 01 3412"),
        (0xFFFF, "01 03 01 ffff"),
    ],
)
def test_report_records_from_sequence_number(sequence_number: int, frame: str) -> None:
    assert encode_report_records_from(sequence_number) == bytes.fromhex(frame)


def test_report_number_of_records() -> None:
    assert encode_report_number_of_all_records() == bytes.fromhex("04 01")
    assert encode_report_number_of_records_from(300) == bytes.fromhex("04 03 01 2c01")


@pytest.mark.parametrize("sequence_number", [-1, 0x10000])
def test_sequence_number_must_fit_uint16(sequence_number: int) -> None:
    with pytest.raises(ValueError, match="uint16"):
        encode_report_records_from(sequence_number)


def test_number_of_records_response() -> None:
    assert decode("2a52", bytes.fromhex("05 00 0a01")) == RacpNumberOfRecords(266)


@pytest.mark.parametrize(
    ("frame", "response_code", "success"),
    [
        ("06 00 01 01", RacpResponseCode.SUCCESS, True),
        ("06 00 01 06", RacpResponseCode.NO_RECORDS_FOUND, False),
        ("06 00 01 04", RacpResponseCode.OPERATOR_NOT_SUPPORTED, False),
        ("06 00 01 09", RacpResponseCode.OPERAND_NOT_SUPPORTED, False),
    ],
)
def test_response_code(
    frame: str, response_code: RacpResponseCode, success: bool
) -> None:
    response = decode_racp_response(bytes.fromhex(frame))
    assert response == RacpResponse(
        request_op_code=RacpOpCode.REPORT_STORED_RECORDS, response_code=response_code
    )
    assert response.success is success


@pytest.mark.parametrize(
    "frame",
    [
        "",
        "01 01",  # a request, not a response
        "06 00 01",
        "06 00 01 01 00",
        "05 00 0a",
        "06 01 01 01",  # responses use the null operator
        "06 00 01 00",  # response code 0 is reserved
        "06 00 01 0a",
    ],
)
def test_malformed_responses_raise(frame: str) -> None:
    with pytest.raises(GattDecodeError):
        decode_racp_response(bytes.fromhex(frame))
