"""Emergency contacts and mood actions: what they store, and what they refuse."""

from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from ..conftest import db_rows

BOB = {
    "name": "Bob",
    "relation": "Son",
    "phone": "+44 7700 900123",
    "notify_target": "notify.mobile_app_bob_phone",
}


def _audit_count(hass: HomeAssistant) -> int:
    return int(db_rows(hass, "SELECT count(*) FROM audit_log")[0][0])  # type: ignore[call-overload]


async def test_set_emergency_contacts(
    hass: HomeAssistant, loaded_alice: MockConfigEntry, phones: Any
) -> None:
    carol = {
        "name": "Carol",
        "phone": "0161 496 0000",
        "notify_target": "notify.mobile_app_carol_phone",
    }
    await hass.services.async_call(
        "betti", "set_emergency_contacts", {"contacts": [carol, BOB]}, blocking=True
    )
    # Order is priority; missing fields are stored empty.
    assert loaded_alice.options["emergency_contacts"] == [
        {
            "name": "Carol",
            "relation": "",
            "phone": "0161 496 0000",
            "notify_target": "notify.mobile_app_carol_phone",
        },
        BOB,
    ]
    assert db_rows(hass, "SELECT action FROM audit_log ORDER BY id DESC LIMIT 1") == [
        ("emergency_contacts_set",)
    ]


@pytest.mark.parametrize(
    ("contacts", "message"),
    [
        (
            [{**BOB, "phone": "ring ring"}],
            "Contact 1 has a phone number that is not a number",
        ),
        (
            [BOB, {**BOB, "notify_target": "notify.mobile_app_nobody"}],
            "Contact 2's phone app is not a notify service in Home Assistant",
        ),
        ([{"relation": "Son", "phone": "123"}], "Contact 1 needs a name"),
        ([{"name": "Bob"}], "Contact 1 needs a way for Betti to reach them"),
        ([BOB] * 11, "At most 10 emergency contacts"),
        ("Bob", "The contacts must be a list"),
    ],
)
async def test_bad_contacts_change_nothing(
    hass: HomeAssistant,
    loaded_alice: MockConfigEntry,
    phones: Any,
    contacts: Any,
    message: str,
) -> None:
    before = _audit_count(hass)
    with pytest.raises(ServiceValidationError, match=message):
        await hass.services.async_call(
            "betti", "set_emergency_contacts", {"contacts": contacts}, blocking=True
        )
    assert "emergency_contacts" not in loaded_alice.options
    assert _audit_count(hass) == before


async def test_log_mood(hass: HomeAssistant, loaded_alice: MockConfigEntry) -> None:
    assert hass.states.get("sensor.betti_alice_mood").state == "unknown"
    response = await hass.services.async_call(
        "betti",
        "log_mood",
        {"mood": 4, "note": " walked to the shop "},
        blocking=True,
        return_response=True,
    )
    state = hass.states.get("sensor.betti_alice_mood")
    assert state.state == "4"
    assert state.attributes["note"] == "walked to the shop"
    assert db_rows(hass, "SELECT id, score, note FROM moods") == [
        (response["mood_id"], 4, "walked to the shop")
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"mood": 0}, "Mood must be a whole number from 1 \\(very low\\) to 5"),
        ({"mood": 6}, "to 5 \\(very good\\)"),
        ({"mood": 3, "note": "x" * 501}, "at most 500 characters"),
    ],
)
async def test_bad_mood_writes_nothing(
    hass: HomeAssistant,
    loaded_alice: MockConfigEntry,
    data: dict[str, Any],
    message: str,
) -> None:
    before = _audit_count(hass)
    with pytest.raises(ServiceValidationError, match=message):
        await hass.services.async_call("betti", "log_mood", data, blocking=True)
    assert db_rows(hass, "SELECT count(*) FROM moods") == [(0,)]
    assert _audit_count(hass) == before


async def test_get_alerts_refuses_a_backwards_range(
    hass: HomeAssistant, loaded_alice: MockConfigEntry
) -> None:
    with pytest.raises(
        ServiceValidationError, match="The start must be before the end"
    ):
        await hass.services.async_call(
            "betti",
            "get_alerts",
            {"start": "2026-03-02T00:00:00+00:00", "end": "2026-03-01T00:00:00+00:00"},
            blocking=True,
            return_response=True,
        )
