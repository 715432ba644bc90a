"""What a report holds, and the figures a doctor reads, from plain data (no Home Assistant).

The HA side gathers the records (times already in the household's zone, values both as
stored and in the person's own units); everything here is arithmetic on them.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from statistics import fmean
from typing import Any

from ..vitals import BloodPressureCategory, Metric, VitalKind, blood_pressure_category

# Time in range for glucose, the consensus target 70-180 mg/dL (3.9-10.0 mmol/L).
GLUCOSE_RANGE = (70.0, 180.0)
NOON = 12


@dataclass(frozen=True, slots=True)
class Person:
    """Who the report is about."""

    name: str
    birth_date: date
    sex: str
    height_cm: float

    def age(self, on: date) -> int:
        """Age in whole years on a day."""
        before_birthday = (on.month, on.day) < (
            self.birth_date.month,
            self.birth_date.day,
        )
        return on.year - self.birth_date.year - before_birthday


@dataclass(frozen=True, slots=True)
class Sample:
    """One vital-sign reading: ``values`` as stored, ``shown`` in the person's units."""

    reading_id: int
    at: datetime
    kind: VitalKind
    values: dict[Metric, float]
    shown: dict[Metric, float]
    source: str
    note: str | None = None


@dataclass(frozen=True, slots=True)
class DoseRecord:
    """One scheduled dose and what became of it (taken, skipped, missed, or still open)."""

    medication_id: int
    medication: str
    due: datetime
    status: str
    at: datetime | None
    amount: float


@dataclass(frozen=True, slots=True)
class DeliveryRecord:
    """One push attempt for an alert."""

    at: datetime
    target: str
    result: str
    reason: str | None


@dataclass(frozen=True, slots=True)
class AlertRecord:
    """An alert raised in the period."""

    alert_id: int
    at: datetime
    source: str
    severity: str
    message: str
    acknowledged_at: datetime | None
    acknowledged_via: str | None
    deliveries: tuple[DeliveryRecord, ...] = ()


@dataclass(frozen=True, slots=True)
class ReportData:
    """Everything recorded for one person over ``[start, end)``, times in local time."""

    person: Person
    start: datetime
    end: datetime
    units: dict[Metric, str]
    glucose_range: tuple[float, float] = GLUCOSE_RANGE
    """``GLUCOSE_RANGE`` in the person's unit."""
    samples: Sequence[Sample] = ()
    medications: dict[int, str] = field(default_factory=dict)
    doses: Sequence[DoseRecord] = ()
    alerts: Sequence[AlertRecord] = ()
    moods: Sequence[dict[str, Any]] = ()
    meals: Sequence[dict[str, Any]] = ()
    water: Sequence[dict[str, Any]] = ()
    workouts: Sequence[dict[str, Any]] = ()
    activity: Sequence[dict[str, Any]] = ()


@dataclass(frozen=True, slots=True)
class Stats:
    """Count, mean and range of some values."""

    count: int
    mean: float
    low: float
    high: float

    @classmethod
    def of(cls, values: Sequence[float]) -> Stats | None:
        """Summarise, or None when there is nothing to summarise."""
        if not values:
            return None
        return cls(len(values), fmean(values), min(values), max(values))


@dataclass(frozen=True, slots=True)
class Adherence:
    """One medication's settled doses over the period."""

    medication: str
    taken: int
    skipped: int
    missed: int

    @property
    def percent(self) -> float | None:
        """Taken as a share of settled doses."""
        settled = self.taken + self.skipped + self.missed
        return None if not settled else 100 * self.taken / settled


@dataclass(frozen=True, slots=True)
class PressureWeek:
    """A week's mean blood pressure in whole mmHg, and its ACC/AHA category."""

    monday: date
    count: int
    systolic: int
    diastolic: int

    @property
    def category(self) -> BloodPressureCategory:
        """The category of the mean as shown (139.7 shows as 140: stage 2, not 1)."""
        return blood_pressure_category(self.systolic, self.diastolic)


@dataclass(frozen=True, slots=True)
class Figures:
    """What the report's first page says."""

    age: int
    adherence: list[Adherence]
    missed: list[DoseRecord]
    pressure_weeks: list[PressureWeek]
    systolic: Stats | None
    diastolic: Stats | None
    morning: tuple[Stats, Stats] | None
    evening: tuple[Stats, Stats] | None
    weight: Stats | None
    weight_change: float | None
    glucose: Stats | None
    glucose_in_range: tuple[float, float, float] | None
    """Percent of readings below, in and above ``GLUCOSE_RANGE``."""
    temperature: Stats | None
    spo2: Stats | None
    heart_rate: Stats | None
    alerts: list[AlertRecord]


def series(
    samples: Iterable[Sample], metric: Metric, *, stored: bool = False
) -> list[tuple[datetime, float]]:
    """(time, value) of a metric, in the person's units unless ``stored``."""
    return [
        (s.at, (s.values if stored else s.shown)[metric])
        for s in samples
        if metric in s.values
    ]


def _values(samples: Iterable[Sample], *metrics: Metric) -> list[float]:
    return [s.shown[m] for s in samples for m in metrics if m in s.shown]


def _adherence(data: ReportData) -> list[Adherence]:
    counts: dict[int, dict[str, int]] = {}
    for dose in data.doses:
        counts.setdefault(dose.medication_id, {})
        counts[dose.medication_id][dose.status] = (
            counts[dose.medication_id].get(dose.status, 0) + 1
        )
    return [
        Adherence(
            label,
            counts.get(med_id, {}).get("taken", 0),
            counts.get(med_id, {}).get("skipped", 0),
            counts.get(med_id, {}).get("missed", 0),
        )
        for med_id, label in data.medications.items()
    ]


def _pressure_weeks(samples: Sequence[Sample]) -> list[PressureWeek]:
    weeks: dict[date, list[Sample]] = {}
    for sample in samples:
        day = sample.at.date()
        weeks.setdefault(day - timedelta(days=day.weekday()), []).append(sample)
    return [
        PressureWeek(
            monday,
            len(week),
            round(fmean(s.values[Metric.SYSTOLIC] for s in week)),
            round(fmean(s.values[Metric.DIASTOLIC] for s in week)),
        )
        for monday, week in sorted(weeks.items())
    ]


def _pair(samples: Sequence[Sample]) -> tuple[Stats, Stats] | None:
    systolic = Stats.of(_values(samples, Metric.SYSTOLIC))
    diastolic = Stats.of(_values(samples, Metric.DIASTOLIC))
    return None if systolic is None or diastolic is None else (systolic, diastolic)


def _in_range(values: Sequence[float]) -> tuple[float, float, float] | None:
    if not values:
        return None
    low, high = GLUCOSE_RANGE
    below = sum(v < low for v in values)
    above = sum(v > high for v in values)
    total = len(values)
    return (
        100 * below / total,
        100 * (total - below - above) / total,
        100 * above / total,
    )


def figures(data: ReportData) -> Figures:
    """Work out the first page's figures."""
    kinds: dict[VitalKind, list[Sample]] = {kind: [] for kind in VitalKind}
    for sample in data.samples:
        kinds[sample.kind].append(sample)
    pressure = kinds[VitalKind.BLOOD_PRESSURE]
    weights = _values(kinds[VitalKind.WEIGHT], Metric.WEIGHT)
    last_day = (data.end - timedelta(microseconds=1)).date()
    return Figures(
        age=data.person.age(last_day),
        adherence=_adherence(data),
        missed=[dose for dose in data.doses if dose.status == "missed"],
        pressure_weeks=_pressure_weeks(pressure),
        systolic=Stats.of(_values(pressure, Metric.SYSTOLIC)),
        diastolic=Stats.of(_values(pressure, Metric.DIASTOLIC)),
        morning=_pair([s for s in pressure if s.at.hour < NOON]),
        evening=_pair([s for s in pressure if s.at.hour >= NOON]),
        weight=Stats.of(weights),
        weight_change=weights[-1] - weights[0] if len(weights) > 1 else None,
        glucose=Stats.of(_values(kinds[VitalKind.GLUCOSE], Metric.GLUCOSE)),
        glucose_in_range=_in_range(
            [
                v
                for _, v in series(
                    kinds[VitalKind.GLUCOSE], Metric.GLUCOSE, stored=True
                )
            ]
        ),
        temperature=Stats.of(_values(kinds[VitalKind.TEMPERATURE], Metric.TEMPERATURE)),
        spo2=Stats.of(_values(kinds[VitalKind.SPO2], Metric.SPO2)),
        heart_rate=Stats.of(
            _values(
                kinds[VitalKind.HEART_RATE] + pressure, Metric.HEART_RATE, Metric.PULSE
            )
        ),
        alerts=[a for a in data.alerts if a.source == "vital_threshold"],
    )
