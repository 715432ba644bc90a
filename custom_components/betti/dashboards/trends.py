"""A week of a profile's readings as daily means.

The Betti card draws them as lines, and the dashboards graph only the vitals measured on
two days or more (one day's mean draws no line).
"""

from datetime import timedelta
from statistics import fmean
from typing import Any

from homeassistant.util import dt as dt_util

from ..db.vitals import readings_between
from ..models import BettiConfigEntry
from ..vitals import Metric
from ..vitals.units import preferred_unit, to_preferred

TREND_DAYS = 7
# The metrics the entity dashboards graph (roles.TRENDS), in that order.
TREND_METRICS = (
    Metric.SYSTOLIC,
    Metric.DIASTOLIC,
    Metric.WEIGHT,
    Metric.GLUCOSE,
    Metric.HEART_RATE,
)


async def async_trends(entry: BettiConfigEntry) -> list[dict[str, Any]]:
    """Daily means of the week's readings: what the graphs show where statistics are kept."""
    start = dt_util.start_of_local_day() - timedelta(days=TREND_DAYS - 1)
    readings = await entry.runtime_data.database.async_read(
        readings_between, entry.entry_id, start, dt_util.utcnow() + timedelta(seconds=1)
    )
    profile = entry.runtime_data.profile
    trends = []
    for metric in TREND_METRICS:
        days: dict[str, list[float]] = {}
        for reading in readings:
            if (value := reading.values.get(metric)) is not None:
                day = dt_util.as_local(reading.measured_at).date().isoformat()
                days.setdefault(day, []).append(to_preferred(metric, value, profile))
        if days:
            trends.append(
                {
                    "key": metric.value,
                    "unit": preferred_unit(metric, profile),
                    "days": [
                        {"day": day, "mean": round(fmean(values), 1)}
                        for day, values in days.items()
                    ],
                }
            )
    return trends
