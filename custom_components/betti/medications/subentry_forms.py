"""The forms of "Add medication" and its changes: what each asks, and what an answer becomes.

The details form and one form per kind of schedule, with the selectors HA's UI shows; an
answer becomes the dict the medication actions take, and a refusal of the actions' checks
the form's error.
"""

from typing import Any

from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers.selector import (
    BooleanSelector,
    DateSelector,
    DateTimeSelector,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
    TextSelectorConfig,
    TimeSelector,
)
from homeassistant.util import dt as dt_util
import probatio

from ..db.medications import Medication
from .codec import WEEKDAYS

FORMS = ["tablet", "capsule", "ml", "drop", "puff", "injection", "patch", "sachet"]
# Engine reasons with their own message on the form; others show the engine's text.
SCHEDULE_REASONS = {
    "amount_not_positive",
    "end_before_start",
    "interval_not_positive",
    "limit_not_positive",
    "no_weekdays",
    "duplicate_time",
}
_TEXT = TextSelector()
_AMOUNT = NumberSelector(
    NumberSelectorConfig(min=0, step="any", mode=NumberSelectorMode.BOX)
)
_COUNT = NumberSelector(
    NumberSelectorConfig(min=1, step=1, mode=NumberSelectorMode.BOX)
)
# Left empty when changing a medication, these are cleared.
OPTIONAL = ("strength", "form", "instructions", "stock", "refill_threshold")


def details_schema(*, editing: bool) -> probatio.Schema:
    """Return the details form; changing a medication also offers pause and new schedules."""
    schema: dict[Any, Any] = {
        probatio.Required("name"): _TEXT,
        probatio.Optional("strength"): _TEXT,
        probatio.Optional("form"): SelectSelector(
            SelectSelectorConfig(
                options=FORMS,
                custom_value=True,
                mode=SelectSelectorMode.DROPDOWN,
                translation_key="medication_form",
            )
        ),
        probatio.Optional("instructions"): TextSelector(
            TextSelectorConfig(multiline=True)
        ),
        probatio.Optional("stock"): _AMOUNT,
        probatio.Optional("refill_threshold"): _AMOUNT,
        probatio.Required("critical", default=False): BooleanSelector(),
    }
    if editing:
        schema[probatio.Required("paused", default=False)] = BooleanSelector()
        schema[probatio.Required("change_schedules", default=False)] = BooleanSelector()
    return probatio.Schema(schema)


_SPAN = {
    probatio.Optional("start"): DateSelector(),
    probatio.Optional("end"): DateSelector(),
}
_DOSE = {
    probatio.Required("time"): TimeSelector(),
    probatio.Required("amount", default=1): _AMOUNT,
}
SCHEDULE_SCHEMAS = {
    "weekly": probatio.Schema(
        {
            **_DOSE,
            probatio.Required("weekdays", default=list(WEEKDAYS)): SelectSelector(
                SelectSelectorConfig(
                    options=list(WEEKDAYS), multiple=True, translation_key="weekdays"
                )
            ),
            **_SPAN,
        }
    ),
    "every_n_days": probatio.Schema(
        {probatio.Required("every_days", default=2): _COUNT, **_DOSE, **_SPAN}
    ),
    "every_n_hours": probatio.Schema(
        {
            probatio.Required("every_hours", default=8): _COUNT,
            probatio.Required("first_dose"): DateTimeSelector(),
            probatio.Required("amount", default=1): _AMOUNT,
            probatio.Optional("end"): DateSelector(),
        }
    ),
    "as_needed": probatio.Schema(
        {
            probatio.Required("amount", default=1): _AMOUNT,
            probatio.Optional("max_per_day"): _COUNT,
            probatio.Optional("max_per_24h"): _COUNT,
            probatio.Optional("min_hours_between"): _AMOUNT,
            **_SPAN,
        }
    ),
}


def raw_schedule(kind: str, form: dict[str, Any]) -> dict[str, Any]:
    """Turn a schedule form into the dict form the actions take."""
    raw: dict[str, Any] = {"type": kind}
    raw.update({k: form[k] for k in ("start", "end") if form.get(k)})
    match kind:
        case "weekly" | "every_n_days":
            dose = {"time": form["time"], "amount": form["amount"]}
            if kind == "weekly":
                dose["weekdays"] = form["weekdays"]
            else:
                raw["every_days"] = int(form["every_days"])
            raw["times"] = [dose]
        case "every_n_hours":
            first = dt_util.parse_datetime(form["first_dose"])
            if first is not None and first.tzinfo is None:
                first = first.replace(tzinfo=dt_util.get_default_time_zone())
            raw["every_hours"] = int(form["every_hours"])
            raw["anchor"] = first.isoformat() if first else form["first_dose"]
            raw["amount"] = form["amount"]
        case _:
            raw["amount"] = form["amount"]
            for limit in ("max_per_day", "max_per_24h"):
                if form.get(limit) is not None:
                    raw[limit] = int(form[limit])
            if form.get("min_hours_between") is not None:
                raw["min_hours_between"] = form["min_hours_between"]
    return raw


def form_error(err: ServiceValidationError) -> str:
    """Return the form's error key for a refusal of the actions' checks."""
    reason = getattr(err.__cause__, "reason", None)
    return reason if reason in SCHEDULE_REASONS else str(err.translation_key)


def suggested_values(medication: Medication) -> dict[str, Any]:
    """Return a stored medication's details, to fill in the form that changes it."""
    values = {
        "name": medication.name,
        "strength": medication.strength,
        "form": medication.form,
        "instructions": medication.instructions,
        "stock": medication.stock,
        "refill_threshold": medication.refill_threshold,
        "critical": medication.critical,
        "paused": medication.paused,
    }
    return {key: value for key, value in values.items() if value is not None}
