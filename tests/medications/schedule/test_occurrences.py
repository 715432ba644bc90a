"""Occurrences and the next dose: DST days, amounts, windows, dates, pauses, speed."""

from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest

from custom_components.betti.medications.schedule import (
    AsNeededSchedule,
    DoseTime,
    EveryNDaysSchedule,
    EveryNHoursSchedule,
    Pause,
    ScheduleError,
    WeeklySchedule,
    next_occurrence,
    occurrences,
    wall_clock_instant,
)

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
WEEKDAYS = frozenset(range(5))
WEEKEND = frozenset({5, 6})


def daily(
    *times: time,
    start: date = date(2025, 1, 1),
    end: date | None = None,
    pauses: tuple[Pause, ...] = (),
) -> WeeklySchedule:
    return WeeklySchedule(
        times=tuple(DoseTime(t) for t in times), start=start, end=end, pauses=pauses
    )


def local_day(day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    return (
        datetime.combine(day, time(), tzinfo=tz),
        datetime.combine(day + timedelta(days=1), time(), tzinfo=tz),
    )


def walls(
    schedule: WeeklySchedule | EveryNDaysSchedule | EveryNHoursSchedule,
    tz: ZoneInfo,
    day: date,
) -> list[str]:
    return [
        o.local.strftime("%H:%M %Z")
        for o in occurrences(schedule, tz, *local_day(day, tz))
    ]


@pytest.mark.parametrize(
    ("tz", "spring", "fall"),
    [
        (BERLIN, date(2025, 3, 30), date(2025, 10, 26)),
        (NEW_YORK, date(2025, 3, 9), date(2025, 11, 2)),
    ],
)
def test_eight_oclock_stays_eight_oclock_across_dst(
    tz: ZoneInfo, spring: date, fall: date
) -> None:
    schedule = daily(time(8))
    for day in (
        spring - timedelta(1),
        spring,
        spring + timedelta(1),
        fall - timedelta(1),
        fall,
        fall + timedelta(1),
    ):
        [occurrence] = occurrences(schedule, tz, *local_day(day, tz))
        assert occurrence.local.replace(tzinfo=None) == datetime.combine(day, time(8))
        assert occurrence.due == wall_clock_instant(day, time(8), tz)


def test_a_time_in_the_spring_gap_moves_forward_by_the_gap() -> None:
    schedule = daily(time(2, 30))
    assert walls(schedule, BERLIN, date(2025, 3, 29)) == ["02:30 CET"]
    assert walls(schedule, BERLIN, date(2025, 3, 30)) == ["03:30 CEST"]
    assert walls(schedule, BERLIN, date(2025, 3, 31)) == ["02:30 CEST"]
    assert walls(schedule, NEW_YORK, date(2025, 3, 9)) == ["03:30 EDT"]
    [occurrence] = occurrences(
        schedule, NEW_YORK, *local_day(date(2025, 3, 9), NEW_YORK)
    )
    assert occurrence.due == datetime(2025, 3, 9, 7, 30, tzinfo=UTC)


def test_a_repeated_time_at_fall_back_is_taken_the_first_time() -> None:
    schedule = daily(time(1, 30), time(2, 30))
    # New York repeats 01:00-02:00: 01:30 is the EDT one, 02:30 exists once (EST).
    assert walls(schedule, NEW_YORK, date(2025, 11, 2)) == ["01:30 EDT", "02:30 EST"]
    [first, _] = occurrences(
        schedule, NEW_YORK, *local_day(date(2025, 11, 2), NEW_YORK)
    )
    assert first.due == datetime(2025, 11, 2, 5, 30, tzinfo=UTC)
    # Berlin repeats 02:00-03:00.
    assert walls(schedule, BERLIN, date(2025, 10, 26)) == ["01:30 CEST", "02:30 CEST"]


def test_two_times_landing_on_one_instant_are_one_dose_with_both_amounts() -> None:
    schedule = WeeklySchedule(
        times=(DoseTime(time(2, 30), 1), DoseTime(time(3, 30), 2)),
        start=date(2025, 1, 1),
    )
    [dose] = occurrences(schedule, BERLIN, *local_day(date(2025, 3, 30), BERLIN))
    assert (dose.local.strftime("%H:%M"), dose.amount) == ("03:30", 3)
    assert [
        o.amount
        for o in occurrences(schedule, BERLIN, *local_day(date(2025, 3, 31), BERLIN))
    ] == [1, 2]


def test_a_day_the_zone_skips_hands_its_doses_to_the_next_day() -> None:
    # Samoa skipped 30 December 2011 when it crossed the date line: 24 hours of gap.
    apia = ZoneInfo("Pacific/Apia")
    schedule = daily(time(8), start=date(2011, 12, 1))
    [dose] = occurrences(schedule, apia, *local_day(date(2011, 12, 31), apia))
    assert (dose.local.replace(tzinfo=None), dose.amount) == (
        datetime.combine(date(2011, 12, 31), time(8)),
        2,
    )


def test_every_n_hours_keeps_elapsed_time_and_lets_the_wall_clock_shift() -> None:
    schedule = EveryNHoursSchedule(
        every_hours=8,
        anchor=datetime(2025, 10, 20, 6, tzinfo=BERLIN),
        start=date(2025, 10, 20),
    )
    doses = list(occurrences(schedule, BERLIN, *local_day(date(2025, 10, 25), BERLIN)))
    doses += occurrences(schedule, BERLIN, *local_day(date(2025, 10, 26), BERLIN))
    assert {b.due - a.due for a, b in pairwise(doses)} == {timedelta(hours=8)}
    assert [d.local.strftime("%d %H:%M") for d in doses] == [
        "25 06:00", "25 14:00", "25 22:00", "26 05:00", "26 13:00", "26 21:00",
    ]  # fmt: skip
    spring = list(occurrences(schedule, BERLIN, *local_day(date(2026, 3, 29), BERLIN)))
    assert [d.local.strftime("%H:%M") for d in spring] == ["06:00", "14:00", "22:00"]


def test_every_n_hours_runs_from_the_anchor_within_local_start_and_end_dates() -> None:
    schedule = EveryNHoursSchedule(
        every_hours=6,
        anchor=datetime(2025, 6, 1, 3, tzinfo=UTC),  # 05:00 in Berlin
        start=date(2025, 6, 2),
        end=date(2025, 6, 3),
        amount=0.5,
    )
    window = (datetime(2025, 5, 1, tzinfo=UTC), datetime(2025, 7, 1, tzinfo=UTC))
    doses = list(occurrences(schedule, BERLIN, *window))
    assert [d.local.strftime("%d %H:%M") for d in doses] == [
        "02 05:00", "02 11:00", "02 17:00", "02 23:00", "03 05:00", "03 11:00", "03 17:00", "03 23:00",
    ]  # fmt: skip
    assert {d.amount for d in doses} == {0.5}
    # The anchor is the first dose: none before it even if the start date is earlier.
    earlier_start = EveryNHoursSchedule(
        every_hours=6, anchor=schedule.anchor, start=date(2025, 5, 1)
    )
    assert next(occurrences(earlier_start, BERLIN, *window)).due == schedule.anchor


def test_per_day_amounts_follow_the_weekday() -> None:
    schedule = WeeklySchedule(
        times=(
            DoseTime(time(8), 1, WEEKDAYS),
            DoseTime(time(8), 2, WEEKEND),
            DoseTime(time(20), 1, WEEKDAYS),
        ),
        start=date(2025, 1, 1),
    )
    # Friday 6 June 2025 to Monday 9 June.
    doses = occurrences(
        schedule,
        BERLIN,
        datetime(2025, 6, 6, tzinfo=BERLIN),
        datetime(2025, 6, 10, tzinfo=BERLIN),
    )
    assert [(d.local.strftime("%a %H:%M"), d.amount) for d in doses] == [
        ("Fri 08:00", 1), ("Fri 20:00", 1), ("Sat 08:00", 2), ("Sun 08:00", 2), ("Mon 08:00", 1), ("Mon 20:00", 1),
    ]  # fmt: skip


def test_the_window_is_half_open_and_any_zone_gives_the_same_instants() -> None:
    schedule = daily(time(8))
    eight = datetime(2025, 6, 2, 8, tzinfo=BERLIN)
    assert [
        d.due for d in occurrences(schedule, BERLIN, eight, eight + timedelta(days=1))
    ] == [eight]
    assert list(occurrences(schedule, BERLIN, eight - timedelta(days=1), eight)) != []
    assert [
        d.due for d in occurrences(schedule, BERLIN, eight - timedelta(hours=1), eight)
    ] == []
    in_tokyo = eight.astimezone(ZoneInfo("Asia/Tokyo"))
    assert [
        d.local
        for d in occurrences(schedule, BERLIN, in_tokyo, in_tokyo + timedelta(hours=1))
    ] == [eight]


def test_start_and_end_dates_are_inclusive() -> None:
    schedule = daily(time(8), start=date(2025, 6, 2), end=date(2025, 6, 4))
    doses = occurrences(
        schedule,
        BERLIN,
        datetime(2025, 5, 1, tzinfo=UTC),
        datetime(2025, 7, 1, tzinfo=UTC),
    )
    assert [d.local.day for d in doses] == [2, 3, 4]


def test_every_n_days_counts_from_the_anchor_and_a_pause_does_not_reset_it() -> None:
    pause = Pause(
        datetime(2025, 6, 4, tzinfo=BERLIN), datetime(2025, 6, 8, 12, tzinfo=BERLIN)
    )
    schedule = EveryNDaysSchedule(
        every_days=3,
        times=(DoseTime(time(9)),),
        anchor=date(2025, 6, 3),
        start=date(2025, 6, 1),
        pauses=(pause,),
    )
    doses = occurrences(
        schedule,
        BERLIN,
        datetime(2025, 6, 1, tzinfo=BERLIN),
        datetime(2025, 6, 20, tzinfo=BERLIN),
    )
    # The cycle 3, 6, 9, ... reaches back before the anchor to the start date; the 6th is paused.
    assert [d.local.day for d in doses] == [3, 9, 12, 15, 18]


def test_a_pause_suppresses_doses_from_its_start_up_to_its_end() -> None:
    pause = Pause(
        datetime(2025, 6, 3, 8, tzinfo=BERLIN), datetime(2025, 6, 5, 8, tzinfo=BERLIN)
    )
    schedule = daily(time(8), pauses=(pause,))
    doses = occurrences(
        schedule,
        BERLIN,
        datetime(2025, 6, 2, tzinfo=BERLIN),
        datetime(2025, 6, 7, tzinfo=BERLIN),
    )
    assert [d.local.day for d in doses] == [2, 5, 6]
    paused = daily(time(8), pauses=(Pause(datetime(2025, 6, 3, 8, tzinfo=BERLIN)),))
    doses = occurrences(
        paused,
        BERLIN,
        datetime(2025, 6, 2, tzinfo=BERLIN),
        datetime(2026, 6, 7, tzinfo=BERLIN),
    )
    assert [d.local.day for d in doses] == [2]


def test_next_dose_is_strictly_after_now() -> None:
    schedule = daily(time(8), time(20))
    now = datetime(2025, 6, 2, 8, tzinfo=BERLIN)
    following = next_occurrence(schedule, BERLIN, now)
    assert following is not None
    assert following.local == datetime(2025, 6, 2, 20, tzinfo=BERLIN)


def test_next_dose_a_day_away_across_fall_back_is_found() -> None:
    # From just after 08:00 to 08:00 the next day is 25 hours when clocks go back.
    following = next_occurrence(
        daily(time(8)), BERLIN, datetime(2025, 10, 25, 8, 1, tzinfo=BERLIN)
    )
    assert following is not None
    assert following.local == datetime(2025, 10, 26, 8, tzinfo=BERLIN)


def test_next_dose_skips_pauses_and_waits_for_the_start() -> None:
    pause = Pause(
        datetime(2025, 6, 1, tzinfo=BERLIN), datetime(2025, 9, 1, 9, tzinfo=BERLIN)
    )
    schedule = daily(time(8), pauses=(pause,))
    following = next_occurrence(schedule, BERLIN, datetime(2025, 6, 15, tzinfo=BERLIN))
    assert following is not None
    assert following.local == datetime(2025, 9, 2, 8, tzinfo=BERLIN)
    later = daily(time(8), start=date(2027, 1, 1))
    following = next_occurrence(later, BERLIN, datetime(2025, 6, 15, tzinfo=BERLIN))
    assert following is not None
    assert following.local == datetime(2027, 1, 1, 8, tzinfo=BERLIN)


def test_next_dose_waits_for_an_every_n_hours_anchor_days_ahead() -> None:
    anchor = datetime(2025, 6, 20, 7, tzinfo=BERLIN)
    schedule = EveryNHoursSchedule(every_hours=6, anchor=anchor, start=date(2025, 6, 1))
    following = next_occurrence(schedule, BERLIN, datetime(2025, 6, 2, tzinfo=BERLIN))
    assert following is not None
    assert following.due == anchor


@pytest.mark.parametrize(
    "schedule",
    [
        daily(time(8), end=date(2025, 6, 15)),
        daily(time(8), pauses=(Pause(datetime(2025, 6, 10, tzinfo=UTC)),)),
        AsNeededSchedule(start=date(2025, 1, 1)),
    ],
    ids=["ended", "paused-until-resumed", "as-needed"],
)
def test_next_dose_is_none_when_no_dose_will_come(
    schedule: WeeklySchedule | AsNeededSchedule,
) -> None:
    assert (
        next_occurrence(schedule, BERLIN, datetime(2025, 6, 15, 9, tzinfo=BERLIN))
        is None
    )


def test_as_needed_medication_is_never_due() -> None:
    schedule = AsNeededSchedule(start=date(2025, 1, 1), max_per_day=3)
    assert (
        list(
            occurrences(
                schedule,
                BERLIN,
                datetime(2025, 1, 1, tzinfo=UTC),
                datetime(2026, 1, 1, tzinfo=UTC),
            )
        )
        == []
    )


def test_a_week_far_from_the_anchor_is_right() -> None:
    every_3_days = EveryNDaysSchedule(
        every_days=3, times=(DoseTime(time(8)),), start=date(2000, 1, 1)
    )
    hourly = EveryNHoursSchedule(
        every_hours=5,
        anchor=datetime(2000, 1, 1, 1, tzinfo=UTC),
        start=date(2000, 1, 1),
    )
    week = (datetime(9000, 1, 1, tzinfo=UTC), datetime(9000, 1, 8, tzinfo=UTC))
    # How fast this is (no walk from the year 2000) is bench/dose_engine.py's business.
    days = [d.local.date() for d in occurrences(every_3_days, BERLIN, *week)]
    hours = [d.due for d in occurrences(hourly, BERLIN, *week)]
    assert len(days) >= 2
    assert {(day - every_3_days.start).days % 3 for day in days} == {0}
    assert len(hours) >= 33
    assert {(due - hourly.anchor) % timedelta(hours=5) for due in hours} == {
        timedelta(0)
    }


def test_a_naive_window_is_refused() -> None:
    with pytest.raises(ScheduleError) as caught:
        occurrences(
            daily(time(8)),
            BERLIN,
            datetime.combine(date(2025, 1, 1), time()),
            datetime(2025, 1, 2, tzinfo=UTC),
        )
    assert caught.value.reason == "naive_datetime"
