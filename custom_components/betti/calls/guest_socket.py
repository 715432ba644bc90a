"""The guest's signaling socket: HA's websocket message shapes, one room, no HA login.

The guest authenticates with the session token from its call link, the way the HA
frontend authenticates with an access token, so the browser code is the same for both.
The token names one room and one callee; nothing else can be reached from here.
"""

import asyncio
from collections.abc import Callable
from contextlib import suppress
from typing import Any

from aiohttp import WSMessage, WSMsgType, web
from homeassistant.components.websocket_api import messages
from homeassistant.core import HomeAssistant
from homeassistant.helpers.http import KEY_HASS, HomeAssistantView
from homeassistant.helpers.json import json_dumps
from homeassistant.util.json import json_loads
import probatio

from ..db.calls import call_exists
from ..household.database import DATA_DATABASE
from ..notifications.texts import text
from .const import URL_GUEST_WS
from .manager import DATA_CALLS, CallManager, now
from .rooms import CallError
from .tokens import SESSION, TokenError, verify
from .websocket import SHARED, command_schema

AUTH_TIMEOUT = 10
START = "betti/call/start"
SCHEMAS = {
    START: command_schema(START, {}),
    **{type_: command_schema(type_, schema) for type_, (schema, _) in SHARED.items()},
}


class GuestChannel:
    """One guest's socket, seen by the call manager like an HA connection."""

    def __init__(self, socket: web.WebSocketResponse) -> None:
        """Queue what is sent, so messages leave in order without awaiting each."""
        self.subscriptions: dict[Any, Callable[[], Any]] = {}
        self._socket = socket
        self._queue: asyncio.Queue[str | None] = asyncio.Queue()

    def _send(self, message: dict[str, Any]) -> None:
        self._queue.put_nowait(json_dumps(message))

    def send_event(self, msg_id: int, event: Any | None = None) -> None:
        """Send an event of a subscription."""
        self._send(messages.event_message(msg_id, event))

    def send_result(self, msg_id: int, result: Any | None = None) -> None:
        """Answer a command."""
        self._send(messages.result_message(msg_id, result))

    def send_error(self, msg_id: int, code: str, message: str) -> None:
        """Refuse a command."""
        self._send(messages.error_message(msg_id, code, message))

    async def write(self) -> None:
        """Send queued messages until told to stop."""
        try:
            while (text := await self._queue.get()) is not None:
                await self._socket.send_str(text)
        except ConnectionResetError:
            return  # the guest went away; close() ends their call

    def close(self) -> None:
        """Leave any call (the other side is told) and stop writing."""
        for unsub in self.subscriptions.values():
            unsub()
        self.subscriptions.clear()
        self._queue.put_nowait(None)


def _auth_token(message: WSMessage) -> str:
    """Return the token of an ``auth`` message, or "" for anything else."""
    try:
        data = json_loads(message.data) if message.type is WSMsgType.TEXT else None
    except ValueError:
        data = None
    if not isinstance(data, dict) or data.get("type") != "auth":
        return ""
    return str(data.get("access_token"))


async def _authenticate(
    socket: web.WebSocketResponse, calls: CallManager
) -> dict[str, Any] | None:
    await socket.send_json({"type": "auth_required"})
    async with asyncio.timeout(AUTH_TIMEOUT):
        message = await socket.receive()
    try:
        claims = verify(calls.secret, SESSION, _auth_token(message), now())
    except TokenError as err:
        await socket.send_json({"type": "auth_invalid", "message": err.reason})
        # Let the client close first, as HA's frontend does on auth_invalid.
        with suppress(TimeoutError):
            async with asyncio.timeout(AUTH_TIMEOUT):
                await socket.receive()
        return None
    await socket.send_json({"type": "auth_ok"})
    return claims


async def _handle(
    channel: GuestChannel,
    msg: dict[str, Any],
    calls: CallManager,
    claims: dict[str, Any],
    hass: HomeAssistant,
) -> None:
    type_ = msg["type"]
    if type_ == START:
        # A session calls once: not again after its call ended, even after a restart.
        if await hass.data[DATA_DATABASE].async_read(call_exists, claims["r"]):
            raise CallError("room_closed")
        session = calls.join(
            channel,
            msg["id"],
            claims["n"],
            callee=claims["p"],
            room_id=claims["r"],
            guest=True,
        )
        channel.send_result(msg["id"])
        channel.send_event(msg["id"], session)
    else:
        SHARED[type_][1](channel, msg, calls)


class GuestSocketView(HomeAssistantView):
    """Signaling for guests who came through a call link."""

    url = URL_GUEST_WS
    name = "api:betti:call:guest_ws"
    requires_auth = False

    async def get(self, request: web.Request) -> web.StreamResponse:
        """Authenticate with the session token, then serve the guest's commands."""
        hass = request.app[KEY_HASS]
        calls = hass.data[DATA_CALLS]
        if not calls.guest_limit.allow(request.remote or "", now()):
            return web.Response(status=429, text="Too many attempts")
        # aiohttp pings; a guest whose network died is dropped within a minute.
        socket = web.WebSocketResponse(heartbeat=20, max_msg_size=128 * 1024)
        await socket.prepare(request)
        claims = None
        try:
            claims = await _authenticate(socket, calls)
        except TimeoutError:
            pass
        finally:
            if claims is None:  # whatever went wrong, no socket (and heartbeat) is left
                await socket.close()
        if claims is None:
            return socket
        channel = GuestChannel(socket)
        writer = hass.async_create_background_task(
            channel.write(), "betti guest socket"
        )
        try:
            async for message in socket:
                if message.type is not WSMsgType.TEXT:
                    break
                await _dispatch(channel, message.data, calls, claims, hass)
        finally:
            channel.close()
            await writer
        return socket


async def _dispatch(
    channel: GuestChannel,
    raw: str,
    calls: CallManager,
    claims: dict[str, Any],
    hass: HomeAssistant,
) -> None:
    try:
        data = json_loads(raw)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        channel.send_error(0, "invalid_format", "Messages are JSON objects.")
        return
    msg_id = data.get("id")
    if not isinstance(msg_id, int):
        msg_id = 0
    if (schema := SCHEMAS.get(str(data.get("type")))) is None:
        channel.send_error(
            msg_id, "unknown_command", "Guests may only call, relay and hang up."
        )
        return
    try:
        await _handle(channel, schema(data), calls, claims, hass)
    except probatio.Invalid as err:
        channel.send_error(msg_id, "invalid_format", str(err))
    except CallError as err:
        channel.send_error(msg_id, err.code, text(hass, f"call_{err.code}"))
