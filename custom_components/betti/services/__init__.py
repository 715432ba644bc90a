"""Betti's actions, registered once for the whole household."""

from homeassistant.core import HomeAssistant, callback

from . import calls, vitals


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    """Register every domain's actions."""
    vitals.async_setup(hass)
    calls.async_setup(hass)
