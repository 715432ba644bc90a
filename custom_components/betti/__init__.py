"""Betti: a household health hub for Home Assistant."""

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryNotReady
from homeassistant.helpers import config_validation as cv, device_registry as dr
from homeassistant.helpers.typing import ConfigType
from homeassistant.util import dt as dt_util

from .calls.coordinator import CallsCoordinator
from .calls.setup import async_setup_calls
from .const import DOMAIN
from .coordinator import VitalsCoordinator
from .db import Database
from .db.profiles import delete_profile, sync_profile
from .household import DATA_DATABASE, async_open_household, async_setup_household
from .models import BettiConfigEntry, BettiData
from .profile import Profile
from .services import async_setup_services

CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)
PLATFORMS = [Platform.SENSOR, Platform.EVENT]


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Set up what the whole household shares."""
    async_setup_household(hass)
    async_setup_services(hass)
    await async_setup_calls(hass)
    return True


async def async_setup_entry(hass: HomeAssistant, entry: BettiConfigEntry) -> bool:
    """Set up one household member's profile."""
    try:
        database = await async_open_household(hass)
    except OSError as err:
        raise ConfigEntryNotReady(
            translation_domain=DOMAIN,
            translation_key="database_unavailable",
            translation_placeholders={"error": str(err)},
        ) from err
    profile = Profile.from_entry(entry.entry_id, entry.title, entry.data, entry.options)
    if not database.read_only:
        await database.async_write(
            sync_profile,
            profile.profile_id,
            profile.person,
            profile.name,
            dt_util.utcnow(),
        )
    dr.async_get(hass).async_get_or_create(
        config_entry_id=entry.entry_id,
        identifiers={(DOMAIN, entry.entry_id)},
        entry_type=dr.DeviceEntryType.SERVICE,
        manufacturer="Betti",
        model="Household member",
        translation_key="profile",
        translation_placeholders={"name": profile.name},
    )
    vitals = VitalsCoordinator(hass, entry, database)
    calls = CallsCoordinator(hass, entry, database)
    for coordinator in (vitals, calls):
        if database.read_only:
            # Show what can still be read; entities go unavailable where nothing can.
            await coordinator.async_refresh()
        else:
            await coordinator.async_config_entry_first_refresh()
    entry.runtime_data = BettiData(
        database=database, profile=profile, vitals=vitals, calls=calls
    )
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    return True


async def async_unload_entry(hass: HomeAssistant, entry: BettiConfigEntry) -> bool:
    """Unload a profile; the shared database stays open for the others."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)


async def async_remove_entry(hass: HomeAssistant, entry: BettiConfigEntry) -> None:
    """Delete everything recorded for a removed profile."""
    database: Database = hass.data[DATA_DATABASE]
    await database.async_open()
    if not database.read_only:
        await database.async_write(delete_profile, entry.entry_id)
