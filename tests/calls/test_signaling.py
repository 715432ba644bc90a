"""Signaling through HA's real websocket API: calls between HA users."""

from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.exceptions import HomeAssistantError
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    MockUser,
    async_fire_time_changed,
)
from pytest_homeassistant_custom_component.typing import MockHAClientWebSocket

from tests.conftest import db_rows

from .conftest import Connect, command, next_event


async def _ring_alice(connect: Connect) -> tuple[MockHAClientWebSocket, dict[str, Any]]:
    """The admin calls Alice; return their socket and session event."""
    caller = await connect(None)
    result = await command(caller, type="betti/call/start", person="person.alice")
    assert result["success"], result
    return caller, await next_event(caller)


async def _answer(
    connect: Connect, user: MockUser, room_id: str
) -> tuple[MockHAClientWebSocket, dict[str, Any]]:
    callee = await connect(user)
    result = await command(callee, type="betti/call/accept", room_id=room_id)
    assert result["success"], result
    return callee, await next_event(callee)


async def test_call_relays_offer_answer_and_candidates_both_ways(
    hass: HomeAssistant,
    loaded_alice: MockConfigEntry,
    alice_user: MockUser,
    connect: Connect,
) -> None:
    caller, session = await _ring_alice(connect)
    assert session["initiator"] is True
    assert session["peer"] == "Alice"
    assert session["configuration"]["iceServers"]  # HA's WebRTC servers
    callee, answered = await _answer(connect, alice_user, session["room_id"])
    assert answered["initiator"] is False
    assert await next_event(caller) == {"type": "peer_joined", "name": "Alice"}

    offer = {"session_id": session["session_id"], "offer": "v=0 offer"}
    assert (await command(caller, type="betti/call/offer", **offer))["success"]
    assert await next_event(callee) == {"type": "offer", "offer": "v=0 offer"}
    reply = {"session_id": answered["session_id"], "answer": "v=0 answer"}
    assert (await command(callee, type="betti/call/answer", **reply))["success"]
    assert await next_event(caller) == {"type": "answer", "answer": "v=0 answer"}
    candidate = {
        "candidate": "candidate:1 1 udp 1 127.0.0.1 5000 typ host",
        "sdpMid": "0",
    }
    await command(
        callee,
        type="betti/call/candidate",
        session_id=answered["session_id"],
        candidate=candidate,
    )
    assert await next_event(caller) == {"type": "candidate", "candidate": candidate}

    # Someone else's session id is no use on this connection.
    stolen = await command(
        caller, type="betti/call/hangup", session_id=answered["session_id"]
    )
    assert stolen["error"]["code"] == "not_in_room"

    assert (
        await command(
            callee, type="betti/call/hangup", session_id=answered["session_id"]
        )
    )["success"]
    assert await next_event(caller) == {"type": "hangup", "reason": "hangup"}
    await hass.async_block_till_done()
    [(caller_name, guest, outcome)] = db_rows(
        hass, "SELECT caller, guest, outcome FROM calls"
    )
    assert (guest, outcome) == (0, "answered")
    state = hass.states.get("sensor.betti_alice_last_call")
    assert state is not None
    assert state.attributes["outcome"] == "answered"
    assert state.attributes["caller"] == caller_name


async def test_only_alice_or_an_admin_may_take_her_calls(
    hass: HomeAssistant,
    loaded_alice: MockConfigEntry,
    alice_user: MockUser,
    connect: Connect,
) -> None:
    _, session = await _ring_alice(connect)
    other = await connect(MockUser(name="Visitor").add_to_hass(hass))
    for msg in (
        {"type": "betti/call/accept", "room_id": session["room_id"]},
        {"type": "betti/call/decline", "room_id": session["room_id"]},
        {"type": "betti/call/watch", "person": "person.alice"},
    ):
        result = await command(other, **msg)
        assert result["error"]["code"] == "unauthorized", msg
    # Nor ring her: only household members, those shared with and admins may.
    result = await command(other, type="betti/call/start", person="person.alice")
    assert result["error"]["code"] == "not_allowed"


async def test_a_third_participant_gets_a_clear_error(
    hass: HomeAssistant,
    loaded_alice: MockConfigEntry,
    alice_user: MockUser,
    connect: Connect,
) -> None:
    _, session = await _ring_alice(connect)
    await _answer(connect, alice_user, session["room_id"])
    third = await connect(None)
    result = await command(third, type="betti/call/accept", room_id=session["room_id"])
    assert result["error"] == {
        "code": "room_full",
        "message": "This call already has two people in it.",
        "translation_domain": "betti",
        "translation_key": "call_room_full",
        "translation_placeholders": None,
    }


async def test_a_closed_websocket_ends_the_call_for_the_other_side(
    hass: HomeAssistant,
    loaded_alice: MockConfigEntry,
    alice_user: MockUser,
    connect: Connect,
) -> None:
    caller, session = await _ring_alice(connect)
    callee, _ = await _answer(connect, alice_user, session["room_id"])
    await next_event(caller)  # peer_joined
    await callee.close()
    assert await next_event(caller) == {"type": "peer_left", "reason": "dropped"}


async def test_a_silent_participant_is_dropped_by_heartbeat(
    hass: HomeAssistant,
    loaded_alice: MockConfigEntry,
    alice_user: MockUser,
    connect: Connect,
    freezer: FrozenDateTimeFactory,
) -> None:
    caller, session = await _ring_alice(connect)
    await _answer(connect, alice_user, session["room_id"])
    await next_event(caller)  # peer_joined
    # 35 s pass: the caller's browser keeps beating, Alice's froze after answering.
    for beat in (*[True] * 6, False):
        freezer.tick(timedelta(seconds=5))
        if beat:
            await command(
                caller, type="betti/call/heartbeat", session_id=session["session_id"]
            )
        async_fire_time_changed(hass)
        await hass.async_block_till_done()
    assert await next_event(caller) == {"type": "peer_left", "reason": "timed_out"}


async def test_an_unanswered_call_rings_then_is_missed(
    hass: HomeAssistant,
    *,
    loaded_alice: MockConfigEntry,
    alice_user: MockUser,
    connect: Connect,
    pushes: list[ServiceCall],
    freezer: FrozenDateTimeFactory,
) -> None:
    hass.config_entries.async_update_entry(
        loaded_alice,
        options={
            **loaded_alice.options,
            "call_notify": ["alices_phone"],
            "call_open_path": "/mirror/call",
        },
    )
    await hass.async_block_till_done()
    mirror = await connect(alice_user)
    assert (await command(mirror, type="betti/call/watch", person="person.alice"))[
        "success"
    ]
    caller, session = await _ring_alice(connect)
    ring = await next_event(mirror)
    assert ring == {
        "type": "ring",
        "room_id": session["room_id"],
        "caller": ring["caller"],
    }
    await hass.async_block_till_done()
    event = hass.states.get("event.betti_alice_incoming_call")
    assert event is not None
    assert event.attributes["event_type"] == "ringing"
    [push] = pushes
    assert push.data["message"] == f"{ring['caller']} is calling"
    assert (
        push.data["data"]["url"] == push.data["data"]["clickAction"] == "/mirror/call"
    )

    # 65 s of ringing; the caller's browser is there all along.
    for beat in (*[True] * 12, False):
        freezer.tick(timedelta(seconds=5))
        if beat:
            await command(
                caller, type="betti/call/heartbeat", session_id=session["session_id"]
            )
        async_fire_time_changed(hass)
        await hass.async_block_till_done()
    assert await next_event(caller) == {"type": "hangup", "reason": "no_answer"}
    assert await next_event(mirror) == {
        "type": "ring_end",
        "room_id": session["room_id"],
        "reason": "missed",
    }
    event = hass.states.get("event.betti_alice_incoming_call")
    assert event is not None
    assert event.attributes["event_type"] == "missed"
    assert db_rows(hass, "SELECT outcome, end_reason, duration_s FROM calls") == [
        ("missed", "no_answer", 0.0)
    ]
    late = await command(mirror, type="betti/call/accept", room_id=session["room_id"])
    assert late["error"]["code"] == "room_closed"


async def test_a_declined_call_is_recorded_as_declined(
    hass: HomeAssistant,
    loaded_alice: MockConfigEntry,
    alice_user: MockUser,
    connect: Connect,
) -> None:
    caller, session = await _ring_alice(connect)
    mirror = await connect(alice_user)
    assert (
        await command(mirror, type="betti/call/decline", room_id=session["room_id"])
    )["success"]
    assert await next_event(caller) == {"type": "hangup", "reason": "declined"}
    await hass.async_block_till_done()
    assert db_rows(hass, "SELECT outcome FROM calls") == [("declined",)]


async def test_turn_servers_from_the_options_reach_the_browser(
    hass: HomeAssistant, loaded_alice: MockConfigEntry, connect: Connect
) -> None:
    hass.config_entries.async_update_entry(
        loaded_alice,
        options={
            **loaded_alice.options,
            "turn_urls": ["turn:turn.example.com:3478"],
            "turn_username": "betti",
            "turn_credential": "s3cret",
        },
    )
    await hass.async_block_till_done()
    _, session = await _ring_alice(connect)
    servers = session["configuration"]["iceServers"]
    assert servers[0]["urls"] == [
        "stun:stun.home-assistant.io:3478",
        "stun:stun.home-assistant.io:80",
    ]
    assert servers[-1] == {
        "urls": ["turn:turn.example.com:3478"],
        "username": "betti",
        "credential": "s3cret",
    }


async def test_calling_someone_without_a_profile_fails_clearly(
    hass: HomeAssistant, loaded_alice: MockConfigEntry, connect: Connect
) -> None:
    caller = await connect(None)
    result = await command(caller, type="betti/call/start", person="person.bob")
    assert result["error"]["code"] == "not_found"
    bad = await command(caller, type="betti/call/offer", session_id="x")
    assert bad["error"]["code"] == "invalid_format"


async def test_a_health_device_beside_the_profiles_does_not_break_calling(
    hass: HomeAssistant, loaded_alice: MockConfigEntry, connect: Connect
) -> None:
    cuff = MockConfigEntry(
        domain="betti",
        unique_id="A4:C1:38:00:00:01",
        title="Cuff",
        data={"address": "A4:C1:38:00:00:01", "device_kind": "blood_pressure_monitor"},
        options={"profiles": [loaded_alice.entry_id]},
    )
    cuff.add_to_hass(hass)
    assert await hass.config_entries.async_setup(cuff.entry_id)
    await hass.async_block_till_done()
    caller = await connect(None)
    result = await command(caller, type="betti/call/start", person="person.bob")
    assert result["error"]["code"] == "not_found"
    _, session = await _ring_alice(connect)
    assert session["room_id"]


async def test_the_call_push_goes_through_the_delivery_log(
    hass: HomeAssistant,
    *,
    loaded_alice: MockConfigEntry,
    alice_user: MockUser,
    connect: Connect,
    pushes: list[ServiceCall],
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def unreachable(call: ServiceCall) -> None:
        raise HomeAssistantError("push service unreachable")

    hass.services.async_register("notify", "mobile_app_broken_phone", unreachable)
    hass.config_entries.async_update_entry(
        loaded_alice,
        options={
            **loaded_alice.options,
            "call_notify": ["alices_phone", "mobile_app_broken_phone"],
        },
    )
    await hass.async_block_till_done()
    mirror = await connect(alice_user)
    assert (await command(mirror, type="betti/call/watch", person="person.alice"))[
        "success"
    ]
    _caller, session = await _ring_alice(connect)
    # The broken phone does not keep the mirror from ringing.
    assert (await next_event(mirror))["type"] == "ring"
    await hass.async_block_till_done(wait_background_tasks=True)
    [push] = pushes
    assert push.data["data"]["tag"] == f"betti_call_{session['room_id']}"
    assert sorted(
        db_rows(hass, "SELECT target, source, result, tag FROM deliveries")
    ) == [
        ("notify.alices_phone", "call", "sent", f"betti_call_{session['room_id']}"),
        (
            "notify.mobile_app_broken_phone",
            "call",
            "failed",
            f"betti_call_{session['room_id']}",
        ),
    ]
    assert "Push to notify.mobile_app_broken_phone failed" in caplog.text
