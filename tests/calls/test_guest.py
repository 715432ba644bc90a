"""Guest links: the page, single use, expiry, forgery, rate limit, and the scoped socket."""

from datetime import timedelta
from typing import Any

from aiohttp import ClientWebSocketResponse
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import Unauthorized
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, MockUser
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from tests.conftest import db_rows

from .conftest import Connect, command, next_event

type Client = Any


@pytest.fixture
async def client(
    hass: HomeAssistant,
    loaded_alice: MockConfigEntry,
    hass_client_no_auth: ClientSessionGenerator,
) -> Client:
    """A browser with no HA login."""
    await hass.config.async_update(external_url="https://home.example.org")
    return await hass_client_no_auth()


async def _link(hass: HomeAssistant, **data: Any) -> str:
    response = await hass.services.async_call(
        "betti",
        "create_call_link",
        {"guest_name": "Tom", **data},
        blocking=True,
        return_response=True,
    )
    url = str(response["url"])
    assert url.startswith("https://home.example.org/api/betti/call/link/")
    return url.removeprefix("https://home.example.org")


async def _guest_socket(client: Client, token: str) -> ClientWebSocketResponse:
    socket: ClientWebSocketResponse = await client.ws_connect(
        "/api/betti/call/guest/ws"
    )
    assert (await socket.receive_json())["type"] == "auth_required"
    await socket.send_json({"type": "auth", "access_token": token})
    assert (await socket.receive_json())["type"] == "auth_ok"
    return socket


async def test_a_link_opens_a_call_page_and_works_once(
    hass: HomeAssistant, client: Client
) -> None:
    path = await _link(hass)
    page = await client.get(path)
    assert page.status == 200
    assert 'data-callee="Alice"' in await page.text()
    assert (
        await client.get(path)
    ).status == 200  # looking (link previews) uses nothing
    started = await client.post(path)
    assert started.status == 200
    assert (await started.json())["websocket"] == "/api/betti/call/guest/ws"
    again = await client.post(path)
    assert again.status == 410
    assert (await again.json())["error"] == "used"
    reopened = await client.get(path)
    assert reopened.status == 410
    assert "already used" in await reopened.text()
    assert db_rows(hass, "SELECT action FROM audit_log WHERE action LIKE 'call%'") == [
        ("call_link_created",)
    ]


async def test_a_link_without_a_guest_name_greets_a_guest(
    hass: HomeAssistant, client: Client
) -> None:
    response = await hass.services.async_call(
        "betti", "create_call_link", {}, blocking=True, return_response=True
    )
    path = str(response["url"]).removeprefix("https://home.example.org")
    page = await client.get(path)
    assert page.status == 200
    assert 'data-guest="Guest"' in await page.text()


async def test_an_expired_link_gets_a_clear_page(
    hass: HomeAssistant, client: Client, freezer: FrozenDateTimeFactory
) -> None:
    path = await _link(hass, valid_hours=2)
    freezer.tick(timedelta(hours=2, seconds=1))
    page = await client.get(path)
    assert page.status == 410
    text = await page.text()
    assert "expired" in text
    assert "Traceback" not in text
    assert (await client.post(path)).status == 410


@pytest.mark.parametrize(
    "forge",
    [lambda p: p[:-3] + "xyz", lambda p: p + "A", lambda p: p.rpartition(".")[0]],
)
async def test_a_forged_link_is_not_valid(
    hass: HomeAssistant, client: Client, forge: Any
) -> None:
    page = await client.get(forge(await _link(hass)))
    assert page.status == 404
    assert "not valid" in await page.text()


async def test_guest_requests_are_rate_limited(
    hass: HomeAssistant, client: Client
) -> None:
    statuses = [
        (await client.get("/api/betti/call/link/nonsense")).status for _ in range(11)
    ]
    assert statuses == [404] * 10 + [429]
    page = await client.get(await _link(hass))  # even a good link, from this address
    assert page.status == 429
    assert "Too many attempts" in await page.text()
    assert (await client.get("/api/betti/call/guest/ws")).status == 429


async def test_only_admins_and_alice_make_links_for_alice(
    hass: HomeAssistant, loaded_alice: MockConfigEntry
) -> None:
    visitor = MockUser(name="Visitor").add_to_hass(hass)
    await hass.config.async_update(external_url="https://home.example.org")
    with pytest.raises(Unauthorized):
        await hass.services.async_call(
            "betti",
            "create_call_link",
            {"guest_name": "Tom"},
            blocking=True,
            return_response=True,
            context=__import__("homeassistant.core", fromlist=["Context"]).Context(
                user_id=visitor.id
            ),
        )


async def test_the_guest_token_reaches_one_room_once(
    hass: HomeAssistant,
    client: Client,
    alice_user: MockUser,
    connect: Connect,
) -> None:
    token = (await (await client.post(await _link(hass))).json())["token"]
    guest = await _guest_socket(client, token)
    watcher, mirror = await connect(alice_user), await connect(alice_user)
    await command(watcher, type="betti/call/watch", person="person.alice")

    # Only calling, relaying and hanging up: not watching or answering anyone's calls.
    await guest.send_json(
        {"id": 1, "type": "betti/call/watch", "person": "person.alice"}
    )
    assert (await guest.receive_json())["error"]["code"] == "unknown_command"
    await guest.send_json({"id": 2, "type": "betti/call/start", "person": "person.bob"})
    assert (await guest.receive_json())["error"]["code"] == "invalid_format"

    await guest.send_json({"id": 3, "type": "betti/call/start"})
    assert (await guest.receive_json())["success"]
    session = (await guest.receive_json())["event"]
    assert session["peer"] == "Alice"
    ring = await next_event(watcher)
    assert ring == {"type": "ring", "room_id": session["room_id"], "caller": "Tom"}

    accepted = await command(mirror, type="betti/call/accept", room_id=ring["room_id"])
    assert accepted["success"]
    answered = await next_event(mirror)
    assert (await guest.receive_json())["event"] == {
        "type": "peer_joined",
        "name": "Alice",
    }
    await guest.send_json(
        {
            "id": 4,
            "type": "betti/call/offer",
            "session_id": session["session_id"],
            "offer": "o",
        }
    )
    assert (await guest.receive_json())["success"]
    assert await next_event(mirror) == {"type": "offer", "offer": "o"}
    await command(
        mirror, type="betti/call/answer", session_id=answered["session_id"], answer="a"
    )
    assert (await guest.receive_json())["event"] == {"type": "answer", "answer": "a"}
    await guest.send_json(
        {"id": 5, "type": "betti/call/hangup", "session_id": session["session_id"]}
    )
    assert (await guest.receive_json())["success"]
    assert await next_event(mirror) == {"type": "hangup", "reason": "hangup"}
    await hass.async_block_till_done()

    # The session cannot start a second call, even on a new socket.
    again = await _guest_socket(client, token)
    await again.send_json({"id": 1, "type": "betti/call/start"})
    assert (await again.receive_json())["error"]["code"] == "room_closed"
    assert db_rows(hass, "SELECT caller, guest, outcome FROM calls") == [
        ("Tom", 1, "answered")
    ]


async def test_a_guest_socket_needs_a_session_token(
    hass: HomeAssistant, client: Client
) -> None:
    link_token = (await _link(hass)).rpartition("/")[2]
    for token in ("garbage", link_token):  # a link token is not a session token
        socket = await client.ws_connect("/api/betti/call/guest/ws")
        await socket.receive_json()
        await socket.send_json({"type": "auth", "access_token": token})
        assert (await socket.receive_json()) == {
            "type": "auth_invalid",
            "message": "invalid",
        }
        await socket.close()


async def test_a_guest_who_drops_ends_the_call(
    hass: HomeAssistant, client: Client, alice_user: MockUser, connect: Connect
) -> None:
    token = (await (await client.post(await _link(hass))).json())["token"]
    guest = await _guest_socket(client, token)
    await guest.send_json({"id": 1, "type": "betti/call/start"})
    await guest.receive_json()
    room_id = (await guest.receive_json())["event"]["room_id"]
    mirror = await connect(alice_user)
    await command(mirror, type="betti/call/accept", room_id=room_id)
    await next_event(mirror)  # session
    await guest.close()
    assert await next_event(mirror) == {"type": "peer_left", "reason": "dropped"}


async def test_the_card_is_served_and_added_to_dashboards_once(
    hass: HomeAssistant, client: Client
) -> None:
    script = await client.get("/betti/static/betti-call.js")
    assert script.status == 200
    assert 'customElements.define("betti-call-card"' in await script.text()
    resources = hass.data["lovelace"].resources
    urls = [item["url"] for item in resources.async_items()]
    assert urls == ["/betti/static/betti-call.js?v=0.1.0"]
    assert await async_setup_component(
        hass, "betti", {}
    )  # already set up: nothing added
    assert len(resources.async_items()) == 1
