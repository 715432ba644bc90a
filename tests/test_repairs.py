"""A damaged database raises a repair issue and Betti stops writing to it."""

from pathlib import Path

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.betti.const import DOMAIN

from .db.test_database import damage


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


async def test_issue_clears_once_the_file_is_healthy(
    hass: HomeAssistant, issue_registry: ir.IssueRegistry, loaded_alice: MockConfigEntry
) -> None:
    """An issue left from an earlier start goes away when the database checks out."""
    ir.async_create_issue(
        hass,
        DOMAIN,
        "database_damaged",
        is_fixable=False,
        severity=ir.IssueSeverity.ERROR,
        translation_key="database_damaged",
    )
    assert await hass.config_entries.async_reload(loaded_alice.entry_id)
    assert issue_registry.async_get_issue(DOMAIN, "database_damaged") is None
