"""What makes a reading whole and plausible, and how blood pressure is classified."""

import pytest

from custom_components.betti.vitals import (
    BloodPressureCategory,
    Metric,
    ReadingError,
    VitalKind,
    blood_pressure_category,
    check_reading,
    far_from_usual_weight,
)


def test_a_whole_reading_passes() -> None:
    check_reading(
        VitalKind.BLOOD_PRESSURE,
        {Metric.SYSTOLIC: 128, Metric.DIASTOLIC: 82, Metric.PULSE: 70},
    )
    check_reading(VitalKind.WEIGHT, {Metric.WEIGHT: 71.3, Metric.BODY_FAT: 31})


@pytest.mark.parametrize(
    ("kind", "values", "reason", "metric"),
    [
        (
            VitalKind.BLOOD_PRESSURE,
            {Metric.SYSTOLIC: 120},
            "missing_metric",
            Metric.DIASTOLIC,
        ),
        (
            VitalKind.HEART_RATE,
            {Metric.HEART_RATE: 60, Metric.WEIGHT: 70},
            "metric_not_for_kind",
            Metric.WEIGHT,
        ),
        (
            VitalKind.TEMPERATURE,
            {Metric.TEMPERATURE: 98.6},
            "implausible_value",
            Metric.TEMPERATURE,
        ),
        (VitalKind.SPO2, {Metric.SPO2: 101}, "implausible_value", Metric.SPO2),
        (
            VitalKind.BLOOD_PRESSURE,
            {Metric.SYSTOLIC: 80, Metric.DIASTOLIC: 120},
            "diastolic_not_below_systolic",
            None,
        ),
    ],
)
def test_wrong_readings_say_why(
    kind: VitalKind, values: dict[Metric, float], reason: str, metric: Metric | None
) -> None:
    with pytest.raises(ReadingError) as err:
        check_reading(kind, values)
    assert err.value.reason == reason
    assert err.value.metric == metric


@pytest.mark.parametrize(
    ("systolic", "diastolic", "category"),
    [
        (119, 79, BloodPressureCategory.NORMAL),
        (120, 79, BloodPressureCategory.ELEVATED),
        (129, 79, BloodPressureCategory.ELEVATED),
        (130, 70, BloodPressureCategory.HYPERTENSION_STAGE_1),
        (118, 80, BloodPressureCategory.HYPERTENSION_STAGE_1),
        (140, 85, BloodPressureCategory.HYPERTENSION_STAGE_2),
        (125, 90, BloodPressureCategory.HYPERTENSION_STAGE_2),
        (180, 110, BloodPressureCategory.HYPERTENSION_STAGE_2),
        (181, 100, BloodPressureCategory.HYPERTENSIVE_CRISIS),
        (150, 121, BloodPressureCategory.HYPERTENSIVE_CRISIS),
    ],
)
def test_acc_aha_categories(
    systolic: float, diastolic: float, category: BloodPressureCategory
) -> None:
    assert blood_pressure_category(systolic, diastolic) is category


@pytest.mark.parametrize(
    ("weight", "far"),
    [
        (160, True),
        (57.7, True),
        (57.9, False),
        (68, False),
        (78.1, False),
        (78.3, True),
    ],
)
def test_a_weight_is_far_from_the_last_beyond_15_percent(
    weight: float, *, far: bool
) -> None:
    assert far_from_usual_weight(weight, 68) is far
