"""Per-profile state the entities show, refreshed from the database after every change."""

from dataclasses import dataclass
import logging
import sqlite3

from homeassistant.core import HomeAssistant
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed

from .const import DOMAIN
from .db import Database
from .db.alerts import Alert, latest_alert, open_alerts
from .db.moods import Mood, latest_mood
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


@dataclass(frozen=True, slots=True)
class AlertsState:
    """A profile's open alerts, the latest alert and the latest mood check-in."""

    open: list[Alert]
    last: Alert | None
    mood: Mood | None


def _alerts_state(conn: sqlite3.Connection, profile_id: str) -> AlertsState:
    return AlertsState(
        open_alerts(conn, profile_id),
        latest_alert(conn, profile_id),
        latest_mood(conn, profile_id),
    )


class AlertsCoordinator(BettiCoordinator[AlertsState]):
    """Alerts and mood, refreshed by the alerting engine and the mood action."""

    def __init__(
        self, hass: HomeAssistant, entry: BettiConfigEntry, database: Database
    ) -> None:
        """Set up for one profile."""
        super().__init__(hass, entry, database, "alerts")

    async def _async_update_data(self) -> AlertsState:
        try:
            return await self.database.async_read(
                _alerts_state, self.config_entry.entry_id
            )
        except sqlite3.Error as err:
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="database_read_failed",
                translation_placeholders={"error": str(err)},
            ) from err
