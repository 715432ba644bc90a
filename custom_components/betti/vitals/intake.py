"""Filing a reading: the one way a reading reaches its owner's statistics, sensors and alerts.

A reading comes from a Bluetooth device (routed to its owner, or parked and asked about), from
a claim of a parked reading, or by hand (``betti.log_vital``); each is stored its own way and
then filed here.
"""

from collections.abc import Mapping
from datetime import datetime, timedelta

from homeassistant.const import STATE_NOT_HOME
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util

from ..ble.readings import DeviceReading
from ..const import CONF_PERSON
from ..db import Database
from ..db.devices import add_pending, recent_weights
from ..db.vitals import add_reading
from ..household.access import Actor, async_write_audited_by
from ..models import BettiConfigEntry
from . import Metric, VitalKind
from .limit_alerts import async_check_reading
from .pushes import async_ask_whose
from .routing import Candidate, route

RECENT_WEIGHT = timedelta(days=90)


async def async_reading_filed(
    hass: HomeAssistant,
    entry: BettiConfigEntry,
    kind: VitalKind,
    measured_at: datetime,
    values: dict[Metric, float],
) -> None:
    """After a reading is stored as ``entry``'s: statistics, sensors, then limits."""
    entry.runtime_data.vital_statistics.async_reading_added(kind, measured_at)
    await entry.runtime_data.vitals.async_refresh()
    await async_check_reading(hass, entry, measured_at, values)


async def async_file_by_hand(
    hass: HomeAssistant,
    entry: BettiConfigEntry,
    kind: VitalKind,
    values: dict[Metric, float],
    *,
    measured_at: datetime,
    actor: Actor,
    note: str | None = None,
) -> int | None:
    """Store a reading someone gave (checked, canonical units) with its audit, then file it."""
    vital_id = await async_write_audited_by(
        entry,
        actor,
        "vital_logged",
        add_reading,
        entry.entry_id,
        kind=kind,
        measured_at=measured_at,
        source="manual",
        values=values,
        note=note,
    )
    await async_reading_filed(hass, entry, kind, measured_at, values)
    return vital_id


async def async_file_from_device(
    hass: HomeAssistant,
    database: Database,
    reading: DeviceReading,
    *,
    device: str,
    device_name: str,
    profiles: list[BettiConfigEntry],
    users: Mapping[str, int],
) -> None:
    """Store a device's reading with its owner, or park it and ask the household whose it is."""
    by_id = {entry.entry_id: entry for entry in profiles}
    measured_at = _measured_at(reading.timestamp)
    weights = await database.async_read(
        recent_weights, list(by_id), measured_at - RECENT_WEIGHT
    )
    candidates = [
        Candidate(
            entry_id,
            frozenset({users[entry_id]}) if entry_id in users else frozenset(),
            _at_home(hass, entry),
            weights.get(entry_id),
        )
        for entry_id, entry in by_id.items()
    ]
    owner = route(reading.kind, reading.values, reading.user_id, candidates)
    key = reading.dedupe_key(device)
    if isinstance(owner, str):
        stored = await database.async_write(
            add_reading,
            owner,
            kind=reading.kind,
            measured_at=measured_at,
            source="bluetooth",
            values=reading.values,
            device=device,
            dedupe_key=key,
        )
        if stored is not None:
            await async_reading_filed(
                hass, by_id[owner], reading.kind, measured_at, reading.values
            )
        return
    pending_id = await database.async_write(
        add_pending,
        device=device,
        kind=reading.kind,
        measured_at=measured_at,
        values=reading.values,
        candidates=owner,
        user_id=reading.user_id,
        dedupe_key=key,
    )
    if pending_id is not None:
        async_ask_whose(hass, pending_id, device_name)


def _measured_at(timestamp: datetime | None) -> datetime:
    # Devices keep local wall-clock time; a reading without a time was taken just now.
    if timestamp is None:
        return dt_util.utcnow()
    return dt_util.as_utc(timestamp.replace(tzinfo=dt_util.get_default_time_zone()))


def _at_home(hass: HomeAssistant, entry: BettiConfigEntry) -> bool:
    person = hass.states.get(entry.data[CONF_PERSON])
    return person is None or person.state != STATE_NOT_HOME
