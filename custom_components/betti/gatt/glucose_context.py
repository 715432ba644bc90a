"""Glucose Service: Glucose Measurement Context."""

from dataclasses import dataclass
from enum import IntEnum, StrEnum

from .common import UINT16, by_value, too_short, wrong_length
from .sfloat import decode_sfloat_cached

_NAME = "Glucose Measurement Context"
_MIN_SIZE = 3
_CARBOHYDRATE_PRESENT = 0x01
_MEAL_PRESENT = 0x02
_TESTER_HEALTH_PRESENT = 0x04
_EXERCISE_PRESENT = 0x08
_MEDICATION_PRESENT = 0x10
_MEDICATION_LITERS = 0x20
_HBA1C_PRESENT = 0x40
_EXTENDED_FLAGS_PRESENT = 0x80


class CarbohydrateType(IntEnum):
    """Which meal the carbohydrate intake belongs to."""

    BREAKFAST = 1
    LUNCH = 2
    DINNER = 3
    SNACK = 4
    DRINK = 5
    SUPPER = 6
    BRUNCH = 7


class Meal(IntEnum):
    """When the sample was taken relative to a meal."""

    PREPRANDIAL = 1
    POSTPRANDIAL = 2
    FASTING = 3
    CASUAL = 4
    BEDTIME = 5


class SampleTester(IntEnum):
    """Who took the sample (0xF, "not available", decodes to None)."""

    SELF = 1
    HEALTH_CARE_PROFESSIONAL = 2
    LAB_TEST = 3


class PatientHealth(IntEnum):
    """The patient's health at the time (0xF, "not available", decodes to None)."""

    MINOR_HEALTH_ISSUES = 1
    MAJOR_HEALTH_ISSUES = 2
    DURING_MENSES = 3
    UNDER_STRESS = 4
    NO_HEALTH_ISSUES = 5


class MedicationType(IntEnum):
    """Which insulin was taken."""

    RAPID_ACTING_INSULIN = 1
    SHORT_ACTING_INSULIN = 2
    INTERMEDIATE_ACTING_INSULIN = 3
    LONG_ACTING_INSULIN = 4
    PRE_MIXED_INSULIN = 5


class MedicationUnit(StrEnum):
    """Unit of the medication amount."""

    KILOGRAMS = "kg"
    LITERS = "L"


_CARBOHYDRATE_TYPES = by_value(CarbohydrateType)
_MEALS = by_value(Meal)
_TESTERS = by_value(SampleTester)
_HEALTHS = by_value(PatientHealth)
_MEDICATION_TYPES = by_value(MedicationType)


@dataclass(frozen=True, slots=True)
class GlucoseMeasurementContext:
    """What surrounded a glucose record (0x2A34); reserved codes decode to None."""

    sequence_number: int
    """The Glucose Measurement this context belongs to."""
    carbohydrate_type: CarbohydrateType | None
    carbohydrate: float | None
    """Kilograms of carbohydrate."""
    meal: Meal | None
    tester: SampleTester | None
    health: PatientHealth | None
    exercise_duration: int | None
    """Seconds; 0xFFFF means longer than the field holds."""
    exercise_intensity: int | None
    """Percent."""
    medication_type: MedicationType | None
    medication: float | None
    """In medication_unit."""
    medication_unit: MedicationUnit | None
    hba1c: float | None
    """Percent."""


def _frame_length(flags: int) -> int:
    return (
        _MIN_SIZE
        + (1 if flags & _EXTENDED_FLAGS_PRESENT else 0)
        + (3 if flags & _CARBOHYDRATE_PRESENT else 0)
        + (1 if flags & _MEAL_PRESENT else 0)
        + (1 if flags & _TESTER_HEALTH_PRESENT else 0)
        + (3 if flags & _EXERCISE_PRESENT else 0)
        + (3 if flags & _MEDICATION_PRESENT else 0)
        + (2 if flags & _HBA1C_PRESENT else 0)
    )


_FRAME_LENGTHS = tuple(_frame_length(flags) for flags in range(0x100))


def decode_glucose_measurement_context(
    data: bytes | bytearray,
) -> GlucoseMeasurementContext:
    """Decode a Glucose Measurement Context (0x2A34) value."""
    size = len(data)
    if size < _MIN_SIZE:
        raise too_short(_NAME, _MIN_SIZE, size)
    flags = data[0]
    expected = _FRAME_LENGTHS[flags]
    if size != expected:
        raise wrong_length(_NAME, flags, expected, size)
    # The extended flags are all reserved: step over them.
    offset = _MIN_SIZE + 1 if flags & _EXTENDED_FLAGS_PRESENT else _MIN_SIZE
    carbohydrate_type = carbohydrate = None
    if flags & _CARBOHYDRATE_PRESENT:
        carbohydrate_type = _CARBOHYDRATE_TYPES.get(data[offset])
        carbohydrate = decode_sfloat_cached(UINT16.unpack_from(data, offset + 1)[0])
        offset += 3
    meal = None
    if flags & _MEAL_PRESENT:
        meal = _MEALS.get(data[offset])
        offset += 1
    tester = health = None
    if flags & _TESTER_HEALTH_PRESENT:
        tester = _TESTERS.get(data[offset] & 0x0F)
        health = _HEALTHS.get(data[offset] >> 4)
        offset += 1
    exercise_duration = exercise_intensity = None
    if flags & _EXERCISE_PRESENT:
        exercise_duration = UINT16.unpack_from(data, offset)[0]
        exercise_intensity = data[offset + 2]
        offset += 3
    medication_type = medication = medication_unit = None
    if flags & _MEDICATION_PRESENT:
        medication_type = _MEDICATION_TYPES.get(data[offset])
        medication = decode_sfloat_cached(UINT16.unpack_from(data, offset + 1)[0])
        medication_unit = (
            MedicationUnit.LITERS
            if flags & _MEDICATION_LITERS
            else MedicationUnit.KILOGRAMS
        )
        offset += 3
    hba1c = (
        decode_sfloat_cached(UINT16.unpack_from(data, offset)[0])
        if flags & _HBA1C_PRESENT
        else None
    )
    return GlucoseMeasurementContext(
        UINT16.unpack_from(data, 1)[0],
        carbohydrate_type,
        carbohydrate,
        meal,
        tester,
        health,
        exercise_duration,
        exercise_intensity,
        medication_type,
        medication,
        medication_unit,
        hba1c,
    )
