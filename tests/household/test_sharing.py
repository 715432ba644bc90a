"""Sharing a profile with other HA users, and which profile a call without one is for."""

from typing import Any

from homeassistant.auth.const import GROUP_ID_USER
from homeassistant.const import ATTR_CONFIG_ENTRY_ID
from homeassistant.core import Context, HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.exceptions import ServiceValidationError, Unauthorized
from homeassistant.helpers.translation import async_get_translations
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, MockUser

from ..conftest import db_rows


@pytest.fixture
async def people(hass: HomeAssistant, alice_user: MockUser) -> dict[str, MockUser]:
    """Plain users: Alice, Bob (each with a person), Carol the carer and Dave."""
    group = await hass.auth.async_get_group(GROUP_ID_USER)
    assert group is not None
    users = {"alice": alice_user} | {
        name: MockUser(name=name.title()).add_to_hass(hass)
        for name in ("bob", "carol", "dave")
    }
    for user in users.values():
        user.groups = [group]
        user.invalidate_cache()
    return users


@pytest.fixture
async def persons(hass: HomeAssistant, people: dict[str, MockUser]) -> None:
    """Alice and Bob, each linked to their login."""
    assert await async_setup_component(
        hass,
        "person",
        {
            "person": [
                {"id": name, "name": name.title(), "user_id": people[name].id}
                for name in ("alice", "bob")
            ]
        },
    )


async def _share(hass: HomeAssistant, entry: MockConfigEntry, *users: MockUser) -> None:
    hass.config_entries.async_update_entry(
        entry, options={**entry.options, "shared_with": [u.id for u in users]}
    )
    await hass.async_block_till_done()


async def _log_water(
    hass: HomeAssistant, user: MockUser | None, **data: Any
) -> list[tuple[object, ...]]:
    """Log a glass as this user; return whose water was logged, by profile title."""
    await hass.services.async_call(
        "betti",
        "log_water",
        {"amount": 200, **data},
        blocking=True,
        context=Context(user_id=user.id if user else None),
    )
    return db_rows(
        hass,
        "SELECT p.name FROM water_log w JOIN profiles p ON p.id = w.profile_id"
        " ORDER BY w.id DESC LIMIT 1",
    )


async def test_the_options_offer_the_households_users_and_sharing_lets_them_act(
    hass: HomeAssistant,
    loaded_alice: MockConfigEntry,
    people: dict[str, MockUser],
    hass_admin_user: MockUser,
) -> None:
    with pytest.raises(Unauthorized):
        await _log_water(hass, people["carol"])
    result = await hass.config_entries.options.async_init(loaded_alice.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "sharing"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["description_placeholders"] == {"name": "Alice"}
    offered = result["data_schema"].schema["shared_with"].config["options"]
    # Not Alice herself, nor an administrator: they may anyway.
    assert [o["label"] for o in offered] == ["Bob", "Carol", "Dave"]
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"shared_with": [people["carol"].id]}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert loaded_alice.options["shared_with"] == [people["carol"].id]
    assert loaded_alice.options["weight_unit"] == "kg"  # the other settings stay
    assert await _log_water(hass, people["carol"]) == [("Alice",)]
    assert db_rows(hass, "SELECT user_id FROM audit_log WHERE action = 'water_logged'")[
        -1
    ] == (people["carol"].id,)


async def test_sharing_says_so_when_there_is_nobody_to_share_with(
    hass: HomeAssistant,
    loaded_alice: MockConfigEntry,
    people: dict[str, MockUser],
    hass_admin_user: MockUser,
) -> None:
    # Only Alice herself and an administrator can sign in: nobody else to pick.
    for name in ("bob", "carol", "dave"):
        await hass.auth.async_remove_user(people[name])
    result = await hass.config_entries.options.async_init(loaded_alice.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "sharing"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "nobody_to_share_with"
    assert result["description_placeholders"] == {"name": "Alice"}
    texts = await async_get_translations(hass, "en", "options", ["betti"])
    assert texts["component.betti.options.abort.nobody_to_share_with"].startswith(
        "There is nobody to share {name}'s health data with yet"
    )


async def test_a_call_without_a_profile_is_for_the_callers_own(
    hass: HomeAssistant,
    household: tuple[MockConfigEntry, MockConfigEntry],
    people: dict[str, MockUser],
) -> None:
    alice, bob = household
    assert await _log_water(hass, people["alice"]) == [("Alice",)]
    assert await _log_water(hass, people["bob"]) == [("Bob",)]
    await _share(hass, alice, people["carol"])
    assert await _log_water(hass, people["carol"]) == [("Alice",)]
    # Naming another profile still works when the caller may act on it.
    await _share(hass, bob, people["alice"])
    assert await _log_water(
        hass, people["alice"], **{ATTR_CONFIG_ENTRY_ID: bob.entry_id}
    ) == [("Bob",)]
    assert await _log_water(hass, people["alice"]) == [("Alice",)]


@pytest.mark.parametrize("who", ["admin", "carol", "automation"])
async def test_a_caller_with_several_profiles_is_asked_to_pick_one(
    hass: HomeAssistant,
    household: tuple[MockConfigEntry, MockConfigEntry],
    people: dict[str, MockUser],
    hass_admin_user: MockUser,
    who: str,
) -> None:
    for entry in household:
        await _share(hass, entry, people["carol"])
    user = {"admin": hass_admin_user, "carol": people["carol"], "automation": None}[who]
    with pytest.raises(ServiceValidationError) as err:
        await _log_water(hass, user)
    assert err.value.translation_key == "profile_ambiguous"
    assert "pick one with config_entry_id" in str(err.value)
    assert db_rows(hass, "SELECT count(*) FROM water_log") == [(0,)]


async def test_a_user_with_no_profile_of_their_own_is_refused(
    hass: HomeAssistant,
    household: tuple[MockConfigEntry, MockConfigEntry],
    people: dict[str, MockUser],
) -> None:
    with pytest.raises(Unauthorized) as err:
        await _log_water(hass, people["dave"])
    assert err.value.translation_key == "not_allowed"
    assert db_rows(hass, "SELECT count(*) FROM water_log") == [(0,)]


async def test_a_profile_not_set_up_is_no_default(
    hass: HomeAssistant, household: tuple[MockConfigEntry, MockConfigEntry]
) -> None:
    """With Bob's profile unloaded, Alice's is the household's only one."""
    await hass.config_entries.async_unload(household[1].entry_id)
    assert await _log_water(hass, None) == [("Alice",)]
