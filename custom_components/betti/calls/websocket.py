"""Websocket commands for HA users: call, answer, relay offer/answer/ICE, hang up, watch.

Modelled on HA's ``camera/webrtc/*``: starting or accepting a call is a subscription whose
events carry the other side's messages (``session`` first, then ``peer_joined``,
``offer``, ``answer``, ``candidate``, and finally ``hangup`` or ``peer_left``).
"""

from collections.abc import Callable
from typing import Any

from homeassistant.auth.models import User
from homeassistant.components import websocket_api
from homeassistant.components.websocket_api.connection import ActiveConnection
from homeassistant.components.websocket_api.const import WebSocketCommandHandler
from homeassistant.components.websocket_api.messages import BASE_COMMAND_MESSAGE_SCHEMA
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import config_validation as cv
import probatio

from ..const import CONF_PERSON, DOMAIN
from ..household.permissions import may_act
from ..models import BettiConfigEntry, loaded_profiles
from ..notifications.texts import text, texts_under
from .const import CARD_TEXTS
from .manager import DATA_CALLS, CallManager, now
from .rooms import CallError

SDP = probatio.All(str, probatio.Length(min=1, max=65536))
CANDIDATE = probatio.Schema(
    {
        probatio.Required("candidate"): probatio.All(str, probatio.Length(max=2048)),
        probatio.Optional("sdpMid"): probatio.Any(str, None),
        probatio.Optional("sdpMLineIndex"): probatio.Any(int, None),
        probatio.Optional("usernameFragment"): probatio.Any(str, None),
    }
)
SESSION = {probatio.Required("session_id"): str}
# Messages a participant sends on, and what the other side receives.
RELAYED: dict[str, tuple[str, Any]] = {
    "offer": ("offer", SDP),
    "answer": ("answer", SDP),
    "candidate": ("candidate", CANDIDATE),
}
RELAY_SCHEMAS = {
    kind: {**SESSION, probatio.Required(field): schema}
    for kind, (field, schema) in RELAYED.items()
}


def _profile_for_person(hass: HomeAssistant, person: str) -> BettiConfigEntry:
    for entry in loaded_profiles(hass):
        if entry.data[CONF_PERSON] == person:
            return entry
    raise CallError("not_found")


def may_ring(hass: HomeAssistant, user: User) -> bool:
    """Whether ``user`` may ring anyone: an admin, or someone with a profile or shared one."""
    return (
        any(may_act(hass, user, entry) for entry in loaded_profiles(hass))
        or user.is_admin
    )


def display_name(hass: HomeAssistant, user: User) -> str:
    """How the other side sees this user: their person's name, else their user name."""
    for state in hass.states.async_all("person"):
        if state.attributes.get("user_id") == user.id:
            return state.name
    return user.name or "Home Assistant"


def _guarded(
    func: Callable[
        [HomeAssistant, ActiveConnection, dict[str, Any], CallManager],
        None,
    ],
) -> WebSocketCommandHandler:
    """Answer a CallError with its code, as HA's own commands answer errors."""

    @callback
    def handler(
        hass: HomeAssistant,
        connection: ActiveConnection,
        msg: dict[str, Any],
    ) -> None:
        try:
            func(hass, connection, msg, hass.data[DATA_CALLS])
        except CallError as err:
            connection.send_error(
                msg["id"],
                err.code,
                text(hass, f"call_{err.code}"),
                translation_key=f"call_{err.code}",
                translation_domain=DOMAIN,
            )

    return handler


def _start(
    hass: HomeAssistant,
    conn: ActiveConnection,
    msg: dict[str, Any],
    calls: CallManager,
) -> None:
    if not may_ring(hass, conn.user):
        raise CallError("not_allowed")
    entry = _profile_for_person(hass, msg[CONF_PERSON])
    if not calls.ring_limit.allow(conn.user.id, now()):
        raise CallError("rate_limited")
    session = calls.join(
        conn,
        msg["id"],
        display_name(hass, conn.user),
        callee=entry.entry_id,
        caller_user_id=conn.user.id,
    )
    conn.send_result(msg["id"])
    conn.send_event(msg["id"], session)


def _checked_room(
    hass: HomeAssistant,
    conn: ActiveConnection,
    calls: CallManager,
    room_id: str,
) -> str:
    callee = calls.rooms.get(room_id).callee
    if not may_act(hass, conn.user, calls.profile(callee)):
        raise CallError("unauthorized")
    return callee


def _accept(
    hass: HomeAssistant,
    conn: ActiveConnection,
    msg: dict[str, Any],
    calls: CallManager,
) -> None:
    callee = _checked_room(hass, conn, calls, msg["room_id"])
    session = calls.join(
        conn,
        msg["id"],
        display_name(hass, conn.user),
        callee=callee,
        room_id=msg["room_id"],
        answer=True,
    )
    conn.send_result(msg["id"])
    conn.send_event(msg["id"], session)


def _decline(
    hass: HomeAssistant,
    conn: ActiveConnection,
    msg: dict[str, Any],
    calls: CallManager,
) -> None:
    _checked_room(hass, conn, calls, msg["room_id"])
    calls.rooms.decline(msg["room_id"], now())
    conn.send_result(msg["id"])


def _watch(
    hass: HomeAssistant,
    conn: ActiveConnection,
    msg: dict[str, Any],
    calls: CallManager,
) -> None:
    entry = _profile_for_person(hass, msg[CONF_PERSON])
    if not may_act(hass, conn.user, entry):
        raise CallError("unauthorized")
    conn.send_result(msg["id"])
    conn.subscriptions[msg["id"]] = calls.watch(
        entry.entry_id, lambda event: conn.send_event(msg["id"], event)
    )


def relay(conn: Any, msg: dict[str, Any], calls: CallManager) -> None:
    """Pass an offer, answer or candidate on; shared with the guest socket."""
    kind = msg["type"].rpartition("/")[2]
    field = RELAYED[kind][0]
    calls.rooms.relay(msg["session_id"], conn, {"type": kind, field: msg[field]}, now())
    conn.send_result(msg["id"])


def heartbeat(conn: Any, msg: dict[str, Any], calls: CallManager) -> None:
    """Note the participant is still there; shared with the guest socket."""
    calls.rooms.heartbeat(msg["session_id"], conn, now())
    conn.send_result(msg["id"])


def hang_up(conn: Any, msg: dict[str, Any], calls: CallManager) -> None:
    """End the call; shared with the guest socket."""
    calls.rooms.hang_up(msg["session_id"], conn, now())
    conn.send_result(msg["id"])


# Commands a guest's socket takes too, with the same message shapes.
SHARED: dict[
    str, tuple[dict[Any, Any], Callable[[Any, dict[str, Any], CallManager], None]]
] = {
    "betti/call/heartbeat": (SESSION, heartbeat),
    "betti/call/hangup": (SESSION, hang_up),
    **{f"betti/call/{kind}": (schema, relay) for kind, schema in RELAY_SCHEMAS.items()},
}


def command_schema(type_: str, schema: dict[Any, Any]) -> probatio.Schema:
    """Build the whole message's schema, as HA's ``websocket_command`` decorator does."""
    return BASE_COMMAND_MESSAGE_SCHEMA.extend(
        {probatio.Required("type"): type_, **schema}
    )


@callback
def async_register_commands(hass: HomeAssistant) -> None:
    """Register the call commands (once, for the whole household)."""
    person = {probatio.Required(CONF_PERSON): cv.entity_id}
    room = {probatio.Required("room_id"): str}
    commands: dict[str, tuple[dict[Any, Any], Callable[..., None]]] = {
        "betti/call/start": (person, _start),
        "betti/call/accept": (room, _accept),
        "betti/call/decline": (room, _decline),
        "betti/call/watch": (person, _watch),
        "betti/call/texts": ({}, _texts),
        **{
            type_: (schema, _ignoring_hass(func))
            for type_, (schema, func) in SHARED.items()
        },
    }
    for type_, (schema, func) in commands.items():
        websocket_api.async_register_command(
            hass, type_, _guarded(func), command_schema(type_, schema)
        )


def _texts(
    hass: HomeAssistant,
    conn: ActiveConnection,
    msg: dict[str, Any],
    _calls: CallManager,
) -> None:
    """Send the call elements' words in the household's language (nothing private)."""
    conn.send_result(msg["id"], texts_under(hass, CARD_TEXTS))


def _ignoring_hass(
    func: Callable[[Any, dict[str, Any], CallManager], None],
) -> Callable[..., None]:
    return lambda _hass, conn, msg, calls: func(conn, msg, calls)
