"""Betti's actions, registered once for the whole household."""

from homeassistant.core import HomeAssistant, callback

from ..alerts import mood, services as alerts
from ..appointments import services as appointments
from ..calls import services as calls
from ..dashboards import services as dashboards
from ..medications import services as medications
from ..nutrition import fitness, report as nutrition_report, services as nutrition
from ..vitals import services as vitals, unclaimed as unclaimed_vitals


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
