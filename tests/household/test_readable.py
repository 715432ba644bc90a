"""A profile that is not private is readable by every login: a user added later is told about.

Home Assistant shows every entity's state to every signed-in user, so a profile's readings are
theirs to read unless the profile is private. The choice is made when the profile is added; a
login added afterwards (a visitor, a new carer) must not quietly widen who reads them.
"""

from homeassistant.auth.const import GROUP_ID_USER
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.betti.const import DOMAIN


def _issue(hass: HomeAssistant, entry: MockConfigEntry) -> ir.IssueEntry | None:
    return ir.async_get(hass).async_get_issue(DOMAIN, f"readable_{entry.entry_id}")


async def _reconfigure(
    hass: HomeAssistant, entry: MockConfigEntry, **options: object
) -> None:
    """Change the options and reload, as the options flow does."""
    hass.config_entries.async_update_entry(entry, options={**entry.options, **options})
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()


async def test_a_login_added_later_is_named_until_the_profile_is_private_or_shared(
    hass: HomeAssistant, loaded_alice: MockConfigEntry
) -> None:
    assert _issue(hass, loaded_alice) is None  # only Alice signs in

    visitor = await hass.auth.async_create_user("Visitor", group_ids=[GROUP_ID_USER])
    await hass.async_block_till_done()
    issue = _issue(hass, loaded_alice)
    assert issue is not None
    assert issue.translation_placeholders == {"name": "Alice", "users": "Visitor"}

    await _reconfigure(hass, loaded_alice, shared_with=[visitor.id])
    assert _issue(hass, loaded_alice) is None

    await _reconfigure(hass, loaded_alice, shared_with=[])
    assert _issue(hass, loaded_alice) is not None
    await _reconfigure(hass, loaded_alice, private=True)
    assert _issue(hass, loaded_alice) is None


async def test_an_administrator_or_a_removed_login_is_no_reason(
    hass: HomeAssistant, loaded_alice: MockConfigEntry
) -> None:
    await hass.auth.async_create_user("Admin", group_ids=["system-admin"])
    visitor = await hass.auth.async_create_user("Visitor", group_ids=[GROUP_ID_USER])
    await hass.async_block_till_done()
    assert _issue(hass, loaded_alice) is not None

    await hass.auth.async_remove_user(visitor)
    await hass.async_block_till_done()
    assert _issue(hass, loaded_alice) is None
