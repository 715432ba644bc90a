"""The latest reading of each kind, for a profile's vital-sign sensors."""

from homeassistant.core import HomeAssistant

from ..coordinator import BettiCoordinator
from ..db import Database
from ..db.vitals import Reading, latest_readings
from ..models import BettiConfigEntry
from . import VitalKind


class VitalsCoordinator(BettiCoordinator[dict[VitalKind, Reading]]):
    """The latest reading of each kind."""

    def __init__(
        self, hass: HomeAssistant, entry: BettiConfigEntry, database: Database
    ) -> None:
        """Set up for one profile."""
        super().__init__(hass, entry, database, "vitals")

    async def _async_update_data(self) -> dict[VitalKind, Reading]:
        return await self.async_read(latest_readings, self.config_entry.entry_id)
