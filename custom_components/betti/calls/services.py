"""Actions for calls: a single-use link that lets someone without an HA login call."""

from datetime import timedelta
import secrets

from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.network import NoURLAvailableError, get_url
from homeassistant.util import dt as dt_util
import probatio

from ..const import DOMAIN
from ..db.calls import CallLink, add_link
from ..household.access import PROFILE_FIELD, async_profile_entry, async_write_audited
from ..household.limits import RefusingSchema, text, whole
from ..notifications.texts import async_text
from .const import URL_LINK
from .manager import DATA_CALLS
from .tokens import LINK, sign

SERVICE_CREATE_CALL_LINK = "create_call_link"
MAX_VALID_HOURS = 7 * 24

CREATE_CALL_LINK_SCHEMA = RefusingSchema(
    {
        **PROFILE_FIELD,
        probatio.Optional("guest_name"): probatio.All(text(60), probatio.Length(min=1)),
        probatio.Optional("valid_hours", default=24): whole(1, MAX_VALID_HOURS),
    }
)


async def _create_call_link(call: ServiceCall) -> ServiceResponse:
    entry = await async_profile_entry(call.hass, call)
    try:
        base = get_url(call.hass, allow_internal=True, prefer_external=True)
    except NoURLAvailableError as err:
        raise HomeAssistantError(
            translation_domain=DOMAIN, translation_key="call_link_no_url"
        ) from err
    created = dt_util.utcnow()
    link = CallLink(
        link_id=secrets.token_urlsafe(12),
        profile_id=entry.entry_id,
        room_id=secrets.token_urlsafe(12),
        guest_name=call.data.get("guest_name")
        or await async_text(call.hass, "call_guest"),
        expires_at=created + timedelta(hours=call.data["valid_hours"]),
        used_at=None,
    )
    await async_write_audited(entry, call, "call_link_created", add_link, link, created)
    token = sign(
        call.hass.data[DATA_CALLS].secret,
        LINK,
        link.expires_at.timestamp(),
        l=link.link_id,
    )
    return {
        "url": f"{base}{URL_LINK}/{token}",
        "expires_at": dt_util.as_local(link.expires_at).isoformat(),
    }


@callback
def async_setup(hass: HomeAssistant) -> None:
    """Register the call actions."""
    hass.services.async_register(
        DOMAIN,
        SERVICE_CREATE_CALL_LINK,
        _create_call_link,
        schema=CREATE_CALL_LINK_SCHEMA,
        supports_response=SupportsResponse.ONLY,
    )
