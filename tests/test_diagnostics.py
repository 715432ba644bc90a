"""Diagnostics tell how Betti is doing and nothing about the person."""

import json
import re

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
    hass.services.async_register("notify", "sms_gateway", lambda _: None)
    await hass.services.async_call(
        "betti",
        "set_emergency_contacts",
        {
            "contacts": [
                {
                    "name": "Bobby Tables",
                    "phone": "+44 7700 900123",
                    "notify_target": "notify.sms_gateway",
                }
            ]
        },
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
        # Whole words: a timestamp's microseconds may hold the height's digits.
        assert not re.search(rf"\b{re.escape(secret)}\b", text), secret
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
        "appointment_occurrences": 0,
    }
    assert result["database"]["size_bytes"] > 0


async def test_scale_consent_codes_are_redacted(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    loaded_alice: MockConfigEntry,
) -> None:
    assert await async_setup_component(hass, "diagnostics", {})
    scale = MockConfigEntry(
        domain="betti",
        unique_id="A4:C1:38:00:00:02",
        title="Scale",
        data={"address": "A4:C1:38:00:00:02", "device_kind": "scale"},
        options={
            "profiles": [loaded_alice.entry_id],
            "device_users": {loaded_alice.entry_id: 1},
            "consent_codes": {loaded_alice.entry_id: 4821},
        },
    )
    scale.add_to_hass(hass)
    assert await hass.config_entries.async_setup(scale.entry_id)
    result = await get_diagnostics_for_config_entry(hass, hass_client, scale)
    assert "4821" not in json.dumps(result)
    assert result["entry"]["options"]["consent_codes"] == "**REDACTED**"
    assert result["entry"]["options"]["device_users"] == {loaded_alice.entry_id: 1}
