"""``betti/health/subscribe``: one profile's health data, for the users who may see it.

A private profile's values are in no entity (see household/privacy.py), so the dashboards' Betti
health card reads them here. The values are what the profile's entities would show, worked
out by the same entity classes (never added to HA), and they follow every change.
"""

from datetime import datetime
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
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.event import async_track_point_in_utc_time
from homeassistant.helpers.translation import async_get_translations
from homeassistant.util import dt as dt_util
import probatio

from ..alerts.sensors import alert_sensors
from ..appointments.calendar_events import calendar_event
from ..const import DOMAIN
from ..household.permissions import may_act
from ..medications.doses import Dose
from ..medications.schedule.state import DoseEventKind, DoseStatus
from ..medications.sensors import MEDICATION_SENSORS, MedicationSensor, SupplySensor
from ..medications.todo_items import form_words, todo_item
from ..models import BettiConfigEntry, is_profile_entry
from ..notifications.delivery import SIGNAL_PUSHED
from ..notifications.texts import text
from ..nutrition.sensors import nutrition_sensors
from ..vitals.sensors import SENSORS, VitalSensor
from ..vitals.units import preferred_unit, to_preferred
from .notifications import aged_out_at, async_notifications
from .trends import async_trends

type Names = dict[str, str]


# The card's own words, kept with the alert texts in en.json "exceptions" (placeholders).
CARD_TEXTS = (
    "medicines",
    "take_now",
    "taken",
    "skipped",
    "missed",
    "later",
    "alert_do",
    "alert_do_missed_dose",
    "alert_do_panic",
    "acknowledge",
    "call_for_help",
    "call_for_help_confirm",
    "call_for_help_yes",
    "call_for_help_no",
    "help_on_its_way",
    "notifications",
)
_CARD_TEXT = f"component.{DOMAIN}.exceptions.card_{{}}.message"


async def _names(hass: HomeAssistant) -> Names:
    """Entity names and states in HA's language: Betti's own, and sensor device classes."""
    language = hass.config.language
    return (
        await async_get_translations(hass, language, "entity", {DOMAIN})
        | await async_get_translations(hass, language, "entity_component", {"sensor"})
        | await async_get_translations(hass, language, "exceptions", {DOMAIN})
        | await async_get_translations(hass, language, "selector", {DOMAIN})
    )


def _hhmm(moment: datetime) -> str:
    return f"{dt_util.as_local(moment):%H:%M}"


def _status(dose: Dose, names: Names) -> str:
    """Say the dose's state as a person would: "Taken 08:04", "Later today 19:00"."""
    status = dose.state.status
    if status is DoseStatus.TAKEN:
        taken = [e.at for e in dose.events if e.kind is DoseEventKind.TAKEN]
        key, time = "taken", _hhmm(max(taken, default=dose.due))
    elif status in (DoseStatus.DUE, DoseStatus.UPCOMING):
        key, time = "take_now", ""
    elif status is DoseStatus.SNOOZED and dose.state.until is not None:
        key, time = "later", _hhmm(dose.state.until)
    elif status in (DoseStatus.MISSED, DoseStatus.SKIPPED):
        key, time = status.value, ""
    else:
        key, time = "later", _hhmm(dose.due)
    return names[_CARD_TEXT.format(key)].format(time=time)


def _row(entity: SensorEntity, names: Names, entry_id: str) -> dict[str, Any]:
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
    for placeholder, value in (description.translation_placeholders or {}).items():
        name = name.replace(f"{{{placeholder}}}", value)
    # The entity's own key: a goal and a progress sensor share their amount's description.
    return {
        "key": (entity.unique_id or description.key).removeprefix(f"{entry_id}_"),
        "name": name,
        "value": value.isoformat() if isinstance(value, datetime) else value,
        "unit": unit,
        "attributes": entity.extra_state_attributes,
    }


def health_data(
    hass: HomeAssistant, entry: BettiConfigEntry, names: Names
) -> dict[str, Any]:
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
        "alerts": [
            {"message": alert.message, "source": alert.source.value}
            for alert in data.alerts.data.open
        ],
        "vitals": [
            _row(sensor, names, entry.entry_id)
            for sensor in [*vitals, *mood]
            if sensor.native_value is not None
        ],
        "medications": [_row(sensor, names, entry.entry_id) for sensor in doses],
        "nutrition": [
            _row(sensor, names, entry.entry_id)
            for sensor in nutrition_sensors(data.nutrition)
        ],
        "doses": [
            {
                "summary": item.summary,
                "name": dose.medication.label,
                "time": f"{dose.local:%H:%M}",
                "amount": " · ".join(
                    part
                    for part in (
                        f"{dose.amount:g} {form_words(hass, dose.medication.form)}".strip(),
                        dose.medication.instructions,
                    )
                    if part
                ),
                "status": _status(dose, names),
                "description": item.description,
                "done": item.status is TodoItemStatus.COMPLETED,
                "medication_id": dose.medication.medication_id,
                "due": dose.due.isoformat(),
            }
            for dose in medications.data.today
            if (item := todo_item(hass, dose))
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
        "texts": {key: names[_CARD_TEXT.format(key)] for key in CARD_TEXTS},
    }


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
            text(hass, "profile_not_found"),
            translation_key="profile_not_found",
            translation_domain=DOMAIN,
        )
        return
    if not may_act(hass, connection.user, entry):
        connection.send_error(
            msg["id"],
            ERR_UNAUTHORIZED,
            text(hass, "profile_not_yours"),
            translation_key="profile_not_yours",
            translation_domain=DOMAIN,
        )
        return
    names = await _names(hass)
    trends = await async_trends(entry)
    pushes = await async_notifications(hass, entry, names)

    @callback
    def send() -> None:
        connection.send_event(
            msg["id"], health_data(hass, entry, names) | {"trends": trends} | pushes
        )

    async def async_send_trends() -> None:
        nonlocal trends
        trends = await async_trends(entry)
        send()

    @callback
    def vitals_changed() -> None:
        # The week's readings are read again: a late or deleted one changes the means.
        entry.async_create_task(hass, async_send_trends(), "betti trends")

    unsub_aging: CALLBACK_TYPE | None = None

    @callback
    def read_again_when_aged_out() -> None:
        # A view stays open for days (the mirror): nothing else may happen to refresh it.
        nonlocal unsub_aging
        if unsub_aging is not None:
            unsub_aging()
        unsub_aging = None
        closed = msg["id"] not in connection.subscriptions  # read while unsubscribing
        if not closed and (at := aged_out_at(pushes)) is not None:
            unsub_aging = async_track_point_in_utc_time(hass, aged_out, at)

    async def async_send_pushes() -> None:
        nonlocal pushes
        pushes = await async_notifications(hass, entry, names)
        read_again_when_aged_out()
        send()

    @callback
    def pushed() -> None:
        entry.async_create_task(hass, async_send_pushes(), "betti notifications")

    @callback
    def aged_out(_now: datetime) -> None:
        pushed()

    data = entry.runtime_data
    unsubs = [
        data.vitals.async_add_listener(vitals_changed),
        async_dispatcher_connect(hass, SIGNAL_PUSHED, pushed),
    ]
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
        if unsub_aging is not None:
            unsub_aging()

    connection.subscriptions[msg["id"]] = unsubscribe
    connection.send_result(msg["id"])
    read_again_when_aged_out()
    send()


@callback
def async_register_health_command(hass: HomeAssistant) -> None:
    """Register ``betti/health/subscribe`` (once, for the household)."""
    websocket_api.async_register_command(hass, _subscribe)
