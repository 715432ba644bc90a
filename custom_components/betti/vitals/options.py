"""The options step for a person's vital-sign limits, shown in their own units."""

from typing import Any

from homeassistant.helpers.selector import (
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
)
import probatio

from ..household.profile import Profile
from ..number_selector import FiniteNumberSelector
from . import PLAUSIBLE, Metric
from .limit_alerts import limit_key, person_limits
from .units import preferred_unit, to_canonical, to_preferred

SIDES = ("low", "high")


def limits_schema(profile: Profile) -> probatio.Schema:
    """One optional number per limit, in the unit the person reads."""
    fields: dict[probatio.Marker, NumberSelector] = {}
    for metric, limits in person_limits({}).items():
        low, high = (
            to_preferred(metric, bound, profile) for bound in PLAUSIBLE[metric]
        )
        for side, default in zip(SIDES, limits, strict=True):
            if default is None:
                continue
            fields[probatio.Optional(limit_key(metric, side))] = FiniteNumberSelector(
                NumberSelectorConfig(
                    min=round(low, 1),
                    max=round(high, 1),
                    step=0.1,
                    unit_of_measurement=preferred_unit(metric, profile),
                    mode=NumberSelectorMode.BOX,
                )
            )
    return probatio.Schema(fields)


def shown_limits(options: dict[str, Any], profile: Profile) -> dict[str, float]:
    """Return the person's current limits, in their units, to fill the form."""
    return {
        limit_key(metric, side): round(to_preferred(metric, bound, profile), 1)
        for metric, limits in person_limits(options).items()
        for side, bound in zip(SIDES, limits, strict=True)
        if bound is not None
    }


def stored_limits(
    user_input: dict[str, Any], profile: Profile
) -> tuple[dict[str, float], Metric | None]:
    """Convert entered limits to stored units; name a metric whose low is not below its high."""
    stored = {
        limit_key(metric, side): to_canonical(metric, user_input[key], profile)
        for metric in person_limits({})
        for side in SIDES
        if (key := limit_key(metric, side)) in user_input
    }
    for metric, (low, high) in person_limits(stored).items():
        if low is not None and high is not None and low >= high:
            return stored, metric
    return stored, None
