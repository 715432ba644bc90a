"""The download of a report: only for the person it is about and for administrators.

A link Betti signed itself (an automation's push, made without a user) is signed by HA's
content user; such a signature is made for this one path, so it lets the bearer in too.
"""

from http import HTTPStatus
import re

from aiohttp import web
from homeassistant.components.http.auth import SIGN_QUERY_PARAM, STORAGE_KEY
from homeassistant.components.http.const import KEY_HASS_REFRESH_TOKEN_ID, KEY_HASS_USER
from homeassistant.core import HomeAssistant
from homeassistant.helpers.http import KEY_HASS, HomeAssistantView

from ..const import DOMAIN
from ..household.permissions import may_act
from .services import URL_PREFIX, report_folder

SAFE_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]*\.(pdf|zip|json)$")
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "zip": "application/zip",
    "json": "application/fhir+json",
}


def _signed_by_betti(hass: HomeAssistant, request: web.Request) -> bool:
    """Whether the request came with a signature HA's content user made (not a user's)."""
    return (
        SIGN_QUERY_PARAM in request.query
        and request.get(KEY_HASS_REFRESH_TOKEN_ID) == hass.data[STORAGE_KEY]
    )


class ReportView(HomeAssistantView):
    """Serve ``/api/betti/reports/<profile>/<file>``."""

    url = URL_PREFIX + "/{entry_id}/{name}"
    name = "api:betti:report"
    requires_auth = True

    async def get(
        self, request: web.Request, entry_id: str, name: str
    ) -> web.StreamResponse:
        """Send the file, or 403/404."""
        hass: HomeAssistant = request.app[KEY_HASS]
        user = request[KEY_HASS_USER]
        entry = hass.config_entries.async_get_entry(entry_id)
        if entry is None or entry.domain != DOMAIN or not SAFE_NAME.match(name):
            return web.Response(status=HTTPStatus.NOT_FOUND)
        if not (may_act(hass, user, entry) or _signed_by_betti(hass, request)):
            return web.Response(status=HTTPStatus.FORBIDDEN)
        path = report_folder(hass, entry_id) / name
        if not await hass.async_add_executor_job(path.is_file):
            return web.Response(status=HTTPStatus.NOT_FOUND)
        return web.FileResponse(
            path,
            headers={
                "Content-Type": CONTENT_TYPES[name.rsplit(".", 1)[1]],
                "Content-Disposition": f'attachment; filename="{name}"',
                "Cache-Control": "no-store",
            },
        )
