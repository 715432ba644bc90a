"""Schedules survive the trip to the store and back; bad input names its problem."""

import datetime as dt

import pytest

from custom_components.betti.medications.codec import decode, encode
from custom_components.betti.medications.schedule import (
    AsNeededSchedule,
    DoseTime,
    EveryNDaysSchedule,
    EveryNHoursSchedule,
    Pause,
    ScheduleError,
    WeeklySchedule,
)

TODAY = dt.date(2026, 3, 2)
UTC = dt.UTC


@pytest.mark.parametrize(
    "schedule",
    [
        WeeklySchedule(
            times=(
                DoseTime(dt.time(8), 1, frozenset(range(5))),
                DoseTime(dt.time(8), 2, frozenset({5, 6})),
            ),
            start=TODAY,
            end=dt.date(2026, 12, 31),
            pauses=(Pause(dt.datetime(2026, 4, 1, tzinfo=UTC)),),
        ),
        EveryNDaysSchedule(
            every_days=2, times=(DoseTime(dt.time(21, 30)),), start=TODAY, anchor=TODAY
        ),
        EveryNHoursSchedule(
            every_hours=8,
            anchor=dt.datetime(2026, 3, 2, 6, tzinfo=UTC),
            start=TODAY,
            amount=0.5,
        ),
        AsNeededSchedule(
            start=TODAY, max_per_day=4, max_per_24h=4, min_hours_between=4.5
        ),
    ],
)
def test_round_trip(schedule: object) -> None:
    assert decode(encode(schedule), TODAY) == schedule  # type: ignore[arg-type]


def test_friendly_input() -> None:
    schedule = decode(
        {"type": "weekly", "times": ["08:00", {"time": "20:00", "weekdays": ["sat"]}]},
        TODAY,
    )
    assert schedule == WeeklySchedule(
        times=(DoseTime(dt.time(8)), DoseTime(dt.time(20), 1, frozenset({5}))),
        start=TODAY,
    )


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ({"type": "hourly"}, "schedule_invalid"),
        ({"type": "weekly", "times": []}, "no_times"),
        ({"type": "weekly", "times": ["25:00"]}, "schedule_invalid"),
        (
            {"type": "weekly", "times": [{"time": "08:00", "weekdays": ["xyz"]}]},
            "schedule_invalid",
        ),
        (
            {"type": "every_n_days", "every_days": 0, "times": ["08:00"]},
            "interval_not_positive",
        ),
        (
            {"type": "every_n_hours", "every_hours": 8, "anchor": "2026-03-02T06:00"},
            "schedule_invalid",
        ),
        ({"type": "as_needed", "max_per_day": 0}, "limit_not_positive"),
        (
            {
                "type": "weekly",
                "times": ["08:00"],
                "start": "2026-03-05",
                "end": "2026-03-01",
            },
            "end_before_start",
        ),
    ],
)
def test_bad_input_names_the_problem(raw: dict[str, object], reason: str) -> None:
    with pytest.raises(ScheduleError) as err:
        decode(raw, TODAY)
    assert err.value.reason == reason
