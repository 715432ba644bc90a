"""Alerts for the whole household: their actions, the mood check-in, the phones' "I'm on it"."""

from homeassistant.core import HomeAssistant

from . import mood, services
from .raising import async_setup_alert_actions
from .trial import async_setup_test_answers


async def async_setup(hass: HomeAssistant) -> None:
    """Register the alert and mood actions and the phones' acknowledgement."""
    services.async_setup(hass)
    mood.async_setup(hass)
    async_setup_alert_actions(hass)
    async_setup_test_answers(hass)
