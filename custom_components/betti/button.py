"""Buttons: one tap logs a glass of water."""

from homeassistant.components.button import ButtonEntity, ButtonEntityDescription
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.util import dt as dt_util

from .entity import BettiEntity
from .models import BettiConfigEntry
from .nutrition_coordinator import NutritionCoordinator
from .services.nutrition_log import async_log_water

PARALLEL_UPDATES = 1

GLASS_OF_WATER = ButtonEntityDescription(
    key="glass_of_water", translation_key="glass_of_water"
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: BettiConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a profile's buttons."""
    async_add_entities(
        [GlassOfWaterButton(entry.runtime_data.nutrition, GLASS_OF_WATER)]
    )


class GlassOfWaterButton(BettiEntity[NutritionCoordinator], ButtonEntity):
    """Log one glass of water, of the size set in the profile's options."""

    async def async_press(self) -> None:
        """Log the glass."""
        await async_log_water(
            self.coordinator.config_entry,
            self.coordinator.settings.glass_ml,
            at=dt_util.utcnow(),
            user_id=self._context.user_id if self._context else None,
            source="button",
        )
