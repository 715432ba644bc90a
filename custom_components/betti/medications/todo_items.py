"""Today's doses as HA's to-do items: for the to-do platform and the health card."""

from homeassistant.components.todo.const import TodoItemStatus
from homeassistant.components.todo.entity import TodoItem
from homeassistant.util import dt as dt_util

from .doses import Dose
from .schedule import DoseStatus

# Checked on the list.
DONE = (DoseStatus.TAKEN, DoseStatus.SKIPPED)


def todo_item(dose: Dose) -> TodoItem:
    """One of today's doses as a to-do item."""
    medication = dose.medication
    details = [f"{dose.amount:g} {medication.form or ''}".strip()]
    details += [text for text in (medication.instructions,) if text]
    details.append(dose.state.status.value)
    return TodoItem(
        uid=dose.key,
        summary=f"{dose.local:%H:%M} {medication.label}",
        status=TodoItemStatus.COMPLETED
        if dose.state.status in DONE
        else TodoItemStatus.NEEDS_ACTION,
        due=dt_util.as_local(dose.due),
        description=" · ".join(details),
    )
