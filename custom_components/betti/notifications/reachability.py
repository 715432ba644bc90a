"""Contacts Betti cannot reach: one repair per profile, kept current as notify services change.

A contact's notify service goes when its integration is removed or a phone is renamed in the
companion app; nobody would know until an alert reached nobody. Checked once HA has started
(integrations register their services while it starts), whenever a notify service comes or
goes, and when the contacts change (a reload after the options flow; ``betti.
set_emergency_contacts`` calls ``async_check_contacts``).
"""

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import (
    ATTR_DOMAIN,
    EVENT_SERVICE_REGISTERED,
    EVENT_SERVICE_REMOVED,
)
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.start import async_at_started

from ..const import DOMAIN
from .contacts import NOTIFY_DOMAIN, unreachable_contacts


def unreachable_issue_id(entry_id: str) -> str:
    """Return the id of a profile's "contacts cannot be reached" repair."""
    return f"contacts_unreachable_{entry_id}"


@callback
def async_check_contacts(hass: HomeAssistant, entry: ConfigEntry) -> None:
    """Raise, update or remove the profile's repair."""
    issue_id = unreachable_issue_id(entry.entry_id)
    if names := unreachable_contacts(hass, entry):
        ir.async_create_issue(
            hass,
            DOMAIN,
            issue_id,
            is_fixable=False,
            severity=ir.IssueSeverity.ERROR,
            translation_key="contacts_unreachable",
            translation_placeholders={
                "name": entry.title,
                "contacts": ", ".join(names),
            },
        )
    else:
        ir.async_delete_issue(hass, DOMAIN, issue_id)


@callback
def async_watch_contacts(hass: HomeAssistant, entry: ConfigEntry) -> CALLBACK_TYPE:
    """Keep the profile's repair current while it is loaded; return the stop."""

    @callback
    def is_notify(event_data: dict[str, str]) -> bool:
        return event_data.get(ATTR_DOMAIN) == NOTIFY_DOMAIN

    @callback
    def check(*_: object) -> None:
        async_check_contacts(hass, entry)

    unsubs = [
        async_at_started(hass, check),
        hass.bus.async_listen(EVENT_SERVICE_REMOVED, check, event_filter=is_notify),
        hass.bus.async_listen(EVENT_SERVICE_REGISTERED, check, event_filter=is_notify),
    ]

    @callback
    def stop() -> None:
        for unsub in unsubs:
            unsub()
        # A removed profile leaves nothing to repair; a reloaded one checks again.
        ir.async_delete_issue(hass, DOMAIN, unreachable_issue_id(entry.entry_id))

    return stop
