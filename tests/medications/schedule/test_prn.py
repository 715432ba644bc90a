"""As-needed doses: each limit, their combination, and when the next dose is allowed."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings, strategies as st
import pytest

from custom_components.betti.medications.schedule import (
    AsNeededSchedule,
    Pause,
    PrnLimit,
    ScheduleError,
    check_prn,
)

BERLIN = ZoneInfo("Europe/Berlin")
START = date(2025, 1, 1)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """An instant in June 2025, Berlin time (UTC+2)."""
    return datetime(2025, 6, day, hour, minute, tzinfo=BERLIN)


def test_without_limits_any_dose_is_allowed_now() -> None:
    verdict = check_prn(
        AsNeededSchedule(start=START), BERLIN, [at(2, 8), at(2, 8, 5)], at(2, 8, 6)
    )
    assert verdict.allowed
    assert verdict.broken == ()
    assert verdict.next_allowed == at(2, 8, 6)


def test_max_per_day_counts_the_local_calendar_day() -> None:
    schedule = AsNeededSchedule(start=START, max_per_day=2)
    # 23:30 on the 1st is yesterday in Berlin even though it is the 1st in UTC too.
    assert check_prn(schedule, BERLIN, [at(1, 23, 30), at(2, 8)], at(2, 9)).allowed
    verdict = check_prn(schedule, BERLIN, [at(2, 8), at(2, 12)], at(2, 18))
    assert verdict.broken == (PrnLimit.MAX_PER_DAY,)
    assert verdict.next_allowed == at(3, 0)
    assert verdict.next_allowed.tzinfo is UTC


def test_max_per_rolling_24_hours_reaches_across_midnight() -> None:
    schedule = AsNeededSchedule(start=START, max_per_24h=2, max_per_day=2)
    verdict = check_prn(schedule, BERLIN, [at(1, 20), at(1, 22)], at(2, 7))
    assert verdict.broken == (PrnLimit.MAX_PER_24H,)
    # One of the two has to leave the window: the 20:00 one, 24 hours on.
    assert verdict.next_allowed == at(2, 20)
    assert check_prn(schedule, BERLIN, [at(1, 20), at(1, 22)], at(2, 20)).allowed


def test_min_interval_is_elapsed_time_since_the_last_dose() -> None:
    schedule = AsNeededSchedule(start=START, min_hours_between=4)
    verdict = check_prn(schedule, BERLIN, [at(2, 6), at(2, 10)], at(2, 12))
    assert verdict.broken == (PrnLimit.MIN_INTERVAL,)
    assert verdict.next_allowed == at(2, 14)
    assert check_prn(schedule, BERLIN, [at(2, 6), at(2, 10)], at(2, 14)).allowed
    # Across the fall-back night 4 hours of elapsed time show as 3 on the clock.
    fall_back = [datetime(2025, 10, 26, 1, tzinfo=BERLIN)]
    assert check_prn(
        schedule, BERLIN, fall_back, datetime(2025, 10, 26, 4, tzinfo=BERLIN)
    ).allowed


def test_every_broken_limit_is_named_and_the_latest_lift_wins() -> None:
    schedule = AsNeededSchedule(
        start=START, max_per_day=3, max_per_24h=4, min_hours_between=4
    )
    taken = [at(1, 20), at(2, 7), at(2, 11), at(2, 15)]
    verdict = check_prn(schedule, BERLIN, taken, at(2, 17))
    assert verdict.broken == (
        PrnLimit.MAX_PER_DAY,
        PrnLimit.MAX_PER_24H,
        PrnLimit.MIN_INTERVAL,
    )
    # Min interval lifts at 19:00 and the 24 h window at 20:00, but the day limit only at midnight.
    assert verdict.next_allowed == at(3, 0)


def test_doses_after_the_proposed_time_are_not_counted() -> None:
    schedule = AsNeededSchedule(start=START, max_per_day=1, min_hours_between=4)
    assert check_prn(schedule, BERLIN, [at(2, 12)], at(2, 9)).allowed


@pytest.mark.parametrize(
    ("schedule", "when", "limit", "next_allowed"),
    [
        (
            AsNeededSchedule(start=date(2025, 6, 5)),
            at(2, 9),
            PrnLimit.BEFORE_START,
            at(5, 0),
        ),
        (
            AsNeededSchedule(start=START, end=date(2025, 6, 1)),
            at(2, 9),
            PrnLimit.AFTER_END,
            None,
        ),
        (
            AsNeededSchedule(start=START, pauses=(Pause(at(2, 0), at(4, 12)),)),
            at(2, 9),
            PrnLimit.PAUSED,
            at(4, 12),
        ),
        (
            AsNeededSchedule(start=START, pauses=(Pause(at(2, 0)),)),
            at(2, 9),
            PrnLimit.PAUSED,
            None,
        ),
    ],
    ids=["before-start", "after-end", "paused", "paused-until-resumed"],
)
def test_outside_the_active_period_no_dose_is_allowed(
    schedule: AsNeededSchedule,
    when: datetime,
    limit: PrnLimit,
    next_allowed: datetime | None,
) -> None:
    verdict = check_prn(schedule, BERLIN, [], when)
    assert verdict.broken == (limit,)
    assert verdict.next_allowed == next_allowed


def test_a_limit_lifting_inside_a_pause_waits_for_its_end() -> None:
    pauses = (Pause(at(2, 12), at(2, 18)), Pause(at(2, 17), at(2, 19)))
    schedule = AsNeededSchedule(start=START, min_hours_between=4, pauses=pauses)
    verdict = check_prn(schedule, BERLIN, [at(2, 10)], at(2, 11))
    assert verdict.broken == (PrnLimit.MIN_INTERVAL,)
    assert verdict.next_allowed == at(2, 19)


def test_a_naive_proposed_time_is_refused() -> None:
    with pytest.raises(ScheduleError) as caught:
        check_prn(
            AsNeededSchedule(start=START),
            BERLIN,
            [],
            datetime.combine(date(2025, 6, 2), time(9)),
        )
    assert caught.value.reason == "naive_datetime"


instants = st.builds(
    lambda minutes: datetime(2025, 3, 28, tzinfo=UTC) + timedelta(minutes=minutes),
    st.integers(0, 6 * 24 * 60),
)


@settings(max_examples=200, deadline=None)
@given(
    max_per_day=st.one_of(st.none(), st.integers(1, 4)),
    max_per_24h=st.one_of(st.none(), st.integers(1, 5)),
    min_hours=st.one_of(st.none(), st.sampled_from([0.5, 4.0, 6.0, 8.0])),
    taken=st.lists(instants, max_size=8),
    proposed=instants,
)
def test_next_allowed_is_the_first_instant_a_dose_is_allowed(
    max_per_day: int | None,
    max_per_24h: int | None,
    min_hours: float | None,
    taken: list[datetime],
    proposed: datetime,
) -> None:
    # The window covers the Berlin spring-forward night, whose day has 23 hours.
    schedule = AsNeededSchedule(
        start=START,
        max_per_day=max_per_day,
        max_per_24h=max_per_24h,
        min_hours_between=min_hours,
    )
    verdict = check_prn(schedule, BERLIN, taken, proposed)
    assert verdict.next_allowed is not None
    earlier = [t for t in taken if t <= proposed]
    assert check_prn(schedule, BERLIN, earlier, verdict.next_allowed).allowed
    if not verdict.allowed:
        assert verdict.next_allowed > proposed
        just_before = verdict.next_allowed - timedelta(microseconds=1)
        assert not check_prn(schedule, BERLIN, earlier, just_before).allowed
