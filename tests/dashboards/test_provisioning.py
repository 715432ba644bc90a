"""The dashboards Betti creates: once, never over the user's, again when asked."""

from typing import Any

from homeassistant.components.frontend import DATA_THEMES
from homeassistant.components.lovelace.const import LOVELACE_DATA
from homeassistant.const import EVENT_THEMES_UPDATED
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import Unauthorized
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, MockUser
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.betti.const import DOMAIN

MIRROR = {"strategy": {"type": "custom:betti", "layout": "mirror"}}
FAMILY = {"strategy": {"type": "custom:betti", "layout": "family"}}


async def _configs(hass: HomeAssistant) -> dict[str, Any]:
    dashboards = hass.data[LOVELACE_DATA].dashboards
    return {
        url: await dashboards[url].async_load(force=False)
        for url in ("betti-mirror", "betti-family")
        if url in dashboards
    }


async def _create(hass: HomeAssistant, user: MockUser | None = None) -> Any:
    return await hass.services.async_call(
        DOMAIN,
        "create_dashboards",
        blocking=True,
        return_response=True,
        context=Context(user_id=user.id if user else None),
    )


async def test_created_at_the_first_start_with_only_the_strategy(
    hass: HomeAssistant,
    loaded_alice: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    hass_storage: dict[str, Any],
) -> None:
    assert await _configs(hass) == {"betti-mirror": MIRROR, "betti-family": FAMILY}
    ws = await hass_ws_client(hass)
    await ws.send_json_auto_id({"type": "lovelace/dashboards/list"})
    listed = {d["url_path"]: d for d in (await ws.receive_json())["result"]}
    assert listed["betti-mirror"]["title"] == "Betti mirror"
    assert listed["betti-family"]["show_in_sidebar"] is True
    assert hass_storage["betti.dashboards"]["data"] == {"created": True}


async def test_a_deleted_dashboard_stays_deleted_until_asked_for(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    persons: None,
    alice_entry: MockConfigEntry,
) -> None:
    # Betti created them on an earlier start; the user has deleted them since.
    hass_storage["betti.dashboards"] = {
        "version": 1,
        "key": "betti.dashboards",
        "data": {"created": True},
    }
    alice_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(alice_entry.entry_id)
    await hass.async_block_till_done()
    assert await _configs(hass) == {}

    assert await _create(hass) == {"created": ["betti-mirror", "betti-family"]}
    assert await _configs(hass) == {"betti-mirror": MIRROR, "betti-family": FAMILY}


async def test_an_edited_dashboard_is_never_overwritten(
    hass: HomeAssistant,
    loaded_alice: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    mine = {"views": [{"title": "Mine", "cards": []}]}
    ws = await hass_ws_client(hass)
    await ws.send_json_auto_id(
        {"type": "lovelace/config/save", "url_path": "betti-mirror", "config": mine}
    )
    assert (await ws.receive_json())["success"]

    assert await _create(hass) == {"created": []}
    assert await _configs(hass) == {"betti-mirror": mine, "betti-family": FAMILY}


async def test_only_an_administrator_creates_dashboards(
    hass: HomeAssistant, loaded_alice: MockConfigEntry, alice_user: MockUser
) -> None:
    with pytest.raises(Unauthorized):
        await _create(hass, alice_user)


async def test_the_mirror_theme_is_offered_and_survives_a_theme_reload(
    hass: HomeAssistant,
    loaded_alice: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    ws = await hass_ws_client(hass)
    await ws.send_json_auto_id({"type": "frontend/get_themes"})
    theme = (await ws.receive_json())["result"]["themes"]["Betti mirror"]
    assert theme["primary-background-color"] == "#000000"

    # frontend.reload_themes replaces the themes with the YAML ones, then says so.
    hass.data[DATA_THEMES] = {"Betti mirror": {"primary-color": "red"}, "Mine": {}}
    hass.bus.async_fire(EVENT_THEMES_UPDATED)
    await hass.async_block_till_done()
    assert hass.data[DATA_THEMES]["Betti mirror"] == {"primary-color": "red"}
    hass.data[DATA_THEMES] = {"Mine": {}}
    hass.bus.async_fire(EVENT_THEMES_UPDATED)
    await hass.async_block_till_done()
    assert set(hass.data[DATA_THEMES]) == {"Mine", "Betti mirror"}
