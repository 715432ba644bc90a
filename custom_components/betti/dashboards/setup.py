"""Provision the dashboards: the strategy's script, the command, and two stored dashboards.

Each dashboard is an ordinary storage-mode dashboard whose whole configuration is the
strategy stanza ``{"strategy": {"type": "custom:betti", "layout": ...}}``: the browser
asks ``betti/dashboard`` for the views each time it opens it, so the views follow the
profiles and their entities. Once a user edits one ("Take control"), it is theirs:
Betti never writes to a dashboard that exists.
"""

from typing import Any

from homeassistant.components import frontend, websocket_api
from homeassistant.components.lovelace.const import LOVELACE_DATA
from homeassistant.components.lovelace.dashboard import DashboardsCollection
from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
)
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import service
from homeassistant.helpers.storage import Store
from homeassistant.loader import async_get_integration

from ..calls.const import URL_STATIC
from ..const import DOMAIN
from ..household.limits import RefusingSchema
from ..household.profile import FAMILY_DASHBOARD
from ..notifications.texts import async_text
from .health import async_register_health_command
from .layouts import FAMILY, MIRROR
from .theme import async_register_theme
from .websocket import async_register_command

STRATEGY_FILE = "betti-dashboards.js"
STRATEGY_TYPE = "custom:betti"
STORE_VERSION = 1
# Layout: (url path, sidebar title's text key, icon).
DASHBOARDS = {
    MIRROR: ("betti-mirror", "dashboard_mirror_title", "mdi:mirror"),
    FAMILY: (FAMILY_DASHBOARD, "dashboard_family_title", "mdi:account-group"),
}

SERVICE_CREATE_DASHBOARDS = "create_dashboards"


def strategy_config(layout: str) -> dict[str, Any]:
    """Return what Betti stores as a dashboard's configuration."""
    return {"strategy": {"type": STRATEGY_TYPE, "layout": layout}}


async def async_setup(hass: HomeAssistant) -> None:
    """Register the action (for administrators), serve the strategy, and create the dashboards the first time Betti starts."""
    service.async_register_admin_service(
        hass,
        DOMAIN,
        SERVICE_CREATE_DASHBOARDS,
        _create_dashboards,
        schema=RefusingSchema({}),
        supports_response=SupportsResponse.OPTIONAL,
    )
    async_register_command(hass)
    async_register_health_command(hass)
    async_register_theme(hass)
    integration = await async_get_integration(hass, DOMAIN)
    # An extra module loads on every page in storage and YAML mode alike, before any
    # dashboard asks for the strategy; the call setup serves the www folder.
    frontend.add_extra_js_url(
        hass, f"{URL_STATIC}/{STRATEGY_FILE}?v={integration.version}"
    )
    store: Store[dict[str, bool]] = Store(hass, STORE_VERSION, f"{DOMAIN}.dashboards")
    # Only once: a user who deleted a dashboard gets it back by asking for it.
    if await store.async_load() is None:
        await async_create_dashboards(hass)
        await store.async_save({"created": True})


async def _create_dashboards(call: ServiceCall) -> ServiceResponse:
    """``betti.create_dashboards``: bring back the mirror and family dashboards once deleted."""
    created = await async_create_dashboards(call.hass)
    return {"created": list(created)}


def _collection(hass: HomeAssistant) -> DashboardsCollection:
    # Lovelace keeps its dashboards collection to itself; its own websocket list
    # command is bound to the object holding it, which is the one way to reach it.
    handlers = hass.data.get(websocket_api.DOMAIN, {})
    handler = handlers.get("lovelace/dashboards/list", (None,))[0]
    collection = getattr(getattr(handler, "__self__", None), "storage_collection", None)
    if not isinstance(collection, DashboardsCollection):
        raise HomeAssistantError(
            translation_domain=DOMAIN, translation_key="dashboards_unavailable"
        )
    return collection


async def async_create_dashboards(hass: HomeAssistant) -> list[str]:
    """Create the dashboards that are missing; return their url paths.

    Every dashboard that exists is left as it is. The sidebar titles are in the household's
    language of the moment they are created (an administrator can rename them).
    """
    collection = _collection(hass)
    existing = {item["url_path"] for item in collection.async_items()}
    created: list[str] = []
    for layout, (url_path, title_key, icon) in DASHBOARDS.items():
        # Taken: ours (perhaps edited since), the user's, a YAML dashboard or a panel.
        if url_path in existing or frontend.async_panel_exists(hass, url_path):
            continue
        await collection.async_create_item(
            {
                "url_path": url_path,
                "title": await async_text(hass, title_key),
                "icon": icon,
            }
        )
        await (
            hass.data[LOVELACE_DATA]
            .dashboards[url_path]
            .async_save(strategy_config(layout))
        )
        created.append(url_path)
    return created
