"""Which profile an action is for, whether the caller may touch it, and durable writes."""

from collections.abc import Callable, Coroutine, Iterable
from dataclasses import dataclass
import sqlite3
from typing import Any, Concatenate

from homeassistant.const import ATTR_CONFIG_ENTRY_ID
from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers.selector import ConfigEntrySelector
from homeassistant.util import dt as dt_util
import probatio

from ..const import DOMAIN
from ..db.profiles import add_audit
from ..models import BettiConfigEntry
from .database import async_write
from .permissions import async_authorize, async_default_profile

# Optional: without it a call is for the caller's own profile (or the only one).
PROFILE_FIELD = {
    probatio.Optional(ATTR_CONFIG_ENTRY_ID): ConfigEntrySelector(
        {"integration": DOMAIN}
    )
}


type ActionHandler = Callable[[ServiceCall], Coroutine[Any, Any, ServiceResponse]]


@callback
def async_register_actions(
    hass: HomeAssistant,
    actions: Iterable[tuple[str, ActionHandler, Any, SupportsResponse]],
) -> None:
    """Register Betti's actions: each its name, handler, schema and whether it answers."""
    for name, handler, schema, response in actions:
        hass.services.async_register(
            DOMAIN, name, handler, schema=schema, supports_response=response
        )


async def async_profile_entry(
    hass: HomeAssistant, call: ServiceCall, field: str = ATTR_CONFIG_ENTRY_ID
) -> BettiConfigEntry:
    """Return the profile the call names (or the caller's own), if the caller may act on it.

    ``field`` is the call's field naming it; ``access.async_authorize`` is the rule.
    """
    entry: BettiConfigEntry = await async_default_profile(
        hass, call.context, call.data.get(field)
    )
    await async_authorize(
        hass, entry, call.context, action=f"{call.domain}.{call.service}"
    )
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
    """Run an action's write and its audit record in one transaction."""
    return await async_write_audited_by(
        entry,
        Actor(call.context.user_id, "service"),
        action,
        func,
        *args,
        **kwargs,
    )


@dataclass(frozen=True, slots=True)
class Actor:
    """Who made a change and through what (``service``, ``ui``), for the audit."""

    user_id: str | None
    source: str


async def async_write_audited_by[**P, T](
    entry: BettiConfigEntry,
    actor: Actor,
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
            user_id=actor.user_id,
            source=actor.source,
            action=action,
            detail={"id": result} if type(result) is int else None,
        )
        return result

    return await async_write(entry.runtime_data.database, write_and_audit)
