"""Limits on as-needed (PRN) doses: may one be taken at a given instant, and if not, when.

Only doses taken at or before the proposed instant count: the check answers "may I take one
now?" given what came before. The integration refuses a dose the verdict does not allow unless
the user forces it.
"""

from collections.abc import Iterable
from dataclasses import dataclass
import datetime as dt
from enum import StrEnum
from zoneinfo import ZoneInfo

from .model import AsNeededSchedule, require_aware
from .occurrences import wall_clock_instant

_ROLLING_WINDOW = dt.timedelta(hours=24)


class PrnLimit(StrEnum):
    """A rule a proposed as-needed dose can break; the value is stable for translations."""

    BEFORE_START = "before_start"
    AFTER_END = "after_end"
    PAUSED = "paused"
    MAX_PER_DAY = "max_per_day"
    MAX_PER_24H = "max_per_24h"
    MIN_INTERVAL = "min_interval"


@dataclass(frozen=True, slots=True)
class PrnVerdict:
    """The outcome of checking a proposed dose.

    `broken` lists every limit the dose would break (empty when allowed). `next_allowed` is the
    earliest instant, in UTC, at or after the proposed one when a dose breaks no limit, or None
    when no dose will be allowed again (the schedule ended or is paused without an end).
    """

    broken: tuple[PrnLimit, ...]
    next_allowed: dt.datetime | None

    @property
    def allowed(self) -> bool:
        """Whether the proposed dose breaks no limit."""
        return not self.broken


def check_prn(
    schedule: AsNeededSchedule,
    tz: ZoneInfo,
    taken: Iterable[dt.datetime],
    at: dt.datetime,
) -> PrnVerdict:
    """Check a dose proposed at `at` against `schedule`'s limits and the doses already `taken`."""
    require_aware(at, "proposed dose time")
    at = at.astimezone(dt.UTC)
    earlier = sorted(instant.astimezone(dt.UTC) for instant in taken if instant <= at)
    day = at.astimezone(tz).date()
    broken: list[PrnLimit] = []
    # Each broken count limit lifts at one instant; moving later never breaks another count
    # limit, because no further doses are counted, so the latest of them frees all.
    earliest = at

    if day < schedule.start:
        broken.append(PrnLimit.BEFORE_START)
    if schedule.end is not None and day > schedule.end:
        broken.append(PrnLimit.AFTER_END)
    if any(pause.covers(at) for pause in schedule.pauses):
        broken.append(PrnLimit.PAUSED)

    if schedule.max_per_day is not None:
        today = [instant for instant in earlier if instant.astimezone(tz).date() == day]
        if len(today) >= schedule.max_per_day:
            broken.append(PrnLimit.MAX_PER_DAY)
            earliest = max(
                earliest, wall_clock_instant(day + dt.timedelta(days=1), dt.time(), tz)
            )

    if schedule.max_per_24h is not None:
        window = [instant for instant in earlier if instant > at - _ROLLING_WINDOW]
        excess = len(window) - schedule.max_per_24h
        if excess >= 0:
            broken.append(PrnLimit.MAX_PER_24H)
            # Once the oldest `excess + 1` doses leave the window there is room for one more.
            earliest = max(earliest, window[excess] + _ROLLING_WINDOW)

    if schedule.min_hours_between is not None and earlier:
        gap = dt.timedelta(hours=schedule.min_hours_between)
        if at - earlier[-1] < gap:
            broken.append(PrnLimit.MIN_INTERVAL)
            earliest = max(earliest, earlier[-1] + gap)

    return PrnVerdict(
        broken=tuple(broken), next_allowed=_when_active(schedule, tz, earliest)
    )


def _when_active(
    schedule: AsNeededSchedule, tz: ZoneInfo, instant: dt.datetime
) -> dt.datetime | None:
    """Return the first instant at or after `instant` inside the active dates and outside pauses."""
    first = wall_clock_instant(schedule.start, dt.time(), tz)
    instant = max(instant, first)
    # Pauses may overlap or touch, so hop from one pause end to the next until none covers.
    while pause := next((p for p in schedule.pauses if p.covers(instant)), None):
        if pause.end is None:
            return None
        instant = pause.end
    if schedule.end is not None and instant.astimezone(tz).date() > schedule.end:
        return None
    return instant.astimezone(dt.UTC)
