"""scripts/develop's HA binds 127.0.0.1 with nothing to confirm, so it never reverts and restarts.

HA 2026.10 migrates an `http:` YAML block as a pending trial, reverted with a restart after 5
minutes unless confirmed in the UI. Checked against HA's own loader of .storage/http.
"""

from pathlib import Path
from typing import Any

from homeassistant.components.http.config import (
    DATA_STORE,
    STORAGE_KEY,
    ActiveConfigType,
    async_get_and_load_store,
    async_load_config,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.util.yaml import load_yaml_dict

from scripts.develop_http import http_store


def _fresh_http_store(
    hass: HomeAssistant, hass_storage: dict[str, Any], port: int
) -> None:
    """Put what scripts/develop writes in .storage/http, as on HA's first start."""
    hass_storage[STORAGE_KEY] = http_store(port)
    hass.data.pop(DATA_STORE, None)  # the test harness already loaded HA's default


DEVELOP_CONFIGURATION = (
    Path(__file__).parent.parent / "scripts/develop-configuration.yaml"
)


async def test_develop_ha_binds_loopback_with_nothing_to_confirm(
    hass: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    _fresh_http_store(hass, hass_storage, 8123)
    config = load_yaml_dict(str(DEVELOP_CONFIGURATION))

    conf = await async_load_config(hass, config)

    store = await async_get_and_load_store(hass)
    assert conf["server_host"] == ["127.0.0.1"]
    assert conf["server_port"] == 8123
    assert store.active_config_type is ActiveConfigType.STABLE
    assert store.pending is None
    assert store.revert_deadline is None
    # No "Confirm new HTTP server configuration" and no nag about YAML being ignored.
    assert not ir.async_get(hass).issues


async def test_develop_port_can_be_chosen(
    hass: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    _fresh_http_store(hass, hass_storage, 18123)

    conf = await async_load_config(hass, {})

    assert conf["server_port"] == 18123
    assert (await async_get_and_load_store(hass)).revert_deadline is None
