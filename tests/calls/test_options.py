"""The "Video calls" group of a profile's options."""

from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from pytest_homeassistant_custom_component.common import MockConfigEntry


async def _calls_step(hass: HomeAssistant, entry: MockConfigEntry) -> str:
    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "calls"}
    )
    assert result["step_id"] == "calls"
    return str(result["flow_id"])


async def test_calls_options_are_checked_and_saved_beside_the_others(
    hass: HomeAssistant, alice_entry: MockConfigEntry
) -> None:
    alice_entry.add_to_hass(hass)
    flow_id = await _calls_step(hass, alice_entry)
    result = await hass.config_entries.options.async_configure(
        flow_id,
        {"turn_urls": ["http://turn.example.com"], "call_open_path": "lovelace"},
    )
    assert result["errors"] == {
        "turn_urls": "invalid_turn_url",
        "call_open_path": "invalid_open_path",
    }
    result = await hass.config_entries.options.async_configure(
        flow_id,
        {
            "call_notify": ["mobile_app_alices_phone"],
            "turn_urls": ["turns:turn.example.com:5349"],
            "turn_username": "betti",
            "turn_credential": "s3cret",
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert alice_entry.options["weight_unit"] == "kg"  # the units group is kept
    assert alice_entry.options["turn_urls"] == ["turns:turn.example.com:5349"]

    # Emptying a field removes that setting.
    flow_id = await _calls_step(hass, alice_entry)
    await hass.config_entries.options.async_configure(
        flow_id, {"call_notify": ["mobile_app_alices_phone"]}
    )
    assert "turn_urls" not in alice_entry.options
    assert "turn_credential" not in alice_entry.options
