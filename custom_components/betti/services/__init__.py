"""Betti's actions, registered once for the whole household."""

from homeassistant.core import HomeAssistant, callback

from . import alerts, appointments, mood, vitals


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    """Register every domain's actions."""
    vitals.async_setup(hass)
    alerts.async_setup(hass)
    mood.async_setup(hass)
    appointments.async_setup(hass)
