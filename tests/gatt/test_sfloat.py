from decimal import Decimal

from hypothesis import given, strategies as st
import pytest

from custom_components.betti.gatt import decode_float, decode_sfloat


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (0x0078, 120.0),
        (0xF170, 36.8),  # exponent -1, mantissa 368
        (0xF4D2, 123.4),  # exponent -1, mantissa 1234
        (0xE5DC, 15.0),  # exponent -2, mantissa 1500
        (0x0FFF, -1.0),  # mantissa -1
        (0xFF9C, -10.0),  # exponent -1, mantissa -100
        (0x2001, 100.0),  # exponent +2
        (0x8001, 1e-8),  # exponent -8, the smallest
        (0x7001, 1e7),  # exponent +7, the largest
        (0x07FD, 2045.0),  # largest mantissa that is a number
        (0x0803, -2045.0),
        (0x0000, 0.0),
    ],
)
def test_sfloat_values(raw: int, expected: float) -> None:
    assert decode_sfloat(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        0x07FF,  # NaN
        0x0800,  # NRes
        0x07FE,  # +INFINITY
        0x0802,  # -INFINITY
        0x0801,  # reserved
        0xF7FF,  # reserved mantissa with an exponent: still not a number
    ],
)
def test_sfloat_special_values_are_no_reading(raw: int) -> None:
    assert decode_sfloat(raw) is None


def test_sfloat_prints_the_decimal_the_device_meant() -> None:
    assert repr(decode_sfloat(0xF170)) == "36.8"
    assert repr(decode_sfloat(0xD3E9)) == "1.001"


def _exact(mantissa: int, exponent: int) -> float:
    # float(Decimal) rounds correctly: the float nearest mantissa * 10**exponent.
    return float(Decimal(mantissa).scaleb(exponent))


def test_every_sfloat_is_the_nearest_float_to_its_decimal() -> None:
    for raw in range(0x10000):
        mantissa = raw & 0x0FFF
        if 0x07FE <= mantissa <= 0x0802:
            assert decode_sfloat(raw) is None
            continue
        mantissa -= 0x1000 if mantissa & 0x0800 else 0
        exponent = (raw >> 12) - (16 if raw & 0x8000 else 0)
        assert decode_sfloat(raw) == _exact(mantissa, exponent), hex(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (0xFF000170, 36.8),
        (0xFD00E7C7, 59.335),  # exponent -3, mantissa 59335
        (0xFEFFFF9C, -1.0),  # exponent -2, mantissa -100
        (0x03000007, 7000.0),
        (0x007FFFFD, 8388605.0),
    ],
)
def test_float_values(raw: int, expected: float) -> None:
    assert decode_float(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [0x007FFFFF, 0x00800000, 0x007FFFFE, 0x00800002, 0x00800001, 0xFF7FFFFF],
)
def test_float_special_values_are_no_reading(raw: int) -> None:
    assert decode_float(raw) is None


@given(st.integers(min_value=0, max_value=0xFFFFFFFF))
def test_float_is_the_nearest_float_to_its_decimal(raw: int) -> None:
    mantissa = raw & 0x00FFFFFF
    if 0x007FFFFE <= mantissa <= 0x00800002:
        assert decode_float(raw) is None
        return
    mantissa -= 0x01000000 if mantissa & 0x00800000 else 0
    exponent = (raw >> 24) - (256 if raw & 0x80000000 else 0)
    assert decode_float(raw) == _exact(mantissa, exponent)
