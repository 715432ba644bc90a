"""What a loaded profile holds at run time."""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from homeassistant.config_entries import ConfigEntry

from .db import Database
from .household.profile import Profile

if TYPE_CHECKING:  # the coordinators need the entry type defined here
    from .alerts.engine import AlertEngine
    from .appointments.coordinator import AppointmentReminders, AppointmentsCoordinator
    from .calls.coordinator import CallsCoordinator
    from .coordinator import AlertsCoordinator, VitalsCoordinator
    from .medications.coordinator import MedicationsCoordinator
    from .nutrition.coordinator import NutritionCoordinator
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
