"""Assist through HA's own default conversation agent, with Betti set up, in London."""

from homeassistant.components import conversation
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import intent
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, MockUser


@pytest.fixture
async def assist(hass: HomeAssistant) -> None:
    """HA's own conversation agent, as Assist uses it, in a household on London time."""
    await hass.config.async_set_time_zone("Europe/London")
    assert await async_setup_component(hass, "homeassistant", {})
    assert await async_setup_component(hass, "conversation", {})


@pytest.fixture
async def alice(
    hass: HomeAssistant, assist: None, loaded_alice: MockConfigEntry
) -> MockConfigEntry:
    """Alice's profile, loaded, with Assist."""
    return loaded_alice


class Spoken(str):
    """An answer, and whether Assist answered it as an error."""

    __slots__ = ("error",)
    error: bool


async def say(
    hass: HomeAssistant,
    text: str,
    user: MockUser | None,
    language: str = "en",
    *,
    satellite: str | None = None,
) -> Spoken:
    """Say ``text`` to Assist as ``user`` (None: a voice satellite) and return the answer."""
    result = await conversation.async_converse(
        hass,
        text,
        None,
        Context(user_id=user.id if user else None),
        language=language,
        satellite_id=satellite,
    )
    await hass.async_block_till_done()
    spoken = Spoken(result.response.speech["plain"]["speech"])
    spoken.error = result.response.response_type is intent.IntentResponseType.ERROR
    return spoken
