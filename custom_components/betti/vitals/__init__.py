"""Vital signs: what each kind measures, in which unit it is kept, and what is plausible.

No Home Assistant imports. Values are stored in one canonical unit per metric; the
integration converts to each person's preferred unit at the edges.
"""

from dataclasses import dataclass
from enum import StrEnum


class VitalKind(StrEnum):
    """A kind of reading; one reading of a kind may carry several metrics."""

    BLOOD_PRESSURE = "blood_pressure"
    HEART_RATE = "heart_rate"
    TEMPERATURE = "temperature"
    SPO2 = "spo2"
    WEIGHT = "weight"
    GLUCOSE = "glucose"


class Metric(StrEnum):
    """One measured quantity, stored in the unit named in its comment."""

    SYSTOLIC = "systolic"  # mmHg
    DIASTOLIC = "diastolic"  # mmHg
    MEAN_ARTERIAL_PRESSURE = "mean_arterial_pressure"  # mmHg
    PULSE = "pulse"  # beats per minute
    HEART_RATE = "heart_rate"  # beats per minute
    TEMPERATURE = "temperature"  # °C
    SPO2 = "spo2"  # %
    WEIGHT = "weight"  # kg
    BMI = "bmi"  # kg/m²
    BODY_FAT = "body_fat"  # %
    GLUCOSE = "glucose"  # mg/dL


@dataclass(frozen=True, slots=True)
class KindSpec:
    """Which metrics a kind requires and which it may carry."""

    required: tuple[Metric, ...]
    optional: tuple[Metric, ...] = ()


KINDS: dict[VitalKind, KindSpec] = {
    VitalKind.BLOOD_PRESSURE: KindSpec(
        (Metric.SYSTOLIC, Metric.DIASTOLIC),
        (Metric.MEAN_ARTERIAL_PRESSURE, Metric.PULSE),
    ),
    VitalKind.HEART_RATE: KindSpec((Metric.HEART_RATE,)),
    VitalKind.TEMPERATURE: KindSpec((Metric.TEMPERATURE,)),
    VitalKind.SPO2: KindSpec((Metric.SPO2,), (Metric.PULSE,)),
    VitalKind.WEIGHT: KindSpec((Metric.WEIGHT,), (Metric.BMI, Metric.BODY_FAT)),
    VitalKind.GLUCOSE: KindSpec((Metric.GLUCOSE,)),
}

# Values outside these are typing mistakes or device faults, not readings (canonical units).
PLAUSIBLE: dict[Metric, tuple[float, float]] = {
    Metric.SYSTOLIC: (50, 300),
    Metric.DIASTOLIC: (20, 200),
    Metric.MEAN_ARTERIAL_PRESSURE: (30, 250),
    Metric.PULSE: (20, 250),
    Metric.HEART_RATE: (20, 250),
    Metric.TEMPERATURE: (30, 45),
    Metric.SPO2: (50, 100),
    Metric.WEIGHT: (2, 400),
    Metric.BMI: (8, 100),
    Metric.BODY_FAT: (2, 75),
    Metric.GLUCOSE: (10, 1000),
}


class ReadingError(ValueError):
    """A reading that cannot be right; ``reason`` names why, for a translated message."""

    def __init__(self, reason: str, metric: Metric | None = None) -> None:
        """Keep the reason and the metric it concerns."""
        super().__init__(reason if metric is None else f"{reason}: {metric}")
        self.reason = reason
        self.metric = metric


def check_reading(kind: VitalKind, values: dict[Metric, float]) -> None:
    """Raise ReadingError unless ``values`` (canonical units) is a whole, plausible reading."""
    spec = KINDS[kind]
    for metric in spec.required:
        if metric not in values:
            raise ReadingError("missing_metric", metric)
    for metric, value in values.items():
        if metric not in spec.required and metric not in spec.optional:
            raise ReadingError("metric_not_for_kind", metric)
        low, high = PLAUSIBLE[metric]
        if not low <= value <= high:
            raise ReadingError("implausible_value", metric)
    if (
        kind is VitalKind.BLOOD_PRESSURE
        and values[Metric.DIASTOLIC] >= values[Metric.SYSTOLIC]
    ):
        raise ReadingError("diastolic_not_below_systolic")


# A weight this far from the person's last (a share of it) is asked about before it is stored:
# Assist can hear 60 as 160, a finger can type 160. Weight changes slowly; other readings
# swing too far from one day to the next for "far from usual" to be clear.
UNUSUAL_WEIGHT_CHANGE = 0.15


def far_from_usual_weight(weight: float, last: float) -> bool:
    """Whether ``weight`` is too far from the ``last`` one to store without asking."""
    return abs(weight - last) > UNUSUAL_WEIGHT_CHANGE * last


class BloodPressureCategory(StrEnum):
    """The 2017 ACC/AHA adult blood pressure categories."""

    NORMAL = "normal"
    ELEVATED = "elevated"
    HYPERTENSION_STAGE_1 = "hypertension_stage_1"
    HYPERTENSION_STAGE_2 = "hypertension_stage_2"
    HYPERTENSIVE_CRISIS = "hypertensive_crisis"


def blood_pressure_category(systolic: float, diastolic: float) -> BloodPressureCategory:
    """Classify a reading; the higher of the two numbers' categories wins."""
    if systolic > 180 or diastolic > 120:  # noqa: PLR2004 - thresholds are the guideline's
        return BloodPressureCategory.HYPERTENSIVE_CRISIS
    if systolic >= 140 or diastolic >= 90:  # noqa: PLR2004
        return BloodPressureCategory.HYPERTENSION_STAGE_2
    if systolic >= 130 or diastolic >= 80:  # noqa: PLR2004
        return BloodPressureCategory.HYPERTENSION_STAGE_1
    if systolic >= 120:  # noqa: PLR2004
        return BloodPressureCategory.ELEVATED
    return BloodPressureCategory.NORMAL
