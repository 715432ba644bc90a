"""What a loaded profile holds at run time."""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeIs

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_ADDRESS
from homeassistant.core import HomeAssistant

from .const import DOMAIN
from .db import Database
from .household.profile import Profile

if TYPE_CHECKING:  # the coordinators need the entry type defined here
    from .alerts.coordinator import AlertsCoordinator
    from .alerts.engine import AlertEngine
    from .appointments.coordinator import AppointmentReminders, AppointmentsCoordinator
    from .calls.coordinator import CallsCoordinator
    from .medications.coordinator import MedicationsCoordinator
    from .nutrition.coordinator import NutritionCoordinator
    from .vitals.coordinator import VitalsCoordinator
    from .vitals.statistics import VitalStatistics


@dataclass(slots=True)
class BettiData:
    """Runtime data of one profile's config entry."""

    database: Database
    profile: Profile
    vitals: VitalsCoordinator
    alerts: AlertsCoordinator
    alert_engine: AlertEngine
    nutrition: NutritionCoordinator
    medications: MedicationsCoordinator
    calls: CallsCoordinator
    appointments: AppointmentsCoordinator
    reminders: AppointmentReminders
    vital_statistics: VitalStatistics


type BettiConfigEntry = ConfigEntry[BettiData]


def is_profile_entry(entry: ConfigEntry[Any]) -> TypeIs[BettiConfigEntry]:
    """Whether an entry is a household member's profile; a health device's has an address."""
    return CONF_ADDRESS not in entry.data


def loaded_profiles(hass: HomeAssistant) -> list[BettiConfigEntry]:
    """Return the loaded profiles, without the health devices' entries."""
    return [
        entry
        for entry in hass.config_entries.async_loaded_entries(DOMAIN)
        if is_profile_entry(entry)
    ]
