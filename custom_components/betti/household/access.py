"""Which profile an action is for, whether the caller may touch it, and durable writes."""

from collections.abc import Callable
import sqlite3
from typing import Any, Concatenate

from homeassistant.const import ATTR_CONFIG_ENTRY_ID
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.exceptions import (
    ServiceValidationError,
    Unauthorized,
    UnknownUser,
)
from homeassistant.helpers import service
from homeassistant.helpers.selector import ConfigEntrySelector
from homeassistant.util import dt as dt_util
import probatio

from ..const import CONF_PERSON, DOMAIN
from ..db.profiles import add_audit
from ..models import BettiConfigEntry
from .database import async_write
from .profile import is_own_profile

# Optional: a household with one profile needs no choice (HA then picks the only entry).
PROFILE_FIELD = {
    probatio.Optional(ATTR_CONFIG_ENTRY_ID): ConfigEntrySelector(
        {"integration": DOMAIN}
    )
}


async def async_profile_entry(
    hass: HomeAssistant, call: ServiceCall, field: str = ATTR_CONFIG_ENTRY_ID
) -> BettiConfigEntry:
    """Return the profile the call names, if the calling user may see that person's data.

    Administrators and the profile's own person may; calls without a user (automations,
    scripts) act for the household and may too. ``field`` is the call's field naming it.
    """
    entry: BettiConfigEntry = service.async_get_config_entry(
        hass, DOMAIN, call.data.get(field)
    )
    if call.context.user_id is None:
        return entry
    user = await hass.auth.async_get_user(call.context.user_id)
    if user is None:
        raise UnknownUser(context=call.context)
    if not user.is_admin and not is_own_profile(hass, user, entry):
        raise Unauthorized(context=call.context, entity_id=entry.data[CONF_PERSON])
    return entry


def validation_error(key: str, **placeholders: Any) -> ServiceValidationError:
    """Build a translated 'your input is wrong' error."""
    return ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key=key,
        translation_placeholders={
            name: str(value) for name, value in placeholders.items()
        },
    )


async def async_write_audited[**P, T](
    entry: BettiConfigEntry,
    call: ServiceCall,
    action: str,
    func: Callable[Concatenate[sqlite3.Connection, P], T],
    *args: P.args,
    **kwargs: P.kwargs,
) -> T:
    """Run a write and its audit record in one transaction; return once both are on disk.

    A write that returns a row id (an int) has that id recorded with the action.
    """

    def write_and_audit(conn: sqlite3.Connection) -> T:
        result = func(conn, *args, **kwargs)
        add_audit(
            conn,
            entry.entry_id,
            at=dt_util.utcnow(),
            user_id=call.context.user_id,
            source="service",
            action=action,
            detail={"id": result} if type(result) is int else None,
        )
        return result

    return await async_write(entry.runtime_data.database, write_and_audit)
