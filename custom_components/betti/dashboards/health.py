"""``betti/health/subscribe``: one profile's health data, for the users who may see it.

A private profile's values are in no entity (see household/privacy.py), so the dashboards' Betti
health card reads them here. The values are what the profile's entities would show, worked
out by the same entity classes (never added to HA), and they follow every change.
"""

from datetime import datetime, timedelta
from statistics import fmean
from typing import Any

from homeassistant.components import websocket_api
from homeassistant.components.sensor import SensorEntity
from homeassistant.components.todo.const import TodoItemStatus
from homeassistant.components.websocket_api.connection import ActiveConnection
from homeassistant.components.websocket_api.const import ERR_NOT_FOUND, ERR_UNAUTHORIZED
from homeassistant.components.websocket_api.decorators import (
    async_response,
    websocket_command,
)
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.translation import async_get_translations
from homeassistant.util import dt as dt_util
import probatio

from ..alerts.sensors import alert_sensors
from ..appointments.calendar_events import calendar_event
from ..const import DOMAIN
from ..db.vitals import readings_between
from ..household.permissions import may_act
from ..medications.sensors import MEDICATION_SENSORS, MedicationSensor, SupplySensor
from ..medications.todo_items import todo_item
from ..models import BettiConfigEntry, is_profile_entry
from ..nutrition.sensors import nutrition_sensors
from ..vitals import Metric
from ..vitals.sensors import SENSORS, VitalSensor
from ..vitals.units import preferred_unit, to_preferred

type Names = dict[str, str]
TREND_DAYS = 7
# The metrics the entity dashboards graph (roles.TRENDS), in that order.
TREND_METRICS = (
    Metric.SYSTOLIC,
    Metric.DIASTOLIC,
    Metric.WEIGHT,
    Metric.GLUCOSE,
    Metric.HEART_RATE,
)


async def _names(hass: HomeAssistant) -> Names:
    """Entity names and states in HA's language: Betti's own, and sensor device classes."""
    language = hass.config.language
    return await async_get_translations(
        hass, language, "entity", {DOMAIN}
    ) | await async_get_translations(hass, language, "entity_component", {"sensor"})


def _row(entity: SensorEntity, names: Names) -> dict[str, Any]:
    """One sensor as the card shows it: name, value in the person's unit, details."""
    description = entity.entity_description
    value: Any = entity.native_value
    unit = entity.native_unit_of_measurement
    if isinstance(entity, VitalSensor) and (metric := entity.entity_description.metric):
        profile = entity.coordinator.config_entry.runtime_data.profile
        unit = preferred_unit(metric, profile)
        if isinstance(value, int | float):
            value = to_preferred(metric, value, profile)
    if isinstance(value, float):
        precision = description.suggested_display_precision
        value = round(value, 1 if precision is None else precision)
    key = f"component.{DOMAIN}.entity.sensor.{description.translation_key}"
    if isinstance(value, str):
        value = names.get(f"{key}.state.{value}", value)
    name = names.get(f"{key}.name") or names.get(
        f"component.sensor.entity_component.{description.device_class}.name",
        description.key,
    )
    for placeholder, text in (description.translation_placeholders or {}).items():
        name = name.replace(f"{{{placeholder}}}", text)
    return {
        "key": description.key,
        "name": name,
        "value": value.isoformat() if isinstance(value, datetime) else value,
        "unit": unit,
        "attributes": entity.extra_state_attributes,
    }


def health_data(entry: BettiConfigEntry, names: Names) -> dict[str, Any]:
    """Everything the profile's entities would show, grouped for the card."""
    data = entry.runtime_data
    medications = data.medications
    vitals = [VitalSensor(data.vitals, description) for description in SENSORS]
    mood = [s for s in alert_sensors(entry) if s.entity_description.key == "mood"]
    doses: list[SensorEntity] = [
        MedicationSensor(medications, description) for description in MEDICATION_SENSORS
    ]
    doses += [SupplySensor(medications, m) for m in medications.data.medications]
    tz = dt_util.get_default_time_zone()
    now = dt_util.now()
    return {
        "name": data.profile.name,
        "alerts": [alert.message for alert in data.alerts.data.open],
        "vitals": [
            _row(sensor, names)
            for sensor in [*vitals, *mood]
            if sensor.native_value is not None
        ],
        "medications": [_row(sensor, names) for sensor in doses],
        "nutrition": [
            _row(sensor, names) for sensor in nutrition_sensors(data.nutrition)
        ],
        "doses": [
            {
                "summary": item.summary,
                "description": item.description,
                "done": item.status is TodoItemStatus.COMPLETED,
                "medication_id": dose.medication.medication_id,
                "due": dose.due.isoformat(),
            }
            for dose in medications.data.today
            if (item := todo_item(dose))
        ],
        "appointments": [
            {
                "summary": event.summary,
                "start": event.start.isoformat(),
                "end": event.end.isoformat(),
                "location": event.location,
                "description": event.description,
            }
            for event in (
                calendar_event(stored, tz) for stored in data.appointments.data.upcoming
            )
            if event.end_datetime_local > now
        ],
    }


async def _async_trends(entry: BettiConfigEntry) -> list[dict[str, Any]]:
    """Daily means of the week's readings: what the graphs show where statistics are kept."""
    start = dt_util.start_of_local_day() - timedelta(days=TREND_DAYS - 1)
    readings = await entry.runtime_data.database.async_read(
        readings_between, entry.entry_id, start, dt_util.utcnow() + timedelta(seconds=1)
    )
    profile = entry.runtime_data.profile
    trends = []
    for metric in TREND_METRICS:
        days: dict[str, list[float]] = {}
        for reading in readings:
            if (value := reading.values.get(metric)) is not None:
                day = dt_util.as_local(reading.measured_at).date().isoformat()
                days.setdefault(day, []).append(to_preferred(metric, value, profile))
        if days:
            trends.append(
                {
                    "key": metric.value,
                    "unit": preferred_unit(metric, profile),
                    "days": [
                        {"day": day, "mean": round(fmean(values), 1)}
                        for day, values in days.items()
                    ],
                }
            )
    return trends


def _profile(hass: HomeAssistant, entry_id: str) -> BettiConfigEntry | None:
    entry = hass.config_entries.async_get_entry(entry_id)
    if (
        entry is None
        or entry.domain != DOMAIN
        or not is_profile_entry(entry)
        or entry.state is not ConfigEntryState.LOADED
    ):
        return None
    return entry


@websocket_command(
    {
        probatio.Required("type"): "betti/health/subscribe",
        probatio.Required("config_entry_id"): str,
    }
)
@async_response
async def _subscribe(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    entry = _profile(hass, msg["config_entry_id"])
    if entry is None:
        connection.send_error(
            msg["id"],
            ERR_NOT_FOUND,
            "Profile not found",
            translation_key="profile_not_found",
            translation_domain=DOMAIN,
        )
        return
    if not may_act(hass, connection.user, entry):
        connection.send_error(
            msg["id"],
            ERR_UNAUTHORIZED,
            "Not allowed to see this profile",
            translation_key="profile_not_yours",
            translation_domain=DOMAIN,
        )
        return
    names = await _names(hass)
    trends = await _async_trends(entry)

    @callback
    def send() -> None:
        connection.send_event(msg["id"], health_data(entry, names) | {"trends": trends})

    async def async_send_trends() -> None:
        nonlocal trends
        trends = await _async_trends(entry)
        send()

    @callback
    def vitals_changed() -> None:
        # The week's readings are read again: a late or deleted one changes the means.
        entry.async_create_task(hass, async_send_trends(), "betti trends")

    data = entry.runtime_data
    unsubs = [data.vitals.async_add_listener(vitals_changed)]
    unsubs += [
        coordinator.async_add_listener(send)
        for coordinator in (
            data.nutrition,
            data.medications,
            data.appointments,
        )
    ]

    @callback
    def unsubscribe() -> None:
        for unsub in unsubs:
            unsub()

    connection.subscriptions[msg["id"]] = unsubscribe
    connection.send_result(msg["id"])
    send()


@callback
def async_register_health_command(hass: HomeAssistant) -> None:
    """Register ``betti/health/subscribe`` (once, for the household)."""
    websocket_api.async_register_command(hass, _subscribe)
