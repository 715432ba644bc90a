"""Assist: "call Bob" rings Bob's call card from the call card of the screen spoken to."""

from pathlib import Path

from homeassistant.core import HomeAssistant

from ..assist.answers import async_refusal, async_say
from ..assist.registry import Said, async_add_sentences
from ..assist.speaker import async_speaker_profile
from ..const import CONF_PERSON
from ..models import BettiConfigEntry, loaded_profiles
from .manager import DATA_CALLS


async def _callee(said: Said, name: str) -> BettiConfigEntry:
    """Return the profile called by its name in Betti or its person's name."""
    wanted = name.lower()
    for entry in loaded_profiles(said.hass):
        person = said.hass.states.get(entry.data[CONF_PERSON])
        if wanted in (entry.title.lower(), person.name.lower() if person else None):
            return entry
    raise await async_refusal(said, "unknown_person", name=name)


async def _call(said: Said) -> str:
    caller = await async_speaker_profile(said)
    callee = await _callee(said, said.slots["name"])
    if callee is caller:
        raise await async_refusal(said, "call_yourself")
    if not said.hass.data[DATA_CALLS].dial(caller.entry_id, callee.data[CONF_PERSON]):
        raise await async_refusal(said, "no_call_card", name=caller.title)
    return await async_say(said, "calling", name=callee.title)


async def async_setup_voice(hass: HomeAssistant) -> None:
    """Add the call sentences."""
    await async_add_sentences(
        hass, Path(__file__).parent / "sentences", {"call": _call}
    )
