"""Time the dose engine on a household's medications.

Prints how long one day and one week of occurrences take for 2 persons x 6 medications with
mixed schedules, how long 10 years of one schedule take, and the same day computed ten
years after the schedules began (which must not cost more: windows are reached by arithmetic).

Run from the repository root: .venv/bin/python bench/dose_engine.py
"""

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
import sys
import timeit
from zoneinfo import ZoneInfo

# Runnable as a script from a checkout: make the repository root importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from custom_components.betti.medications.schedule import (
    AsNeededSchedule,
    DoseTime,
    EveryNDaysSchedule,
    EveryNHoursSchedule,
    Pause,
    Schedule,
    WeeklySchedule,
    occurrences,
)

TZ = ZoneInfo("Europe/Berlin")
START = date(2025, 1, 1)
WEEKDAYS = frozenset(range(5))
WEEKEND = frozenset({5, 6})


def medications() -> list[Schedule]:
    """Six medications for one person: the mix a household realistically has."""
    anchor = datetime(2025, 1, 1, 6, tzinfo=TZ)
    return [
        WeeklySchedule(times=(DoseTime(time(8)), DoseTime(time(20))), start=START),
        WeeklySchedule(
            times=(
                DoseTime(time(8), 1, WEEKDAYS),
                DoseTime(time(9), 2, WEEKEND),
                DoseTime(time(13), 0.5),
                DoseTime(time(21, 30), 1, WEEKDAYS),
            ),
            start=START,
            pauses=(
                Pause(
                    datetime(2025, 7, 1, tzinfo=TZ), datetime(2025, 7, 15, tzinfo=TZ)
                ),
            ),
        ),
        EveryNDaysSchedule(every_days=3, times=(DoseTime(time(7, 30)),), start=START),
        EveryNDaysSchedule(
            every_days=7,
            times=(DoseTime(time(10)), DoseTime(time(22), 2)),
            anchor=date(2025, 1, 6),
            start=START,
        ),
        EveryNHoursSchedule(every_hours=8, anchor=anchor, start=START),
        AsNeededSchedule(start=START, max_per_day=4, min_hours_between=4),
    ]


def compute(schedules: list[Schedule], start: datetime, end: datetime) -> int:
    return sum(
        1 for schedule in schedules for _ in occurrences(schedule, TZ, start, end)
    )


def report(
    label: str, schedules: list[Schedule], start: datetime, end: datetime
) -> None:
    count = compute(schedules, start, end)
    runs, total = timeit.Timer(lambda: compute(schedules, start, end)).autorange()
    print(f"{label:<44} {count:>6} doses  {total / runs * 1e3:>9.3f} ms")


def main() -> None:
    household = medications() * 2  # two persons with the same kinds of schedule
    day = datetime(2025, 3, 30, tzinfo=TZ)  # a spring-forward day, the awkward case
    print(f"{'window':<44} {'count':>6}        {'time':>9}")
    report("1 day, 2 persons x 6 medications", household, day, day + timedelta(days=1))
    report("1 week, 2 persons x 6 medications", household, day, day + timedelta(days=7))
    far = datetime(2035, 3, 25, tzinfo=TZ)
    report(
        "1 week ten years on, 2 x 6 medications",
        household,
        far,
        far + timedelta(days=7),
    )
    decade = (datetime(2025, 1, 1, tzinfo=UTC), datetime(2035, 1, 1, tzinfo=UTC))
    report("10 years of one schedule (2 doses a day)", household[:1], *decade)
    report("10 years of one schedule (every 8 hours)", household[4:5], *decade)


if __name__ == "__main__":
    main()
