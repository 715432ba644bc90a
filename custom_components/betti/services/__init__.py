"""Betti's actions, registered once for the whole household."""

from homeassistant.core import HomeAssistant, callback

from . import (
    alerts,
    appointments,
    calls,
    dashboards,
    fitness,
    medications,
    mood,
    nutrition,
    nutrition_report,
    unclaimed_vitals,
    vitals,
)


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    """Register every domain's actions."""
    vitals.async_setup(hass)
    unclaimed_vitals.async_setup(hass)
    alerts.async_setup(hass)
    mood.async_setup(hass)
    nutrition.async_setup(hass)
    fitness.async_setup(hass)
    nutrition_report.async_setup(hass)
    medications.async_setup(hass)
    calls.async_setup(hass)
    appointments.async_setup(hass)
    dashboards.async_setup(hass)
