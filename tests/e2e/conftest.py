"""Fixtures for browser tests: HA's HTTP server really listening on a loopback port."""

import socket

from homeassistant.components.http.config import async_get_and_load_store
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
import pytest


@pytest.fixture
def disable_http_server() -> None:
    """Let HA's HTTP server really listen (the test harness stops it by default)."""


@pytest.fixture
async def base_url(hass: HomeAssistant, socket_enabled: None) -> str:
    """HA's HTTP server on a free loopback port; set up before anything pulls ``http`` in."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    assert await async_setup_component(
        hass, "http", {"http": {"server_host": ["127.0.0.1"], "server_port": port}}
    )
    # Confirm the port as a user would, or the frontend asks whether to keep it.
    await (await async_get_and_load_store(hass)).async_promote_pending()
    base = f"http://127.0.0.1:{port}"
    await hass.config.async_update(internal_url=base)
    return base
