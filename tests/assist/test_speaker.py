"""Whose profile a sentence is for: the speaker's; at a satellite, its area's or the only one."""

from homeassistant.core import HomeAssistant
from homeassistant.helpers import (
    area_registry as ar,
    device_registry as dr,
    entity_registry as er,
)
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, MockUser

from ..conftest import profile_entry
from .conftest import say

ALICE_WATER = "sensor.betti_alice_water_today"
BOB_WATER = "sensor.betti_bob_water_today"


def _satellite(hass: HomeAssistant, area: str | None) -> str:
    """A voice satellite placed in ``area``; return its entity id."""
    entities = er.async_get(hass)
    satellite = entities.async_get_or_create("assist_satellite", "test", f"sat_{area}")
    area_id = ar.async_get(hass).async_get_or_create(area).id if area else None
    entities.async_update_entity(satellite.entity_id, area_id=area_id)
    return satellite.entity_id


def _place_mirror(hass: HomeAssistant, entry: MockConfigEntry, area: str) -> None:
    """Put a profile's device (the mirror shows it) in ``area``."""
    devices = dr.async_get(hass)
    device = devices.async_get_device_by_identifier(
        ("betti", entry.entry_id), entry.entry_id
    )
    assert device is not None
    devices.async_update_device(
        device.id, area_id=ar.async_get(hass).async_get_or_create(area).id
    )


@pytest.fixture
async def bob(hass: HomeAssistant, alice: MockConfigEntry) -> MockConfigEntry:
    """Bob's profile beside Alice's."""
    entry = profile_entry("person.bob", "Bob")
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry


async def test_a_satellite_speaks_for_the_profile_in_its_area(
    hass: HomeAssistant, alice: MockConfigEntry, bob: MockConfigEntry
) -> None:
    _place_mirror(hass, bob, "Bedroom")
    await say(hass, "log a glass of water", None, satellite=_satellite(hass, "Bedroom"))
    assert hass.states.get(BOB_WATER).state == "250.0"
    assert hass.states.get(ALICE_WATER).state == "0.0"
    # In a room with no profile's mirror or person, Betti asks who is speaking.
    kitchen = _satellite(hass, "Kitchen")
    for language, asked in (
        ("en", "Betti cannot tell who is speaking here"),
        ("nl", "Betti weet niet wie er hier praat"),
        ("de", "Betti weiß nicht, wer hier spricht"),
    ):
        reply = await say(
            hass, "log a glass of water", None, language, satellite=kitchen
        )
        assert reply.error
        assert reply.startswith(asked)
    assert hass.states.get(ALICE_WATER).state == "0.0"


async def test_a_person_in_the_satellites_area(
    hass: HomeAssistant, alice: MockConfigEntry, bob: MockConfigEntry
) -> None:
    entities = er.async_get(hass)
    person = entities.async_get_or_create("person", "person", "alice")
    entities.async_update_entity(
        person.entity_id,
        area_id=ar.async_get(hass).async_get_or_create("Living room").id,
    )
    hass.config_entries.async_update_entry(
        alice, data={**alice.data, "person": person.entity_id}
    )
    reply = await say(
        hass, "log a glass of water", None, satellite=_satellite(hass, "Living room")
    )
    assert reply.startswith("Logged 250 ml of water.")
    assert hass.states.get(ALICE_WATER).state == "250.0"


async def test_a_household_of_one_needs_no_name(
    hass: HomeAssistant, alice: MockConfigEntry
) -> None:
    await say(hass, "help me", None, "de", satellite=_satellite(hass, None))
    assert hass.states.get("binary_sensor.betti_alice_help_requested").state == "on"


@pytest.mark.parametrize(
    ("language", "told"),
    [
        ("en", "Betti does not know whose profile this is."),
        ("nl", "Betti weet niet van wie dit profiel is."),
        ("de", "Betti weiß nicht, wessen Profil das ist."),
    ],
)
async def test_a_user_without_a_profile_is_told_what_to_do(
    hass: HomeAssistant,
    alice: MockConfigEntry,
    hass_admin_user: MockUser,
    language: str,
    told: str,
) -> None:
    reply = await say(hass, "what is my weight", hass_admin_user, language)
    assert reply.error
    assert reply.startswith(told)


async def test_someone_the_profile_is_shared_with_speaks_as_themselves(
    hass: HomeAssistant, alice: MockConfigEntry
) -> None:
    # Bob has his own person (and login) but no profile; Alice's is shared with him.
    bob_user = MockUser(name="Bob").add_to_hass(hass)
    hass.states.async_set("person.bob", "home", {"user_id": bob_user.id})
    hass.config_entries.async_update_entry(
        alice, options={**alice.options, "shared_with": [bob_user.id]}
    )
    await hass.async_block_till_done()
    for sentence in (
        "help me",
        "log my weight 95",
        "what is my blood pressure",
        "call Alice",
    ):
        reply = await say(hass, sentence, bob_user)
        assert reply.error, sentence
        assert reply.startswith("Betti does not know whose profile this is."), reply
    assert hass.states.get("binary_sensor.betti_alice_help_requested").state == "off"
    assert hass.states.get("sensor.betti_alice_weight").state == "unknown"


async def test_the_mirrors_login_speaks_for_the_profile_shared_with_it(
    hass: HomeAssistant, alice: MockConfigEntry
) -> None:
    # The mirror's login has no person of its own.
    mirror = MockUser(name="Mirror").add_to_hass(hass)
    hass.config_entries.async_update_entry(
        alice, options={**alice.options, "shared_with": [mirror.id]}
    )
    await hass.async_block_till_done()
    await say(hass, "help me", mirror)
    assert hass.states.get("binary_sensor.betti_alice_help_requested").state == "on"
