"""Betti: a household health hub for Home Assistant.

Two kinds of config entry: a household member's profile, and a Bluetooth health device
(its data holds an address) that feeds one or more profiles.
"""

from contextlib import suppress

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_ADDRESS, Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryNotReady
from homeassistant.helpers import config_validation as cv, device_registry as dr
from homeassistant.helpers.typing import ConfigType
from homeassistant.util import dt as dt_util

from .activity_sources import async_track_activity_sources
from .alert_engine import AlertEngine
from .alerts import async_setup_alert_actions
from .appointment_book import AppointmentReminders, AppointmentsCoordinator
from .calls.coordinator import CallsCoordinator
from .calls.setup import async_setup_calls
from .const import CONF_PERSON, DOMAIN, PROFILE_MINOR_VERSION
from .coordinator import AlertsCoordinator, VitalsCoordinator
from .dashboards.health import async_register_health_command
from .dashboards.setup import async_setup_dashboards
from .db import Database, DatabaseReadOnlyError
from .db.devices import forget_device
from .db.profiles import delete_profile, profile_in_step, sync_profile
from .delivery import async_setup_delivery
from .foods import async_start_loading
from .health_device import BettiDeviceEntry, async_create_coordinator
from .household import DATA_DATABASE, async_open_household, async_setup_household
from .medication_actions import async_setup_medication_actions
from .medication_engine import MedicationsCoordinator
from .medications.subentry_flow import async_setup_medication_subentries
from .models import BettiConfigEntry, BettiData
from .nutrition_coordinator import NutritionCoordinator
from .privacy import (
    CONF_PRIVATE,
    async_apply_private_mode,
    async_default_private,
    is_private,
)
from .profile import Profile
from .reminders import async_setup_reminders
from .reports import async_setup as async_setup_reports
from .services import async_setup_services
from .vital_claims import async_setup_vital_actions
from .vital_statistics import VitalStatistics
from .voice import async_setup_voice

CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)
PROFILE_PLATFORMS = [
    Platform.BINARY_SENSOR,
    Platform.BUTTON,
    Platform.CALENDAR,
    Platform.EVENT,
    Platform.SENSOR,
    Platform.TODO,
]
DEVICE_PLATFORMS = [Platform.SENSOR]


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Set up what the whole household shares."""
    async_setup_household(hass)
    async_setup_services(hass)
    async_setup_delivery(hass)
    async_setup_alert_actions(hass)
    async_setup_voice(hass)
    async_setup_medication_actions(hass)
    async_setup_vital_actions(hass)
    await async_setup_calls(hass)
    await async_setup_dashboards(hass)
    async_register_health_command(hass)
    await async_setup_reports(hass)
    return True


async def _async_database(hass: HomeAssistant) -> Database:
    try:
        return await async_open_household(hass)
    except OSError as err:
        raise ConfigEntryNotReady(
            translation_domain=DOMAIN,
            translation_key="database_unavailable",
            translation_placeholders={"error": str(err)},
        ) from err


async def async_migrate_entry(hass: HomeAssistant, entry: ConfigEntry) -> bool:
    """1.2: profiles made before private mode get the default a new profile gets.

    1.3 (a profile's medications become subentries) is done on setup, which opens the
    database; a health device has none.
    """
    if entry.minor_version < PROFILE_MINOR_VERSION:
        options = dict(entry.options)
        if CONF_ADDRESS not in entry.data and CONF_PRIVATE not in options:
            options[CONF_PRIVATE] = await async_default_private(
                hass, entry.data[CONF_PERSON]
            )
        minor = PROFILE_MINOR_VERSION if CONF_ADDRESS in entry.data else 2
        hass.config_entries.async_update_entry(
            entry, options=options, minor_version=max(entry.minor_version, minor)
        )
    return True


async def async_setup_entry(hass: HomeAssistant, entry: ConfigEntry) -> bool:
    """Set up a profile or a health device."""
    database = await _async_database(hass)
    if CONF_ADDRESS in entry.data:
        device_entry: BettiDeviceEntry = entry
        coordinator = await async_create_coordinator(hass, device_entry, database)
        device_entry.runtime_data = coordinator
        await hass.config_entries.async_forward_entry_setups(entry, DEVICE_PLATFORMS)
        # Listen only once the entities are there to hear about it.
        entry.async_on_unload(coordinator.async_start())
        return True
    profile_entry: BettiConfigEntry = entry
    await _async_setup_profile(hass, profile_entry, database)
    await async_setup_medication_subentries(hass, profile_entry)
    if is_private(profile_entry):
        await async_apply_private_mode(hass, profile_entry)
    await hass.config_entries.async_forward_entry_setups(entry, PROFILE_PLATFORMS)
    profile_entry.runtime_data.alert_engine.async_start()
    entry.async_on_unload(profile_entry.runtime_data.alert_engine.async_stop)
    entry.async_on_unload(profile_entry.runtime_data.medications.async_start())
    profile_entry.runtime_data.reminders.async_start()
    entry.async_on_unload(profile_entry.runtime_data.reminders.async_stop)
    entry.async_on_unload(profile_entry.runtime_data.vital_statistics.async_start())
    return True


async def _async_setup_profile(
    hass: HomeAssistant, entry: BettiConfigEntry, database: Database
) -> None:
    profile = Profile.from_entry(entry.entry_id, entry.title, entry.data, entry.options)
    # Reading first keeps a start from waiting on the integrity check that holds writes.
    if not database.read_only and not await database.async_read(
        profile_in_step, profile.profile_id, profile.person, profile.name
    ):
        # The check may find the file damaged meanwhile: then it stays as it is.
        with suppress(DatabaseReadOnlyError):
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
    alerts = AlertsCoordinator(hass, entry, database)
    nutrition = NutritionCoordinator(hass, entry, database, profile)
    medications = MedicationsCoordinator(hass, entry, database)
    calls = CallsCoordinator(hass, entry, database)
    appointments = AppointmentsCoordinator(hass, entry, database)
    for coordinator in (
        vitals,
        alerts,
        nutrition,
        medications,
        calls,
        appointments,
    ):
        if database.read_only:
            # Show what can still be read; entities go unavailable where nothing can.
            await coordinator.async_refresh()
        else:
            await coordinator.async_config_entry_first_refresh()
    entry.runtime_data = BettiData(
        database=database,
        profile=profile,
        vitals=vitals,
        alerts=alerts,
        alert_engine=AlertEngine(hass, entry),
        nutrition=nutrition,
        medications=medications,
        calls=calls,
        appointments=appointments,
        reminders=AppointmentReminders(hass, entry),
        vital_statistics=VitalStatistics(hass, entry),
    )
    async_start_loading(hass, database)
    async_track_activity_sources(hass, entry)
    async_setup_reminders(hass, entry)


async def async_unload_entry(hass: HomeAssistant, entry: ConfigEntry) -> bool:
    """Unload an entry; the shared database stays open for the others."""
    platforms = DEVICE_PLATFORMS if CONF_ADDRESS in entry.data else PROFILE_PLATFORMS
    return await hass.config_entries.async_unload_platforms(entry, platforms)


async def async_remove_entry(hass: HomeAssistant, entry: ConfigEntry) -> None:
    """Delete what was recorded for a removed profile or device."""
    database: Database = hass.data[DATA_DATABASE]
    await database.async_open()
    if database.read_only:
        return
    if CONF_ADDRESS in entry.data:
        await database.async_write(forget_device, entry.data[CONF_ADDRESS])
    else:
        await database.async_write(delete_profile, entry.entry_id)
