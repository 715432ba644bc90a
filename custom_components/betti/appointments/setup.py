"""Appointments for the whole household: their actions, and Assist's sentences about the day."""

from homeassistant.core import HomeAssistant

from . import services
from .voice import async_setup_voice


async def async_setup(hass: HomeAssistant) -> None:
    """Register the appointment actions and the day's sentences."""
    services.async_setup(hass)
    await async_setup_voice(hass)
