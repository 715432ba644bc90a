"""Fixtures for call tests: signed-in websocket clients and a captured notify service."""

from collections.abc import Awaitable, Callable
from typing import Any

from homeassistant.core import HomeAssistant, ServiceCall
import pytest
from pytest_homeassistant_custom_component.common import MockUser
from pytest_homeassistant_custom_component.typing import (
    MockHAClientWebSocket,
    WebSocketGenerator,
)

type Connect = Callable[[MockUser | None], Awaitable[MockHAClientWebSocket]]


@pytest.fixture
def connect(hass: HomeAssistant, hass_ws_client: WebSocketGenerator) -> Connect:
    """Open HA's websocket as a user (the test admin when None)."""

    async def open_as(user: MockUser | None = None) -> MockHAClientWebSocket:
        if user is None:
            return await hass_ws_client(hass)
        refresh = await hass.auth.async_create_refresh_token(
            user, "https://example.com/"
        )
        return await hass_ws_client(hass, hass.auth.async_create_access_token(refresh))

    return open_as


@pytest.fixture
def pushes(hass: HomeAssistant) -> list[ServiceCall]:
    """notify.alices_phone, keeping what it was asked to show."""
    calls: list[ServiceCall] = []

    async def capture(call: ServiceCall) -> None:
        calls.append(call)

    hass.services.async_register("notify", "alices_phone", capture)
    return calls


async def command(ws: MockHAClientWebSocket, **msg: Any) -> dict[str, Any]:
    """Send a command and return its result message."""
    await ws.send_json_auto_id(msg)
    return await next_message(ws)


async def next_message(ws: MockHAClientWebSocket) -> dict[str, Any]:
    """The next message, whatever it is."""
    message: dict[str, Any] = await ws.receive_json(timeout=5)
    return message


async def next_event(ws: MockHAClientWebSocket) -> dict[str, Any]:
    """The next subscription event's payload."""
    message = await next_message(ws)
    assert message["type"] == "event", message
    event: dict[str, Any] = message["event"]
    return event
