"""Who can be reached for a profile: the person's own phones and their emergency contacts.

Both live in the profile's options (set in the options flow or by
``betti.set_emergency_contacts``), so the alerting engine reads them at the moment it plans.
"""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers.selector import (
    BooleanSelector,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    ObjectSelector,
    ObjectSelectorConfig,
    SelectOptionDict,
    SelectSelector,
    SelectSelectorConfig,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)
from homeassistant.util import slugify
import probatio

from ..alerts.contact_list import Contact, ContactError, parse_contacts
from ..alerts.escalation import Policy, Recipient
from ..household.permissions import CONF_SHARED_WITH, user_phones
from ..models import loaded_profiles
from ..number_selector import FiniteNumberSelector

NOTIFY_DOMAIN = "notify"
CONF_NOTIFY_TARGETS = "notify_targets"
CONF_PHONE = "phone"  # the person's own number, for the contacts' "Call back"
CONF_EMERGENCY_CONTACTS = "emergency_contacts"
CONF_CAREGIVER_DELAY = "caregiver_delay"
CONF_CONTACT_INTERVAL = "contact_interval"
CONF_EVERYONE_DELAY = "everyone_delay"
CONF_WATCHING = "watching"  # the daily "Betti is watching" check (watching.py)
# Minutes. Five minutes for the person to answer, then one contact every two minutes, then all.
DEFAULT_DELAYS = {
    CONF_CAREGIVER_DELAY: 5,
    CONF_CONTACT_INTERVAL: 2,
    CONF_EVERYONE_DELAY: 15,
}


def normalize_target(target: str) -> str:
    """Targets are stored as ``notify.<service>``; accept the bare service name too."""
    return (
        target
        if target.startswith(f"{NOTIFY_DOMAIN}.")
        else f"{NOTIFY_DOMAIN}.{target}"
    )


def own_targets(entry: ConfigEntry) -> list[str]:
    """Return the notify targets of the person's own phones."""
    return list(entry.options.get(CONF_NOTIFY_TARGETS, []))


def own_phone(entry: ConfigEntry) -> str:
    """Return the person's phone number, or "" if the profile has none."""
    return str(entry.options.get(CONF_PHONE, ""))


def emergency_contacts(entry: ConfigEntry) -> list[Contact]:
    """Return the profile's contacts, in priority order (checked when they were saved)."""
    return parse_contacts(list(entry.options.get(CONF_EMERGENCY_CONTACTS, [])))


def policy(entry: ConfigEntry) -> Policy:
    """Return the profile's escalation timing."""
    minutes = {
        key: entry.options.get(key, value) for key, value in DEFAULT_DELAYS.items()
    }
    return Policy(
        caregiver_delay=timedelta(minutes=minutes[CONF_CAREGIVER_DELAY]),
        contact_interval=timedelta(minutes=minutes[CONF_CONTACT_INTERVAL]),
        everyone_delay=timedelta(minutes=minutes[CONF_EVERYONE_DELAY]),
    )


def recipients(
    hass: HomeAssistant, entry: ConfigEntry
) -> tuple[Recipient, tuple[Recipient, ...], tuple[Recipient, ...]]:
    """Return the person, their contacts (with a phone app) and the other household members."""
    person = Recipient("person", entry.title, tuple(own_targets(entry)))
    contacts = tuple(
        Recipient("contact", contact.name, (contact.notify_target,))
        for contact in emergency_contacts(entry)
        if contact.notify_target
    )
    household = tuple(
        Recipient("household", other.title, tuple(own_targets(other)))
        for other in loaded_profiles(hass)
        if other.entry_id != entry.entry_id and own_targets(other)
    )
    return person, contacts, household


# Notify services that reach nobody in particular: the entity-based action, HA's generic
# notify.notify, and HA's own UI.
_NOT_A_PERSON = {"notify", "send_message", "persistent_notification"}


def _phone_names(hass: HomeAssistant) -> dict[str, str]:
    return {
        f"mobile_app_{slugify(phone.data.get('device_name', ''))}": phone.data[
            "device_name"
        ]
        for phone in hass.config_entries.async_entries("mobile_app")
        if phone.data.get("device_name")
    }


def phone_name(hass: HomeAssistant, target: str) -> str:
    """Return a phone's name in the companion app, else its notify service's."""
    service = target.removeprefix(f"{NOTIFY_DOMAIN}.")
    return _phone_names(hass).get(service, service)


def _picker(hass: HomeAssistant, keep: Callable[[str], bool]) -> list[SelectOptionDict]:
    names = _phone_names(hass)
    return [
        SelectOptionDict(
            value=f"{NOTIFY_DOMAIN}.{service}", label=names.get(service, service)
        )
        for service in sorted(hass.services.async_services_for_domain(NOTIFY_DOMAIN))
        if keep(service)
    ]


def phone_app_targets(hass: HomeAssistant) -> list[SelectOptionDict]:
    """Options for a target picker: the notify services of the mobile app's phones."""
    return _picker(hass, lambda service: service.startswith("mobile_app_"))


def reaching_targets(hass: HomeAssistant) -> list[SelectOptionDict]:
    """Options for a contact's picker: every notify service that reaches someone.

    Phone apps, and SMS, voice-call or e-mail integrations alike: a contact may have no
    phone app.
    """
    return _picker(hass, lambda service: service not in _NOT_A_PERSON)


def carer_targets(hass: HomeAssistant, entry: ConfigEntry) -> list[str]:
    """Return the phones of those who look after the person: contacts and shared users."""
    contacts = [
        normalize_target(contact.notify_target)
        for contact in emergency_contacts(entry)
        if contact.notify_target
    ]
    shared = user_phones(hass, entry.options.get(CONF_SHARED_WITH, []))
    return list(dict.fromkeys([*contacts, *shared]))


def target_names(hass: HomeAssistant, entry: ConfigEntry) -> dict[str, str]:
    """Name each notify target as people know it: the contact's name, else the phone's."""
    names = {option["value"]: option["label"] for option in phone_app_targets(hass)}
    return names | {
        normalize_target(contact.notify_target): contact.name
        for contact in emergency_contacts(entry)
        if contact.notify_target
    }


def unknown_target(hass: HomeAssistant, targets: list[str]) -> str | None:
    """Return the first target that is not a notify service here, if any."""
    for target in targets:
        domain, _, service = target.partition(".")
        if domain != NOTIFY_DOMAIN or not hass.services.has_service(domain, service):
            return target
    return None


def checked_contacts(hass: HomeAssistant, raw: Any) -> list[dict[str, str]]:
    """Check a contact list before it is saved; raise ContactError.

    Each contact needs a notify service that exists: a phone number alone reaches nobody,
    as Betti cannot dial.
    """
    contacts = parse_contacts(raw)
    for position, contact in enumerate(contacts, start=1):
        if not contact.notify_target:
            raise ContactError("contact_no_notify", position)
        if unknown_target(hass, [contact.notify_target]):
            raise ContactError("contact_target_unknown", position)
    return [contact.as_dict() for contact in contacts]


def unreachable_contacts(hass: HomeAssistant, entry: ConfigEntry) -> list[str]:
    """Return the names of the profile's contacts no notify service here reaches."""
    return [
        contact.name
        for contact in emergency_contacts(entry)
        if not contact.notify_target or unknown_target(hass, [contact.notify_target])
    ]


def _minutes(low: int, high: int) -> NumberSelector:
    return FiniteNumberSelector(
        NumberSelectorConfig(
            min=low,
            max=high,
            step=1,
            unit_of_measurement="min",
            mode=NumberSelectorMode.BOX,
        )
    )


def _target_selector(
    phones: list[SelectOptionDict], *, multiple: bool
) -> SelectSelector:
    # Lists the mobile app's phones; another notify service can be typed in.
    return SelectSelector(
        SelectSelectorConfig(
            options=phones, multiple=multiple, custom_value=True, sort=True
        )
    )


def notifications_schema(phones: list[SelectOptionDict]) -> probatio.Schema:
    """Build the options form for the person's phones and the escalation timing."""
    return probatio.Schema(
        {
            probatio.Optional(CONF_NOTIFY_TARGETS, default=[]): _target_selector(
                phones, multiple=True
            ),
            probatio.Optional(CONF_PHONE): TextSelector(
                TextSelectorConfig(type=TextSelectorType.TEL)
            ),
            probatio.Required(CONF_CAREGIVER_DELAY): _minutes(1, 120),
            probatio.Required(CONF_CONTACT_INTERVAL): _minutes(0, 60),
            probatio.Required(CONF_EVERYONE_DELAY): _minutes(2, 240),
            probatio.Optional(CONF_WATCHING, default=False): BooleanSelector(),
        }
    )


def contacts_schema(phones: list[SelectOptionDict]) -> probatio.Schema:
    """Build the options form for the emergency contacts."""
    # An object selector with "multiple" is a list the user can add to, edit, remove from
    # and drag into order in the same form: exactly an ordered contact list.
    return probatio.Schema(
        {
            probatio.Optional(CONF_EMERGENCY_CONTACTS, default=[]): ObjectSelector(
                ObjectSelectorConfig(
                    multiple=True,
                    label_field="name",
                    description_field="relation",
                    translation_key=CONF_EMERGENCY_CONTACTS,
                    fields={
                        "name": {"selector": TextSelector(), "required": True},
                        "relation": {"selector": TextSelector()},
                        "phone": {
                            "selector": TextSelector(
                                TextSelectorConfig(type=TextSelectorType.TEL)
                            )
                        },
                        "notify_target": {
                            "selector": _target_selector(phones, multiple=False)
                        },
                    },
                )
            )
        }
    )
