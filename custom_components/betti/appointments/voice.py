"""Assist, the day: appointments, what is on today, how the day is going.

"When is my next appointment", "what's on today" (appointments and the doses still to take)
and "how am I doing today" (doses, water, steps against the goals).

The day reads the other features' state through the profile's runtime data, as the mirror's
health card does; it changes nothing.
"""

from datetime import date, datetime
from pathlib import Path

from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util

from ..assist.answers import async_say, async_when, spoken_list
from ..assist.registry import Said, async_add_sentences
from ..assist.speaker import async_speaker_profile
from ..medications.schedule import DoseStatus
from ..nutrition import ActivityMetric
from ..nutrition.voice import water_said
from .reminders import start_of


async def _when(said: Said, start: date | datetime) -> str:
    if isinstance(start, datetime):
        return await async_when(said, start)
    days = (start - dt_util.now().date()).days
    key = {0: "today", 1: "tomorrow"}.get(days, "later")
    return await async_say(said, f"day_{key}", days=days)


async def _next_appointment(said: Said) -> str:
    entry = await async_speaker_profile(said)
    upcoming = entry.runtime_data.appointments.data.upcoming
    if not upcoming:
        return await async_say(said, "no_appointments")
    event = upcoming[0]
    return await async_say(
        said,
        "next_appointment",
        what=event.summary,
        when=await _when(said, event.start),
    )


async def _today(said: Said) -> str:
    entry = await async_speaker_profile(said)
    tz = dt_util.get_default_time_zone()
    today = dt_util.now().date()
    and_word = await async_say(said, "and")
    parts = []
    if appointments := [
        f"{event.summary} {await _when(said, event.start)}"
        for event in entry.runtime_data.appointments.data.upcoming
        if start_of(event, tz).astimezone(tz).date() == today
    ]:
        parts.append(
            await async_say(
                said,
                "today_appointments",
                appointments=spoken_list(appointments, and_word),
            )
        )
    medications = entry.runtime_data.medications.data
    keys = {d.key for d in medications.to_take}
    if doses := [
        f"{d.medication.label} {await async_when(said, d.due)}"
        for d in medications.today
        if d.key in keys
    ]:
        parts.append(
            await async_say(said, "today_doses", doses=spoken_list(doses, and_word))
        )
    return " ".join(parts) or await async_say(said, "today_nothing")


async def _how_today(said: Said) -> str:
    entry = await async_speaker_profile(said)
    parts = []
    doses = entry.runtime_data.medications.data.today
    if doses:
        taken = sum(d.state.status is DoseStatus.TAKEN for d in doses)
        parts.append(await async_say(said, "how_doses", taken=taken, total=len(doses)))
    day = entry.runtime_data.nutrition.data
    unit = entry.runtime_data.profile.volume_unit
    water = water_said(day.totals.water_ml, unit)
    parts.append(
        await async_say(
            said,
            "how_water_goal",
            water=water,
            goal=water_said(day.goals.water_ml, unit),
        )
        if day.goals.water_ml
        else await async_say(said, "how_water", water=water)
    )
    steps = f"{day.totals.activity.get(ActivityMetric.STEPS, 0):.0f}"
    parts.append(
        await async_say(
            said, "how_steps_goal", steps=steps, goal=f"{day.goals.steps:.0f}"
        )
        if day.goals.steps
        else await async_say(said, "how_steps", steps=steps)
    )
    return await async_say(
        said, "how_today", parts=spoken_list(parts, await async_say(said, "and"))
    )


async def async_setup_voice(hass: HomeAssistant) -> None:
    """Add the day's sentences."""
    await async_add_sentences(
        hass,
        Path(__file__).parent / "sentences",
        {
            "next_appointment": _next_appointment,
            "today": _today,
            "how_today": _how_today,
        },
    )
