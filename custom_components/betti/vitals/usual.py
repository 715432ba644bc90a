"""A weight far from the person's usual: what to ask before storing one given by hand.

Readings from devices are measured, not misheard, and are stored as they come.
"""

from datetime import datetime, timedelta

from ..db.vitals import last_reading_between
from ..models import BettiConfigEntry
from . import Metric, VitalKind, far_from_usual_weight

USUAL_WINDOW = timedelta(days=30)
"""How far back the last weight counts as the person's usual."""


async def async_unusual_weight(
    entry: BettiConfigEntry, values: dict[Metric, float], measured_at: datetime
) -> float | None:
    """Return the last weight (kg) of the 30 days before ``measured_at`` if far from this one."""
    if (weight := values.get(Metric.WEIGHT)) is None:
        return None
    last = await entry.runtime_data.database.async_read(
        last_reading_between,
        entry.entry_id,
        VitalKind.WEIGHT,
        measured_at - USUAL_WINDOW,
        measured_at,
    )
    if last is None:
        return None
    usual = last.values[Metric.WEIGHT]
    return usual if far_from_usual_weight(weight, usual) else None
