"""Readings that reach Home Assistant late are filed in long-term statistics when measured.

A scale or cuff keeps readings while nobody is near and hands them over hours or days later.
The sensors change when they arrive, so HA's recorder would file them at the download hour.
For such readings (and for deleted or reassigned ones) Betti works out each affected hour
from its database, as the recorder would have had the sensor shown every reading when it was
measured, and imports those hours into the sensor's own statistics: statistics-graph cards
and the long-term chart show the reading at its time, with no second series to pick.

Only hours the recorder has compiled are imported: it adds an hour's row without looking,
and a row already there would make it lose that whole run, for every sensor. Later hours
(the download hour, say) wait for its next 5-minute run. The recorder owns the metadata:
rows are written in the unit its statistics already use, and a sensor it has not compiled
yet waits for it too. What waits is kept in a small store, so a restart before the
recorder's next run loses nothing.

The work is bounded: a reading changes only the hours up to the next reading of its kind, and
carries forward at most CARRY_LIMIT (a reading dated years back would otherwise re-work tens
of thousands of hours); the hours are worked out in an executor, off the event loop.
"""

import asyncio
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime, timedelta
from functools import partial
import sqlite3

from homeassistant.components.recorder.db_schema import StatisticsRuns
from homeassistant.components.recorder.models import (
    StatisticData,
    StatisticMetaData,
    process_timestamp,
)
from homeassistant.components.recorder.statistics import (
    UNIT_CLASS_TO_UNIT_CONVERTER,
    async_import_statistics,
    get_metadata,
)
from homeassistant.components.sensor import DOMAIN as SENSOR_DOMAIN, SensorStateClass
from homeassistant.const import EVENT_RECORDER_5MIN_STATISTICS_GENERATED
from homeassistant.core import CALLBACK_TYPE, Event, HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.recorder import get_instance, session_scope
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util
from sqlalchemy import func, select

from ..const import DOMAIN
from ..db.vitals import (
    Reading,
    latest_readings,
    next_measured_at,
    reading_before,
    readings_between,
)
from ..household.privacy import is_private
from ..household.profile import Profile
from ..models import BettiConfigEntry
from . import VitalKind
from .hourly import HOUR, hour_start, hourly_stats, hours_between, runs
from .sensors import SENSORS, VitalSensorDescription

RECORDER = "recorder"
# The recorder's short-term period: a run starting at :55 closes the hour.
SHORT_TERM = timedelta(minutes=5)
# The longest a reading is carried forward in re-worked hours when no later one follows it:
# a month of hours covers a device that was away for weeks, without re-working years.
CARRY_LIMIT = timedelta(days=31)
STORE_VERSION = 1

# Per kind, moments (marks) or hours as ISO strings.
type Waiting = dict[str, dict[str, list[str]]]


def statistics_store(hass: HomeAssistant, entry_id: str) -> Store[Waiting]:
    """Return the store of a profile's marks and hours still waiting to be imported."""
    return Store(hass, STORE_VERSION, f"{DOMAIN}.{entry_id}.vital_statistics")


def _encode(moments: Mapping[VitalKind, Iterable[datetime]]) -> dict[str, list[str]]:
    return {
        kind: sorted(m.isoformat() for m in values) for kind, values in moments.items()
    }


def _decode(stored: dict[str, list[str]]) -> dict[VitalKind, list[datetime]]:
    return {
        VitalKind(kind): [datetime.fromisoformat(value) for value in values]
        for kind, values in stored.items()
    }


def _compiled_until(hass: HomeAssistant) -> datetime:
    """Return the end of the last hour the recorder has compiled (runs in its executor)."""
    with session_scope(hass=hass, read_only=True) as session:
        last = session.execute(select(func.max(StatisticsRuns.start))).scalar()
    if last is None:
        return datetime.min.replace(tzinfo=UTC)
    return hour_start(process_timestamp(last) + SHORT_TERM)


def _series(
    conn: sqlite3.Connection,
    profile_id: str,
    kind: VitalKind,
    start: datetime,
    end: datetime,
) -> tuple[Reading | None, list[Reading]]:
    return (
        reading_before(conn, profile_id, kind, start),
        readings_between(conn, profile_id, start, end, kind),
    )


def _next_readings(
    conn: sqlite3.Connection,
    profile_id: str,
    kind: VitalKind,
    moments: list[datetime],
) -> list[datetime | None]:
    return [next_measured_at(conn, profile_id, kind, moment) for moment in moments]


def _converter(
    native: str | None, meta: StatisticMetaData
) -> Callable[[float], float] | None:
    """Convert from the sensor's native unit to its statistics' unit, if that can be done."""
    unit = meta["unit_of_measurement"]
    if unit == native:
        return float
    converter = UNIT_CLASS_TO_UNIT_CONVERTER.get(meta["unit_class"] or "")
    if converter is None or not {native, unit} <= converter.VALID_UNITS:
        return None
    return converter.converter_factory(native, unit)


def _shown(
    description: VitalSensorDescription,
    profile: Profile,
    convert: Callable[[float], float],
    reading: Reading | None,
) -> float | None:
    """Return what the sensor showed for a reading, in its statistics' unit."""
    if reading is None:
        return None
    shown = description.value_fn(reading, profile)
    return convert(shown) if isinstance(shown, int | float) else None


def _rows(
    value: Callable[[Reading | None], float | None],
    previous: Reading | None,
    readings: list[Reading],
    first: datetime,
    end: datetime,
) -> list[StatisticData]:
    """Work out a sensor's hours [first, end) (in an executor: it is the costly part)."""
    return [
        StatisticData(start=row.start, mean=row.mean, min=row.min, max=row.max)
        for row in hourly_stats(
            value(previous),
            [(reading.measured_at, value(reading)) for reading in readings],
            first,
            end,
        )
    ]


class VitalStatistics:
    """Keeps one profile's vital sensors' long-term statistics true to measurement times."""

    def __init__(self, hass: HomeAssistant, entry: BettiConfigEntry) -> None:
        """Set up for one profile; nothing happens until a reading needs it."""
        self.hass = hass
        self.entry = entry
        # Per kind: when readings were added or removed, not yet turned into hours.
        self._marks: dict[VitalKind, list[datetime]] = {}
        # Per kind: the hours to work out again.
        self._hours: dict[VitalKind, set[datetime]] = {}
        self._dirty = False
        self._task: asyncio.Task[None] | None = None
        self._store = statistics_store(hass, entry.entry_id)
        self._saved: Waiting = {}

    async def async_start(self) -> CALLBACK_TYPE:
        """Take up what waited before a restart; retry whenever the recorder compiled more."""
        if stored := await self._store.async_load():
            self._saved = stored
            self._marks = _decode(stored.get("marks", {}))
            self._hours = {
                kind: set(hours)
                for kind, hours in _decode(stored.get("hours", {})).items()
            }
            if self._marks or self._hours:
                self._async_schedule()

        @callback
        def compiled(event: Event) -> None:
            if self._hours:
                self._async_schedule()

        return self.hass.bus.async_listen(
            EVENT_RECORDER_5MIN_STATISTICS_GENERATED, compiled
        )

    @callback
    def async_reading_added(self, kind: VitalKind, measured_at: datetime) -> None:
        """Refile the hours since a reading measured before this hour (live ones need not)."""
        if hour_start(measured_at) < hour_start(dt_util.utcnow()):
            self._async_mark(kind, measured_at)

    @callback
    def async_reading_removed(self, kind: VitalKind, measured_at: datetime) -> None:
        """Refile the hours a deleted or reassigned reading was part of."""
        self._async_mark(kind, measured_at)

    @callback
    def _async_mark(self, kind: VitalKind, measured_at: datetime) -> None:
        # A private profile has no vital sensors, so no statistics to keep true.
        if RECORDER not in self.hass.config.components or is_private(self.entry):
            return
        self._marks.setdefault(kind, []).append(dt_util.as_utc(measured_at))
        self._async_schedule()

    @callback
    def _async_schedule(self) -> None:
        self._dirty = True
        if self._task is None or self._task.done():
            self._task = self.entry.async_create_background_task(
                self.hass, self._async_run(), f"{DOMAIN} vital statistics"
            )

    async def _async_save(self) -> None:
        """Keep what waits, if it changed: a restart would forget it otherwise."""
        waiting = {"marks": _encode(self._marks), "hours": _encode(self._hours)}
        if waiting != self._saved:
            self._saved = waiting
            await self._store.async_save(waiting)

    async def _async_run(self) -> None:
        await self._async_save()
        instance = get_instance(self.hass)
        if not await instance.async_db_ready:
            return
        while self._dirty:
            self._dirty = False
            await self._async_hours_from_marks()
            await self._async_save()
            compiled = await instance.async_add_executor_job(_compiled_until, self.hass)
            for kind, hours in list(self._hours.items()):
                due = {hour for hour in hours if hour < compiled}
                # Hours a reading marked meanwhile changes are added back from its mark.
                if due and await self._async_import(kind, runs(due)):
                    hours.difference_update(due)
                    if not hours:
                        del self._hours[kind]
            await self._async_save()

    async def _async_hours_from_marks(self) -> None:
        """Turn marks into hours: from each one's hour to the next reading's, at most."""
        marks, self._marks = self._marks, {}
        now_until = hour_start(dt_util.utcnow()) + HOUR
        for kind, moments in marks.items():
            following = await self.entry.runtime_data.database.async_read(
                _next_readings, self.entry.entry_id, kind, moments
            )
            for moment, after in zip(moments, following, strict=True):
                first = hour_start(moment)
                until = min(now_until, first + CARRY_LIMIT)
                if after is not None:
                    until = min(until, hour_start(after) + HOUR)
                # None for a reading of the coming hour: the recorder files that itself.
                if hours := hours_between(first, until):
                    self._hours.setdefault(kind, set()).update(hours)

    def _sensors(self, kind: VitalKind) -> dict[str, VitalSensorDescription]:
        """Return the profile's recorded sensors of a kind by entity id (none if disabled)."""
        registry = er.async_get(self.hass)
        entity_filter = get_instance(self.hass).entity_filter
        sensors = {}
        for description in SENSORS:
            if (
                description.vital_kind is kind
                and description.state_class is SensorStateClass.MEASUREMENT
                and (
                    entity_id := registry.async_get_entity_id(
                        SENSOR_DOMAIN,
                        DOMAIN,
                        f"{self.entry.entry_id}_{description.key}",
                    )
                )
                and self.hass.states.get(entity_id) is not None
                and (entity_filter is None or entity_filter(entity_id))
            ):
                sensors[entity_id] = description
        return sensors

    async def _async_import(
        self, kind: VitalKind, hour_runs: list[tuple[datetime, datetime]]
    ) -> bool:
        """Import runs of hours [first, end); False if a sensor still waits for the recorder."""
        sensors = self._sensors(kind)
        metadata = await get_instance(self.hass).async_add_executor_job(
            partial(get_metadata, self.hass, statistic_ids=set(sensors))
        )
        profile = self.entry.runtime_data.profile
        database = self.entry.runtime_data.database
        waiting = [
            description
            for entity_id, description in sensors.items()
            if entity_id not in metadata
        ]
        complete = True
        if waiting:
            # The recorder creates a sensor's metadata at its next run if the sensor shows
            # a number. Asked of the latest reading, not of the state: the sensors' refresh
            # after a reading may come later, and a sensor still blank would lose its hours.
            latest = await database.async_read(
                latest_readings, self.entry.entry_id, [kind]
            )
            complete = all(
                _shown(description, profile, float, latest.get(kind)) is None
                for description in waiting
            )
        values: dict[str, tuple[StatisticMetaData, Callable[..., float | None]]] = {}
        for entity_id, description in sensors.items():
            if entity_id not in metadata:
                continue
            meta = metadata[entity_id][1]
            convert = _converter(description.native_unit_of_measurement, meta)
            if convert is not None:
                values[entity_id] = (
                    meta,
                    partial(_shown, description, profile, convert),
                )
        for first, end in hour_runs:
            previous, readings = await database.async_read(
                _series, self.entry.entry_id, kind, first, end
            )
            for meta, value in values.values():
                rows = await self.hass.async_add_executor_job(
                    _rows, value, previous, readings, first, end
                )
                if rows:
                    async_import_statistics(self.hass, meta.copy(), rows)
        return complete
