"""Occurrences agree with an independent dateutil reference, over years, in zones with DST."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings, strategies as st

from custom_components.betti.medications.schedule import (
    DoseTime,
    EveryNDaysSchedule,
    EveryNHoursSchedule,
    Pause,
    WeeklySchedule,
    next_occurrence,
    occurrences,
)

from .reference import localize, reference_occurrences

ZONES = [
    ZoneInfo("Europe/Berlin"),
    ZoneInfo("America/New_York"),
    ZoneInfo("Australia/Sydney"),  # southern hemisphere: DST spans the new year
    ZoneInfo("Asia/Tokyo"),  # no DST
]
DECADE = timedelta(days=3653)
PAUSE_SPAN = timedelta(days=3 * 365)

type Periodic = WeeklySchedule | EveryNDaysSchedule | EveryNHoursSchedule

zones = st.sampled_from(ZONES)
# Hours 1-3 hold every DST change in these zones, so they are drawn far more often than chance.
hours = st.one_of(st.sampled_from([1, 2, 3]), st.integers(0, 23))
minutes = st.one_of(st.sampled_from([0, 30]), st.integers(0, 59))
wall_times = st.builds(time, hours, minutes)
amounts = st.sampled_from([0.5, 1.0, 2.0])
weekday_sets = st.frozensets(st.integers(0, 6), min_size=1)
start_dates = st.dates(date(2020, 1, 1), date(2030, 12, 31))


@st.composite
def pauses(draw: st.DrawFn, start: date) -> tuple[Pause, ...]:
    origin = datetime.combine(start, time(), tzinfo=UTC)
    result = []
    for _ in range(draw(st.integers(0, 2))):
        begin = origin + draw(st.timedeltas(timedelta(0), PAUSE_SPAN))
        length = draw(
            st.one_of(st.none(), st.timedeltas(timedelta(hours=1), timedelta(days=60)))
        )
        result.append(Pause(begin, None if length is None else begin + length))
    return tuple(result)


@st.composite
def dose_times(draw: st.DrawFn, *, weekly: bool) -> tuple[DoseTime, ...]:
    result = []
    walls = draw(st.lists(wall_times, min_size=1, max_size=3, unique=True))
    # A time and the same time an hour later collide when the first falls in a DST gap.
    if walls[0].hour < 23 and draw(st.booleans()):
        walls.append(walls[0].replace(hour=walls[0].hour + 1))
    for wall in dict.fromkeys(walls):
        if not weekly:
            result.append(DoseTime(wall, draw(amounts)))
            continue
        days = draw(weekday_sets)
        # Same time, different amount on some days: "1 on weekdays, 2 at the weekend".
        other = days & draw(weekday_sets)
        if other and other != days:
            result.append(DoseTime(wall, draw(amounts), days - other))
            result.append(DoseTime(wall, draw(amounts), other))
        else:
            result.append(DoseTime(wall, draw(amounts), days))
    return tuple(result)


@st.composite
def periodic_schedules(draw: st.DrawFn) -> Periodic:
    start = draw(start_dates)
    end = draw(st.one_of(st.none(), st.dates(start, start + DECADE)))
    paused = draw(pauses(start))
    kind = draw(st.sampled_from(["weekly", "days", "hours"]))
    if kind == "weekly":
        return WeeklySchedule(
            times=draw(dose_times(weekly=True)), start=start, end=end, pauses=paused
        )
    if kind == "days":
        return EveryNDaysSchedule(
            every_days=draw(st.integers(1, 10)),
            times=draw(dose_times(weekly=False)),
            anchor=draw(
                st.one_of(
                    st.none(), st.dates(start - timedelta(60), start + timedelta(60))
                )
            ),
            start=start,
            end=end,
            pauses=paused,
        )
    # Whole minutes: rrule drops microseconds, and nobody anchors a medication on one.
    anchor_wall = datetime.combine(start, time()) + timedelta(
        minutes=draw(st.integers(-7200, 7200))
    )
    return EveryNHoursSchedule(
        every_hours=draw(
            st.one_of(st.sampled_from([4, 6, 8, 12, 24]), st.integers(1, 72))
        ),
        anchor=anchor_wall.replace(tzinfo=draw(zones)),
        amount=draw(amounts),
        start=start,
        end=end,
        pauses=paused,
    )


def engine(
    schedule: Periodic, tz: ZoneInfo, start: datetime, end: datetime
) -> list[tuple[datetime, float]]:
    result = [(o.due, o.amount) for o in occurrences(schedule, tz, start, end)]
    for due, _ in result:
        assert due.tzinfo is UTC
    return result


@settings(max_examples=25, deadline=None)
@given(schedule=periodic_schedules(), tz=zones)
def test_a_decade_of_doses_matches_the_reference(
    schedule: Periodic, tz: ZoneInfo
) -> None:
    last_day = schedule.start + DECADE
    expected = reference_occurrences(schedule, tz, last_day)
    window_start = datetime.combine(
        schedule.start - timedelta(days=2), time(), tzinfo=UTC
    )
    window_end = localize(datetime.combine(last_day + timedelta(days=1), time()), tz)
    assert engine(schedule, tz, window_start, window_end) == expected


@settings(max_examples=150, deadline=None)
@given(
    schedule=periodic_schedules(),
    tz=zones,
    offset=st.timedeltas(timedelta(days=-30), PAUSE_SPAN),
    length=st.timedeltas(timedelta(0), timedelta(days=366)),
    window_tz=zones,
)
def test_any_window_matches_the_reference(
    schedule: Periodic,
    tz: ZoneInfo,
    offset: timedelta,
    length: timedelta,
    window_tz: ZoneInfo,
) -> None:
    # Windows are given in any zone; the doses are the same instants.
    start = (datetime.combine(schedule.start, time(), tzinfo=UTC) + offset).astimezone(
        window_tz
    )
    end = start + length
    # Beyond the last pause and a longest period, the reference has the next dose if any exists.
    horizon = schedule.start + PAUSE_SPAN + timedelta(days=366 + 80)
    expected = reference_occurrences(schedule, tz, horizon)
    assert engine(schedule, tz, start, end) == [
        (due, amount) for due, amount in expected if start <= due < end
    ]

    following = next_occurrence(schedule, tz, start)
    later = [(due, amount) for due, amount in expected if due > start]
    assert (None if following is None else (following.due, following.amount)) == (
        later[0] if later else None
    )


def test_the_reference_localises_by_the_documented_rule() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    # 02:30 does not exist on 30 March 2025 (gap 02:00-03:00): it becomes 03:30 CEST.
    assert localize(
        datetime.combine(date(2025, 3, 30), time(2, 30)), berlin
    ) == datetime(2025, 3, 30, 1, 30, tzinfo=UTC)
    # 02:30 happens twice on 26 October 2025: the first time is still CEST.
    assert localize(
        datetime.combine(date(2025, 10, 26), time(2, 30)), berlin
    ) == datetime(2025, 10, 26, 0, 30, tzinfo=UTC)
    assert localize(datetime.combine(date(2025, 7, 1), time(8)), berlin) == datetime(
        2025, 7, 1, 6, tzinfo=UTC
    )
