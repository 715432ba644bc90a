"""A profile's open alerts, the latest alert and the latest mood, for its entities."""

from dataclasses import dataclass
import sqlite3

from homeassistant.core import HomeAssistant

from ..coordinator import BettiCoordinator
from ..db import Database
from ..db.alerts import Alert, latest_alert, open_alerts
from ..db.moods import Mood, latest_mood
from ..models import BettiConfigEntry


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
        return await self.async_read(_alerts_state, self.config_entry.entry_id)
