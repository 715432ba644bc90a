"""Betti's sentences reach Assist whichever loads first, and one sentence acts once."""

from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry, MockUser

from ..conftest import db_rows
from .conftest import say


async def test_assist_loaded_after_betti(
    hass: HomeAssistant, loaded_alice: MockConfigEntry, alice_user: MockUser
) -> None:
    assert await async_setup_component(hass, "homeassistant", {})
    assert await async_setup_component(hass, "conversation", {})
    # "I had …" is also the food sentence: the water sentence, earlier, is the one that acts.
    assert (await say(hass, "I had two glasses of water", alice_user)).startswith(
        "Logged 500 ml of water."
    )
    assert db_rows(hass, "SELECT count(*) FROM meal_items") == [(0,)]
    assert db_rows(hass, "SELECT count(*) FROM water_log") == [(1,)]
