"""Vital signs for the whole household: their actions and the answers to "Was this you?"."""

from homeassistant.core import HomeAssistant

from . import services, unclaimed
from .claims import async_setup_vital_actions
from .voice import async_setup_voice


async def async_setup(hass: HomeAssistant) -> None:
    """Register the vital-sign actions and the phones' answers about unclaimed readings, and Assist's."""
    services.async_setup(hass)
    unclaimed.async_setup(hass)
    async_setup_vital_actions(hass)
    await async_setup_voice(hass)
