"""Adding a Bluetooth health device: discovered or picked, and whose it is."""

from unittest.mock import patch

from homeassistant.config_entries import SOURCE_BLUETOOTH, SOURCE_USER
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.betti.const import DOMAIN

from ..conftest import health_advertisement

CUFF = health_advertisement()


async def test_discovered_cuff_is_assigned_to_people(
    hass: HomeAssistant, household: tuple[MockConfigEntry, MockConfigEntry]
) -> None:
    alice, bob = household
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_BLUETOOTH}, data=CUFF
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "device_profiles"
    offered = result["data_schema"].schema["profiles"].config["options"]
    assert offered == [
        {"value": alice.entry_id, "label": "Alice"},
        {"value": bob.entry_id, "label": "Bob"},
    ]
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"profiles": [], "pair": False}
    )
    assert result["errors"] == {"profiles": "no_profile_chosen"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"profiles": [alice.entry_id, bob.entry_id], "pair": True}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "BLESmart_0000021F"
    assert result["data"] == {
        "address": CUFF.address,
        "device_kind": "blood_pressure_monitor",
    }
    assert result["options"] == {
        "profiles": [alice.entry_id, bob.entry_id],
        "pair": True,
    }
    # Seen again later: already set up.
    again = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_BLUETOOTH}, data=CUFF
    )
    assert again["reason"] == "already_configured"


async def test_devices_need_a_person_first(hass: HomeAssistant) -> None:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_BLUETOOTH}, data=CUFF
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "no_profiles"


async def test_other_bluetooth_devices_are_not_health_devices(
    hass: HomeAssistant, loaded_alice: MockConfigEntry
) -> None:
    speaker = health_advertisement(service_uuid="0000110b-0000-1000-8000-00805f9b34fb")
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_BLUETOOTH}, data=speaker
    )
    assert result["reason"] == "not_supported"


async def test_pick_a_device_from_the_list(
    hass: HomeAssistant, loaded_alice: MockConfigEntry
) -> None:
    scale = health_advertisement(
        "A4:C1:38:00:00:02", "Scale", "0000181d-0000-1000-8000-00805f9b34fb"
    )
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    with patch(
        "custom_components.betti.devices.flow.async_discovered_service_info",
        return_value=[],
    ):
        empty = await hass.config_entries.flow.async_configure(
            result["flow_id"], {"next_step_id": "device"}
        )
    assert empty["reason"] == "no_devices_found"
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    with patch(
        "custom_components.betti.devices.flow.async_discovered_service_info",
        return_value=[CUFF, scale],
    ):
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {"next_step_id": "device"}
        )
        assert result["step_id"] == "device"
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {"address": scale.address}
        )
    assert result["step_id"] == "device_profiles"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"profiles": [loaded_alice.entry_id]}
    )
    assert result["data"]["device_kind"] == "scale"
    assert result["options"] == {"profiles": [loaded_alice.entry_id], "pair": False}


async def test_change_who_uses_a_device(
    hass: HomeAssistant, household: tuple[MockConfigEntry, MockConfigEntry]
) -> None:
    alice, bob = household
    device = MockConfigEntry(
        domain=DOMAIN,
        unique_id=CUFF.address,
        title="Cuff",
        data={"address": CUFF.address, "device_kind": "blood_pressure_monitor"},
        options={"profiles": [alice.entry_id], "pair": False},
    )
    device.add_to_hass(hass)
    result = await hass.config_entries.options.async_init(device.entry_id)
    # A cuff has no user list: straight to its people.
    assert result["step_id"] == "people"
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"profiles": [], "pair": False}
    )
    assert result["errors"] == {"profiles": "no_profile_chosen"}
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"profiles": [alice.entry_id, bob.entry_id], "pair": False}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert device.options["profiles"] == [alice.entry_id, bob.entry_id]
    reconfigure = await device.start_reconfigure_flow(hass)
    assert reconfigure["reason"] == "nothing_to_reconfigure"
