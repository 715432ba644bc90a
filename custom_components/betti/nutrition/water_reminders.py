"""Drink reminders in waking hours, sent only when someone is behind on water.

They go through the shared push layer, so they count towards the phone's daily cap and appear in
the deliveries log like every other Betti push.
"""

from datetime import datetime

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.event import async_track_time_change
from homeassistant.util import dt as dt_util

from ..models import BettiConfigEntry
from ..notifications.delivery import async_push
from ..notifications.texts import async_text
from .options import NutritionSettings, from_ml


def water_due(
    settings: NutritionSettings, goal_ml: float | None, drunk_ml: float, now: datetime
) -> bool:
    """Whether a reminder is due: on the hour, in waking hours, and behind a steady pace."""
    start, end = settings.reminder_start, settings.reminder_end
    if not goal_ml or not start <= now.time() <= end or now.minute:
        return False
    if (now.hour - start.hour) % max(settings.reminder_every_hours, 1):
        return False
    day_minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    gone = (now.hour * 60 + now.minute) - (start.hour * 60 + start.minute)
    pace = goal_ml * min(gone / day_minutes, 1) if day_minutes > 0 else goal_ml
    return drunk_ml < pace


DELIVERY_SOURCE = "water_reminder"
# One notification per phone: a new reminder replaces the last one rather than stacking.
TAG = "betti_water"


@callback
def async_setup_reminders(hass: HomeAssistant, entry: BettiConfigEntry) -> None:
    """Check on the hour whether the person should be reminded to drink."""
    coordinator = entry.runtime_data.nutrition
    service = coordinator.settings.reminder_notify
    if not service:
        return

    async def check(now: datetime) -> None:
        day = coordinator.data
        if water_due(
            coordinator.settings,
            day.goals.water_ml,
            day.totals.water_ml,
            dt_util.as_local(now),
        ):
            unit = coordinator.profile.volume_unit
            left = from_ml((day.goals.water_ml or 0) - day.totals.water_ml, unit)
            await async_push(
                hass,
                entry,
                service,
                title=await async_text(hass, "water_reminder_title"),
                message=await async_text(
                    hass,
                    "water_reminder",
                    name=coordinator.profile.name,
                    left=f"{left:.0f} {unit}",
                ),
                tag=TAG,
                source=DELIVERY_SOURCE,
            )

    entry.async_on_unload(async_track_time_change(hass, check, minute=0, second=0))
