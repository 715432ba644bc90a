"""Diagnostics: how the profile and its database are doing, with nothing personal in it."""

from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.const import CONF_NAME
from homeassistant.core import HomeAssistant

from .calls.const import CONF_TURN_CREDENTIAL, CONF_TURN_USERNAME
from .const import (
    CONF_CONSENT_CODES,
    CONF_DATE_OF_BIRTH,
    CONF_HEIGHT,
    CONF_PERSON,
    CONF_SEX,
)
from .db.profiles import summary
from .models import BettiConfigEntry
from .notifications.contacts import CONF_EMERGENCY_CONTACTS, CONF_NOTIFY_TARGETS

TO_REDACT = {
    "title",
    "unique_id",
    CONF_NAME,
    CONF_PERSON,
    CONF_DATE_OF_BIRTH,
    CONF_SEX,
    CONF_HEIGHT,
    # Contacts' names and phone numbers, and phone names that often carry a person's name.
    CONF_EMERGENCY_CONTACTS,
    CONF_NOTIFY_TARGETS,
    CONF_TURN_USERNAME,
    CONF_TURN_CREDENTIAL,
    # A scale's consent codes let anyone nearby download that person's measurements.
    CONF_CONSENT_CODES,
}


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: BettiConfigEntry
) -> dict[str, Any]:
    """Return the entry's settings and the database's health: counts, never readings."""
    database = entry.runtime_data.database
    return {
        "entry": async_redact_data(entry.as_dict(), TO_REDACT),
        "database": {
            "problem": database.problem,
            **await database.async_read(summary, entry.entry_id),
        },
    }
