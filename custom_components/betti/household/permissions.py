"""Who may act on a profile: one rule for every way in (actions, entities, phones, sockets).

Allowed: a call without a user (an automation, a script, HA itself), an administrator, the
profile's person (the HA user linked to its person entity) and the users the profile is
shared with (its "shared with" option: the mirror's login, a carer). The answer to a push
(acknowledge an alert, a dose taken) is also allowed from the user whose phone got it.
"""

from collections.abc import Callable, Iterable
import logging
import sqlite3

from homeassistant.auth.models import User
from homeassistant.config_entries import ConfigEntry
from homeassistant.core import Context, Event, HomeAssistant
from homeassistant.exceptions import ServiceValidationError, Unauthorized, UnknownUser
from homeassistant.helpers import service
from homeassistant.util import slugify

from ..const import CONF_PERSON, DOMAIN
from ..models import BettiConfigEntry, is_profile_entry, loaded_profiles

_LOGGER = logging.getLogger(__name__)

CONF_SHARED_WITH = "shared_with"
MOBILE_APP = "mobile_app"


class NotAllowedError(Unauthorized):
    """A caller refused by the rule, with a message people can read."""

    def __init__(
        self, context: Context | None, user_id: str, entry: ConfigEntry
    ) -> None:
        """Say whose data it was; nothing about the data itself."""
        super().__init__(
            context=context, user_id=user_id, config_entry_id=entry.entry_id
        )
        self.translation_domain = DOMAIN
        self.translation_key = "not_allowed"
        self.translation_placeholders = {"name": entry.title}
        self.generate_message = True


def person_user(hass: HomeAssistant, entry: ConfigEntry) -> str | None:
    """Return the HA user linked to the profile's person, if any."""
    person = hass.states.get(entry.data[CONF_PERSON])
    return None if person is None else person.attributes.get("user_id")


def has_own_person(hass: HomeAssistant, user_id: str) -> bool:
    """Whether a login is someone's own (linked to a person), not a shared one like the mirror's."""
    return any(
        state.attributes.get("user_id") == user_id
        for state in hass.states.async_all("person")
    )


def may_act(hass: HomeAssistant, user: User, entry: ConfigEntry) -> bool:
    """Whether a signed-in user may see and change this profile."""
    return (
        user.is_admin
        or user.id == person_user(hass, entry)
        or user.id in entry.options.get(CONF_SHARED_WITH, [])
    )


def phone_entry(hass: HomeAssistant, target: str) -> ConfigEntry | None:
    """Return the companion app's entry a notify target (``notify.mobile_app_x``) is for."""
    for entry in hass.config_entries.async_entries(MOBILE_APP):
        name = slugify(entry.data.get("device_name", ""))
        if target == f"notify.{MOBILE_APP}_{name}":
            return entry
    return None


def phone_user(hass: HomeAssistant, target: str) -> str | None:
    """Return the HA user whose companion app a notify target (``notify.mobile_app_x``) is."""
    entry = phone_entry(hass, target)
    return entry.data.get("user_id") if entry else None


def user_phones(hass: HomeAssistant, user_ids: Iterable[str]) -> list[str]:
    """Return the notify targets of these HA users' companion apps that can be reached now."""
    users = set(user_ids)
    services = {
        f"{MOBILE_APP}_{slugify(name)}"
        for entry in hass.config_entries.async_entries(MOBILE_APP)
        if entry.data.get("user_id") in users
        and (name := entry.data.get("device_name"))
    }
    return [
        f"notify.{service}"
        for service in sorted(services)
        if hass.services.has_service("notify", service)
    ]


async def async_authorize(
    hass: HomeAssistant,
    entry: ConfigEntry,
    context: Context | None,
    *,
    action: str,
    pushed_to: Iterable[str] = (),
) -> None:
    """Refuse (NotAllowedError) a caller the rule does not allow on this profile.

    ``pushed_to`` are the notify targets the push being answered reached.
    """
    user_id = context.user_id if context else None
    if user_id is None:
        return
    user = await hass.auth.async_get_user(user_id)
    if user is None:
        raise UnknownUser(context=context)
    if may_act(hass, user, entry) or any(
        phone_user(hass, target) == user_id for target in pushed_to
    ):
        return
    _LOGGER.warning(
        "Refused %s on %s's profile to user %s", action, entry.title, user.name
    )
    raise NotAllowedError(context, user_id, entry)


async def async_answering_profile(
    hass: HomeAssistant,
    event: Event,
    action: str,
    profile_of: Callable[[sqlite3.Connection], str | None],
    pushed_to: Callable[[sqlite3.Connection, str], Iterable[str]],
) -> BettiConfigEntry | None:
    """Return the profile a phone's answer is for, if its user may give it; else None.

    ``profile_of`` reads whose the answered thing is, ``pushed_to`` (with that profile's id)
    the phones its push reached. A refusal is logged by the rule: a phone has nobody to show
    it to.
    """
    entries = loaded_profiles(hass)
    if not entries:
        return None
    database = entries[0].runtime_data.database
    profile_id = await database.async_read(profile_of)
    entry = next((e for e in entries if e.entry_id == profile_id), None)
    if entry is None:
        return None
    try:
        await async_authorize(
            hass,
            entry,
            event.context,
            action=action,
            pushed_to=await database.async_read(pushed_to, entry.entry_id),
        )
    except Unauthorized:
        return None
    return entry


def caller_profiles(hass: HomeAssistant, user: User | None) -> list[ConfigEntry]:
    """Return the profiles a call that names none may mean.

    The only profile; else the caller's person's; else those the caller may act on; a
    caller who may act on none gets one, to be refused by name.
    """
    found: list[ConfigEntry] = list(loaded_profiles(hass))
    if user is not None and len(found) > 1:
        own = [e for e in found if person_user(hass, e) == user.id]
        found = own or [e for e in found if may_act(hass, user, e)] or found[:1]
    return found


async def async_default_profile(
    hass: HomeAssistant, context: Context, entry_id: str | None
) -> ConfigEntry:
    """Return the profile a call means: the one it names, else the caller's own.

    When ``caller_profiles`` leaves more than one, the caller must pick (a translated
    error says so).
    """
    if entry_id is not None:
        entry = service.async_get_config_entry(hass, DOMAIN, entry_id)
        if not is_profile_entry(entry):
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="not_a_profile",
                translation_placeholders={"name": entry.title},
            )
        return entry
    user = await hass.auth.async_get_user(context.user_id) if context.user_id else None
    if len(found := caller_profiles(hass, user)) == 1:
        return found[0]
    raise ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key="profile_ambiguous" if found else "no_profile",
    )
