"""The last call to a profile, as the sensor shows it."""

from homeassistant.core import HomeAssistant

from ..coordinator import BettiCoordinator
from ..db import Database
from ..db.calls import CallRecord, last_call
from ..models import BettiConfigEntry


class CallsCoordinator(BettiCoordinator[CallRecord | None]):
    """The most recent call; refreshed when a call ends."""

    def __init__(
        self, hass: HomeAssistant, entry: BettiConfigEntry, database: Database
    ) -> None:
        """Set up for one profile."""
        super().__init__(hass, entry, database, "calls")

    async def _async_update_data(self) -> CallRecord | None:
        return await self.async_read(last_call, self.config_entry.entry_id)
