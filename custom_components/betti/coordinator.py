"""Per-profile state the entities show, refreshed from the database after every change."""

import logging
import sqlite3

from homeassistant.core import HomeAssistant
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed

from .const import DOMAIN
from .db import Database
from .db.vitals import Reading, latest_readings
from .models import BettiConfigEntry
from .vitals import VitalKind

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


class VitalsCoordinator(BettiCoordinator[dict[VitalKind, Reading]]):
    """The latest reading of each kind."""

    def __init__(
        self, hass: HomeAssistant, entry: BettiConfigEntry, database: Database
    ) -> None:
        """Set up for one profile."""
        super().__init__(hass, entry, database, "vitals")

    async def _async_update_data(self) -> dict[VitalKind, Reading]:
        try:
            return await self.database.async_read(
                latest_readings, self.config_entry.entry_id
            )
        except sqlite3.Error as err:
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="database_read_failed",
                translation_placeholders={"error": str(err)},
            ) from err
