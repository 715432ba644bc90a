"""Invalid schedules, events and policies are refused with a machine-readable reason."""

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta

import pytest

from custom_components.betti.medications.schedule import (
    AsNeededSchedule,
    DoseEvent,
    DoseEventKind,
    DosePolicy,
    DoseTime,
    EveryNDaysSchedule,
    EveryNHoursSchedule,
    Pause,
    ScheduleError,
    WeeklySchedule,
)

START = date(2025, 6, 1)
NOON = datetime(2025, 6, 1, 12, tzinfo=UTC)
EIGHT = DoseTime(time(8))


@pytest.mark.parametrize(
    ("build", "reason"),
    [
        (lambda: WeeklySchedule(times=(), start=START), "no_times"),
        (
            lambda: WeeklySchedule(times=(EIGHT,), start=START, end=date(2025, 5, 31)),
            "end_before_start",
        ),
        (
            lambda: WeeklySchedule(
                times=(EIGHT, DoseTime(time(8), 2, frozenset({0}))), start=START
            ),
            "duplicate_time",
        ),
        (lambda: DoseTime(time(8), weekdays=frozenset()), "no_weekdays"),
        (lambda: DoseTime(time(8), weekdays=frozenset({7})), "weekday_out_of_range"),
        (lambda: DoseTime(time(8), amount=0), "amount_not_positive"),
        (lambda: DoseTime(time(8), amount=float("nan")), "amount_not_positive"),
        (lambda: DoseTime(time(8, tzinfo=UTC)), "time_has_tzinfo"),
        (
            lambda: EveryNDaysSchedule(every_days=0, times=(EIGHT,), start=START),
            "interval_not_positive",
        ),
        (
            lambda: EveryNDaysSchedule(
                every_days=2,
                times=(DoseTime(time(8), weekdays=frozenset({0})),),
                start=START,
            ),
            "weekdays_not_allowed",
        ),
        (
            lambda: EveryNHoursSchedule(every_hours=0, anchor=NOON, start=START),
            "interval_not_positive",
        ),
        (
            lambda: EveryNHoursSchedule(
                every_hours=8, anchor=datetime.combine(START, time(8)), start=START
            ),
            "naive_datetime",
        ),
        (
            lambda: EveryNHoursSchedule(
                every_hours=8, anchor=NOON, start=START, amount=-1
            ),
            "amount_not_positive",
        ),
        (lambda: AsNeededSchedule(start=START, max_per_day=0), "limit_not_positive"),
        (lambda: AsNeededSchedule(start=START, max_per_24h=0), "limit_not_positive"),
        (
            lambda: AsNeededSchedule(start=START, min_hours_between=0),
            "limit_not_positive",
        ),
        (lambda: Pause(NOON, NOON), "pause_end_before_start"),
        (lambda: Pause(datetime.combine(START, time(12))), "naive_datetime"),
        (lambda: DoseEvent(DoseEventKind.SNOOZED, NOON), "snooze_without_until"),
        (
            lambda: DoseEvent(DoseEventKind.SNOOZED, NOON, until=NOON),
            "snooze_not_after_event",
        ),
        (
            lambda: DoseEvent(
                DoseEventKind.TAKEN, NOON, until=NOON + timedelta(hours=1)
            ),
            "until_without_snooze",
        ),
        (lambda: DosePolicy(grace=timedelta(0)), "grace_not_positive"),
        (
            lambda: DosePolicy(grace=timedelta(hours=1), reminder_lead=timedelta(0)),
            "lead_not_positive",
        ),
    ],
)
def test_invalid_input_is_refused_with_its_reason(
    build: Callable[[], object], reason: str
) -> None:
    with pytest.raises(ScheduleError) as caught:
        build()
    assert caught.value.reason == reason
    assert isinstance(caught.value, ValueError)


def test_the_same_time_on_different_days_may_have_different_amounts() -> None:
    weekdays, weekend = frozenset(range(5)), frozenset({5, 6})
    schedule = WeeklySchedule(
        times=(DoseTime(time(8), 1, weekdays), DoseTime(time(8), 2, weekend)),
        start=START,
    )
    assert len(schedule.times) == 2
