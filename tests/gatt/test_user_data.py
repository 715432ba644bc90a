"""User Data Service frames, worked out from the UDS specification."""

import contextlib
from datetime import date

from hypothesis import given, strategies as st
import pytest

from custom_components.betti.gatt import (
    GattDecodeError,
    Gender,
    UcpOpCode,
    UcpResponse,
    UcpResult,
    decode_database_change_increment,
    decode_user_control_point,
    encode_age,
    encode_consent,
    encode_database_change_increment,
    encode_date_of_birth,
    encode_gender,
    encode_height,
    encode_register_new_user,
)


@pytest.mark.parametrize(
    ("consent_code", "frame"),
    [(0, "01 0000"), (1234, "01 d204"), (9999, "01 0f27")],
)
def test_register_new_user(consent_code: int, frame: str) -> None:
    assert encode_register_new_user(consent_code) == bytes.fromhex(frame)


def test_consent() -> None:
    assert encode_consent(3, 1234) == bytes.fromhex("02 03 d204")
    assert encode_consent(0xFE, 9999) == bytes.fromhex("02 fe 0f27")


@pytest.mark.parametrize("consent_code", [-1, 10000, 0xFFFF])
def test_consent_code_is_four_digits(consent_code: int) -> None:
    with pytest.raises(ValueError, match="consent code"):
        encode_register_new_user(consent_code)
    with pytest.raises(ValueError, match="consent code"):
        encode_consent(1, consent_code)


@pytest.mark.parametrize("user_index", [-1, 0xFF])
def test_user_index_unknown_user_cannot_be_consented(user_index: int) -> None:
    with pytest.raises(ValueError, match="user index"):
        encode_consent(user_index, 1234)


@pytest.mark.parametrize(
    ("frame", "expected"),
    [
        (
            "20 01 01 02",
            UcpResponse(UcpOpCode.REGISTER_NEW_USER, UcpResult.SUCCESS, 2),
        ),
        (
            "20 01 04",  # the scale's user slots are full
            UcpResponse(UcpOpCode.REGISTER_NEW_USER, UcpResult.OPERATION_FAILED),
        ),
        ("20 02 01", UcpResponse(UcpOpCode.CONSENT, UcpResult.SUCCESS)),
        (
            "20 02 05",  # wrong consent code
            UcpResponse(UcpOpCode.CONSENT, UcpResult.USER_NOT_AUTHORIZED),
        ),
        (
            "20 02 03",
            UcpResponse(UcpOpCode.CONSENT, UcpResult.INVALID_PARAMETER),
        ),
        ("20 03 01", UcpResponse(UcpOpCode.DELETE_USER_DATA, UcpResult.SUCCESS)),
        (
            "20 03 02",
            UcpResponse(UcpOpCode.DELETE_USER_DATA, UcpResult.OP_CODE_NOT_SUPPORTED),
        ),
    ],
)
def test_responses(frame: str, expected: UcpResponse) -> None:
    response = decode_user_control_point(bytes.fromhex(frame))
    assert response == expected
    assert response.success is (expected.result is UcpResult.SUCCESS)


@pytest.mark.parametrize(
    "frame",
    [
        "",
        "20 01",
        "01 d204",  # a request, not a response
        "20 01 01",  # registered, but which index?
        "20 01 04 02",  # a failure carries no index
        "20 02 01 00",
        "20 20 01",
        "20 07 01",  # an op code Betti never sends
        "20 02 00",  # result 0 is reserved
        "20 02 06",
    ],
)
def test_malformed_responses_raise(frame: str) -> None:
    with pytest.raises(GattDecodeError):
        decode_user_control_point(bytes.fromhex(frame))


@given(st.binary(max_size=8))
def test_random_bytes_only_raise_the_typed_error(data: bytes) -> None:
    for decoder in (
        decode_user_control_point,
        decode_database_change_increment,
    ):
        with contextlib.suppress(GattDecodeError):
            decoder(data)


def test_change_increment() -> None:
    assert decode_database_change_increment(bytes.fromhex("07000000")) == 7
    assert encode_database_change_increment(8) == bytes.fromhex("08000000")
    assert encode_database_change_increment(0x1_0000_0000) == bytes(4)
    with pytest.raises(GattDecodeError):
        decode_database_change_increment(b"\x01")


def test_user_data_values() -> None:
    assert encode_date_of_birth(date(1948, 3, 14)) == bytes.fromhex("9c07 03 0e")
    assert encode_gender(Gender.FEMALE) == b"\x01"
    assert encode_gender(Gender.MALE) == b"\x00"
    assert encode_height(162.4) == bytes.fromhex("a200")
    assert encode_age(78) == bytes([78])
    with pytest.raises(ValueError, match="height"):
        encode_height(-1)
    with pytest.raises(ValueError, match="age"):
        encode_age(256)
