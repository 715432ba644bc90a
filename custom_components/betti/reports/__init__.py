"""Reports and exports: the doctor's PDF, a CSV zip and a FHIR bundle, and their download.

``model``, ``pdf``, ``csv_export`` and ``fhir`` are plain Python; ``collect``, ``services``
and ``view`` connect them to Home Assistant.
"""

from homeassistant.core import HomeAssistant

from .services import async_setup_services
from .view import ReportView


async def async_setup(hass: HomeAssistant) -> None:
    """Register the report action and the download view."""
    async_setup_services(hass)
    hass.http.register_view(ReportView())
