"""Whose profile a sentence is for: the speaker's, or the one they name if they may see it.

A signed-in speaker: user → their person → that person's profile. Only a login with no person
of its own (the mirror's) speaks for the one profile shared with it: a relative it is shared
with is still themselves, never the person they look after. An administrator is not everyone's speaker. A satellite with
no known speaker: the profile whose mirror (its device) or person is in the satellite's area,
else a household of one; otherwise Betti asks who is speaking.
"""

from homeassistant.helpers import device_registry as dr, entity_registry as er

from ..const import CONF_PERSON, DOMAIN
from ..household.permissions import CONF_SHARED_WITH, may_act, person_user
from ..models import BettiConfigEntry, loaded_profiles
from .answers import async_refusal
from .registry import Said


def _satellite_area(said: Said) -> str | None:
    hass, user_input = said.hass, said.user_input
    device_id = user_input.device_id
    if user_input.satellite_id and (
        satellite := er.async_get(hass).async_get(user_input.satellite_id)
    ):
        if satellite.area_id:
            return satellite.area_id
        device_id = satellite.device_id
    if device_id and (device := dr.async_get(hass).async_get(device_id)):
        return dr.async_get_effective_area_id(hass, device)
    return None


def _has_person(said: Said, user_id: str) -> bool:
    return any(
        person.attributes.get("user_id") == user_id
        for person in said.hass.states.async_all("person")
    )


def _profile_areas(said: Said, entry: BettiConfigEntry) -> set[str | None]:
    mirror = dr.async_get(said.hass).async_get_device_by_identifier(
        (DOMAIN, entry.entry_id), entry.entry_id
    )
    person = er.async_get(said.hass).async_get(entry.data[CONF_PERSON])
    return {mirror.area_id if mirror else None, person.area_id if person else None}


async def async_speaker_profile(said: Said) -> BettiConfigEntry:
    """Return the speaker's profile; raise a spoken refusal when it is unclear."""
    found = loaded_profiles(said.hass)
    if (user_id := said.user_input.context.user_id) is not None:
        own = [e for e in found if person_user(said.hass, e) == user_id]
        if not own and not _has_person(said, user_id):
            own = [e for e in found if user_id in e.options.get(CONF_SHARED_WITH, [])]
        found = own
        if len(found) == 1:
            return found[0]
        raise await async_refusal(said, "no_profile")
    if (area := _satellite_area(said)) is not None:
        here = [e for e in found if area in _profile_areas(said, e)]
        if len(here) == 1:
            return here[0]
    if len(found) == 1:
        return found[0]
    raise await async_refusal(said, "whose_profile")


async def async_profile(said: Said, name: str | None = None) -> BettiConfigEntry:
    """Return the profile of the person named (if the speaker may see it), else the speaker's."""
    if not name or name.lower() in said.words.get("self", []):
        return await async_speaker_profile(said)
    wanted = name.lower().removesuffix("'s").removesuffix("s").strip()
    named = [
        e
        for e in loaded_profiles(said.hass)
        if e.title.lower() in (wanted, name.lower())
    ]
    if not named:
        raise await async_refusal(said, "unknown_person", name=name)
    entry = named[0]
    user_id = said.user_input.context.user_id
    user = await said.hass.auth.async_get_user(user_id) if user_id else None
    if user is None or not may_act(said.hass, user, entry):
        raise await async_refusal(said, "not_yours", name=entry.title)
    return entry
