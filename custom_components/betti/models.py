"""What a loaded profile holds at run time."""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from homeassistant.config_entries import ConfigEntry

from .db import Database
from .profile import Profile

if TYPE_CHECKING:  # the coordinators need the entry type defined here
    from .calls.coordinator import CallsCoordinator
    from .coordinator import VitalsCoordinator


@dataclass(slots=True)
class BettiData:
    """Runtime data of one profile's config entry."""

    database: Database
    profile: Profile
    vitals: VitalsCoordinator
    calls: CallsCoordinator


type BettiConfigEntry = ConfigEntry[BettiData]
