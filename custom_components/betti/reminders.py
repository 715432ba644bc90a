"""Drink reminders in waking hours, sent only when someone is behind on water.

A plain ``notify.<service>`` call for now; the shared push layer replaces ``_async_send``.
"""

from datetime import datetime

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.event import async_track_time_change
from homeassistant.util import dt as dt_util

from .models import BettiConfigEntry
from .nutrition_options import NutritionSettings, from_ml


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


async def _async_send(hass: HomeAssistant, service: str, message: str) -> None:
    await hass.services.async_call(
        "notify",
        service.removeprefix("notify."),
        {"title": "Betti", "message": message},
    )


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
            await _async_send(
                hass,
                service,
                f"Time for a glass of water, {coordinator.profile.name}: "
                f"{left:.0f} {unit} to go today.",
            )

    entry.async_on_unload(async_track_time_change(hass, check, minute=0, second=0))
