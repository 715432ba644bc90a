"""What a loaded profile holds at run time."""

from dataclasses import dataclass

from homeassistant.config_entries import ConfigEntry

from .db import Database
from .profile import Profile


@dataclass(slots=True)
class BettiData:
    """Runtime data of one profile's config entry."""

    database: Database
    profile: Profile


type BettiConfigEntry = ConfigEntry[BettiData]
