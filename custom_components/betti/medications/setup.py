"""Medications for the whole household: their actions and the phones' dose buttons."""

from homeassistant.core import HomeAssistant

from . import services
from .phone_answers import async_setup_medication_actions
from .voice import async_setup_voice


async def async_setup(hass: HomeAssistant) -> None:
    """Register the medication actions and the phones' Taken, Snooze and Skip, and Assist's sentences."""
    services.async_setup(hass)
    async_setup_medication_actions(hass)
    await async_setup_voice(hass)
