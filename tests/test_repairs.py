"""A damaged database raises a repair issue and Betti stops writing to it."""

from pathlib import Path

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.betti.const import DOMAIN
from custom_components.betti.db import Database

from .db.test_database import damage, scribble_over_a_page


async def test_damaged_database_raises_an_issue_and_is_left_alone(
    hass: HomeAssistant,
    issue_registry: ir.IssueRegistry,
    persons: None,
    alice_entry: MockConfigEntry,
) -> None:
    path = Path(hass.config.path("betti/betti.db"))
    path.parent.mkdir()
    damage(path)
    before = path.read_bytes()
    alice_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(alice_entry.entry_id)
    # The profile still loads; what cannot be read shows as unavailable.
    assert alice_entry.state is ConfigEntryState.LOADED
    assert hass.states.get("sensor.betti_alice_weight").state == STATE_UNAVAILABLE
    issue = issue_registry.async_get_issue(DOMAIN, "database_damaged")
    assert issue is not None
    assert issue.severity is ir.IssueSeverity.ERROR
    assert issue.translation_placeholders == {"path": str(path)}
    assert await hass.config_entries.async_unload(alice_entry.entry_id)
    await hass.config_entries.async_remove(alice_entry.entry_id)
    assert path.read_bytes() == before


async def test_damage_found_after_a_quick_start_raises_the_issue(
    hass: HomeAssistant,
    issue_registry: ir.IssueRegistry,
    persons: None,
    alice_entry: MockConfigEntry,
) -> None:
    """A file in use opens at once; its check runs behind, and damage still surfaces."""
    path = Path(hass.config.path("betti/betti.db"))
    database = Database(path)
    await database.async_open()
    await database.async_write(
        lambda conn: conn.executescript(
            "CREATE TABLE filler (x TEXT);"
            + "INSERT INTO filler VALUES (printf('%.200c', 'x'));" * 500
        )
    )
    await database.async_close()
    scribble_over_a_page(path)
    alice_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(alice_entry.entry_id)
    await hass.async_block_till_done()
    issue = issue_registry.async_get_issue(DOMAIN, "database_damaged")
    assert issue is not None
    assert alice_entry.runtime_data.database.read_only
