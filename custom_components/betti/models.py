"""What a loaded profile holds at run time."""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from homeassistant.config_entries import ConfigEntry

from .db import Database
from .profile import Profile

if TYPE_CHECKING:  # the coordinators need the entry type defined here
    from .alerts import AlertEngine
    from .appointment_book import AppointmentReminders, AppointmentsCoordinator
    from .coordinator import AlertsCoordinator, VitalsCoordinator


@dataclass(slots=True)
class BettiData:
    """Runtime data of one profile's config entry."""

    database: Database
    profile: Profile
    vitals: VitalsCoordinator
    alerts: AlertsCoordinator
    alert_engine: AlertEngine
    appointments: AppointmentsCoordinator
    reminders: AppointmentReminders


type BettiConfigEntry = ConfigEntry[BettiData]
