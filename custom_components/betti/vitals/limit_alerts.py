"""Readings beyond a person's limits become alerts, and events automations can trigger on."""

from datetime import datetime, timedelta
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.util import dt as dt_util

from ..alerts.escalation import AlertSource, Severity
from ..alerts.raising import async_raise_alert
from ..const import DOMAIN
from ..models import BettiConfigEntry
from ..notifications.texts import async_text
from . import Metric
from .thresholds import DEFAULT_LIMITS, breaches
from .units import preferred_unit, to_preferred

SIGNAL_VITAL = f"{DOMAIN}_vital_{{}}"
# A reading a device kept in its memory for days is history, not an emergency.
RECENT = timedelta(hours=12)


def limit_key(metric: Metric, side: str) -> str:
    """Name of the option that holds one of a person's limits (canonical units)."""
    return f"{metric}_{side}"


def person_limits(
    options: dict[str, Any],
) -> dict[Metric, tuple[float | None, float | None]]:
    """Return a person's limits: their options where set, the defaults elsewhere."""
    return {
        metric: (
            options.get(limit_key(metric, "low"), low),
            options.get(limit_key(metric, "high"), high),
        )
        for metric, (low, high) in DEFAULT_LIMITS.items()
    }


async def async_check_reading(
    hass: HomeAssistant,
    entry: BettiConfigEntry,
    measured_at: datetime,
    values: dict[Metric, float],
) -> None:
    """Alert and fire an event for every value of a fresh reading beyond its limit."""
    if dt_util.utcnow() - measured_at > RECENT:
        return
    profile = entry.runtime_data.profile
    for breach in breaches(values, person_limits(dict(entry.options))):
        unit = preferred_unit(breach.metric, profile)
        details = {
            "metric": breach.metric.value,
            "value": round(to_preferred(breach.metric, breach.value, profile), 1),
            "limit": round(to_preferred(breach.metric, breach.limit, profile), 1),
            "unit": unit,
            "critical": breach.critical,
        }
        async_dispatcher_send(
            hass, SIGNAL_VITAL.format(entry.entry_id), breach.direction.value, details
        )
        await async_raise_alert(
            hass,
            entry,
            source=AlertSource.VITAL_THRESHOLD,
            severity=Severity.CRITICAL if breach.critical else Severity.WARNING,
            message_key=f"vital_{breach.direction}",
            placeholders={
                "name": profile.name,
                "metric": await async_text(hass, f"metric_{breach.metric}"),
                "value": f"{details['value']:g} {unit}",
                "limit": f"{details['limit']:g} {unit}",
            },
            dedupe_key=f"vital_{breach.metric}_{breach.direction}",
        )
