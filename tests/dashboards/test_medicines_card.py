"""The mirror's medicines, as Betti's card gets them: names, times and states in words."""

from typing import Any

from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

# 12:05 in London (on UTC in March): the 12:00 dose is due, the 07:00 one long past.
pytestmark = pytest.mark.freeze_time("2026-03-02 12:05:00+00:00")


async def _health(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator, entry: MockConfigEntry
) -> dict[str, Any]:
    ws = await hass_ws_client(hass)
    await ws.send_json_auto_id(
        {"type": "betti/health/subscribe", "config_entry_id": entry.entry_id}
    )
    assert (await ws.receive_json())["success"]
    event: dict[str, Any] = (await ws.receive_json())["event"]
    return event


async def test_each_dose_says_what_to_do_in_words(
    hass: HomeAssistant,
    loaded_alice: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    await hass.config.async_set_time_zone("Europe/London")
    added = await hass.services.async_call(
        "betti",
        "add_medication",
        {
            "config_entry_id": loaded_alice.entry_id,
            "name": "Ramipril",
            "strength": "5 mg",
            "form": "tablet",
            "schedules": [
                {
                    "type": "weekly",
                    "times": ["07:00", "08:00", "12:00", "19:00"],
                    "start": "2026-03-02",
                }
            ],
        },
        blocking=True,
        return_response=True,
    )
    assert added is not None
    await hass.services.async_call(
        "betti",
        "mark_dose",
        {
            "config_entry_id": loaded_alice.entry_id,
            "medication_id": added["medication_id"],
            "due": "2026-03-02T08:00:00+00:00",
            "status": "taken",
            "at": "2026-03-02T08:04:00+00:00",
        },
        blocking=True,
        return_response=True,
    )

    health = await _health(hass, hass_ws_client, loaded_alice)

    assert [
        (dose["name"], dose["time"], dose["status"], dose["done"])
        for dose in health["doses"]
    ] == [
        ("Ramipril 5 mg", "07:00", "Missed", False),
        ("Ramipril 5 mg", "08:00", "Taken 08:04", True),
        ("Ramipril 5 mg", "12:00", "Take now", False),
        ("Ramipril 5 mg", "19:00", "Later today 19:00", False),
    ]
    assert health["doses"][0]["amount"] == "1 tablet"
    # The card's own words come translated with the data.
    assert health["texts"]["call_for_help_confirm"] == "Call for help now?"


async def test_an_alert_comes_with_what_to_do_about_it(
    hass: HomeAssistant,
    loaded_alice: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    await hass.services.async_call(
        "button",
        "press",
        {"entity_id": "button.betti_alice_call_for_help"},
        blocking=True,
    )
    await hass.async_block_till_done(wait_background_tasks=True)

    health = await _health(hass, hass_ws_client, loaded_alice)

    (alert,) = health["alerts"]
    # The card shows the words for the alert's source under its message.
    assert alert["source"] == "panic"
    assert health["texts"][f"alert_do_{alert['source']}"] == (
        "Your contacts have been told. Tap “I'm on it” once someone is with you."
    )
