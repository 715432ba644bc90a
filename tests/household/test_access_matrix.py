"""Who may do what to Alice's profile, through every way in.

Each test is one entry point (a row); its cells say, per role, whether the role gets past
Betti's access rule ("ok"), is refused ("no"), or cannot use that way in at all ("-").
Alice's profile is shared with Carol (a carer with an HA login and no profile of her own);
Hal's phone, registered to an HA user without a profile, gets Alice's pushes.
"""

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
import json
from typing import Any

from aiohttp.test_utils import TestClient
from freezegun.api import FrozenDateTimeFactory
from homeassistant.auth.const import GROUP_ID_USER
from homeassistant.components.calendar.const import DATA_COMPONENT as CALENDARS
from homeassistant.const import ATTR_CONFIG_ENTRY_ID
from homeassistant.core import Context, HomeAssistant, SupportsResponse
from homeassistant.exceptions import (
    HomeAssistantError,
    ServiceNotSupported,
    ServiceValidationError,
    Unauthorized,
)
from homeassistant.helpers import entity_registry as er
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    CLIENT_ID,
    MockConfigEntry,
    MockUser,
    async_fire_time_changed,
)
from pytest_homeassistant_custom_component.typing import (
    ClientSessionGenerator,
    MockHAClientWebSocket,
    WebSocketGenerator,
)

from custom_components.betti.alerts.escalation import AlertSource, Severity
from custom_components.betti.alerts.raising import async_raise_alert
from custom_components.betti.calls.websocket import SHARED
from custom_components.betti.const import DOMAIN
from custom_components.betti.devices.coordinator import POLL_COOLDOWN
from custom_components.betti.notifications.delivery import DATA_DELIVERY

from ..ble.fake_device import FakeHealthDevice
from ..ble.frames import WEIGHT, weight
from ..conftest import (
    ALICE_PHONE,
    HAL_PHONE,
    db_rows,
    health_advertisement,
    profile_entry,
)
from ..devices.test_coordinator import SCALE, add_device, wake

ROLES = (
    "admin",
    "person",  # Alice herself
    "member",  # Bob, who has his own profile
    "no_profile",  # Dave, an HA user with no profile
    "read_only",  # HA's read-only user
    "shared",  # Carol, whom Alice's profile is shared with
    "pushed",  # Hal, whose phone gets Alice's pushes
    "automation",  # no user
)

pytestmark = pytest.mark.freeze_time("2026-03-02 07:00:00+00:00")


def row(*allowed: str, absent: tuple[str, ...] = ()) -> dict[str, str]:
    """The expected cells: ``allowed`` roles pass, ``absent`` cannot try, the rest fail."""
    return {
        role: "-" if role in absent else "ok" if role in allowed else "no"
        for role in ROLES
    }


PROFILE_RULE = row("admin", "person", "shared", "automation")
ADMIN_ONLY = row("admin", "automation")
# A phone's answer to a push also counts from the user whose phone got it.
PUSH_RULE = row("admin", "person", "shared", "pushed", "automation")
SOCKET_RULE = row("admin", "person", "shared", absent=("automation",))
# Any household member with a profile, or a user a profile is shared with, may ring.
RING_RULE = row("admin", "person", "member", "shared", absent=("automation",))

FAR = "2030-01-07"
# A valid call of each Betti action on Alice's profile; a refused id later is fine.
PAYLOADS: dict[str, dict[str, Any]] = {
    "acknowledge_alert": {},
    "add_appointment": {"title": "Dentist", "start": f"{FAR} 10:00:00"},
    "add_food": {
        "name": "Oat cake",
        "energy_kcal": 400,
        "protein": 10,
        "carbohydrate": 60,
        "fat": 15,
    },
    "add_medication": {
        "name": "Aspirin",
        "schedules": [{"type": "weekly", "times": ["20:00"]}],
    },
    "assign_vital": {"pending_id": 999},
    "create_call_link": {"guest_name": "Tom"},
    "create_dashboards": {},
    "create_report": {"format": "csv"},
    "delete_food": {"food": "999"},
    "delete_meal_item": {"item_id": 999},
    "delete_vital": {"vital_id": 999},
    "delete_water": {"water_id": 999},
    "delete_workout": {"workout_id": 999},
    "edit_meal_item": {"item_id": 999, "amount": 50},
    "get_alerts": {},
    "get_deliveries": {},
    "get_medication_history": {},
    "get_nutrition": {},
    "get_vitals": {},
    "log_activity": {"steps": 1000},
    "log_food": {"food": "apple"},
    "log_meal": {"meal": "lunch", "items": [{"food": "apple"}]},
    "log_mood": {"mood": 4},
    "log_vital": {"kind": "weight", "weight": 70},
    "log_water": {"amount": 250},
    "log_workout": {"kind": "walking", "duration": 30},
    "lookup_barcode": {"barcode": "not a barcode"},
    "mark_dose": {"medication_id": 999, "status": "taken"},
    "reassign_vital": {"vital_id": 999, "to_config_entry_id": "alice_entry"},
    "refill_medication": {"medication_id": 999, "amount": 10},
    "remove_appointment": {"uid": "nothing"},
    "remove_medication": {"medication_id": 999},
    "search_foods": {"query": "apple"},
    "set_emergency_contacts": {"contacts": "not a list"},
    "update_appointment": {"uid": "nothing", "title": "Dentist"},
    "update_medication": {"medication_id": 999, "name": "Aspirin"},
}
HOUSEHOLD_ACTIONS = {"create_dashboards"}  # administrators' own, for no one profile


@pytest.fixture
async def bob_user(hass: HomeAssistant) -> MockUser:
    """Bob's HA login."""
    return MockUser(name="Bob").add_to_hass(hass)


@pytest.fixture
async def persons(
    hass: HomeAssistant, alice_user: MockUser, bob_user: MockUser
) -> None:
    """Alice and Bob, each with their own login."""
    assert await async_setup_component(
        hass,
        "person",
        {
            "person": [
                {"id": "alice", "name": "Alice", "user_id": alice_user.id},
                {"id": "bob", "name": "Bob", "user_id": bob_user.id},
            ]
        },
    )


@pytest.fixture
async def users(
    hass: HomeAssistant,
    alice_user: MockUser,
    bob_user: MockUser,
    hass_admin_user: MockUser,
    hass_read_only_user: MockUser,
) -> dict[str, MockUser | None]:
    """The user acting in each role; all but the admin and read-only one are plain users."""
    group = await hass.auth.async_get_group(GROUP_ID_USER)
    assert group is not None
    plain = [alice_user, bob_user] + [
        MockUser(name=name).add_to_hass(hass) for name in ("Dave", "Carol", "Hal")
    ]
    for user in plain:
        user.groups = [group]
        user.invalidate_cache()
    alice, bob, dave, carol, hal = plain
    return {
        "admin": hass_admin_user,
        "person": alice,
        "member": bob,
        "no_profile": dave,
        "read_only": hass_read_only_user,
        "shared": carol,
        "pushed": hal,
        "automation": None,
    }


@pytest.fixture
def alice_entry(users: dict[str, MockUser | None]) -> MockConfigEntry:
    """Alice's profile: shared with Carol; her pushes go to her phone and Hal's."""
    carol, hal = users["shared"], users["pushed"]
    assert carol is not None
    assert hal is not None
    return profile_entry(
        entry_id="alice_entry",
        shared_with=[carol.id],
        notify_targets=[ALICE_PHONE, HAL_PHONE],
        caregiver_delay=5,
        contact_interval=2,
        everyone_delay=15,
    )


@pytest.fixture
async def home(
    hass: HomeAssistant,
    users: dict[str, MockUser | None],
    household: tuple[MockConfigEntry, MockConfigEntry],
    phones: list[tuple[str, dict[str, Any]]],
) -> MockConfigEntry:
    """The household: Alice's and Hal's companion apps, and a blood-pressure cuff.

    The cuff is a Betti config entry too, but no profile: no way in may mistake it for one.
    """
    await hass.config.async_set_time_zone("Europe/London")
    await add_device(
        hass,
        health_advertisement(),
        "blood_pressure_monitor",
        {"profiles": [entry.entry_id for entry in household]},
    )
    await hass.config.async_update(external_url="https://home.example.org")
    for role, device in (("person", "Alice phone"), ("pushed", "Hal phone")):
        user = users[role]
        assert user is not None
        MockConfigEntry(
            domain="mobile_app",
            data={"device_name": device, "user_id": user.id, "webhook_id": device},
        ).add_to_hass(hass)
    await hass.async_block_till_done()
    return household[0]


def context(user: MockUser | None) -> Context:
    """The context a call by this user carries."""
    return Context(user_id=user.id if user else None)


async def cells(
    users: dict[str, MockUser | None],
    attempt: Callable[[str, MockUser | None], Awaitable[str]],
) -> dict[str, str]:
    """Try the entry point as every role, in turn."""
    return {role: await attempt(role, user) for role, user in users.items()}


async def refused(attempt: Awaitable[Any]) -> str:
    """ "no" when Betti's rule (or HA's) refuses the caller, else "ok"."""
    try:
        await attempt
    except Unauthorized:
        return "no"
    except HomeAssistantError:
        return "ok"  # refused for what was asked, after the caller was let through
    return "ok"


async def _signed_in(
    hass: HomeAssistant, hass_client: ClientSessionGenerator, user: MockUser
) -> TestClient:
    """An HTTP client carrying the user's own token."""
    refresh = await hass.auth.async_create_refresh_token(user, CLIENT_ID)
    return await hass_client(hass.auth.async_create_access_token(refresh))


def entity_id(
    hass: HomeAssistant, platform: str, entry: MockConfigEntry, key: str
) -> str:
    """An entity of Alice's profile, by its key."""
    found = er.async_get(hass).async_get_entity_id(
        platform, DOMAIN, f"{entry.entry_id}_{key}"
    )
    assert found is not None
    return found


async def test_every_action_is_in_the_matrix(
    hass: HomeAssistant, home: MockConfigEntry
) -> None:
    """A new action must be given a row before it can ship."""
    assert set(hass.services.async_services_for_domain(DOMAIN)) == set(PAYLOADS)


@pytest.mark.parametrize("action", sorted(PAYLOADS))
async def test_betti_action(
    hass: HomeAssistant,
    home: MockConfigEntry,
    users: dict[str, MockUser | None],
    action: str,
) -> None:
    """Each Betti action, on Alice's profile."""
    service = hass.services.async_services_for_domain(DOMAIN)[action]
    data = dict(PAYLOADS[action])
    if action not in HOUSEHOLD_ACTIONS:
        data[ATTR_CONFIG_ENTRY_ID] = home.entry_id

    async def attempt(_: str, user: MockUser | None) -> str:
        return await refused(
            hass.services.async_call(
                DOMAIN,
                action,
                data,
                blocking=True,
                context=context(user),
                return_response=service.supports_response is SupportsResponse.ONLY,
            )
        )

    expected = ADMIN_ONLY if action in HOUSEHOLD_ACTIONS else PROFILE_RULE
    assert await cells(users, attempt) == expected


async def test_a_refusal_says_why_and_whose_profile(
    hass: HomeAssistant, home: MockConfigEntry, users: dict[str, MockUser | None]
) -> None:
    with pytest.raises(Unauthorized) as refusal:
        await hass.services.async_call(
            DOMAIN,
            "log_water",
            {ATTR_CONFIG_ENTRY_ID: home.entry_id, "amount": 250},
            blocking=True,
            context=context(users["member"]),
        )
    assert refusal.value.translation_key == "not_allowed"
    assert str(refusal.value) == "You may not see or change Alice's health data"
    assert db_rows(hass, "SELECT count(*) FROM water_log") == [(0,)]


async def test_naming_the_cuff_as_the_profile_is_refused(
    hass: HomeAssistant, home: MockConfigEntry, users: dict[str, MockUser | None]
) -> None:
    [cuff] = [
        e for e in hass.config_entries.async_entries(DOMAIN) if "address" in e.data
    ]
    for user in (users["admin"], users["person"]):
        with pytest.raises(ServiceValidationError) as err:
            await hass.services.async_call(
                DOMAIN,
                "log_water",
                {ATTR_CONFIG_ENTRY_ID: cuff.entry_id, "amount": 250},
                blocking=True,
                context=context(user),
            )
        assert err.value.translation_key == "not_a_profile"


async def test_button_acknowledge_alerts(
    hass: HomeAssistant, home: MockConfigEntry, users: dict[str, MockUser | None]
) -> None:
    button = entity_id(hass, "button", home, "acknowledge_alerts")

    async def attempt(role: str, user: MockUser | None) -> str:
        alert_id = await async_raise_alert(
            hass,
            home,
            source=AlertSource.OTHER,
            severity=Severity.WARNING,
            message="Alice fell",
            dedupe_key=role,
        )
        await refused(
            hass.services.async_call(
                "button",
                "press",
                {"entity_id": button},
                blocking=True,
                context=context(user),
            )
        )
        return _acknowledged(hass, alert_id)

    assert await cells(users, attempt) == PROFILE_RULE


OTHER_BUTTONS = (
    "call_for_help",
    "glass_of_water",
    "report_for_doctor",
    "send_test_alert",
)


@pytest.mark.parametrize("key", OTHER_BUTTONS)
async def test_other_buttons(
    hass: HomeAssistant,
    home: MockConfigEntry,
    users: dict[str, MockUser | None],
    key: str,
) -> None:
    button = entity_id(hass, "button", home, key)

    async def attempt(_: str, user: MockUser | None) -> str:
        return await refused(
            hass.services.async_call(
                "button",
                "press",
                {"entity_id": button},
                blocking=True,
                context=context(user),
            )
        )

    assert await cells(users, attempt) == PROFILE_RULE


async def test_report_download_view(
    hass: HomeAssistant,
    home: MockConfigEntry,
    users: dict[str, MockUser | None],
    hass_client: ClientSessionGenerator,
    hass_client_no_auth: ClientSessionGenerator,
) -> None:
    """The report's download: the access rule, by the signed-in user's own token."""
    response = await hass.services.async_call(
        DOMAIN,
        "create_report",
        {ATTR_CONFIG_ENTRY_ID: home.entry_id, "format": "csv"},
        blocking=True,
        return_response=True,
    )
    path = str(response["url"])

    async def attempt(_: str, user: MockUser | None) -> str:
        client = await (
            _signed_in(hass, hass_client, user) if user else hass_client_no_auth()
        )
        status = (await client.get(path)).status
        return "ok" if status == 200 else "no"

    assert await cells(users, attempt) == {**PROFILE_RULE, "automation": "no"}


async def test_card_files(
    hass: HomeAssistant,
    home: MockConfigEntry,
    users: dict[str, MockUser | None],
    hass_client: ClientSessionGenerator,
    hass_client_no_auth: ClientSessionGenerator,
) -> None:
    """The cards' code is public, like HA's own frontend files; nothing beside it is."""

    async def attempt(_: str, user: MockUser | None) -> str:
        client = await (
            _signed_in(hass, hass_client, user) if user else hass_client_no_auth()
        )
        card = await client.get("/betti/static/betti-health-card.js")
        for outside in (
            "/betti/static/../manifest.json",
            "/betti/static/%2e%2e/const.py",
        ):
            assert (await client.get(outside)).status in (403, 404)
        assert (await client.get("/betti/static/")).status in (403, 404)
        return "ok" if card.status == 200 else "no"

    assert await cells(users, attempt) == row(*ROLES)


@pytest.mark.parametrize(
    ("component", "method", "path", "body"),
    [
        (
            "config",
            "post",
            "/api/config/config_entries/options/flow",
            {"handler": "alice_entry"},
        ),
        ("diagnostics", "get", "/api/diagnostics/config_entry/alice_entry", None),
        (
            "repairs",
            "post",
            "/api/repairs/issues/fix",
            {"handler": DOMAIN, "issue_id": "unclaimed_reading_1"},
        ),
    ],
)
async def test_administrators_pages(
    hass: HomeAssistant,
    home: MockConfigEntry,
    household: tuple[MockConfigEntry, MockConfigEntry],
    users: dict[str, MockUser | None],
    hass_client: ClientSessionGenerator,
    *,
    component: str,
    method: str,
    path: str,
    body: dict[str, Any] | None,
) -> None:
    """Alice's options (who she shares with), diagnostics and the "whose reading" repair.

    HA keeps these to administrators; Betti's own flows must not be reachable around that.
    """
    assert await async_setup_component(hass, component, {})
    await add_device(
        hass, SCALE, "scale", {"profiles": [e.entry_id for e in household]}
    )
    await wake(hass, SCALE, FakeHealthDevice({WEIGHT: [weight(40)]}))

    async def attempt(_: str, user: MockUser | None) -> str:
        if user is None:
            return "-"
        client = await _signed_in(hass, hass_client, user)
        response = await getattr(client, method)(path, json=body)
        assert response.status in (200, 401)
        return "ok" if response.status == 200 else "no"

    assert await cells(users, attempt) == row("admin", absent=("automation",))


def _acknowledged(hass: HomeAssistant, alert_id: int) -> str:
    [(at,)] = db_rows(hass, "SELECT acknowledged_at FROM alerts WHERE id = ?", alert_id)
    return "no" if at is None else "ok"


async def _dose_due(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> tuple[int, datetime]:
    """Aspirin at 08:00, reminded on Alice's and Hal's phones; return its id and time."""
    response = await hass.services.async_call(
        DOMAIN,
        "add_medication",
        {
            ATTR_CONFIG_ENTRY_ID: "alice_entry",
            "name": "Aspirin",
            "schedules": [{"type": "weekly", "times": ["08:00"]}],
        },
        blocking=True,
        return_response=True,
    )
    freezer.tick(timedelta(hours=1))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    return int(response["medication_id"]), datetime(2026, 3, 2, 8, tzinfo=UTC)


def _dose_marks(hass: HomeAssistant, user: MockUser | None) -> int:
    return len(
        db_rows(
            hass,
            "SELECT id FROM dose_events WHERE user_id IS ?",
            user.id if user else None,
        )
    )


async def test_todo_update_item(
    hass: HomeAssistant,
    home: MockConfigEntry,
    users: dict[str, MockUser | None],
    freezer: FrozenDateTimeFactory,
) -> None:
    await _dose_due(hass, freezer)
    todo = entity_id(hass, "todo", home, "medications_today")
    items = await hass.services.async_call(
        "todo", "get_items", {"entity_id": todo}, blocking=True, return_response=True
    )
    [item] = items[todo]["items"]

    async def attempt(_: str, user: MockUser | None) -> str:
        for status in ("completed", "needs_action"):  # taken, then back again
            outcome = await refused(
                hass.services.async_call(
                    "todo",
                    "update_item",
                    {"entity_id": todo, "item": item["uid"], "status": status},
                    blocking=True,
                    context=context(user),
                )
            )
        return "ok" if _dose_marks(hass, user) == 2 else outcome

    assert await cells(users, attempt) == PROFILE_RULE


@pytest.mark.parametrize(
    ("action", "data"),
    [("add_item", {"item": "Aspirin 100 mg"}), ("remove_item", {"item": ["x"]})],
)
async def test_todo_add_and_remove_are_no_way_in(
    hass: HomeAssistant,
    home: MockConfigEntry,
    users: dict[str, MockUser | None],
    action: str,
    data: dict[str, Any],
) -> None:
    """Doses come from the schedule: the list takes no new or removed items, from anyone."""
    todo = entity_id(hass, "todo", home, "medications_today")

    async def attempt(_: str, user: MockUser | None) -> str:
        try:
            await hass.services.async_call(
                "todo",
                action,
                {"entity_id": todo, **data},
                blocking=True,
                context=context(user),
            )
        except ServiceNotSupported:
            return "-"
        except Unauthorized:
            return "no"  # HA refuses a read-only user before asking the list
        return "ok"

    # A read-only user may control no entity at all.
    assert await cells(users, attempt) == {**row(absent=ROLES), "read_only": "no"}


async def test_calendar_create_event(
    hass: HomeAssistant, home: MockConfigEntry, users: dict[str, MockUser | None]
) -> None:
    calendar = entity_id(hass, "calendar", home, "appointments")

    async def attempt(role: str, user: MockUser | None) -> str:
        await refused(
            hass.services.async_call(
                "calendar",
                "create_event",
                {
                    "entity_id": calendar,
                    "summary": f"Visit by {role}",
                    "start_date_time": f"{FAR} 10:00:00",
                    "end_date_time": f"{FAR} 11:00:00",
                },
                blocking=True,
                context=context(user),
            )
        )
        return (
            "ok" if await _summaries(hass, calendar) >= {f"Visit by {role}"} else "no"
        )

    assert await cells(users, attempt) == PROFILE_RULE


async def _summaries(hass: HomeAssistant, calendar: str) -> set[str]:
    events = await hass.services.async_call(
        "calendar",
        "get_events",
        {"entity_id": calendar, "start_date_time": FAR, "duration": {"days": 1}},
        blocking=True,
        return_response=True,
    )
    return {event["summary"] for event in events[calendar]["events"]}


async def _socket(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator, user: MockUser
) -> MockHAClientWebSocket:
    refresh = await hass.auth.async_create_refresh_token(user, "https://example.com/")
    return await hass_ws_client(hass, hass.auth.async_create_access_token(refresh))


async def _socket_answer(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    user: MockUser,
    **msg: Any,
) -> dict[str, Any]:
    """Send one command on a connection of the user's own; return its answer."""
    ws = await _socket(hass, hass_ws_client, user)
    answer = await command(ws, **msg)
    await ws.close()
    return answer


async def command(ws: MockHAClientWebSocket, **msg: Any) -> dict[str, Any]:
    """Send a command and return its answer (not its events)."""
    await ws.send_json_auto_id(msg)
    while (answer := await ws.receive_json(timeout=5))["type"] != "result":
        pass
    result: dict[str, Any] = answer
    return result


async def _event_uid(
    hass: HomeAssistant, calendar: str, summary: str, alice: MockUser | None
) -> str:
    """Alice adds an appointment; return its uid."""
    await hass.services.async_call(
        "calendar",
        "create_event",
        {
            "entity_id": calendar,
            "summary": summary,
            "start_date_time": f"{FAR} 10:00:00",
            "end_date_time": f"{FAR} 11:00:00",
        },
        blocking=True,
        context=context(alice),  # left on the entity as its context
    )
    entity = hass.data[CALENDARS].get_entity(calendar)
    assert entity is not None
    start = dt_util.parse_datetime(f"{FAR} 00:00:00+00:00")
    assert start is not None
    events = await entity.async_get_events(hass, start, start + timedelta(days=1))
    return next(str(e.uid) for e in events if e.summary == summary)


def _noon_event(summary: str) -> dict[str, str]:
    """An appointment at noon on the FAR day, as the calendar panel sends it."""
    return {
        "summary": summary,
        "dtstart": f"{FAR}T12:00:00+00:00",
        "dtend": f"{FAR}T13:00:00+00:00",
    }


async def test_calendar_event_delete_over_the_socket(
    hass: HomeAssistant,
    home: MockConfigEntry,
    users: dict[str, MockUser | None],
    hass_ws_client: WebSocketGenerator,
) -> None:
    """HA's calendar panel deletes through its own command, which sets no context."""
    calendar = entity_id(hass, "calendar", home, "appointments")

    async def attempt(role: str, user: MockUser | None) -> str:
        if user is None:
            return "-"
        # Connected first, as in HA, where the server is not started by an action's task.
        ws = await _socket(hass, hass_ws_client, user)
        uid = await _event_uid(hass, calendar, role, users["person"])
        answer = await command(
            ws, type="calendar/event/delete", entity_id=calendar, uid=uid
        )
        await ws.close()
        assert (role not in await _summaries(hass, calendar)) is answer["success"]
        return "ok" if answer["success"] else "no"

    assert await cells(users, attempt) == SOCKET_RULE


async def test_calendar_event_update_over_the_socket(
    hass: HomeAssistant,
    home: MockConfigEntry,
    users: dict[str, MockUser | None],
    hass_ws_client: WebSocketGenerator,
) -> None:
    """The calendar panel's edit dialog: moving or renaming one of Alice's appointments."""
    calendar = entity_id(hass, "calendar", home, "appointments")

    async def attempt(role: str, user: MockUser | None) -> str:
        if user is None:
            return "-"
        ws = await _socket(hass, hass_ws_client, user)
        uid = await _event_uid(hass, calendar, role, users["person"])
        answer = await command(
            ws,
            type="calendar/event/update",
            entity_id=calendar,
            uid=uid,
            event=_noon_event(f"{role} renamed"),
        )
        await ws.close()
        renamed = f"{role} renamed" in await _summaries(hass, calendar)
        assert renamed is answer["success"]
        return "ok" if answer["success"] else "no"

    assert await cells(users, attempt) == SOCKET_RULE


async def test_calendar_event_create_over_the_socket(
    hass: HomeAssistant,
    home: MockConfigEntry,
    users: dict[str, MockUser | None],
    hass_ws_client: WebSocketGenerator,
) -> None:
    """The calendar panel's "Add event" on Alice's calendar."""
    calendar = entity_id(hass, "calendar", home, "appointments")

    async def attempt(role: str, user: MockUser | None) -> str:
        if user is None:
            return "-"
        answer = await _socket_answer(
            hass,
            hass_ws_client,
            user,
            type="calendar/event/create",
            entity_id=calendar,
            event=_noon_event(f"Visit by {role}"),
        )
        added = f"Visit by {role}" in await _summaries(hass, calendar)
        assert added is answer["success"]
        return "ok" if answer["success"] else "no"

    assert await cells(users, attempt) == SOCKET_RULE


async def _tap(
    hass: HomeAssistant,
    user: MockUser | None,
    action: str,
    action_data: dict[str, str] | None = None,
) -> None:
    """The user taps a push's button on a phone (the companion app fires the event)."""
    hass.bus.async_fire(
        "mobile_app_notification_action",
        {"action": action} | ({"action_data": action_data} if action_data else {}),
        context=context(user),
    )
    await hass.async_block_till_done(wait_background_tasks=True)


async def test_phone_answers_a_test_alert(
    hass: HomeAssistant, home: MockConfigEntry, users: dict[str, MockUser | None]
) -> None:
    """BETTI_TEST_<profile>: "That reached me" counts from those the rule allows."""
    await hass.services.async_call(
        "button",
        "press",
        {"entity_id": entity_id(hass, "button", home, "send_test_alert")},
        blocking=True,
    )

    def answers() -> int:
        [(count,)] = db_rows(
            hass,
            "SELECT count(*) FROM deliveries"
            " WHERE source = 'test' AND result = 'acknowledged'",
        )
        return int(count)  # type: ignore[call-overload]

    async def attempt(_: str, user: MockUser | None) -> str:
        before = answers()
        await _tap(hass, user, "BETTI_TEST_alice_entry", {"target": HAL_PHONE})
        return "ok" if answers() > before else "no"

    assert await cells(users, attempt) == PUSH_RULE


async def test_phone_acknowledges_an_alert(
    hass: HomeAssistant, home: MockConfigEntry, users: dict[str, MockUser | None]
) -> None:
    """BETTI_ACK_<id>: any logged-in user can fire it, with the next id guessed."""

    async def attempt(role: str, user: MockUser | None) -> str:
        alert_id = await async_raise_alert(
            hass,
            home,
            source=AlertSource.OTHER,
            severity=Severity.WARNING,
            message="Alice fell",
            dedupe_key=role,
        )
        await hass.async_block_till_done(wait_background_tasks=True)
        await _tap(hass, user, f"BETTI_ACK_{alert_id}")
        return _acknowledged(hass, alert_id)

    assert await cells(users, attempt) == PUSH_RULE


@pytest.mark.parametrize(
    ("button", "kind"),
    [("TAKEN", "taken"), ("SNOOZE", "snoozed"), ("SKIP", "skipped")],
)
async def test_phone_answers_a_dose_reminder(
    hass: HomeAssistant,
    home: MockConfigEntry,
    users: dict[str, MockUser | None],
    *,
    freezer: FrozenDateTimeFactory,
    button: str,
    kind: str,
) -> None:
    """The reminder's Taken / Snooze / Skip buttons (BETTI_DOSE_<button>_<med>_<epoch>)."""
    medication_id, due = await _dose_due(hass, freezer)

    async def attempt(_: str, user: MockUser | None) -> str:
        await _tap(
            hass, user, f"BETTI_DOSE_{button}_{medication_id}_{int(due.timestamp())}"
        )
        marks = db_rows(
            hass,
            "SELECT kind FROM dose_events WHERE user_id IS ?",
            user.id if user else None,
        )
        return "ok" if marks == [(kind,)] else "no"

    assert await cells(users, attempt) == PUSH_RULE


async def test_phone_cannot_mark_a_dose_it_was_not_sent(
    hass: HomeAssistant,
    home: MockConfigEntry,
    users: dict[str, MockUser | None],
    freezer: FrozenDateTimeFactory,
) -> None:
    """Hal got today's reminder, not tomorrow's: that one is not his to answer yet."""
    medication_id, due = await _dose_due(hass, freezer)
    tomorrow = int((due + timedelta(days=1)).timestamp())
    await _tap(hass, users["pushed"], f"BETTI_DOSE_TAKEN_{medication_id}_{tomorrow}")
    assert _dose_marks(hass, users["pushed"]) == 0


@pytest.mark.parametrize("answer", ["MINE", "NOT_MINE"])
async def test_phone_answers_whose_reading_it_is(
    hass: HomeAssistant,
    household: tuple[MockConfigEntry, MockConfigEntry],
    users: dict[str, MockUser | None],
    *,
    freezer: FrozenDateTimeFactory,
    answer: str,
) -> None:
    """ "Yes, it's mine" / "Not me" for Alice, on a scale reading close to nobody's.

    Hal's phone gets Alice's pushes but is not asked (see test_claims); a tap from it still
    changes nothing: whose weight it is is for Alice, those she shares with and admins to say.
    """
    await add_device(
        hass, SCALE, "scale", {"profiles": [e.entry_id for e in household]}
    )

    async def attempt(role: str, user: MockUser | None) -> str:
        turn = list(users).index(role)
        kilos = 40 + 20 * turn  # never close to an earlier answer
        freezer.tick(POLL_COOLDOWN * 2)  # the scale is read again after its cooldown
        async_fire_time_changed(hass)
        scale = FakeHealthDevice({WEIGHT: [weight(kilos)]})
        await wake(hass, SCALE, scale, seconds_later=60 * (turn + 1))
        [(pending,)] = db_rows(
            hass, "SELECT id FROM pending_vitals WHERE readings LIKE ?", f"%{kilos}%"
        )
        await _tap(hass, user, f"BETTI_VITAL_{answer}_{pending}_alice_entry")
        [(candidates,)] = db_rows(
            hass, "SELECT candidates FROM pending_vitals WHERE id = ?", pending
        ) or [(None,)]
        if answer == "MINE":
            return "ok" if candidates is None else "no"
        return "no" if "alice_entry" in json.loads(candidates) else "ok"

    assert await cells(users, attempt) == PROFILE_RULE


@pytest.mark.parametrize("layout", ["family", "mirror"])
async def test_dashboard_command(
    hass: HomeAssistant,
    home: MockConfigEntry,
    users: dict[str, MockUser | None],
    hass_ws_client: WebSocketGenerator,
    layout: str,
) -> None:
    """``betti/dashboard`` shows each profile only to those who may see it."""
    bob_sees = {"admin", "member"}

    async def attempt(role: str, user: MockUser | None) -> str:
        if user is None:
            return "-"
        answer = await _socket_answer(
            hass, hass_ws_client, user, type="betti/dashboard", layout=layout
        )
        assert answer["success"]
        shown = json.dumps(answer["result"])
        assert ("betti_bob" in shown) is (role in bob_sees)
        return "ok" if "betti_alice" in shown else "no"

    assert await cells(users, attempt) == SOCKET_RULE


async def test_health_subscribe_command(
    hass: HomeAssistant,
    home: MockConfigEntry,
    users: dict[str, MockUser | None],
    hass_ws_client: WebSocketGenerator,
) -> None:
    """``betti/health/subscribe``: the health card's values of a (private) profile."""

    async def attempt(role: str, user: MockUser | None) -> str:
        if user is None:
            return "-"
        ws = await _socket(hass, hass_ws_client, user)
        answer = await command(
            ws, type="betti/health/subscribe", config_entry_id=home.entry_id
        )
        if answer["success"]:
            assert (await ws.receive_json(timeout=5))["event"]["name"] == "Alice"
        else:
            assert answer["error"]["code"] == "unauthorized"
        await ws.close()
        return "ok" if answer["success"] else "no"

    assert await cells(users, attempt) == SOCKET_RULE


# Commands whose whole answer is "let through or not".
SIMPLE_COMMANDS = {
    # Ringing Alice: household members, the users she shares with and admins.
    "betti/call/start": ({"person": "person.alice"}, RING_RULE),
    "betti/call/watch": ({"person": "person.alice"}, SOCKET_RULE),
    # The call card's words are the translations, nobody's data: every signed-in user.
    "betti/call/texts": ({}, row(*ROLES, absent=("automation",))),
}


@pytest.mark.parametrize("name", sorted(SIMPLE_COMMANDS))
async def test_simple_command(
    hass: HomeAssistant,
    home: MockConfigEntry,
    users: dict[str, MockUser | None],
    hass_ws_client: WebSocketGenerator,
    name: str,
) -> None:
    fields, expected = SIMPLE_COMMANDS[name]

    async def attempt(_: str, user: MockUser | None) -> str:
        if user is None:
            return "-"
        answer = await _socket_answer(hass, hass_ws_client, user, type=name, **fields)
        await hass.async_block_till_done()
        return "ok" if answer["success"] else "no"

    assert await cells(users, attempt) == expected


@pytest.mark.parametrize("kind", ["accept", "decline"])
async def test_call_answer(
    hass: HomeAssistant,
    home: MockConfigEntry,
    users: dict[str, MockUser | None],
    hass_ws_client: WebSocketGenerator,
    bob_user: MockUser,
    *,
    freezer: FrozenDateTimeFactory,
    kind: str,
) -> None:
    """Taking or refusing a call that rings for Alice (Bob rings)."""
    caller = await _socket(hass, hass_ws_client, bob_user)

    async def attempt(role: str, user: MockUser | None) -> str:
        if user is None:
            return "-"
        freezer.tick(timedelta(minutes=1))  # within Bob's limit on ringing
        session = await _start_call(caller)
        answer = await _socket_answer(
            hass,
            hass_ws_client,
            user,
            type=f"betti/call/{kind}",
            room_id=session["room_id"],
        )
        await command(
            caller, type="betti/call/hangup", session_id=session["session_id"]
        )
        return "ok" if answer["success"] else "no"

    assert await cells(users, attempt) == SOCKET_RULE


async def _start_call(ws: MockHAClientWebSocket) -> dict[str, Any]:
    """Ring Alice; return the caller's session."""
    assert (await command(ws, type="betti/call/start", person="person.alice"))[
        "success"
    ]
    while (message := await ws.receive_json(timeout=5)).get("event", {}).get(
        "type"
    ) != "session":
        pass
    session: dict[str, Any] = message["event"]
    return session


@pytest.mark.parametrize(
    "kind", ["heartbeat", "offer", "answer", "candidate", "hangup"]
)
async def test_call_session_commands_belong_to_the_session(
    hass: HomeAssistant,
    home: MockConfigEntry,
    users: dict[str, MockUser | None],
    hass_ws_client: WebSocketGenerator,
    *,
    bob_user: MockUser,
    kind: str,
) -> None:
    """Only the connection that joined may use a session, whoever else knows its id."""
    session = await _start_call(await _socket(hass, hass_ws_client, bob_user))
    extra = {
        "offer": {"offer": "v=0"},
        "answer": {"answer": "v=0"},
        "candidate": {"candidate": {"candidate": "c"}},
    }.get(kind, {})

    async def attempt(role: str, user: MockUser | None) -> str:
        if user is None:
            return "-"
        answer = await _socket_answer(
            hass,
            hass_ws_client,
            user,
            type=f"betti/call/{kind}",
            session_id=session["session_id"],
            **extra,
        )
        assert answer["success"] or answer["error"]["code"] == "not_in_room"
        return "ok" if answer["success"] else "no"

    assert await cells(users, attempt) == row(absent=("automation",))


async def test_ringing_someone_without_a_profile_is_not_found(
    hass: HomeAssistant,
    home: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    hass_admin_user: MockUser,
) -> None:
    """The cuff's entry is passed over, not read as a profile."""
    ws = await _socket(hass, hass_ws_client, hass_admin_user)
    answer = await command(ws, type="betti/call/start", person="person.nobody")
    assert answer["error"]["code"] == "not_found"


async def test_a_household_member_rings_at_most_five_times_a_minute(
    hass: HomeAssistant,
    home: MockConfigEntry,
    bob_user: MockUser,
    hass_ws_client: WebSocketGenerator,
) -> None:
    ws = await _socket(hass, hass_ws_client, bob_user)
    for _ in range(5):
        answer = await command(ws, type="betti/call/start", person="person.alice")
        assert answer["success"]
    answer = await command(ws, type="betti/call/start", person="person.alice")
    assert answer["error"]["code"] == "rate_limited"
    assert answer["error"]["translation_key"] == "call_rate_limited"


async def _guest_link(hass: HomeAssistant) -> str:
    response = await hass.services.async_call(
        DOMAIN,
        "create_call_link",
        {ATTR_CONFIG_ENTRY_ID: "alice_entry", "guest_name": "Tom"},
        blocking=True,
        return_response=True,
    )
    return str(response["url"]).removeprefix("https://home.example.org")


@pytest.mark.parametrize(
    ("token", "status"),
    [("abc.%C3%A9", 404), ("%F0%9F%90%8D", 404), ("a.b.c", 404), ("", 404)],
)
async def test_link_page_with_a_bad_token(
    hass: HomeAssistant,
    home: MockConfigEntry,
    hass_client_no_auth: ClientSessionGenerator,
    token: str,
    status: int,
) -> None:
    """A guest token that is not genuine gets the 'not valid' page, whatever it holds."""
    client = await hass_client_no_auth()
    page = await client.get(f"/api/betti/call/link/{token}")
    assert page.status == status
    answer = await client.post(f"/api/betti/call/link/{token}x")
    assert answer.status == status


@pytest.mark.parametrize("token", ["abc.é", "\ud800.\udfff", "", "x" * 5000])
async def test_guest_socket_refuses_any_bad_token(
    hass: HomeAssistant,
    home: MockConfigEntry,
    hass_client_no_auth: ClientSessionGenerator,
    token: str,
) -> None:
    client = await hass_client_no_auth()
    socket = await client.ws_connect("/api/betti/call/guest/ws")
    assert (await socket.receive_json())["type"] == "auth_required"
    await socket.send_str(json.dumps({"type": "auth", "access_token": token}))
    assert (await socket.receive_json())["type"] == "auth_invalid"
    await socket.close()


async def test_guest_with_a_link_may_ring_and_relays_a_bounded_number(
    hass: HomeAssistant,
    home: MockConfigEntry,
    hass_client_no_auth: ClientSessionGenerator,
    hass_ws_client: WebSocketGenerator,
    users: dict[str, MockUser | None],
) -> None:
    path = await _guest_link(hass)
    client = await hass_client_no_auth()
    assert (await client.get(path)).status == 200
    token = (await (await client.post(path)).json())["token"]
    socket = await client.ws_connect("/api/betti/call/guest/ws")
    await socket.receive_json()
    await socket.send_json({"type": "auth", "access_token": token})
    assert (await socket.receive_json())["type"] == "auth_ok"
    await socket.send_json({"id": 1, "type": "betti/call/start"})
    assert (await socket.receive_json())["success"]
    session = (await socket.receive_json())["event"]
    alice = users["person"]
    assert alice is not None
    ws = await _socket(hass, hass_ws_client, alice)
    assert (await command(ws, type="betti/call/accept", room_id=session["room_id"]))[
        "success"
    ]
    errors = []
    for msg_id in range(2, 600):
        await socket.send_json(
            {
                "id": msg_id,
                "type": "betti/call/candidate",
                "session_id": session["session_id"],
                "candidate": {"candidate": "candidate:1 1 udp 1 192.0.2.1 9 typ host"},
            }
        )
        while (answer := await socket.receive_json())["type"] != "result":
            pass  # the callee's side of the call
        if not answer["success"]:
            errors.append(answer["error"]["code"])
    assert set(errors) == {"relay_limit"}
    assert 0 < len(errors) < 598
    await socket.close()
    await ws.close()


# Every websocket command and HTTP path Betti adds, with the rows that hold it.
COMMAND_ROWS: dict[str, tuple[Callable[..., Awaitable[None]], ...]] = {
    "betti/dashboard": (test_dashboard_command,),
    "betti/health/subscribe": (test_health_subscribe_command,),
    "betti/call/start": (
        test_simple_command,
        test_guest_with_a_link_may_ring_and_relays_a_bounded_number,
    ),
    "betti/call/accept": (test_call_answer,),
    "betti/call/decline": (test_call_answer,),
    "betti/call/watch": (test_simple_command,),
    "betti/call/texts": (test_simple_command,),
    **{
        f"betti/call/{kind}": (
            test_call_session_commands_belong_to_the_session,
            test_guest_with_a_link_may_ring_and_relays_a_bounded_number,
        )
        for kind in ("heartbeat", "offer", "answer", "candidate", "hangup")
    },
}
ROUTE_ROWS: dict[str, tuple[Callable[..., Awaitable[None]], ...]] = {
    "/api/betti/reports/{entry_id}/{name}": (test_report_download_view,),
    "/betti/static": (test_card_files,),
    "/api/betti/call/link/{token}": (
        test_link_page_with_a_bad_token,
        test_guest_with_a_link_may_ring_and_relays_a_bounded_number,
    ),
    "/api/betti/call/guest/ws": (
        test_guest_socket_refuses_any_bad_token,
        test_guest_with_a_link_may_ring_and_relays_a_bounded_number,
    ),
}


async def test_every_command_and_view_is_in_the_matrix(
    hass: HomeAssistant, home: MockConfigEntry
) -> None:
    """A new websocket command or HTTP path must be given a row before it can ship."""
    commands = {
        name for name in hass.data["websocket_api"] if name.startswith("betti/")
    }
    routes = {
        resource.canonical
        for resource in hass.http.app.router.resources()
        if resource.canonical.startswith(("/api/betti", "/betti"))
    }
    assert commands == set(COMMAND_ROWS)
    assert routes == set(ROUTE_ROWS)


PHONE_ROWS: dict[str, tuple[Callable[..., Awaitable[None]], ...]] = {
    "BETTI_ACK_": (test_phone_acknowledges_an_alert,),
    "BETTI_TEST_": (test_phone_answers_a_test_alert,),
    **{
        f"BETTI_DOSE_{button}_": (
            test_phone_answers_a_dose_reminder,
            test_phone_cannot_mark_a_dose_it_was_not_sent,
        )
        for button in ("TAKEN", "SNOOZE", "SKIP")
    },
    "BETTI_VITAL_MINE_": (test_phone_answers_whose_reading_it_is,),
    "BETTI_VITAL_NOT_MINE_": (test_phone_answers_whose_reading_it_is,),
}
BUTTON_ROWS = {
    "acknowledge_alerts": test_button_acknowledge_alerts,
    **dict.fromkeys(OTHER_BUTTONS, test_other_buttons),
}


async def test_every_phone_button_and_profile_button_is_in_the_matrix(
    hass: HomeAssistant, home: MockConfigEntry
) -> None:
    """Phone-action handlers and Alice's button entities each have their row."""
    assert set(hass.data[DATA_DELIVERY].handlers) == set(PHONE_ROWS)
    buttons = {
        entity.unique_id.removeprefix(f"{home.entry_id}_")
        for entity in er.async_entries_for_config_entry(
            er.async_get(hass), home.entry_id
        )
        if entity.domain == "button"
    }
    assert buttons == set(BUTTON_ROWS)


async def test_a_guest_token_reaches_only_its_call(
    hass: HomeAssistant,
    home: MockConfigEntry,
    hass_client_no_auth: ClientSessionGenerator,
) -> None:
    """The guest column of every command and view: only the call commands, on its socket."""
    client = await hass_client_no_auth()
    token = (await (await client.post(await _guest_link(hass))).json())["token"]
    socket = await client.ws_connect("/api/betti/call/guest/ws")
    await socket.receive_json()
    await socket.send_json({"type": "auth", "access_token": token})
    assert (await socket.receive_json())["type"] == "auth_ok"
    tried = [*COMMAND_ROWS, "get_states", "call_service", "calendar/event/delete"]
    refused = set()
    for msg_id, type_ in enumerate(tried, start=1):
        await socket.send_json({"id": msg_id, "type": type_})
        while (answer := await socket.receive_json())["type"] != "result":
            pass
        if answer.get("error", {}).get("code") == "unknown_command":
            refused.add(type_)
    await socket.close()
    guest_commands = {"betti/call/start", *SHARED}
    assert refused == set(tried) - guest_commands
    # Nor is it a login for HA's own socket or Betti's views.
    # What HA's own socket checks at its auth phase.
    assert hass.auth.async_validate_access_token(token) is None
    report = await hass.services.async_call(
        DOMAIN,
        "create_report",
        {ATTR_CONFIG_ENTRY_ID: home.entry_id, "format": "csv"},
        blocking=True,
        return_response=True,
    )
    download = await client.get(
        str(report["url"]), headers={"Authorization": f"Bearer {token}"}
    )
    assert download.status == 401
