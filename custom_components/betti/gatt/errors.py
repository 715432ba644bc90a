"""The one error the GATT decoders raise."""


class GattDecodeError(ValueError):
    """A characteristic value that cannot be decoded.

    Raised for truncated or over-long frames, values the specification rules out,
    and characteristics this package does not decode.
    """
