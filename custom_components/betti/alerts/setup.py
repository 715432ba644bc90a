"""Alerts for the whole household: their actions, the mood check-in, the phones' "I'm on it"."""

from homeassistant.core import HomeAssistant

from . import deliveries, mood, services
from .raising import async_setup_alert_actions
from .trial import async_setup_test_answers
from .voice import async_setup_voice


async def async_setup(hass: HomeAssistant) -> None:
    """Register the alert, delivery log and mood actions, the phones' acknowledgement and Assist's help."""
    services.async_setup(hass)
    deliveries.async_setup(hass)
    mood.async_setup(hass)
    async_setup_alert_actions(hass)
    async_setup_test_answers(hass)
    await async_setup_voice(hass)
