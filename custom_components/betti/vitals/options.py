"""The options step for a person's vital-sign limits, shown in their own units."""

from typing import Any

from homeassistant.const import (
    PERCENTAGE,
    UnitOfBloodGlucoseConcentration,
    UnitOfPressure,
)
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
from .units import BEATS_PER_MINUTE, preferred_unit, to_canonical, to_preferred

SIDES = ("low", "high")
# Units read in whole numbers; the others (°C, °F, mmol/L, kg, lb) in tenths.
WHOLE_UNITS = frozenset(
    {
        UnitOfPressure.MMHG,
        BEATS_PER_MINUTE,
        PERCENTAGE,
        UnitOfBloodGlucoseConcentration.MILLIGRAMS_PER_DECILITER,
    }
)


def _digits(metric: Metric, profile: Profile) -> int:
    """Return the decimals a limit is set in, in the person's unit."""
    return 0 if preferred_unit(metric, profile) in WHOLE_UNITS else 1


def limits_schema(profile: Profile) -> probatio.Schema:
    """One optional number per limit, in the unit the person reads."""
    fields: dict[probatio.Marker, NumberSelector] = {}
    for metric, limits in person_limits({}).items():
        low, high = (
            to_preferred(metric, bound, profile) for bound in PLAUSIBLE[metric]
        )
        digits = _digits(metric, profile)
        for side, default in zip(SIDES, limits, strict=True):
            if default is None:
                continue
            fields[probatio.Optional(limit_key(metric, side))] = FiniteNumberSelector(
                NumberSelectorConfig(
                    min=round(low, digits),
                    max=round(high, digits),
                    step=10**-digits,
                    unit_of_measurement=preferred_unit(metric, profile),
                    mode=NumberSelectorMode.BOX,
                )
            )
    return probatio.Schema(fields)


def shown_limits(options: dict[str, Any], profile: Profile) -> dict[str, float]:
    """Return the person's current limits, in their units, to fill the form."""
    return {
        limit_key(metric, side): round(
            to_preferred(metric, bound, profile), _digits(metric, profile)
        )
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
