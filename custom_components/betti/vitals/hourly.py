"""Hourly mean, min and max of a reading series, as HA's recorder compiles a sensor's.

No Home Assistant imports. A sensor showing the latest reading holds each value from the
moment it was measured until the next one; HA's recorder keeps, per hour, the mean of that
step function weighted by time, and the lowest and highest value it held. Working this out
from the stored readings lets a reading that reached Home Assistant late be filed at the
hour it was measured, as if the sensor had shown it then.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

HOUR = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class HourlyStat:
    """One hour of a sensor's long-term statistics."""

    start: datetime
    mean: float
    min: float
    max: float


def hour_start(moment: datetime) -> datetime:
    """Return the start of the hour a moment falls in."""
    return moment.replace(minute=0, second=0, microsecond=0)


def hours_between(first: datetime, end: datetime) -> list[datetime]:
    """Return the starts of the hours in [first, end); both are whole hours."""
    return [first + n * HOUR for n in range(max(0, (end - first) // HOUR))]


def runs(hours: Iterable[datetime]) -> list[tuple[datetime, datetime]]:
    """Group hour starts into runs of consecutive hours, as [first, end) pairs, oldest first."""
    found: list[tuple[datetime, datetime]] = []
    for hour in sorted(hours):
        if found and found[-1][1] == hour:
            found[-1] = (found[-1][0], hour + HOUR)
        else:
            found.append((hour, hour + HOUR))
    return found


def _summary(
    start: datetime, end: datetime, points: list[tuple[datetime, float]]
) -> HourlyStat:
    # As the recorder does: an hour that starts with no value is averaged over the part
    # after the first one; each value counts until the next, the last until the hour ends.
    weighted = 0.0
    for (moment, value), (following, _) in zip(
        points, [*points[1:], (end, 0.0)], strict=True
    ):
        weighted += value * (following - moment).total_seconds()
    values = [value for _, value in points]
    return HourlyStat(
        start,
        weighted / (end - points[0][0]).total_seconds(),
        min(values),
        max(values),
    )


def hourly_stats(
    previous: float | None,
    changes: Sequence[tuple[datetime, float | None]],
    start: datetime,
    end: datetime,
) -> list[HourlyStat]:
    """Return a row for each hour in [start, end) in which the sensor had a value.

    ``start`` and ``end`` are whole hours; ``previous`` is what the sensor showed at
    ``start``; ``changes`` are (measured at, value) in [start, end), oldest first. A value
    of None is a reading without this metric: the sensor shows "unknown", which the
    recorder skips within an hour and which leaves the next hour without a value to begin.
    """
    rows: list[HourlyStat] = []
    current = previous
    index = 0
    hour = start
    while hour < end:
        following = hour + HOUR
        points = [] if current is None else [(hour, current)]
        while index < len(changes) and changes[index][0] < following:
            moment, current = changes[index]
            index += 1
            if current is not None:
                points.append((moment, current))
        if points:
            rows.append(_summary(hour, following, points))
        hour = following
    return rows
