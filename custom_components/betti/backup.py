"""Backup platform: HA's backup gets a consistent copy of the household database."""

from homeassistant.core import HomeAssistant

from .household.database import DATA_DATABASE


async def async_pre_backup(hass: HomeAssistant) -> None:
    """Fold the WAL into the database file and hold writes while HA copies it."""
    await hass.data[DATA_DATABASE].async_hold_writes()


async def async_post_backup(hass: HomeAssistant) -> None:
    """Let writes through again."""
    hass.data[DATA_DATABASE].resume_writes()
