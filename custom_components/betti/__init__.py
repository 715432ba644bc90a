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

from .alerts.coordinator import AlertsCoordinator
from .alerts.engine import AlertEngine
from .alerts.setup import async_setup as async_setup_alerts
from .alerts.trial import async_resume_test_alert, trial_store
from .appointments.coordinator import AppointmentReminders, AppointmentsCoordinator
from .appointments.setup import async_setup as async_setup_appointments
from .calls.coordinator import CallsCoordinator
from .calls.setup import async_setup as async_setup_calls
from .const import CONF_PERSON, DOMAIN, PROFILE_MINOR_VERSION
from .dashboards.setup import async_setup as async_setup_dashboards
from .db import Database, DatabaseReadOnlyError
from .db.devices import forget_device
from .db.profiles import delete_profile, profile_in_step, sync_profile
from .devices.coordinator import BettiDeviceEntry, async_create_coordinator
from .household.database import (
    DATA_DATABASE,
    async_open_household,
    async_setup_household,
)
from .household.privacy import (
    CONF_PRIVATE,
    async_apply_private_mode,
    async_default_private,
    is_private,
)
from .household.profile import Profile
from .household.readable import async_watch_readable
from .medications.coordinator import MedicationsCoordinator
from .medications.setup import async_setup as async_setup_medications
from .medications.subentry_flow import async_setup_medication_subentries
from .models import BettiConfigEntry, BettiData, is_profile_entry
from .notifications.delivery import async_setup_delivery
from .notifications.reachability import async_watch_contacts
from .notifications.texts import async_text
from .notifications.watching import PhoneWatch
from .nutrition.activity_sources import async_track_activity_sources
from .nutrition.coordinator import NutritionCoordinator
from .nutrition.setup import async_setup as async_setup_nutrition
from .nutrition.water_reminders import async_setup_reminders
from .reports import async_setup as async_setup_reports
from .vitals.coordinator import VitalsCoordinator
from .vitals.setup import async_setup as async_setup_vitals
from .vitals.statistics import VitalStatistics, statistics_store

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
FEATURE_SETUPS = (
    async_setup_alerts,
    async_setup_vitals,
    async_setup_medications,
    async_setup_nutrition,
    async_setup_appointments,
    async_setup_calls,
    async_setup_dashboards,
    async_setup_reports,
)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Set up what the whole household shares, then each feature's actions and handlers."""
    async_setup_household(hass)
    async_setup_delivery(hass)  # before the features register their phone buttons
    for async_setup_feature in FEATURE_SETUPS:
        await async_setup_feature(hass)
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
        if is_profile_entry(entry) and CONF_PRIVATE not in options:
            options[CONF_PRIVATE] = await async_default_private(
                hass, entry.data[CONF_PERSON]
            )
        minor = PROFILE_MINOR_VERSION if not is_profile_entry(entry) else 2
        hass.config_entries.async_update_entry(
            entry, options=options, minor_version=max(entry.minor_version, minor)
        )
    return True


async def async_setup_entry(hass: HomeAssistant, entry: ConfigEntry) -> bool:
    """Set up a profile or a health device."""
    database = await _async_database(hass)
    if not is_profile_entry(entry):
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
    entry.async_on_unload(profile_entry.runtime_data.alert_engine.async_start())
    await async_resume_test_alert(hass, profile_entry)
    entry.async_on_unload(profile_entry.runtime_data.medications.async_start())
    entry.async_on_unload(profile_entry.runtime_data.reminders.async_start())
    entry.async_on_unload(
        await profile_entry.runtime_data.vital_statistics.async_start()
    )
    entry.async_on_unload(async_watch_contacts(hass, profile_entry))
    entry.async_on_unload(async_watch_readable(hass, profile_entry))
    entry.async_on_unload(PhoneWatch(hass, profile_entry).async_start())
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
        model=await async_text(hass, "device_model_profile"),
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
    async_track_activity_sources(hass, entry)
    async_setup_reminders(hass, entry)


async def async_unload_entry(hass: HomeAssistant, entry: ConfigEntry) -> bool:
    """Unload an entry; the shared database stays open for the others."""
    platforms = PROFILE_PLATFORMS if is_profile_entry(entry) else DEVICE_PLATFORMS
    return await hass.config_entries.async_unload_platforms(entry, platforms)


async def async_remove_entry(hass: HomeAssistant, entry: ConfigEntry) -> None:
    """Delete what was recorded for a removed profile or device."""
    if is_profile_entry(entry):
        await statistics_store(hass, entry.entry_id).async_remove()
        await trial_store(hass, entry.entry_id).async_remove()
    database: Database = hass.data[DATA_DATABASE]
    await database.async_open()
    if database.read_only:
        return
    if not is_profile_entry(entry):
        await database.async_write(forget_device, entry.data[CONF_ADDRESS])
    else:
        await database.async_write(delete_profile, entry.entry_id)
