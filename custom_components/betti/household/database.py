"""The household database as Home Assistant sees it: opened once, checked, closed on stop."""

from collections.abc import Callable
from pathlib import Path
import sqlite3
from typing import Concatenate

from homeassistant.const import EVENT_HOMEASSISTANT_CLOSE
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import issue_registry as ir
from homeassistant.util.hass_dict import HassKey

from ..const import DATABASE_PATH, DOMAIN, ISSUE_DATABASE
from ..db import Database, DatabaseReadOnlyError, Problem

DATA_DATABASE: HassKey[Database] = HassKey(DOMAIN)


async def async_write[**P, T](
    database: Database,
    func: Callable[Concatenate[sqlite3.Connection, P], T],
    *args: P.args,
    **kwargs: P.kwargs,
) -> T:
    """Write for a person's request; a read-only database is told to them, translated."""
    try:
        return await database.async_write(func, *args, **kwargs)
    except DatabaseReadOnlyError as err:
        raise HomeAssistantError(
            translation_domain=DOMAIN, translation_key="database_read_only"
        ) from err


@callback
def async_setup_household(hass: HomeAssistant) -> None:
    """Prepare the shared database; it opens when the first profile loads."""
    database = hass.data[DATA_DATABASE] = Database(
        Path(hass.config.path(DATABASE_PATH))
    )

    @callback
    def keep_repair_in_step(problem: Problem | None) -> None:
        for known in Problem:
            issue_id = ISSUE_DATABASE.format(problem=known)
            if known is problem:
                ir.async_create_issue(
                    hass,
                    DOMAIN,
                    issue_id,
                    is_fixable=False,
                    is_persistent=False,
                    severity=ir.IssueSeverity.ERROR,
                    translation_key=issue_id,
                    translation_placeholders={"path": str(database.path)},
                )
            else:
                ir.async_delete_issue(hass, DOMAIN, issue_id)

    async def close(_: Event) -> None:
        await database.async_close()

    database.add_health_listener(keep_repair_in_step)
    hass.bus.async_listen_once(EVENT_HOMEASSISTANT_CLOSE, close)


async def async_open_household(hass: HomeAssistant) -> Database:
    """Open the database (once); its repair issue follows its integrity check."""
    database = hass.data[DATA_DATABASE]
    await database.async_open()
    return database
