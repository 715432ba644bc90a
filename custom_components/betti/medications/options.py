"""A profile's reminder settings: the options-flow group "medications" and their defaults."""

from datetime import timedelta
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.helpers.selector import (
    BooleanSelector,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
)
import probatio

from ..number_selector import FiniteNumberSelector
from .doses import ReminderSettings

CONF_REMINDER_LEAD = "reminder_lead"
CONF_REMINDER_REPEAT = "reminder_repeat"
CONF_REMINDER_REPEAT_CAP = "reminder_repeat_cap"
CONF_SNOOZE_MINUTES = "snooze_minutes"
CONF_MISSED_DOSE_ESCALATION = "missed_dose_escalation"
CONF_REMINDER_CRITICAL = "reminder_critical"
# Minutes (0 = off): no pre-reminder, repeat every 10 minutes three times, snooze 10 minutes,
# tell the caregivers when a dose is still open an hour after it was due.
DEFAULTS: dict[str, Any] = {
    CONF_REMINDER_LEAD: 0,
    CONF_REMINDER_REPEAT: 10,
    CONF_REMINDER_REPEAT_CAP: 3,
    CONF_SNOOZE_MINUTES: 10,
    CONF_MISSED_DOSE_ESCALATION: 60,
    CONF_REMINDER_CRITICAL: False,
}


def _option(entry: ConfigEntry, key: str) -> Any:
    return entry.options.get(key, DEFAULTS[key])


def _minutes(entry: ConfigEntry, key: str) -> timedelta | None:
    minutes = _option(entry, key)
    return timedelta(minutes=minutes) if minutes else None


def reminder_settings(entry: ConfigEntry) -> ReminderSettings:
    """Return the profile's reminder timing."""
    return ReminderSettings(
        lead=_minutes(entry, CONF_REMINDER_LEAD),
        repeat_every=_minutes(entry, CONF_REMINDER_REPEAT),
        repeat_cap=int(_option(entry, CONF_REMINDER_REPEAT_CAP)),
        escalate_after=_minutes(entry, CONF_MISSED_DOSE_ESCALATION),
    )


def snooze(entry: ConfigEntry) -> timedelta:
    """How long the phone's Snooze button snoozes a dose."""
    return timedelta(minutes=int(_option(entry, CONF_SNOOZE_MINUTES)) or 10)


def critical(entry: ConfigEntry) -> bool:
    """Whether every reminder breaks through silent mode (iOS critical, Android alarm channel)."""
    return bool(_option(entry, CONF_REMINDER_CRITICAL))


def _box(low: int, high: int, unit: str = "min") -> NumberSelector:
    return FiniteNumberSelector(
        NumberSelectorConfig(
            min=low,
            max=high,
            step=1,
            unit_of_measurement=unit,
            mode=NumberSelectorMode.BOX,
        )
    )


MEDICATIONS_SCHEMA = probatio.Schema(
    {
        probatio.Required(CONF_REMINDER_LEAD): _box(0, 120),
        probatio.Required(CONF_REMINDER_REPEAT): _box(0, 120),
        probatio.Required(CONF_REMINDER_REPEAT_CAP): _box(0, 20, "times"),
        probatio.Required(CONF_SNOOZE_MINUTES): _box(1, 240),
        probatio.Required(CONF_MISSED_DOSE_ESCALATION): _box(0, 720),
        probatio.Required(CONF_REMINDER_CRITICAL): BooleanSelector(),
    }
)
