"""``betti.create_dashboards``: bring back the mirror and family dashboards once deleted."""

from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.helpers import service

from ..const import DOMAIN
from ..dashboards.setup import async_create_dashboards
from .limits import RefusingSchema

SERVICE_CREATE_DASHBOARDS = "create_dashboards"


async def _create_dashboards(call: ServiceCall) -> ServiceResponse:
    created = await async_create_dashboards(call.hass)
    return {"created": list(created)}


@callback
def async_setup(hass: HomeAssistant) -> None:
    """Register the action; creating dashboards is for administrators."""
    service.async_register_admin_service(
        hass,
        DOMAIN,
        SERVICE_CREATE_DASHBOARDS,
        _create_dashboards,
        schema=RefusingSchema({}),
        supports_response=SupportsResponse.OPTIONAL,
    )
