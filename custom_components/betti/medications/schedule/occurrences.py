"""When doses are due: occurrences of a schedule in a window, and the next one after an instant.

DST rule (one deterministic way, for every zone):

* Wall-clock times stay put: a dose at 08:00 is at 08:00 local time before and after a change.
* A wall time that does not exist (the spring-forward gap) is shifted forward by the length of
  the gap: 02:30 on the day Europe/Berlin springs forward is taken at 03:30 CEST.
* A wall time that happens twice (fall-back) is taken at its first occurrence (`fold=0`):
  01:30 on the day America/New_York falls back is 01:30 EDT, not 01:30 EST.
* If two wall times of one schedule land on the same instant (02:30 shifted onto a 03:30 dose),
  they are one dose whose amount is the sum, so a dose is identified by its due instant alone.

Both shifts are what PEP 495 defines for `fold=0` on a `zoneinfo` time, which is how they are
computed. Start and end dates apply to the day a wall-clock dose is scheduled for, and to the
local day of the instant for every-N-hours schedules, whose interval is elapsed time (see
`EveryNHoursSchedule`). As-needed schedules have no occurrences.

Windows are computed by arithmetic from the anchor, so a week costs the same in 2030 as in 2025.
"""

from collections.abc import Iterator
import datetime as dt
import heapq
from zoneinfo import ZoneInfo

from .model import (
    AsNeededSchedule,
    EveryNDaysSchedule,
    EveryNHoursSchedule,
    Occurrence,
    Schedule,
    WeeklySchedule,
    require_aware,
)

_DAY = dt.timedelta(days=1)
_WEEK = dt.timedelta(days=7)
# Looking this far beyond a period is enough for DST shifts to bring the next dose in.
_SHIFT_MARGIN = dt.timedelta(days=2)

type _Due = tuple[dt.datetime, float]


def wall_clock_instant(day: dt.date, time: dt.time, tz: ZoneInfo) -> dt.datetime:
    """Return the UTC instant of local wall time `time` on `day`, by the module's DST rule."""
    # combine() copies the time's fold; fold=0 is what makes gaps shift forward and repeats
    # resolve to their first occurrence.
    local = dt.datetime.combine(day, time, tzinfo=tz).replace(fold=0)
    return local.astimezone(dt.UTC)


def occurrences(
    schedule: Schedule, tz: ZoneInfo, start: dt.datetime, end: dt.datetime
) -> Iterator[Occurrence]:
    """Yield each dose of `schedule` due in `[start, end)`, in order, in time zone `tz`."""
    require_aware(start, "window start")
    require_aware(end, "window end")
    return _occurrences(schedule, tz, start.astimezone(dt.UTC), end.astimezone(dt.UTC))


def next_occurrence(
    schedule: Schedule, tz: ZoneInfo, after: dt.datetime
) -> Occurrence | None:
    """Return the first dose of `schedule` due strictly after `after`, or None if there is none.

    None means the schedule ends, is paused without an end, or is as-needed.
    """
    require_aware(after, "after")
    # Zoned arithmetic is wall-clock arithmetic and drops `fold`: in the repeated hour of a
    # fall-back, `after + 1µs` would land an hour earlier, before doses already past.
    after = after.astimezone(dt.UTC)
    begins = wall_clock_instant(schedule.start, dt.time(), tz)
    match schedule:
        case AsNeededSchedule():
            return None
        case WeeklySchedule():
            period = _WEEK
        case EveryNDaysSchedule():
            period = schedule.every_days * _DAY
        case EveryNHoursSchedule():
            period = dt.timedelta(hours=schedule.every_hours)
            begins = max(begins, schedule.anchor)
    # After the schedule has begun and the last pause has ended, one period holds a dose
    # unless the schedule ends or an open pause swallows it; so the search is bounded.
    resumed = max(
        [after, begins]
        + [pause.end for pause in schedule.pauses if pause.end is not None]
    )
    window_start = after + dt.timedelta(microseconds=1)
    return next(
        occurrences(schedule, tz, window_start, resumed + period + _SHIFT_MARGIN), None
    )


def _occurrences(
    schedule: Schedule, tz: ZoneInfo, start: dt.datetime, end: dt.datetime
) -> Iterator[Occurrence]:
    match schedule:
        case AsNeededSchedule():
            return
        case EveryNHoursSchedule():
            dues = _every_n_hours(schedule, tz, start, end)
        case WeeklySchedule() | EveryNDaysSchedule():
            dues = _wall_clock(schedule, tz, start, end)
    for due, amount in dues:
        if not any(pause.covers(due) for pause in schedule.pauses):
            yield Occurrence(due=due, local=due.astimezone(tz), amount=amount)


def _every_n_hours(
    schedule: EveryNHoursSchedule, tz: ZoneInfo, start: dt.datetime, end: dt.datetime
) -> Iterator[_Due]:
    interval = dt.timedelta(hours=schedule.every_hours)
    # Arithmetic on a zoned datetime is wall-clock arithmetic; elapsed time needs UTC.
    anchor = schedule.anchor.astimezone(dt.UTC)
    first = max(start, anchor, wall_clock_instant(schedule.start, dt.time(), tz))
    if schedule.end is not None:
        end = min(end, wall_clock_instant(schedule.end + _DAY, dt.time(), tz))
    # Ceiling division jumps straight to the first dose in the window.
    due = anchor + interval * -((anchor - first) // interval)
    while due < end:
        yield due, schedule.amount
        due += interval


def _wall_clock(
    schedule: WeeklySchedule | EveryNDaysSchedule,
    tz: ZoneInfo,
    start: dt.datetime,
    end: dt.datetime,
) -> Iterator[_Due]:
    # A DST shift can move a dose across local midnight, so look one day beyond each side.
    first_day = max(schedule.start, start.astimezone(tz).date() - _DAY)
    last_day = end.astimezone(tz).date() + _DAY
    if schedule.end is not None:
        last_day = min(last_day, schedule.end)
    pending: list[_Due] = []
    for day in _days(schedule, first_day, last_day):
        for dose_time in schedule.times:
            if day.weekday() in dose_time.weekdays:
                due = wall_clock_instant(day, dose_time.time, tz)
                heapq.heappush(pending, (due, dose_time.amount))
        # Later days' doses are set 48 wall-clock hours or more after yesterday's midnight,
        # more than any offset change takes back, so doses before it are final and in order.
        settled = wall_clock_instant(day - _DAY, dt.time(), tz)
        yield from _release(pending, start, end, below=settled)
    yield from _release(pending, start, end, below=None)


def _days(
    schedule: WeeklySchedule | EveryNDaysSchedule, first: dt.date, last: dt.date
) -> Iterator[dt.date]:
    step = 1
    if isinstance(schedule, EveryNDaysSchedule):
        step = schedule.every_days
        first += _DAY * ((schedule.cycle_start - first).days % step)
    day = first
    while day <= last:
        yield day
        day += _DAY * step


def _release(
    pending: list[_Due], start: dt.datetime, end: dt.datetime, below: dt.datetime | None
) -> Iterator[_Due]:
    """Pop doses due before `below` (all if None) in order, merging ones on the same instant."""
    while pending and (below is None or pending[0][0] < below):
        due, amount = heapq.heappop(pending)
        while pending and pending[0][0] == due:
            amount += heapq.heappop(pending)[1]
        if start <= due < end:
            yield due, amount
