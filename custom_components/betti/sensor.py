"""Sensors: gathered from the features (vitals, alerts, nutrition, medications, calls, devices)."""

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .alerts.sensors import alert_sensors
from .calls.entities import LAST_CALL, LastCallSensor
from .devices.coordinator import BettiDeviceEntry
from .devices.sensors import device_sensors
from .household.privacy import is_private
from .medications.sensors import async_add_medication_sensors
from .models import BettiConfigEntry, is_profile_entry
from .nutrition.sensors import nutrition_sensors
from .vitals.sensors import apply_unit_preferences, vital_sensors

PARALLEL_UPDATES = 0


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a profile's vital-sign sensors, or a device's own sensors."""
    if not is_profile_entry(entry):
        device_entry: BettiDeviceEntry = entry
        async_add_entities(device_sensors(device_entry))
        return
    profile_entry: BettiConfigEntry = entry
    last_call = LastCallSensor(profile_entry.runtime_data.calls, LAST_CALL)
    if is_private(profile_entry):
        # Every other sensor's state is a health value (see household/privacy.py).
        async_add_entities([last_call])
        return
    vitals = vital_sensors(profile_entry)
    nutrition = nutrition_sensors(profile_entry.runtime_data.nutrition)
    apply_unit_preferences(hass, [*vitals, *nutrition])
    async_add_entities(vitals)
    async_add_entities(alert_sensors(profile_entry))
    async_add_entities(nutrition)
    async_add_medication_sensors(hass, profile_entry, async_add_entities)
    async_add_entities([last_call])
