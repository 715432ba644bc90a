"""Setting up, unloading, reloading and removing profiles."""

from pathlib import Path

from homeassistant import loader
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_test_home_assistant,
)

from custom_components.betti.const import DOMAIN

from .conftest import db_rows, profile_entry, stop_home_assistant


async def test_profile_becomes_a_device_and_a_row(
    hass: HomeAssistant,
    device_registry: dr.DeviceRegistry,
    loaded_alice: MockConfigEntry,
) -> None:
    assert loaded_alice.state is ConfigEntryState.LOADED
    device = device_registry.async_get_device_by_identifier(
        (DOMAIN, loaded_alice.entry_id), loaded_alice.entry_id
    )
    assert device is not None
    assert device.name == "Betti · Alice"
    assert db_rows(hass, "SELECT id, person_entity_id, name FROM profiles") == [
        (loaded_alice.entry_id, "person.alice", "Alice")
    ]
    assert db_rows(hass, "SELECT action FROM audit_log") == [("profile_created",)]


async def test_unload_and_reload(
    hass: HomeAssistant, loaded_alice: MockConfigEntry
) -> None:
    assert await hass.config_entries.async_unload(loaded_alice.entry_id)
    assert loaded_alice.state is ConfigEntryState.NOT_LOADED
    assert await hass.config_entries.async_reload(loaded_alice.entry_id)
    assert loaded_alice.state is ConfigEntryState.LOADED
    # Reloading an unchanged profile changes nothing in the database.
    assert db_rows(hass, "SELECT action FROM audit_log") == [("profile_created",)]


async def test_rename_is_recorded(
    hass: HomeAssistant,
    device_registry: dr.DeviceRegistry,
    loaded_alice: MockConfigEntry,
) -> None:
    hass.config_entries.async_update_entry(loaded_alice, title="Granny")
    assert await hass.config_entries.async_reload(loaded_alice.entry_id)
    assert db_rows(hass, "SELECT name FROM profiles") == [("Granny",)]
    assert db_rows(hass, "SELECT action FROM audit_log ORDER BY id") == [
        ("profile_created",),
        ("profile_updated",),
    ]
    device = device_registry.async_get_device_by_identifier(
        (DOMAIN, loaded_alice.entry_id), loaded_alice.entry_id
    )
    assert device is not None
    assert device.name == "Betti · Granny"


async def test_removing_a_profile_deletes_its_data_only(
    hass: HomeAssistant, loaded_alice: MockConfigEntry
) -> None:
    bob = profile_entry("person.bob", "Bob")
    bob.add_to_hass(hass)
    assert await hass.config_entries.async_setup(bob.entry_id)
    await hass.config_entries.async_remove(loaded_alice.entry_id)
    assert db_rows(hass, "SELECT name FROM profiles") == [("Bob",)]
    assert db_rows(hass, "SELECT DISTINCT profile_id FROM audit_log") == [
        (bob.entry_id,)
    ]


@pytest.mark.own_hass
async def test_profiles_survive_a_restart(hass_tmp_config_dir: str) -> None:
    """What was committed before HA stopped is there, unchanged, when it starts again."""
    entry = profile_entry()
    async with async_test_home_assistant(config_dir=hass_tmp_config_dir) as first:
        first.data.pop(loader.DATA_CUSTOM_COMPONENTS)
        assert await async_setup_component(
            first, "person", {"person": [{"id": "alice", "name": "Alice"}]}
        )
        entry.add_to_hass(first)
        assert await first.config_entries.async_setup(entry.entry_id)
        created = db_rows(first, "SELECT created_at FROM profiles")
        await stop_home_assistant(first)
    assert not Path(hass_tmp_config_dir, "betti/betti.db-wal").exists() or (
        Path(hass_tmp_config_dir, "betti/betti.db-wal").stat().st_size == 0
    )
    async with async_test_home_assistant(config_dir=hass_tmp_config_dir) as second:
        second.data.pop(loader.DATA_CUSTOM_COMPONENTS)
        assert await async_setup_component(
            second, "person", {"person": [{"id": "alice", "name": "Alice"}]}
        )
        entry = MockConfigEntry(
            domain=DOMAIN,
            entry_id=entry.entry_id,
            title=entry.title,
            unique_id=entry.unique_id,
            data=dict(entry.data),
            options=dict(entry.options),
        )
        entry.add_to_hass(second)
        assert await second.config_entries.async_setup(entry.entry_id)
        assert db_rows(second, "SELECT created_at FROM profiles") == created
        assert db_rows(second, "SELECT action FROM audit_log") == [("profile_created",)]
        await stop_home_assistant(second)
