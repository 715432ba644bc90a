"""Assist: asking for help, and answering the help alert.

"Call for help" raises the help alert as the mirror's button does; "I'm on it" acknowledges
it where the speaker may act (household/permissions). Answering her own alert, the person
hears it cancelled; a relative's own phones have their push cleared, as if answered there.
"""

from pathlib import Path

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError

from ..assist.answers import async_refusal, async_say, spoken_list
from ..assist.registry import Said, async_add_sentences
from ..assist.speaker import async_speaker_profile
from ..household.permissions import may_act, person_user, user_phones
from ..models import BettiConfigEntry, loaded_profiles
from ..notifications.contacts import emergency_contacts, own_targets
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


async def _own_profile(said: Said) -> BettiConfigEntry | None:
    """Return the speaker's own profile (the mirror's, at the mirror), if any."""
    try:
        return await async_speaker_profile(said)
    except HomeAssistantError:
        return None


def _speakers_phone(said: Said, entry: BettiConfigEntry) -> str | None:
    """Return the speaker's phone this profile's pushes reach, to clear it there."""
    user_id = said.user_input.context.user_id
    phones = user_phones(said.hass, [user_id]) if user_id else []
    reached = {
        *own_targets(entry),
        *(c.notify_target for c in emergency_contacts(entry)),
    }
    return next((p for p in phones if p in reached), next(iter(phones), None))


async def _async_answer(said: Said, entry: BettiConfigEntry, *, own: bool) -> bool:
    user_id = said.user_input.context.user_id
    if own and (user_id is None or user_id != person_user(said.hass, entry)):
        # The mirror's login or a satellite: the person herself, as at the mirror.
        via, target = "mirror", None
    else:
        via, target = "voice", None if own else _speakers_phone(said, entry)
    return bool(
        await async_acknowledge_alert(entry, user_id=user_id, via=via, target=target)
    )


async def _acknowledge(said: Said) -> str:
    own = await _own_profile(said)
    yours, others = False, []
    for entry in await _open_alerts_to_answer(said):
        if await _async_answer(said, entry, own=entry is own):
            if entry is own:
                yours = True
            else:
                others.append(entry.title)
    spoken = [await async_say(said, "own_alert_cancelled")] if yours else []
    if others:
        names = spoken_list(others, await async_say(said, "and"))
        spoken.append(await async_say(said, "help_acknowledged", name=names))
    return " ".join(spoken) or await async_say(said, "no_open_alerts")


async def async_setup_voice(hass: HomeAssistant) -> None:
    """Add the help sentences."""
    await async_add_sentences(
        hass,
        Path(__file__).parent / "sentences",
        {"call_for_help": _call_for_help, "acknowledge_help": _acknowledge},
    )
