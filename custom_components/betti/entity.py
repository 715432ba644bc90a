"""The base of every Betti entity: it belongs to a profile's device."""

from typing import Any

from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity import EntityDescription
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .const import DOMAIN
from .coordinator import BettiCoordinator


class BettiEntity[CoordinatorT: BettiCoordinator[Any]](CoordinatorEntity[CoordinatorT]):
    """An entity of one household member's profile."""

    _attr_has_entity_name = True

    def __init__(
        self, coordinator: CoordinatorT, description: EntityDescription
    ) -> None:
        """Attach the entity to the profile's device."""
        super().__init__(coordinator)
        entry_id = coordinator.config_entry.entry_id
        self.entity_description = description
        self._attr_unique_id = f"{entry_id}_{description.key}"
        self._attr_device_info = DeviceInfo(identifiers={(DOMAIN, entry_id)})
