"""The to-do list "Medications today": checking a dose marks it taken, unchecking resets it."""

from homeassistant.components.todo.const import TodoItemStatus, TodoListEntityFeature
from homeassistant.components.todo.entity import TodoItem, TodoListEntity
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity import EntityDescription
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.util import dt as dt_util

from .entity import BettiEntity
from .household.access import validation_error
from .household.privacy import is_private
from .medications.coordinator import MedicationsCoordinator
from .medications.marking import DoseError, async_mark
from .medications.schedule import DoseEventKind
from .medications.todo_items import DONE, todo_item
from .models import BettiConfigEntry

PARALLEL_UPDATES = 1
MEDICATIONS_TODAY = EntityDescription(
    key="medications_today", translation_key="medications_today"
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: BettiConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a profile's medication to-do list, unless the profile is private.

    HA's to-do APIs show every item (the medicine's name) to every user.
    """
    if is_private(entry):
        return
    async_add_entities(
        [MedicationsToday(entry.runtime_data.medications, MEDICATIONS_TODAY)]
    )


class MedicationsToday(BettiEntity[MedicationsCoordinator], TodoListEntity):
    """Today's scheduled doses, in order."""

    _attr_supported_features = TodoListEntityFeature.UPDATE_TODO_ITEM

    @property
    def todo_items(self) -> list[TodoItem]:
        """Today's doses as items; taken and skipped doses are checked."""
        return [todo_item(self.hass, dose) for dose in self.coordinator.data.today]

    async def async_update_todo_item(self, item: TodoItem) -> None:
        """Mark the dose taken when checked, reset it when unchecked."""
        caller = await self.async_authorized_caller("todo.update_item")
        dose = next((d for d in self.coordinator.data.today if d.key == item.uid), None)
        if dose is None:
            raise validation_error("dose_not_found", medication=item.summary or "")
        done = item.status == TodoItemStatus.COMPLETED
        if done == (dose.state.status in DONE):
            return  # only the text changed; doses are edited through the actions
        try:
            await async_mark(
                self.hass,
                self.coordinator.config_entry,
                dose.medication.medication_id,
                DoseEventKind.TAKEN if done else DoseEventKind.RESET,
                due=dose.due,
                at=dt_util.utcnow(),
                user_id=caller.user_id,
                source="todo",
            )
        except DoseError as err:
            raise validation_error(err.reason, **err.placeholders) from err
