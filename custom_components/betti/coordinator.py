"""Per-profile state the entities show, refreshed from the database after every change."""

from collections.abc import Callable, Iterator
import logging
import sqlite3
from typing import Concatenate

from homeassistant.core import HomeAssistant
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed

from .const import DOMAIN
from .db import Database
from .models import BettiConfigEntry

_LOGGER = logging.getLogger(__name__)


class BettiCoordinator[DataT](DataUpdateCoordinator[DataT]):
    """State of one profile read from the database; nothing polls, writers ask for a refresh."""

    config_entry: BettiConfigEntry

    def __init__(
        self,
        hass: HomeAssistant,
        entry: BettiConfigEntry,
        database: Database,
        name: str,
    ) -> None:
        """Set up for one profile."""
        super().__init__(
            hass, _LOGGER, config_entry=entry, name=f"{entry.title} {name}"
        )
        self.database = database

    async def async_read[**P, T](
        self,
        func: Callable[Concatenate[sqlite3.Connection, P], T],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T:
        """Read for the entities; a failed read marks them unavailable until the next one."""
        try:
            return await self.database.async_read(func, *args, **kwargs)
        except sqlite3.Error as err:
            raise read_failed(err) from err

    async def async_read_batches[**P, T](
        self,
        func: Callable[Concatenate[sqlite3.Connection, P], Iterator[list[T]]],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> list[T]:
        """Read in batches (``Database.async_read_batches``), failing as ``async_read`` does."""
        try:
            return await self.database.async_read_batches(func, *args, **kwargs)
        except sqlite3.Error as err:
            raise read_failed(err) from err


def read_failed(err: Exception) -> UpdateFailed:
    """Return the translated error of a refresh whose read failed."""
    return UpdateFailed(
        translation_domain=DOMAIN,
        translation_key="database_read_failed",
        translation_placeholders={"error": str(err)},
    )
