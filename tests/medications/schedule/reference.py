"""An independent reference for occurrences: dateutil rrule in local wall time, localised here.

It uses the engine's data types but none of its computations, and never `fold`: wall times
are localised by searching the zone's offsets around them, so a mistake in how the engine
relies on PEP 495 would show up as a mismatch.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import DAILY, HOURLY, rrule

from custom_components.betti.medications.schedule import (
    EveryNDaysSchedule,
    EveryNHoursSchedule,
    Pause,
    WeeklySchedule,
)

_DAY = timedelta(days=1)


def localize(wall: datetime, tz: ZoneInfo) -> datetime:
    """The UTC instant of naive local `wall`: first of two if repeated, shifted if in a gap."""
    as_utc = wall.replace(tzinfo=UTC)
    before = (as_utc - _DAY).astimezone(tz).utcoffset()
    after = (as_utc + _DAY).astimezone(tz).utcoffset()
    assert before is not None
    assert after is not None
    candidates = {as_utc - offset for offset in (before, after)}
    matches = sorted(
        c for c in candidates if c.astimezone(tz).replace(tzinfo=None) == wall
    )
    if matches:
        return matches[0]
    # No instant shows this wall time: it is in a spring-forward gap; move it past the gap.
    return localize(wall + (after - before), tz)


def _merged(
    dues: Iterable[tuple[datetime, float]], pauses: tuple[Pause, ...]
) -> list[tuple[datetime, float]]:
    amounts: defaultdict[datetime, float] = defaultdict(float)
    for due, amount in dues:
        amounts[due] += amount
    return sorted(
        (due, amount)
        for due, amount in amounts.items()
        if not any(p.start <= due and (p.end is None or due < p.end) for p in pauses)
    )


def _wall_rules(
    schedule: WeeklySchedule | EveryNDaysSchedule, last_day: date
) -> Iterator[tuple[datetime, float]]:
    until = datetime.combine(last_day, time(23, 59, 59))
    for dose_time in schedule.times:
        t = dose_time.time
        if isinstance(schedule, WeeklySchedule):
            rule = rrule(
                DAILY,
                dtstart=datetime.combine(schedule.start, time()),
                until=until,
                byweekday=sorted(dose_time.weekdays),
                byhour=t.hour,
                byminute=t.minute,
                bysecond=t.second,
            )
        else:
            anchor = schedule.start if schedule.anchor is None else schedule.anchor
            # rrule only runs forward: start a whole number of cycles before the schedule.
            cycles_back = (anchor - schedule.start).days // schedule.every_days + 1
            rule = rrule(
                DAILY,
                interval=schedule.every_days,
                dtstart=datetime.combine(
                    anchor - cycles_back * schedule.every_days * _DAY, t
                ),
                until=until,
            )
        for wall in rule:
            if wall.date() >= schedule.start:
                yield wall, dose_time.amount


def reference_occurrences(
    schedule: WeeklySchedule | EveryNDaysSchedule | EveryNHoursSchedule,
    tz: ZoneInfo,
    last_day: date,
) -> list[tuple[datetime, float]]:
    """(UTC instant, amount) of every dose from the schedule's start through `last_day`."""
    if schedule.end is not None:
        last_day = min(last_day, schedule.end)
    if isinstance(schedule, EveryNHoursSchedule):
        anchor = schedule.anchor.astimezone(UTC).replace(tzinfo=None)
        rule = rrule(
            HOURLY,
            interval=schedule.every_hours,
            dtstart=anchor,
            until=datetime.combine(last_day + 2 * _DAY, time()),
        )
        dues = (
            (instant, schedule.amount)
            for instant in (wall.replace(tzinfo=UTC) for wall in rule)
            if schedule.start <= instant.astimezone(tz).date() <= last_day
        )
        return _merged(dues, schedule.pauses)
    dues = (
        (localize(wall, tz), amount) for wall, amount in _wall_rules(schedule, last_day)
    )
    return _merged(dues, schedule.pauses)
