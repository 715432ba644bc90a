"""The dashboards' configuration as ``betti/dashboard`` gives it to the browser."""

import json
from typing import Any

from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, MockUser
from pytest_homeassistant_custom_component.typing import WebSocketGenerator
from syrupy.assertion import SnapshotAssertion

from tests.calls.conftest import Connect, command, next_event
from tests.conftest import profile_entry

pytestmark = pytest.mark.freeze_time("2026-03-01 08:00:00+00:00")


async def _dashboard(
    connect: Connect, layout: str, user: MockUser | None = None
) -> Any:
    reply = await command(await connect(user), type="betti/dashboard", layout=layout)
    assert reply["success"], reply
    return reply["result"]


def _stable(hass: HomeAssistant, config: Any) -> Any:
    """The configuration with each profile's random entry id replaced by its title."""
    text = json.dumps(config)
    for entry in hass.config_entries.async_entries("betti"):
        text = text.replace(entry.entry_id, f"<{entry.title}>")
    return json.loads(text)


async def _log_vitals(hass: HomeAssistant, entry: MockConfigEntry, **when: Any) -> None:
    for data in (
        {"kind": "blood_pressure", "systolic": 128, "diastolic": 82, "pulse": 66},
        {"kind": "weight", "weight": 64.2},
    ):
        await hass.services.async_call(
            "betti",
            "log_vital",
            {"config_entry_id": entry.entry_id, **data, **when},
            blocking=True,
            return_response=True,
        )


@pytest.fixture
def connect(hass: HomeAssistant, hass_ws_client: WebSocketGenerator) -> Connect:
    """Open HA's websocket as a user (the test admin when None)."""

    async def open_as(user: MockUser | None = None) -> Any:
        if user is None:
            return await hass_ws_client(hass)
        refresh = await hass.auth.async_create_refresh_token(user, "https://x.test/")
        return await hass_ws_client(hass, hass.auth.async_create_access_token(refresh))

    return open_as


@pytest.mark.parametrize("layout", ["mirror", "family"])
async def test_one_profile(
    hass: HomeAssistant,
    loaded_alice: MockConfigEntry,
    connect: Connect,
    layout: str,
    snapshot: SnapshotAssertion,
) -> None:
    await _log_vitals(hass, loaded_alice)
    assert _stable(hass, await _dashboard(connect, layout)) == snapshot


@pytest.mark.parametrize("layout", ["mirror", "family"])
async def test_two_profiles(
    hass: HomeAssistant,
    loaded_alice: MockConfigEntry,
    connect: Connect,
    layout: str,
    snapshot: SnapshotAssertion,
) -> None:
    bob = profile_entry("person.bob", "Bob")
    bob.add_to_hass(hass)
    assert await hass.config_entries.async_setup(bob.entry_id)
    await hass.async_block_till_done()
    await _log_vitals(hass, loaded_alice)
    assert _stable(hass, await _dashboard(connect, layout)) == snapshot


async def test_a_person_sees_only_their_own_profile(
    hass: HomeAssistant,
    loaded_alice: MockConfigEntry,
    alice_user: MockUser,
    hass_admin_user: MockUser,
    connect: Connect,
) -> None:
    bob = profile_entry("person.bob", "Bob")
    bob.add_to_hass(hass)
    assert await hass.config_entries.async_setup(bob.entry_id)
    await hass.async_block_till_done()

    for layout in ("mirror", "family"):
        seen_by_alice = await _dashboard(connect, layout, alice_user)
        assert [view["title"] for view in seen_by_alice["views"]] == ["Alice"]
        assert "person.bob" not in str(seen_by_alice)
    assert [
        view["title"] for view in (await _dashboard(connect, "mirror"))["views"]
    ] == [
        "Household",
        "Alice",
        "Bob",
    ]

    hass_admin_user.is_admin = False  # an HA user with no profile of their own
    for layout in ("mirror", "family"):
        nobody = await _dashboard(connect, layout)
        assert "person." not in str(nobody)
        assert "no profile you may see" in str(nobody)


def _call_cards(view: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        card
        for section in view["sections"]
        for card in section["cards"]
        if card["type"] == "custom:betti-call-card"
    ]


async def test_on_their_own_view_a_person_may_call_the_others_they_see(
    hass: HomeAssistant,
    loaded_alice: MockConfigEntry,
    alice_user: MockUser,
    connect: Connect,
) -> None:
    bob = profile_entry("person.bob", "Bob")
    bob.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        bob, options={**bob.options, "shared_with": [alice_user.id]}
    )
    assert await hass.config_entries.async_setup(bob.entry_id)
    await hass.async_block_till_done()
    views = {
        view["title"]: view
        for view in (await _dashboard(connect, "family", alice_user))["views"]
    }
    # Calls ring on Alice's phone, and from her own view she can call Bob.
    assert _call_cards(views["Alice"]) == [
        {
            "type": "custom:betti-call-card",
            "contacts": ["person.bob"],
            "person": "person.alice",
            "grid_options": {"columns": 12},
        }
    ]
    assert _call_cards(views["Bob"])[0]["contacts"] == ["person.bob"]


async def test_a_private_profiles_family_view_offers_the_report_and_adherence(
    hass: HomeAssistant,
    loaded_alice: MockConfigEntry,
    alice_user: MockUser,
    connect: Connect,
) -> None:
    hass.config_entries.async_update_entry(
        loaded_alice, options={**loaded_alice.options, "private": True}
    )
    assert await hass.config_entries.async_reload(loaded_alice.entry_id)
    await hass.async_block_till_done()
    [view] = (await _dashboard(connect, "family", alice_user))["views"]
    cards = view["sections"][0]["cards"]
    assert "button.betti_alice_report_for_the_doctor" in [
        card.get("entity") for card in cards
    ]
    assert {
        "type": "custom:betti-health-card",
        "config_entry_id": loaded_alice.entry_id,
        "part": "adherence",
        "grid_options": {"columns": 12},
    } in cards


async def test_a_private_profiles_card_has_todays_progress_for_the_mirrors_gauges(
    hass: HomeAssistant,
    loaded_alice: MockConfigEntry,
    alice_user: MockUser,
    connect: Connect,
) -> None:
    hass.config_entries.async_update_entry(
        loaded_alice, options={**loaded_alice.options, "private": True}
    )
    assert await hass.config_entries.async_reload(loaded_alice.entry_id)
    await hass.async_block_till_done()
    await hass.services.async_call("betti", "log_water", {"amount": 400}, blocking=True)
    ws = await connect(alice_user)
    reply = await command(
        ws, type="betti/health/subscribe", config_entry_id=loaded_alice.entry_id
    )
    assert reply["success"], reply
    rows = {row["key"]: row["value"] for row in (await next_event(ws))["nutrition"]}
    # Alice's water goal is 1600 ml (EFSA's for her age): 400 ml is a quarter.
    assert rows["water_today"] == 400
    assert rows["water_today_progress"] == 25
    assert {"energy_today_progress", "steps_progress"} <= set(rows)


async def test_a_vital_appears_once_measured_and_disabled_entities_stay_away(
    hass: HomeAssistant, loaded_alice: MockConfigEntry, connect: Connect
) -> None:
    before = str(await _dashboard(connect, "family"))
    assert "sensor.betti_alice_systolic" not in before
    assert "statistics-graph" not in before
    await _log_vitals(hass, loaded_alice)
    one_day = str(await _dashboard(connect, "family"))
    assert "sensor.betti_alice_systolic" in one_day
    # One day's mean is one point: a graph of it would be empty.
    assert "statistics-graph" not in one_day
    await _log_vitals(hass, loaded_alice, measured_at="2026-02-28T08:00:00+00:00")
    after = str(await _dashboard(connect, "family"))
    assert "statistics-graph" in after
    # Mean arterial pressure is disabled by default: never on a dashboard.
    assert "mean_arterial_pressure" not in after


async def test_the_mirror_keeps_room_for_medicines_only_where_there_are_some(
    hass: HomeAssistant, loaded_alice: MockConfigEntry, connect: Connect
) -> None:
    def medicine_cards(config: Any) -> list[str]:
        return [
            view["title"]
            for view in config["views"]
            for section in view["sections"]
            for card in section["cards"]
            if card.get("part") == "medicines"
        ]

    assert medicine_cards(await _dashboard(connect, "mirror")) == []
    await hass.services.async_call(
        "betti",
        "add_medication",
        {
            "config_entry_id": loaded_alice.entry_id,
            "name": "Ramipril",
            "schedules": [{"type": "weekly", "times": ["08:00"]}],
        },
        blocking=True,
        return_response=True,
    )
    await hass.async_block_till_done()
    assert medicine_cards(await _dashboard(connect, "mirror")) == ["Alice"]


async def test_the_mirror_clock_keeps_the_households_time_and_fits_a_phone(
    hass: HomeAssistant, loaded_alice: MockConfigEntry, connect: Connect
) -> None:
    """The clock shows HA's time zone, not the browser's; its long date breaks in two."""
    await hass.config.async_set_time_zone("Europe/Amsterdam")
    clocks = [
        card
        for view in (await _dashboard(connect, "mirror"))["views"]
        for section in view["sections"]
        for card in section["cards"]
        if card["type"] == "clock"
    ]
    assert clocks
    for clock in clocks:
        assert clock["time_zone"] == "Europe/Amsterdam"
        # "woensdag 2 december" in large type is wider than a 390 px phone.
        assert clock["date_format"] == [
            "weekday-long",
            "separator-new-line",
            "day-numeric",
            "month-long",
        ]
