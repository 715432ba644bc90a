"""Private mode: what another household member can read of Alice's health data, and how.

Alice logs a blood pressure of 162/101, takes Sertraline, notes her mood, falls and has a
psychiatrist's appointment. Bob (another member, not an administrator) reads everything
Home Assistant lets any user read; Alice, her carer (the profile is shared with her) and an
administrator read it through Betti's own command.
"""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http import HTTPStatus
import json
import logging
from typing import Any
from urllib.parse import quote

from freezegun.api import FrozenDateTimeFactory
from homeassistant.auth.const import GROUP_ID_USER
from homeassistant.auth.models import User
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import entity_registry as er, restore_state
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)
from pytest_homeassistant_custom_component.typing import (
    ClientSessionGenerator,
    WebSocketGenerator,
)

from custom_components.betti.alerts.escalation import AlertSource, Severity
from custom_components.betti.alerts.raising import async_raise_alert
from custom_components.betti.household.permissions import CONF_SHARED_WITH
from custom_components.betti.household.privacy import CONF_PRIVATE

from ..conftest import profile_entry

NOW = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)
# What Alice logged, as it would appear anywhere.
SECRETS = (
    "162",
    "101",
    "Sertraline",
    "could not sleep",
    "fell in the bathroom",
    "Psychiatrist",
    "Mental health clinic",
)

# Every test reads a household whose statistics HA's recorder compiles.
pytestmark = [pytest.mark.freeze_time(NOW), pytest.mark.usefixtures("recorder_mock")]


@pytest.fixture
async def users(hass: HomeAssistant, hass_admin_user: User) -> dict[str, User]:
    """Alice, Bob (another member), Carol (Alice's carer): ordinary users; Ada: an admin."""
    ordinary = [GROUP_ID_USER]
    return {
        name: await hass.auth.async_create_user(name.title(), group_ids=ordinary)
        for name in ("alice", "bob", "carol")
    } | {"ada": hass_admin_user}


async def _household(
    hass: HomeAssistant, users: dict[str, User], *, private: bool
) -> MockConfigEntry:
    assert await async_setup_component(
        hass,
        "person",
        {
            "person": [
                {"id": "alice", "name": "Alice", "user_id": users["alice"].id},
                {"id": "bob", "name": "Bob", "user_id": users["bob"].id},
            ]
        },
    )
    alice = profile_entry(
        **{CONF_PRIVATE: private, CONF_SHARED_WITH: [users["carol"].id]}
    )
    alice.add_to_hass(hass)
    bob = profile_entry("person.bob", "Bob")
    bob.add_to_hass(hass)
    assert await hass.config_entries.async_setup(alice.entry_id)
    await hass.async_block_till_done()
    await _log_everything(hass, alice)
    return alice


async def _call(
    hass: HomeAssistant, action: str, entry: MockConfigEntry, **data: Any
) -> Any:
    return await hass.services.async_call(
        "betti",
        action,
        {"config_entry_id": entry.entry_id, **data},
        blocking=True,
        return_response=action in {"log_vital", "add_medication", "add_appointment"},
    )


async def _log_everything(hass: HomeAssistant, alice: MockConfigEntry) -> None:
    await _call(
        hass,
        "log_vital",
        alice,
        kind="blood_pressure",
        systolic=162,
        diastolic=101,
        pulse=77,
    )
    await _call(hass, "log_vital", alice, kind="weight", weight=64.2)
    await _call(
        hass,
        "add_medication",
        alice,
        name="Sertraline",
        strength="50 mg",
        form="tablet",
        schedules=[{"type": "weekly", "times": ["08:00"]}],
    )
    await _call(hass, "log_mood", alice, mood=1, note="I could not sleep again")
    await _call(
        hass,
        "add_appointment",
        alice,
        title="Psychiatrist",
        start="2026-03-03T10:00:00",
        location="Mental health clinic",
    )
    await async_raise_alert(
        hass,
        alice,
        source=AlertSource.OTHER,
        severity=Severity.CRITICAL,
        message="Alice fell in the bathroom",
    )
    await hass.async_block_till_done(wait_background_tasks=True)


def _leaks(data: Any) -> list[str]:
    """Which of Alice's values appear in ``data`` (as text, or as a number)."""
    text = json.dumps(data, default=str).casefold()
    words = [secret for secret in SECRETS if not secret.isdigit()]
    found = [word for word in words if word.casefold() in text]
    return found + sorted(
        str(number) for number in _numbers(data) if str(number) in {"162", "101"}
    )


def _numbers(data: Any) -> Iterator[Any]:
    if isinstance(data, dict):
        for value in data.values():
            yield from _numbers(value)
    elif isinstance(data, list | tuple):
        for value in data:
            yield from _numbers(value)
    elif isinstance(data, int | float) and not isinstance(data, bool):
        yield int(data) if float(data).is_integer() else data
    elif isinstance(data, str):
        try:
            number = float(data)
        except ValueError:
            return
        yield int(number) if number.is_integer() else number


class As:
    """One signed-in user's websocket and HTTP clients."""

    def __init__(
        self,
        hass: HomeAssistant,
        ws: WebSocketGenerator,
        http: ClientSessionGenerator,
        user: User,
    ) -> None:
        self.hass, self._ws, self._http, self.user = hass, ws, http, user
        self._id = 0

    async def _token(self) -> str:
        refresh = await self.hass.auth.async_create_refresh_token(
            self.user, "https://x.test/"
        )
        return self.hass.auth.async_create_access_token(refresh)

    async def ws(self, **msg: Any) -> dict[str, Any]:
        client = await self._ws(self.hass, await self._token())
        await client.send_json_auto_id(msg)
        reply = await client.receive_json()
        if reply.get("success") and msg["type"].endswith("subscribe"):
            return await client.receive_json()
        return reply

    async def get(self, path: str) -> tuple[int, Any]:
        client = await self._http(await self._token())
        response = await client.get(path)
        body = await response.text()
        return response.status, body

    async def action(self, domain: str, service: str, **data: Any) -> Any:
        return await self.hass.services.async_call(
            domain,
            service,
            data,
            blocking=True,
            return_response=True,
            context=Context(user_id=self.user.id),
        )


@pytest.fixture
def as_user(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    hass_client: ClientSessionGenerator,
    users: dict[str, User],
) -> Any:
    """Act as one of the household's users."""
    return lambda name: As(hass, hass_ws_client, hass_client, users[name])


async def _everything_bob_can_read(hass: HomeAssistant, bob: As) -> dict[str, Any]:
    """Every path HA opens to any signed-in user, as Bob."""
    states = (await bob.ws(type="get_states"))["result"]
    seen: dict[str, Any] = {"states": states}
    end = (NOW + timedelta(days=30)).isoformat()
    calendars = [
        s["entity_id"] for s in states if s["entity_id"].startswith("calendar.")
    ]
    todos = [s["entity_id"] for s in states if s["entity_id"].startswith("todo.")]
    if calendars:
        seen["calendar.get_events"] = await bob.action(
            "calendar",
            "get_events",
            entity_id=calendars,
            start_date_time=NOW.isoformat(),
            end_date_time=end,
        )
    if todos:
        seen["todo.get_items"] = await bob.action("todo", "get_items", entity_id=todos)
    seen["GET /api/calendars"] = await bob.get("/api/calendars")
    seen["GET appointments"] = await bob.get(
        "/api/calendars/calendar.betti_alice_appointments"
        f"?start={quote(NOW.isoformat())}&end={quote(end)}"
    )
    were_alices = [
        f"sensor.betti_alice_{key}"
        for key in ("systolic", "diastolic", "mood", "last_alert", "next_dose")
    ] + ["calendar.betti_alice_appointments", "todo.betti_alice_medications_today"]
    seen["history"] = await bob.ws(
        type="history/history_during_period",
        start_time=(NOW - timedelta(days=1)).isoformat(),
        entity_ids=[s["entity_id"] for s in states] + were_alices,
    )
    ids = await bob.ws(type="recorder/list_statistic_ids")
    seen["statistic ids"] = ids["result"]
    seen["statistics"] = await bob.ws(
        type="recorder/statistics_during_period",
        start_time=(NOW - timedelta(days=1)).isoformat(),
        statistic_ids=[row["statistic_id"] for row in ids["result"]]
        + ["sensor.betti_alice_systolic"],
        period="5minute",
    )
    for layout in ("mirror", "family"):
        seen[layout] = await bob.ws(type="betti/dashboard", layout=layout)
    return seen


async def _compile_statistics(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """Let the recorder run its 5-minute statistics over the logged values."""
    for minutes in (5, 10, 15):
        freezer.move_to(NOW + timedelta(minutes=minutes, seconds=10))
        async_fire_time_changed(hass)
        await async_wait_recording_done(hass)
        await hass.async_block_till_done(wait_background_tasks=True)


@pytest.fixture
def mock_recorder_before_hass(async_test_recorder: Any) -> Iterator[None]:
    """Prepare the recorder before HA starts, quietly (see test_vital_statistics)."""
    engine = logging.getLogger("sqlalchemy.engine")
    level = engine.level
    engine.setLevel(logging.WARNING)
    yield
    engine.setLevel(level)


@pytest.fixture
def enable_statistics() -> bool:
    """Let the recorder compile statistics, as it does in a real HA."""
    return True


async def test_private_profile_shows_another_member_nothing(
    hass: HomeAssistant,
    users: dict[str, User],
    as_user: Any,
    freezer: FrozenDateTimeFactory,
) -> None:
    alice = await _household(hass, users, private=True)
    await _compile_statistics(hass, freezer)

    seen = await _everything_bob_can_read(hass, as_user("bob"))

    assert _leaks(seen) == []
    # The mirror's neutral states are still there, for automations and the mirror's cards.
    assert hass.states.get("binary_sensor.betti_alice_alert_active").state == "on"
    # 162 is above Alice's limit: automations hear of it, without the value.
    vital_event = hass.states.get("event.betti_alice_vital_out_of_range")
    assert vital_event.attributes["event_type"] == "high"
    assert hass.states.get("calendar.betti_alice_appointments") is None
    assert hass.states.get("todo.betti_alice_medications_today") is None
    assert seen["GET appointments"][0] == HTTPStatus.BAD_REQUEST  # "Entity not found"
    # Bob may not ask Betti either.
    refused = await as_user("bob").ws(
        type="betti/health/subscribe", config_entry_id=alice.entry_id
    )
    assert refused["success"] is False
    assert refused["error"]["code"] == "unauthorized"


@pytest.mark.parametrize("who", ["alice", "carol", "ada"])
async def test_person_carer_and_admin_still_see_everything(
    hass: HomeAssistant,
    users: dict[str, User],
    as_user: Any,
    who: str,
) -> None:
    alice = await _household(hass, users, private=True)

    health = await as_user(who).ws(
        type="betti/health/subscribe", config_entry_id=alice.entry_id
    )
    dashboard = await as_user(who).ws(type="betti/dashboard", layout="mirror")

    assert sorted(set(_leaks(health["event"]))) == sorted(SECRETS)
    # The dashboard reads the values through Betti's card, which asks as the viewer.
    cards = json.dumps(dashboard["result"])
    assert f'"config_entry_id": "{alice.entry_id}"' in cards
    assert "custom:betti-health-card" in cards
    assert _leaks(dashboard["result"]) == []


async def test_without_private_mode_everyone_reads_the_entities_as_before(
    hass: HomeAssistant,
    users: dict[str, User],
    as_user: Any,
    freezer: FrozenDateTimeFactory,
) -> None:
    await _household(hass, users, private=False)
    await _compile_statistics(hass, freezer)

    seen = await _everything_bob_can_read(hass, as_user("bob"))

    assert float(hass.states.get("sensor.betti_alice_systolic").state) == 162
    assert sorted(set(_leaks(seen))) == sorted(SECRETS)
    assert seen["GET appointments"][0] == 200
    # The mirror's own card shows medicines, alerts and help; the values stay in entities.
    mirror = json.dumps(
        await as_user("alice").ws(type="betti/dashboard", layout="mirror")
    )
    assert '"part": "vitals"' not in mirror
    assert '"part": "today"' not in mirror


async def test_turning_private_on_forgets_the_old_entities_and_statistics(
    hass: HomeAssistant,
    users: dict[str, User],
    as_user: Any,
    freezer: FrozenDateTimeFactory,
) -> None:
    alice = await _household(hass, users, private=False)
    await _compile_statistics(hass, freezer)

    hass.config_entries.async_update_entry(
        alice, options={**alice.options, CONF_PRIVATE: True}
    )
    assert await hass.config_entries.async_reload(alice.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    await async_wait_recording_done(hass)

    assert er.async_get(hass).async_get("sensor.betti_alice_systolic") is None
    # Nor does HA's restore-state file (.storage/core.restore_state, in backups) keep them.
    stored = restore_state.async_get(hass).async_get_stored_states()
    assert any(s.state.entity_id.startswith("event.betti_alice") for s in stored)
    assert _leaks([state.as_dict() for state in stored]) == []
    seen = await _everything_bob_can_read(hass, as_user("bob"))
    assert _leaks(seen) == []


async def test_the_health_card_follows_new_readings_with_the_weeks_means(
    hass: HomeAssistant,
    users: dict[str, User],
    hass_ws_client: WebSocketGenerator,
) -> None:
    alice = await _household(hass, users, private=True)
    refresh = await hass.auth.async_create_refresh_token(users["alice"], "https://x/")
    ws = await hass_ws_client(hass, hass.auth.async_create_access_token(refresh))
    await ws.send_json_auto_id(
        {"type": "betti/health/subscribe", "config_entry_id": alice.entry_id}
    )
    assert (await ws.receive_json())["success"]
    first = (await ws.receive_json())["event"]
    # 07:00 UTC is still 1 March in HA's time zone (US/Pacific in tests).
    assert _systolic_week(162.0) in first["trends"]

    await _call(
        hass, "log_vital", alice, kind="blood_pressure", systolic=150, diastolic=95
    )
    await hass.async_block_till_done(wait_background_tasks=True)
    while (event := (await ws.receive_json())["event"])["trends"] == first["trends"]:
        pass
    assert _systolic_week(156.0) in event["trends"]
    latest = next(row for row in event["vitals"] if row["key"] == "systolic")
    assert latest["value"] == 150


def _systolic_week(mean: float) -> dict[str, Any]:
    return {
        "key": "systolic",
        "unit": "mmHg",
        "days": [{"day": "2026-03-01", "mean": mean}],
    }
