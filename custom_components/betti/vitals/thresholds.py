"""When a reading needs someone's attention: per-person limits, and readings beyond them.

Defaults follow common adult guidance (ACC/AHA blood pressure, the usual fever and low-oxygen
lines, ADA hypoglycaemia levels); a person's doctor may set others in the profile's options.
"""

from dataclasses import dataclass
from enum import StrEnum

from . import Metric

# (low, high) in canonical units; None means no limit on that side.
DEFAULT_LIMITS: dict[Metric, tuple[float | None, float | None]] = {
    Metric.SYSTOLIC: (90, 160),
    Metric.DIASTOLIC: (50, 100),
    Metric.PULSE: (40, 120),
    Metric.HEART_RATE: (40, 120),
    Metric.TEMPERATURE: (35.0, 38.0),
    Metric.SPO2: (92, None),
    Metric.GLUCOSE: (70, 250),
}
# Beyond these the alert is critical whatever the person's own limits say.
CRITICAL_LIMITS: dict[Metric, tuple[float | None, float | None]] = {
    Metric.SYSTOLIC: (None, 180),
    Metric.DIASTOLIC: (None, 120),
    Metric.TEMPERATURE: (34.0, 40.0),
    Metric.SPO2: (88, None),
    Metric.GLUCOSE: (54, None),
}


class Direction(StrEnum):
    """Which side of a limit a reading fell."""

    LOW = "low"
    HIGH = "high"


@dataclass(frozen=True, slots=True)
class Breach:
    """A value beyond one of a person's limits."""

    metric: Metric
    direction: Direction
    value: float
    limit: float
    critical: bool


def _beyond(
    value: float, limits: tuple[float | None, float | None]
) -> Direction | None:
    low, high = limits
    if low is not None and value < low:
        return Direction.LOW
    if high is not None and value > high:
        return Direction.HIGH
    return None


def breaches(
    values: dict[Metric, float], limits: dict[Metric, tuple[float | None, float | None]]
) -> list[Breach]:
    """Return every value beyond its limit, marking those beyond the critical lines."""
    found = []
    for metric, value in values.items():
        own = limits.get(metric, DEFAULT_LIMITS.get(metric, (None, None)))
        critical = CRITICAL_LIMITS.get(metric, (None, None))
        beyond_own, beyond_critical = _beyond(value, own), _beyond(value, critical)
        direction = beyond_own or beyond_critical
        if direction is None:
            continue
        side = 0 if direction is Direction.LOW else 1
        limit = own[side] if beyond_own is direction else critical[side]
        if limit is not None:
            found.append(
                Breach(metric, direction, value, limit, beyond_critical is direction)
            )
    return found
