"""Body Composition Service: Body Composition Measurement, single and multi-packet."""

from dataclasses import dataclass, fields, replace
from datetime import datetime
from operator import itemgetter
import struct
from typing import Any

from .common import (
    DATE_TIME_SIZE,
    TWO_UINT16,
    UNKNOWN_USER,
    decode_date_time,
    too_short,
    wrong_length,
)
from .errors import GattDecodeError
from .weight import (
    INCH_STEPS,
    KILOGRAM_STEPS,
    MEASUREMENT_UNSUCCESSFUL,
    METER_STEPS,
    POUND_STEPS,
    LengthUnit,
    WeightUnit,
)

_NAME = "Body Composition Measurement"
_MIN_SIZE = 4
_IMPERIAL = 0x0001
_TIMESTAMP_PRESENT = 0x0002
_USER_ID_PRESENT = 0x0004
_MULTIPLE_PACKET = 0x1000
# Flag bits 3-11 announce nine uint16 fields, in field order after the user ID:
# basal metabolism, muscle percentage, muscle mass, fat free mass, soft lean mass,
# body water mass, impedance, weight, height.
_OPTIONAL_SHIFT = 3
_OPTIONAL_COUNT = 9
_PERCENT_STEPS = 10
_IMPEDANCE_STEPS = 10


def _picker(bits: int) -> itemgetter[Any]:
    """Return what spreads the values present over all nine fields, None where absent."""
    # A present field is value number "present fields before it"; an absent one picks
    # the None appended after the values.
    return itemgetter(
        *(
            (bits & ((1 << bit) - 1)).bit_count()
            if bits >> bit & 1
            else bits.bit_count()
            for bit in range(_OPTIONAL_COUNT)
        )
    )


_PICKERS = tuple(_picker(bits) for bits in range(1 << _OPTIONAL_COUNT))
_UINT16_RUNS = tuple(
    struct.Struct(f"<{count}H") for count in range(_OPTIONAL_COUNT + 1)
)
_ABSENT = (None,)


@dataclass(frozen=True, slots=True)
class BodyCompositionMeasurement:
    """A body composition reading (0x2A9C), or one packet of a multi-packet one."""

    body_fat_percentage: float | None
    """None when the scale reports the measurement unsuccessful."""
    unit: WeightUnit
    """Unit of the masses: muscle, fat free, soft lean, body water, weight."""
    height_unit: LengthUnit
    timestamp: datetime | None
    user_id: int | None
    basal_metabolism: int | None
    """Kilojoules."""
    muscle_percentage: float | None
    muscle_mass: float | None
    fat_free_mass: float | None
    soft_lean_mass: float | None
    body_water_mass: float | None
    impedance: float | None
    """Ohms."""
    weight: float | None
    height: float | None
    multiple_packet: bool
    """True for one packet of a measurement split over two indications."""


def decode_body_composition_measurement(
    data: bytes | bytearray,
) -> BodyCompositionMeasurement:
    """Decode a Body Composition Measurement (0x2A9C) value.

    A packet of a multi-packet measurement decodes on its own, with multiple_packet
    set; BodyCompositionAccumulator joins the packets.
    """
    size = len(data)
    if size < _MIN_SIZE:
        raise too_short(_NAME, _MIN_SIZE, size)
    flags, raw_body_fat = TWO_UINT16.unpack_from(data)
    bits = (flags >> _OPTIONAL_SHIFT) & 0x1FF
    count = bits.bit_count()
    offset = _MIN_SIZE
    if flags & _TIMESTAMP_PRESENT:
        offset += DATE_TIME_SIZE
    if flags & _USER_ID_PRESENT:
        offset += 1
    expected = offset + 2 * count
    if size != expected:
        raise wrong_length(_NAME, flags, expected, size)
    timestamp = (
        decode_date_time(data, _MIN_SIZE) if flags & _TIMESTAMP_PRESENT else None
    )
    user_id = None
    if flags & _USER_ID_PRESENT:
        user_id = data[offset - 1]
        if user_id == UNKNOWN_USER:
            user_id = None
    (
        basal_metabolism,
        muscle_percentage,
        muscle_mass,
        fat_free_mass,
        soft_lean_mass,
        body_water_mass,
        impedance,
        weight,
        height,
    ) = _PICKERS[bits](_UINT16_RUNS[count].unpack_from(data, offset) + _ABSENT)
    imperial = flags & _IMPERIAL
    mass_steps = POUND_STEPS if imperial else KILOGRAM_STEPS
    return BodyCompositionMeasurement(
        None
        if raw_body_fat == MEASUREMENT_UNSUCCESSFUL
        else raw_body_fat / _PERCENT_STEPS,
        WeightUnit.POUNDS if imperial else WeightUnit.KILOGRAMS,
        LengthUnit.INCHES if imperial else LengthUnit.METERS,
        timestamp,
        user_id,
        basal_metabolism,
        None if muscle_percentage is None else muscle_percentage / _PERCENT_STEPS,
        None if muscle_mass is None else muscle_mass / mass_steps,
        None if fat_free_mass is None else fat_free_mass / mass_steps,
        None if soft_lean_mass is None else soft_lean_mass / mass_steps,
        None if body_water_mass is None else body_water_mass / mass_steps,
        None if impedance is None else impedance / _IMPEDANCE_STEPS,
        None if weight is None else weight / mass_steps,
        None if height is None else height / (INCH_STEPS if imperial else METER_STEPS),
        bool(flags & _MULTIPLE_PACKET),
    )


_MERGED_FIELDS = tuple(
    field.name
    for field in fields(BodyCompositionMeasurement)
    if field.name != "multiple_packet"
)


def merge_body_composition(
    first: BodyCompositionMeasurement, second: BodyCompositionMeasurement
) -> BodyCompositionMeasurement:
    """Join the two packets of one multi-packet measurement into one reading.

    Each packet repeats the flags and body fat percentage and carries some of the
    optional fields; a field that both packets carry must agree.
    """
    # Any: the values are the fields' own, taken from instances of the same class.
    merged: dict[str, Any] = {"multiple_packet": False}
    for name in _MERGED_FIELDS:
        value = getattr(first, name)
        other = getattr(second, name)
        if value is None:
            value = other
        elif other is not None and other != value:
            msg = f"{_NAME}: packets disagree on {name}: {value!r} != {other!r}"
            raise GattDecodeError(msg)
        merged[name] = value
    return replace(first, **merged)


class BodyCompositionAccumulator:
    """Turns a stream of body composition packets into complete readings.

    A full measurement is at most 30 bytes and an indication carries at least 20
    (the default ATT MTU), so a scale splits it over two indications at most: the
    second multi-packet frame completes the first.
    """

    __slots__ = ("_pending",)

    def __init__(self) -> None:
        """Start with no packet waiting for its partner."""
        self._pending: BodyCompositionMeasurement | None = None

    def add(
        self, packet: BodyCompositionMeasurement
    ) -> BodyCompositionMeasurement | None:
        """Return the complete reading this packet finishes, or None if it waits.

        Raises GattDecodeError when two packets of a measurement disagree.
        """
        if not packet.multiple_packet:
            self._pending = None
            return packet
        if self._pending is None:
            self._pending = packet
            return None
        first, self._pending = self._pending, None
        return merge_body_composition(first, packet)

    def flush(self) -> BodyCompositionMeasurement | None:
        """Return and forget a first packet whose partner never came (e.g. on disconnect)."""
        pending, self._pending = self._pending, None
        return pending
