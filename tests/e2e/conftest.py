"""Fixtures for browser tests: HA's HTTP server really listening on a loopback port."""

import asyncio
from collections.abc import AsyncIterator
import socket

from homeassistant.components.http.config import async_get_and_load_store
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
import pytest


@pytest.fixture
def disable_http_server() -> None:
    """Let HA's HTTP server really listen (the test harness stops it by default)."""


@pytest.fixture
async def base_url(hass: HomeAssistant, socket_enabled: None) -> AsyncIterator[str]:
    """HA's HTTP server on a free loopback port; set up before anything pulls ``http`` in.

    Afterwards, waits (up to 10 s) until the server has seen the closed browser's websockets
    go: their heartbeat timers would otherwise outlive the test.
    """
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
    yield base
    for _ in range(200):
        if not _socket_heartbeats(hass):
            break
        await asyncio.sleep(0.05)


def _socket_heartbeats(hass: HomeAssistant) -> bool:
    """Whether a server websocket still has its heartbeat scheduled."""
    return any(
        "_send_heartbeat" in repr(handle)
        for handle in hass.loop._scheduled  # type: ignore[attr-defined]
    )
