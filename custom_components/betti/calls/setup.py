"""Set up calling once for the household: secret, call manager, commands, views, card."""

import secrets

from homeassistant.components.http.server import StaticPathConfig
from homeassistant.components.lovelace.const import LOVELACE_DATA
from homeassistant.components.lovelace.resources import ResourceStorageCollection
from homeassistant.const import EVENT_HOMEASSISTANT_STOP
from homeassistant.core import Event, HomeAssistant
from homeassistant.helpers.storage import Store
from homeassistant.loader import async_get_integration

from ..const import DOMAIN
from . import services
from .const import CARD_FILE, URL_STATIC
from .guest_page import CallLinkView
from .guest_socket import GuestSocketView
from .manager import DATA_CALLS, CallManager, now
from .voice import async_setup_voice
from .websocket import async_register_commands

STORE_VERSION = 1
WWW = "www"


async def async_setup(hass: HomeAssistant) -> None:
    """Start the call service, its action, serve the call card, and add "call Bob"."""
    services.async_setup(hass)
    store: Store[dict[str, str]] = Store(hass, STORE_VERSION, f"{DOMAIN}.calls")
    data = await store.async_load()
    if data is None:
        # Signs guest links; kept so links sent before a restart still work.
        data = {"secret": secrets.token_hex(32)}
        await store.async_save(data)
    calls = hass.data[DATA_CALLS] = CallManager(hass, bytes.fromhex(data["secret"]))

    async def close_calls(_: Event) -> None:
        calls.rooms.close_all(now())

    hass.bus.async_listen_once(EVENT_HOMEASSISTANT_STOP, close_calls)
    async_register_commands(hass)
    hass.http.register_view(CallLinkView())
    hass.http.register_view(GuestSocketView())
    await _async_serve_card(hass)
    await async_setup_voice(hass)


async def _async_serve_card(hass: HomeAssistant) -> None:
    """Serve the card's file and add it to the dashboards' resources (storage mode only)."""
    integration = await async_get_integration(hass, DOMAIN)
    await hass.http.async_register_static_paths(
        [
            StaticPathConfig(
                URL_STATIC, str(integration.file_path / WWW), cache_headers=False
            )
        ]
    )
    lovelace = hass.data.get(LOVELACE_DATA)
    resources = lovelace.resources if lovelace else None
    # In YAML mode the user lists resources themselves; the README says what to add.
    if not isinstance(resources, ResourceStorageCollection):
        return
    await resources.async_get_info()  # loads the stored resources
    url = f"{URL_STATIC}/{CARD_FILE}?v={integration.version}"
    for item in resources.async_items():
        if item["url"].partition("?")[0] == f"{URL_STATIC}/{CARD_FILE}":
            if item["url"] != url:  # a Betti update: make browsers fetch the new card
                await resources.async_update_item(item["id"], {"url": url})
            return
    await resources.async_create_item({"res_type": "module", "url": url})
