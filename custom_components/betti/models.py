"""What a loaded profile holds at run time."""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from homeassistant.config_entries import ConfigEntry

from .db import Database
from .profile import Profile

if TYPE_CHECKING:  # the coordinators need the entry type defined here
    from .alert_engine import AlertEngine
    from .appointment_book import AppointmentReminders, AppointmentsCoordinator
    from .calls.coordinator import CallsCoordinator
    from .coordinator import AlertsCoordinator, VitalsCoordinator
    from .medication_engine import MedicationsCoordinator
    from .nutrition_coordinator import NutritionCoordinator
    from .vital_statistics import VitalStatistics


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
