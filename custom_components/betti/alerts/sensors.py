"""Sensors for alerts and mood (added by the sensor platform): the last alert, the latest mood."""

from typing import Any

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorStateClass,
)

from ..entity import StateSensor, StateSensorDescription
from ..models import BettiConfigEntry
from .coordinator import AlertsCoordinator, AlertsState

AlertsSensorDescription = StateSensorDescription[AlertsState]


def _last_alert_attributes(state: AlertsState) -> dict[str, Any] | None:
    if (alert := state.last) is None:
        return None
    return {
        "alert_id": alert.alert_id,
        "message": alert.message,
        "source": alert.source,
        "severity": alert.severity,
        "stage": alert.stage,
        "acknowledged": alert.acknowledged_at is not None,
        "acknowledged_via": alert.acknowledged_via,
    }


def _mood_attributes(state: AlertsState) -> dict[str, Any] | None:
    if (mood := state.mood) is None:
        return None
    return {"note": mood.note, "logged_at": mood.at.isoformat()}


ALERT_SENSORS = (
    # A timestamp: automations and the history graph get when; attributes tell what.
    AlertsSensorDescription(
        key="last_alert",
        translation_key="last_alert",
        device_class=SensorDeviceClass.TIMESTAMP,
        value_fn=lambda state: state.last and state.last.created_at,
        attributes_fn=_last_alert_attributes,
    ),
    AlertsSensorDescription(
        key="mood",
        translation_key="mood",
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=0,
        value_fn=lambda state: state.mood and state.mood.score,
        attributes_fn=_mood_attributes,
    ),
)


def alert_sensors(entry: BettiConfigEntry) -> list[AlertsSensor]:
    """Return the profile's alert and mood sensors."""
    return [
        AlertsSensor(entry.runtime_data.alerts, description)
        for description in ALERT_SENSORS
    ]


class AlertsSensor(StateSensor[AlertsCoordinator]):
    """One value from the alerts coordinator."""
