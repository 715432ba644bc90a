"""Today's doses as HA's to-do items: for the to-do platform and the health card."""

from homeassistant.components.todo.const import TodoItemStatus
from homeassistant.components.todo.entity import TodoItem
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util

from ..notifications.texts import text, text_or
from .doses import Dose
from .schedule import DoseStatus

# Checked on the list.
DONE = (DoseStatus.TAKEN, DoseStatus.SKIPPED)


def form_words(hass: HomeAssistant, form: str | None) -> str:
    """Say a dose's form after its amount ("1 tablet"); a form typed in stays as typed."""
    return text_or(hass, f"dose_form_{form}", form or "") if form else ""


def todo_item(hass: HomeAssistant, dose: Dose) -> TodoItem:
    """One of today's doses as a to-do item, in the household's language."""
    medication = dose.medication
    details = [f"{dose.amount:g} {form_words(hass, medication.form)}".strip()]
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
