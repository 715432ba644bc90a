"""Diagnostics tell how Betti is doing and nothing about the person."""

import json

from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.betti.db import SCHEMA_VERSION


async def test_diagnostics_are_redacted(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    loaded_alice: MockConfigEntry,
) -> None:
    assert await async_setup_component(hass, "diagnostics", {})
    await hass.services.async_call(
        "betti",
        "log_vital",
        {"kind": "weight", "weight": 71.37, "note": "after breakfast"},
        blocking=True,
    )
    await hass.services.async_call(
        "betti",
        "set_emergency_contacts",
        {"contacts": [{"name": "Bobby Tables", "phone": "+44 7700 900123"}]},
        blocking=True,
    )
    result = await get_diagnostics_for_config_entry(hass, hass_client, loaded_alice)
    text = json.dumps(result)
    for secret in (
        "Alice",
        "person.alice",
        "1948-03-14",
        "162",
        "female",
        "71.37",
        "breakfast",
        "Bobby",
        "900123",
    ):
        assert secret not in text
    assert result["entry"]["data"] == {
        "person": "**REDACTED**",
        "date_of_birth": "**REDACTED**",
        "sex": "**REDACTED**",
        "height": "**REDACTED**",
    }
    assert result["database"]["problem"] is None
    assert result["database"]["schema_version"] == SCHEMA_VERSION
    assert result["database"]["rows"] == {
        "alert_steps": 0,
        "alerts": 0,
        "audit_log": 3,
        "calendars": 0,
        "deliveries": 0,
        "dose_events": 0,
        "medications": 0,
        "moods": 0,
        "vitals": 1,
        **dict.fromkeys(
            ("daily_activity", "meal_items", "meals", "water_log", "workouts"), 0
        ),
        "call_links": 0,
        "calls": 0,
    }
    assert result["database"]["size_bytes"] > 0
