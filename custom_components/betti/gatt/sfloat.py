"""IEEE 11073-20601 SFLOAT (16-bit) and FLOAT (32-bit) numbers.

Both are a signed power-of-ten exponent over a signed integer mantissa. The
mantissas at the edges of the range are reserved for the special values NaN,
NRes, +INFINITY, -INFINITY and one reserved code; each means the device has no
reading for that field, so they decode to None.
"""

from functools import lru_cache

# SFLOAT: exponent 4 bits, mantissa 12 bits; specials 0x07FE..0x0802 (+INF, NaN, NRes,
# reserved, -INF). Valid mantissas stop at +/-2045, so those codes are never numbers,
# whatever exponent comes with them.
_SFLOAT_SPECIAL_LOW = 0x07FE
_SFLOAT_SPECIAL_HIGH = 0x0802
_SFLOAT_SIGN = 0x0800
# FLOAT: exponent 8 bits, mantissa 24 bits; same specials widened.
_FLOAT_SPECIAL_LOW = 0x007FFFFE
_FLOAT_SPECIAL_HIGH = 0x00800002
_FLOAT_SIGN = 0x00800000

# Dividing the integer mantissa by an exact integer power of ten is correctly rounded,
# so 368 / 10 is the float nearest 36.8 and prints as 36.8.
_POWERS_OF_TEN: tuple[int, ...] = tuple(10**power for power in range(129))


def decode_sfloat(raw: int) -> float | None:
    """Return the value of a 16-bit SFLOAT, or None for a special value."""
    mantissa = raw & 0x0FFF
    if _SFLOAT_SPECIAL_LOW <= mantissa <= _SFLOAT_SPECIAL_HIGH:
        return None
    if mantissa & _SFLOAT_SIGN:
        mantissa -= 0x1000
    exponent = raw >> 12
    if exponent & 0x8:
        return mantissa / _POWERS_OF_TEN[16 - exponent]
    return float(mantissa * _POWERS_OF_TEN[exponent])


def decode_float(raw: int) -> float | None:
    """Return the value of a 32-bit FLOAT, or None for a special value."""
    mantissa = raw & 0x00FFFFFF
    if _FLOAT_SPECIAL_LOW <= mantissa <= _FLOAT_SPECIAL_HIGH:
        return None
    if mantissa & _FLOAT_SIGN:
        mantissa -= 0x01000000
    exponent = raw >> 24
    if exponent & 0x80:
        return mantissa / _POWERS_OF_TEN[256 - exponent]
    return float(mantissa * _POWERS_OF_TEN[exponent])


# The decoders call this one: devices repeat a few raw values (a pulse of 72, an SpO2
# of 97), and a cache hit costs less than half the arithmetic.
decode_sfloat_cached = lru_cache(maxsize=1024)(decode_sfloat)
