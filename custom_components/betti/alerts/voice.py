"""Assist: asking for help, and answering the help alert.

"Call for help" raises the help alert as the mirror's button does; "I'm on it" acknowledges
it where the speaker may act (household/permissions).
"""

from pathlib import Path

from homeassistant.core import HomeAssistant

from ..assist.answers import async_refusal, async_say, spoken_list
from ..assist.registry import Said, async_add_sentences
from ..assist.speaker import async_speaker_profile
from ..household.permissions import may_act
from ..models import BettiConfigEntry, loaded_profiles
from .raising import async_acknowledge_alert, async_call_for_help


async def _call_for_help(said: Said) -> str:
    entry = await async_speaker_profile(said)
    await async_call_for_help(entry, said.user_input.context.user_id)
    return await async_say(said, "help_called")


async def _open_alerts_to_answer(said: Said) -> list[BettiConfigEntry]:
    """Return the profiles whose open alerts the speaker may acknowledge; refuse if none."""
    user_id = said.user_input.context.user_id
    if user_id is None:  # a satellite: the mirror's own household member
        return [await async_speaker_profile(said)]
    user = await said.hass.auth.async_get_user(user_id)
    waiting = [e for e in loaded_profiles(said.hass) if e.runtime_data.alerts.data.open]
    allowed = [e for e in waiting if user is not None and may_act(said.hass, user, e)]
    if waiting and not allowed:
        names = spoken_list([e.title for e in waiting], await async_say(said, "and"))
        raise await async_refusal(said, "acknowledge_not_allowed", name=names)
    return allowed


async def _acknowledge(said: Said) -> str:
    answered = [
        entry.title
        for entry in await _open_alerts_to_answer(said)
        if await async_acknowledge_alert(
            entry, user_id=said.user_input.context.user_id, via="voice"
        )
    ]
    if not answered:
        return await async_say(said, "no_open_alerts")
    names = spoken_list(answered, await async_say(said, "and"))
    return await async_say(said, "help_acknowledged", name=names)


async def async_setup_voice(hass: HomeAssistant) -> None:
    """Add the help sentences."""
    await async_add_sentences(
        hass,
        Path(__file__).parent / "sentences",
        {"call_for_help": _call_for_help, "acknowledge_help": _acknowledge},
    )
