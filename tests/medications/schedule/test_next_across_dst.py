"""The next dose asked for at every minute around both clock changes, for every schedule kind.

During the hour that happens twice in autumn the same wall time names two instants; whichever
one "now" is, the next dose must be the first one after it, never one already past. The
expected dose comes from the independent reference (dateutil, no `fold`).
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from custom_components.betti.medications.schedule import (
    AsNeededSchedule,
    DoseTime,
    EveryNDaysSchedule,
    EveryNHoursSchedule,
    Schedule,
    WeeklySchedule,
    next_occurrence,
)

from .reference import reference_occurrences

START = date(2026, 1, 1)
# (zone, the instant its clocks go forward, the instant they go back), all in 2026.
CHANGES = {
    "Europe/Amsterdam": (
        datetime(2026, 3, 29, 1, tzinfo=UTC),
        datetime(2026, 10, 25, 1, tzinfo=UTC),
    ),
    "America/New_York": (
        datetime(2026, 3, 8, 7, tzinfo=UTC),
        datetime(2026, 11, 1, 6, tzinfo=UTC),
    ),
}


def schedules(tz: ZoneInfo) -> dict[str, Schedule]:
    """Every kind, with doses inside the changing hour and just around it."""
    # Amsterdam repeats 02:00-03:00 and New York 01:00-02:00 in autumn; both skip 02:00-03:00
    # in spring. These wall times sit in the gap, in the repeated hours and either side.
    times = (time(1, 15), time(1, 50), time(2, 20), time(2, 40), time(3, 10))
    return {
        "weekly": WeeklySchedule(times=tuple(DoseTime(t) for t in times), start=START),
        "weekdays": WeeklySchedule(
            times=(DoseTime(time(2, 30), weekdays=frozenset({6})),), start=START
        ),
        "every-2-days": EveryNDaysSchedule(
            every_days=2, times=tuple(DoseTime(t) for t in times), start=START
        ),
        "every-hour": EveryNHoursSchedule(
            every_hours=1, anchor=datetime(2026, 1, 1, 0, 20, tzinfo=tz), start=START
        ),
        "every-3-hours": EveryNHoursSchedule(
            every_hours=3, anchor=datetime(2026, 1, 1, 0, 45, tzinfo=tz), start=START
        ),
        "as-needed": AsNeededSchedule(start=START, max_per_day=4),
    }


def minutes_around(change: datetime, tz: ZoneInfo) -> list[datetime]:
    """Local "now"s every 5 minutes from 3 hours before to 3 hours after a change.

    Converting from UTC gives the repeated hour's second pass `fold=1`, as HA's clock does.
    """
    return [(change + timedelta(minutes=m)).astimezone(tz) for m in range(-180, 181, 5)]


@pytest.mark.parametrize("direction", ["spring", "autumn"])
@pytest.mark.parametrize("zone", list(CHANGES))
@pytest.mark.parametrize(
    "kind",
    ["weekly", "weekdays", "every-2-days", "every-hour", "every-3-hours", "as-needed"],
)
def test_next_dose_around_a_clock_change_is_the_first_one_still_to_come(
    zone: str, direction: str, kind: str
) -> None:
    tz = ZoneInfo(zone)
    change = CHANGES[zone][direction == "autumn"]
    schedule = schedules(tz)[kind]
    expected_dues: list[datetime] = []
    if not isinstance(schedule, AsNeededSchedule):
        expected_dues = [
            due
            for due, _ in reference_occurrences(
                schedule, tz, change.date() + timedelta(days=7)
            )
        ]
    for now in minutes_around(change, tz):
        following = next_occurrence(schedule, tz, now)
        expected = next((due for due in expected_dues if due > now), None)
        assert (following and following.due) == expected, (
            f"asked at {now.isoformat()} (fold={now.fold})"
        )
        if following is not None:
            assert following.due > now
            assert following.local == following.due.astimezone(tz)
