"""Whose reading is it? Routing a device's reading to one household member.

In order: the device's own user number; the only person the device is assigned to; for
weights, the person whose recent weight is close (people away from home are left out);
otherwise nobody is sure, and the household is asked.
"""

from dataclasses import dataclass

from . import Metric, VitalKind

# A weight within 3 % (at least 2 kg) of someone's recent weight is probably theirs.
WEIGHT_TOLERANCE = 0.03
WEIGHT_TOLERANCE_FLOOR_KG = 2.0


@dataclass(frozen=True, slots=True)
class Candidate:
    """A household member a device is assigned to."""

    profile_id: str
    device_user_ids: frozenset[int] = frozenset()
    at_home: bool = True
    recent_weight: float | None = None


def _close(weight: float, recent: float) -> bool:
    tolerance = max(recent * WEIGHT_TOLERANCE, WEIGHT_TOLERANCE_FLOOR_KG)
    return abs(weight - recent) <= tolerance


def route(
    kind: VitalKind,
    values: dict[Metric, float],
    user_id: int | None,
    candidates: list[Candidate],
) -> str | list[str]:
    """Return the profile a reading belongs to, or the profiles it might belong to."""
    if user_id is not None:
        owners = [c for c in candidates if user_id in c.device_user_ids]
        if len(owners) == 1:
            return owners[0].profile_id
    if len(candidates) == 1:
        return candidates[0].profile_id
    present = [c for c in candidates if c.at_home] or candidates
    if kind is VitalKind.WEIGHT:
        weight = values[Metric.WEIGHT]
        close = [
            c
            for c in present
            if c.recent_weight is not None and _close(weight, c.recent_weight)
        ]
        if len(close) == 1:
            return close[0].profile_id
        if close:
            present = close
    if len(present) == 1:
        return present[0].profile_id
    return [c.profile_id for c in present]
