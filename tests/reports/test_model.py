"""The report's figures from plain data (no Home Assistant)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from custom_components.betti.reports.model import (
    Person,
    ReportData,
    Sample,
    figures,
)
from custom_components.betti.vitals import BloodPressureCategory, Metric, VitalKind

TZ = ZoneInfo("Europe/Amsterdam")
MONDAY = datetime(2026, 3, 2, 8, tzinfo=TZ)


def _pressure(*readings: tuple[float, float]) -> ReportData:
    samples = []
    for index, (systolic, diastolic) in enumerate(readings):
        values = {Metric.SYSTOLIC: systolic, Metric.DIASTOLIC: diastolic}
        samples.append(
            Sample(
                index,
                MONDAY + timedelta(hours=index),
                VitalKind.BLOOD_PRESSURE,
                values,
                values,
                "manual",
            )
        )
    return ReportData(
        person=Person("Zoë", date(1948, 3, 14), "female", 162),
        start=MONDAY - timedelta(days=7),
        end=MONDAY + timedelta(days=7),
        units={},
        samples=samples,
    )


def test_a_weeks_category_is_that_of_the_mean_shown() -> None:
    # 139.67/85 is shown as 140/85: the category must be the one of 140, stage 2.
    week = figures(_pressure((140, 85), (139, 85), (140, 85))).pressure_weeks[0]
    assert (round(week.systolic), round(week.diastolic)) == (140, 85)
    assert week.category is BloodPressureCategory.HYPERTENSION_STAGE_2


def test_age_on_the_last_day_of_the_period() -> None:
    # The period ends (exclusive) on 9 March 2026: she turns 78 on the 14th.
    assert figures(_pressure((120, 80))).age == 77
