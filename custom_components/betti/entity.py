"""The base of every Betti entity: it belongs to a profile's device."""

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from homeassistant.components.sensor import SensorEntity, SensorEntityDescription
from homeassistant.components.websocket_api.connection import current_connection
from homeassistant.core import Context
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity import EntityDescription
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .const import DOMAIN
from .coordinator import BettiCoordinator
from .household.permissions import async_authorize

# The entity an action is being run on, its context and the websocket it came on. HA sets
# the context, then runs the entity's method in a new task, which inherits this; HA's
# calendar commands set none, and run on a connection this was not set on.
_ACTING: ContextVar[tuple[object, Context, object] | None] = ContextVar(
    "betti_acting", default=None
)


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

    def async_set_context(self, context: Context) -> None:
        """Keep the context for the task that runs the action (and only for that)."""
        super().async_set_context(context)
        _ACTING.set((self, context, current_connection.get()))

    def caller(self) -> Context:
        """Return who is acting through this entity now.

        An action's context if one was set for this task; else the websocket command's user
        (HA's calendar panel changes events without setting one); else HA itself.
        """
        connection = current_connection.get()
        acting = _ACTING.get()
        if acting is not None and acting[0] is self and acting[2] is connection:
            return acting[1]
        if connection is not None:
            return Context(user_id=connection.user.id)
        return Context()

    async def async_authorized_caller(self, action: str) -> Context:
        """Return the caller, once the access rule allows them on this profile."""
        context = self.caller()
        await async_authorize(
            self.hass, self.coordinator.config_entry, context, action=action
        )
        return context


@dataclass(frozen=True, kw_only=True)
class StateSensorDescription[StateT](SensorEntityDescription):
    """A sensor whose value and details are read from its coordinator's state."""

    value_fn: Callable[[StateT], Any]
    attributes_fn: Callable[[StateT], dict[str, Any] | None] = lambda _: None


class StateSensor[CoordinatorT: BettiCoordinator[Any]](
    BettiEntity[CoordinatorT], SensorEntity
):
    """One value from a coordinator's state, as its description picks it."""

    entity_description: StateSensorDescription[Any]

    @property
    def native_value(self) -> Any:
        """The value the description picks."""
        return self.entity_description.value_fn(self.coordinator.data)

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """Details of the value."""
        return self.entity_description.attributes_fn(self.coordinator.data)
