"""Today's doses as HA's to-do items: for the to-do platform and the health card."""

from homeassistant.components.todo.const import TodoItemStatus
from homeassistant.components.todo.entity import TodoItem
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util

from ..notifications.texts import option_label, text
from .doses import Dose
from .schedule import DoseStatus

# Checked on the list.
DONE = (DoseStatus.TAKEN, DoseStatus.SKIPPED)


def todo_item(hass: HomeAssistant, dose: Dose) -> TodoItem:
    """One of today's doses as a to-do item, in the household's language."""
    medication = dose.medication
    form = option_label(hass, "medication_form", medication.form or "")
    details = [f"{dose.amount:g} {form}".strip()]
    details += [words for words in (medication.instructions,) if words]
    details.append(text(hass, f"dose_status_{dose.state.status.value}"))
    return TodoItem(
        uid=dose.key,
        summary=f"{dose.local:%H:%M} {medication.label}",
        status=TodoItemStatus.COMPLETED
        if dose.state.status in DONE
        else TodoItemStatus.NEEDS_ACTION,
        due=dt_util.as_local(dose.due),
        description=" · ".join(details),
    )
