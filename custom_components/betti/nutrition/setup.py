"""Nutrition for the whole household: food, water and activity actions, and Assist."""

from homeassistant.core import HomeAssistant

from . import fitness, report, services
from .assist import async_setup_voice


async def async_setup(hass: HomeAssistant) -> None:
    """Register the food, water, activity and report actions and the Assist sentences."""
    services.async_setup(hass)
    fitness.async_setup(hass)
    report.async_setup(hass)
    await async_setup_voice(hass)
