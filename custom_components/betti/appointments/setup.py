"""Appointments for the whole household: their actions."""

from homeassistant.core import HomeAssistant

from . import services


async def async_setup(hass: HomeAssistant) -> None:
    """Register the appointment actions."""
    services.async_setup(hass)
