"""Gather one person's records for a report: read off the event loop, convert to their units."""

from datetime import datetime, timedelta
import sqlite3
from typing import Any
from zoneinfo import ZoneInfo

from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util

from ..db import history
from ..db.alerts import Alert, alerts_between
from ..db.deliveries import Delivery, alert_deliveries
from ..db.dose_history import dose_events
from ..db.medications import Medication, StoredEvent, medications
from ..db.vitals import Reading, readings_between
from ..household.profile import Profile
from ..medications.doses import ReminderSettings, doses, events_by_dose
from ..models import BettiConfigEntry
from ..vitals import Metric
from ..vitals.units import preferred_unit, to_preferred
from .model import (
    GLUCOSE_RANGE,
    AlertRecord,
    DeliveryRecord,
    DoseRecord,
    Person,
    ReportData,
    Sample,
)

type Records = tuple[
    list[Reading],
    list[Medication],
    list[StoredEvent],
    list[Alert],
    dict[int, list[Delivery]],
    dict[str, list[dict[str, Any]]],
]


def read_records(
    conn: sqlite3.Connection,
    profile_id: str,
    start: datetime,
    end: datetime,
    tz: ZoneInfo,
) -> Records:
    """Everything of the period, in one go on one reader."""
    alerts = alerts_between(conn, profile_id, start, end)
    # The end is exclusive: a period up to midnight ends with the day before.
    first = start.astimezone(tz).date()
    last = (end - timedelta(microseconds=1)).astimezone(tz).date()
    return (
        readings_between(conn, profile_id, start, end),
        medications(conn, profile_id)[0],  # the usable ones (see repairs)
        dose_events(conn, profile_id, start, end),
        alerts,
        alert_deliveries(conn, [a.alert_id for a in alerts]),
        {
            "moods": history.moods_between(conn, profile_id, start, end),
            "meals": history.meal_items_between(conn, profile_id, start, end),
            "water": history.water_between(conn, profile_id, start, end),
            "workouts": history.workouts_between(conn, profile_id, start, end),
            "activity": history.activity_between(conn, profile_id, first, last),
        },
    )


def report_data(
    records: Records,
    profile: Profile,
    tz: ZoneInfo,
    window: tuple[datetime, datetime],
    now: datetime,
) -> ReportData:
    """Shape what was read: local times, the person's units, each dose's outcome at ``now``."""
    readings, meds, events, alerts, deliveries, rows = records
    units = {metric: preferred_unit(metric, profile) for metric in Metric}

    def local(moment: datetime) -> datetime:
        return moment.astimezone(tz)

    def shown(metric: Metric, value: float) -> float:
        # Converted values keep two decimals; values in the stored unit stay exact.
        converted = to_preferred(metric, value, profile)
        return value if converted == value else round(converted, 2)

    found = doses(meds, events_by_dose(events), ReminderSettings(), tz, window, now=now)
    return ReportData(
        person=Person(
            profile.name, profile.date_of_birth, profile.sex, profile.height_cm
        ),
        start=local(window[0]),
        end=local(window[1]),
        units=units,
        glucose_range=(
            shown(Metric.GLUCOSE, GLUCOSE_RANGE[0]),
            shown(Metric.GLUCOSE, GLUCOSE_RANGE[1]),
        ),
        samples=[
            Sample(
                reading.reading_id,
                local(reading.measured_at),
                reading.kind,
                reading.values,
                {m: shown(m, v) for m, v in reading.values.items()},
                reading.source,
                reading.note,
            )
            for reading in readings
        ],
        medications={m.medication_id: m.label for m in meds},
        doses=[
            DoseRecord(
                dose.medication.medication_id,
                dose.medication.label,
                local(dose.due),
                dose.state.status.value,
                next(
                    (
                        local(e.at)
                        for e in reversed(dose.events)
                        if e.kind.value == dose.state.status.value
                    ),
                    None,
                ),
                dose.amount,
            )
            for dose in found
        ],
        alerts=[
            AlertRecord(
                a.alert_id,
                local(a.created_at),
                a.source.value,
                a.severity.value,
                a.message,
                a.acknowledged_at and local(a.acknowledged_at),
                a.acknowledged_via,
                tuple(
                    DeliveryRecord(local(d.at), d.target, d.result.value, d.reason)
                    for d in deliveries[a.alert_id]
                ),
            )
            for a in alerts
        ],
        **{
            name: [
                {
                    key: local(value) if isinstance(value, datetime) else value
                    for key, value in row.items()
                }
                for row in found_rows
            ]
            for name, found_rows in rows.items()
        },
    )


async def async_collect(
    hass: HomeAssistant, entry: BettiConfigEntry, start: datetime, end: datetime
) -> ReportData:
    """Read a profile's records of ``[start, end)`` and shape them for the renderers."""
    tz = ZoneInfo(hass.config.time_zone)
    records = await entry.runtime_data.database.async_read(
        read_records, entry.entry_id, start, end, tz
    )
    return report_data(
        records, entry.runtime_data.profile, tz, (start, end), dt_util.utcnow()
    )
