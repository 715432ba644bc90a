"""A phone that speaks the companion app's own protocol gets Betti's help push and answers it.

Nothing of the phone is faked inside HA: it registers through mobile_app's registration API,
opens the local push channel over the websocket, as the apps do on a home network, and
answers through its webhook. HA's mobile_app delivers; Betti sees only the notify service.
"""

from collections.abc import Awaitable, Callable
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import CLIENT_ID, MockUser
from pytest_homeassistant_custom_component.typing import (
    ClientSessionGenerator,
    WebSocketGenerator,
)

from ..conftest import db_rows
from ..medications.test_medications import DUE, add, advance, medication_entry, tag
from .test_reachability import _alice

pytestmark = pytest.mark.freeze_time("2026-03-02 07:00:00+00:00")

REGISTRATION = {
    "app_id": "io.homeassistant.companion.android",
    "app_name": "Home Assistant",
    "app_version": "2026.11.1",
    "device_name": "Alice phone",
    "manufacturer": "Google",
    "model": "Pixel 8",
    "os_name": "Android",
    "os_version": "16",
    "supports_encryption": False,
    # A phone on the home network without the push relay: local push only.
    "app_data": {"push_websocket_channel": True},
}


async def test_help_push_over_the_local_push_channel(
    hass: HomeAssistant,
    persons: None,
    alice_user: MockUser,
    hass_client: ClientSessionGenerator,
    hass_ws_client: WebSocketGenerator,
) -> None:
    # Everything that adds HTTP views is set up before the test client freezes them.
    for component in ("mobile_app", "notify"):
        assert await async_setup_component(hass, component, {})
    texts: list[ServiceCall] = []  # Bob's text messages, from an SMS integration
    hass.services.async_register("notify", "sms_gateway", texts.append)
    entry = _alice(
        [
            {
                "name": "Bob",
                "relation": "Son",
                "phone": "+44 7700 900123",
                "notify_target": "notify.sms_gateway",
            }
        ]
    )
    entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        entry,
        options={**entry.options, "notify_targets": ["notify.mobile_app_alice_phone"]},
    )
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    socket, answer = await _register_phone(
        hass, alice_user, hass_client, hass_ws_client
    )

    await hass.services.async_call(
        "button", "press", {"entity_id": "button.betti_alice_call_for_help"}
    )
    push = await _next_push(socket)
    # No number of hers in the profile: nobody is asked to phone her.
    assert push["message"] == (
        "Alice is asking for help. Please go to them now, or start a video call."
    )
    data = push["data"]
    assert data["push"]["interruption-level"] == "critical"
    ack, call, video = data["actions"]
    assert ack["title"] == "I'm on it"
    assert call == {"action": "URI", "title": "Call Bob", "uri": "tel:+447700900123"}
    assert video["action"] == "URI"

    # Alice taps "I'm on it".
    await answer(ack["action"], data)
    clear = await _next_push(socket)
    assert clear == {"message": "clear_notification", "data": {"tag": data["tag"]}}
    await hass.async_block_till_done()
    assert hass.states.get("binary_sensor.betti_alice_help_requested").state == "off"
    # Bob had the help call too, and now hears Alice answered it herself.
    assert [call.data["message"] for call in texts] == [
        "Alice is asking for help. Please go to them now, or start a video call.",
        "Alice cancelled the help call.",
    ]


async def test_dose_reminder_over_the_local_push_channel(
    hass: HomeAssistant,
    persons: None,
    alice_user: MockUser,
    hass_client: ClientSessionGenerator,
    hass_ws_client: WebSocketGenerator,
    *,
    freezer: FrozenDateTimeFactory,
) -> None:
    await hass.config.async_set_time_zone("Europe/London")
    for component in ("mobile_app", "notify"):
        assert await async_setup_component(hass, component, {})
    entry = medication_entry(emergency_contacts=[])
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    socket, answer = await _register_phone(
        hass, alice_user, hass_client, hass_ws_client
    )
    medication = await add(hass)  # Aspirin, daily at 08:00
    await advance(hass, freezer, 60)
    reminder = await _next_push(socket)
    assert reminder["message"] == "Time for Aspirin 100 mg: 1 tablet at 08:00."
    taken, _snooze, _skip = reminder["data"]["actions"]
    assert taken["action"] == f"BETTI_DOSE_TAKEN_{medication}_{int(DUE.timestamp())}"

    await answer(taken["action"], reminder["data"])
    clear = await _next_push(socket)
    assert clear == {"message": "clear_notification", "data": {"tag": tag(medication)}}
    assert db_rows(hass, "SELECT kind, source FROM dose_events") == [("taken", "phone")]


async def _register_phone(
    hass: HomeAssistant,
    user: MockUser,
    hass_client: ClientSessionGenerator,
    hass_ws_client: WebSocketGenerator,
) -> tuple[Any, Callable[[str, dict[str, Any]], Awaitable[None]]]:
    """Register Alice's phone as the app does and open its local push channel.

    Return its push channel and how it answers a push's button.
    """
    refresh = await hass.auth.async_create_refresh_token(user, CLIENT_ID)
    token = hass.auth.async_create_access_token(refresh)
    client = await hass_client(token)
    response = await client.post("/api/mobile_app/registrations", json=REGISTRATION)
    assert response.status == 201
    webhook_id = (await response.json())["webhook_id"]
    await hass.async_block_till_done()
    assert hass.services.has_service("notify", "mobile_app_alice_phone")
    socket = await hass_ws_client(hass, token)
    await socket.send_json(
        {
            "id": 1,
            "type": "mobile_app/push_notification_channel",
            "webhook_id": webhook_id,
            "support_confirm": False,
        }
    )
    assert (await socket.receive_json())["success"]

    async def answer(action: str, data: dict[str, Any]) -> None:
        # The app fires the event through its webhook, with the push's action_data.
        response = await client.post(
            f"/api/webhook/{webhook_id}",
            json={
                "type": "fire_event",
                "data": {
                    "event_type": "mobile_app_notification_action",
                    "event_data": {
                        "action": action,
                        "action_data": data.get("action_data", {}),
                        "tag": data["tag"],
                    },
                },
            },
        )
        assert response.status == 200
        await hass.async_block_till_done()

    return socket, answer


async def _next_push(socket: Any) -> dict[str, Any]:
    message = await socket.receive_json()
    assert message["type"] == "event", message
    return dict(message["event"])
