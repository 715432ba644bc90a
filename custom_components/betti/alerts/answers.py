"""What an alert's pushes offer, and what everyone already told hears once it is answered.

Pushes of a warning or critical alert carry, besides "I'm on it", "Call back" (a ``tel:``
link: on the contacts' phones the person's number from her profile, on her own phones her
first contact's number) and "Video call" (the dashboard with the call card). When someone
answers, the push goes from every phone of theirs (on whichever they answered, or by voice)
and everyone else already told (the delivery log's targets) gets the push replaced, same
tag: "Bob is on it." — or, when the person answered herself, that she cancelled it.
"""

from dataclasses import dataclass

from homeassistant.core import HomeAssistant

from ..calls.const import CONF_CALL_OPEN_PATH
from ..household.permissions import has_own_person, person_user, user_phones
from ..models import BettiConfigEntry, loaded_profiles
from ..notifications.contacts import emergency_contacts, own_phone, own_targets
from ..notifications.payload import URI_ACTION, PushAction
from ..notifications.texts import async_text
from .contact_list import tel_uri
from .escalation import AlertSource, Severity, ack_action


async def async_push_actions(
    hass: HomeAssistant,
    entry: BettiConfigEntry,
    alert_id: int,
    severity: Severity,
    *,
    to_person: bool,
) -> list[PushAction]:
    """Return the buttons of an alert's push to the person's or someone else's phone."""
    actions: list[PushAction] = [
        (ack_action(alert_id), await async_text(hass, "alert_action_acknowledge"))
    ]
    if severity is Severity.INFO:
        return actions
    if to_person:
        callee = next((c for c in emergency_contacts(entry) if c.phone), None)
        name, number = (callee.name, callee.phone) if callee else ("", "")
    else:
        name, number = entry.title, own_phone(entry)
    if number:
        title = await async_text(hass, "alert_action_call", name=name)
        actions.append((URI_ACTION, title, tel_uri(number)))
    path = (
        entry.options.get(CONF_CALL_OPEN_PATH) or entry.runtime_data.profile.family_view
    )
    actions.append((URI_ACTION, await async_text(hass, "alert_action_video"), path))
    return actions


@dataclass(frozen=True, slots=True)
class Answerer:
    """Who answered an alert: a name people know, and the phones that are theirs."""

    name: str
    is_person: bool
    phones: frozenset[str]


async def async_answerer(
    hass: HomeAssistant,
    entry: BettiConfigEntry,
    *,
    user_id: str | None,
    via: str,
    target: str | None,
) -> Answerer | None:
    """Return who answered, or None when nobody in particular did (an automation)."""
    own = frozenset(own_targets(entry))
    # At the mirror, the mirror's login (or an automation) is the person; a login of its
    # own is whoever pressed.
    at_mirror = via == "mirror" and not (user_id and has_own_person(hass, user_id))
    if at_mirror or target in own or (user_id and user_id == person_user(hass, entry)):
        return Answerer(entry.title, is_person=True, phones=own)
    # Every phone of whoever answered loses the push, not only the one answered on.
    theirs = user_phones(hass, [user_id]) if user_id else []
    phone = frozenset([target, *theirs] if target else theirs)
    for contact in emergency_contacts(entry):
        if target and contact.notify_target == target:
            return Answerer(contact.name, is_person=False, phones=phone)
    for other in loaded_profiles(hass):
        if target in own_targets(other):
            return Answerer(other.title, is_person=False, phones=phone)
    user = await hass.auth.async_get_user(user_id) if user_id else None
    return (
        Answerer(user.name, is_person=False, phones=phone)
        if user and user.name
        else None
    )


async def async_answer_text(
    hass: HomeAssistant, answerer: Answerer, source: AlertSource
) -> str:
    """Return what replaces the alert's push on the phones of everyone else told."""
    if not answerer.is_person:
        return await async_text(hass, "alert_on_it", name=answerer.name)
    key = "alert_cancelled_help" if source is AlertSource.PANIC else "alert_cancelled"
    return await async_text(hass, key, name=answerer.name)
