"""Which values are beyond a person's limits, and which are critical whatever the limits."""

from custom_components.betti.vitals import Metric
from custom_components.betti.vitals.thresholds import Breach, Direction, breaches


def test_within_limits_is_quiet() -> None:
    assert (
        breaches({Metric.SYSTOLIC: 150, Metric.DIASTOLIC: 90, Metric.PULSE: 70}, {})
        == []
    )


def test_default_limits() -> None:
    assert breaches({Metric.SYSTOLIC: 165, Metric.SPO2: 91}, {}) == [
        Breach(Metric.SYSTOLIC, Direction.HIGH, 165, 160, critical=False),
        Breach(Metric.SPO2, Direction.LOW, 91, 92, critical=False),
    ]


def test_a_persons_own_limits() -> None:
    """Her doctor accepts up to 170 systolic for her."""
    assert breaches({Metric.SYSTOLIC: 165}, {Metric.SYSTOLIC: (90, 170)}) == []


def test_crisis_values_are_critical_even_with_lenient_limits() -> None:
    found = breaches({Metric.SYSTOLIC: 185}, {Metric.SYSTOLIC: (90, 200)})
    assert found == [Breach(Metric.SYSTOLIC, Direction.HIGH, 185, 180, critical=True)]
    low_sugar = breaches({Metric.GLUCOSE: 50}, {})
    assert low_sugar == [Breach(Metric.GLUCOSE, Direction.LOW, 50, 70, critical=True)]


def test_metrics_without_limits_never_alert() -> None:
    assert breaches({Metric.WEIGHT: 150, Metric.BMI: 45}, {}) == []
