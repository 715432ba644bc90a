"""Daily activity taken from the sensors a profile picked (a phone's steps, a watch's energy)."""

import logging

from homeassistant.core import (
    Event,
    EventStateChangedData,
    HomeAssistant,
    State,
    callback,
)
from homeassistant.helpers.event import async_track_state_change_event
from homeassistant.util import dt as dt_util

from ..db import DatabaseReadOnlyError
from ..db.fitness import record_counter
from ..models import BettiConfigEntry
from . import ActivityMetric
from .activity import parse_counter
from .options import NutritionSettings

_LOGGER = logging.getLogger(__name__)


def _sources(settings: NutritionSettings) -> dict[str, ActivityMetric]:
    chosen = {
        settings.steps_sensor: ActivityMetric.STEPS,
        settings.active_energy_sensor: ActivityMetric.ACTIVE_ENERGY,
        settings.active_minutes_sensor: ActivityMetric.ACTIVE_MINUTES,
    }
    return {entity_id: metric for entity_id, metric in chosen.items() if entity_id}


@callback
def async_track_activity_sources(hass: HomeAssistant, entry: BettiConfigEntry) -> None:
    """Roll every new value of the chosen sensors into the day it arrived on."""
    coordinator = entry.runtime_data.nutrition
    sources = _sources(coordinator.settings)
    if not sources or entry.runtime_data.database.read_only:
        return

    async def record(entity_id: str, state: State | None) -> None:
        if state is None or (value := parse_counter(state.state)) is None:
            return  # unavailable or unknown: keep the last good value
        now = dt_util.utcnow()
        try:
            added = await entry.runtime_data.database.async_write(
                record_counter,
                entry.entry_id,
                day=dt_util.as_local(now).date(),
                metric=sources[entity_id],
                source=entity_id,
                value=value,
                at=now,
            )
        except DatabaseReadOnlyError:
            return
        if added:
            await coordinator.async_refresh()

    @callback
    def changed(event: Event[EventStateChangedData]) -> None:
        entry.async_create_task(
            hass,
            record(event.data["entity_id"], event.data["new_state"]),
            eager_start=True,
        )

    entry.async_on_unload(async_track_state_change_event(hass, list(sources), changed))
    for entity_id in sources:
        changed_now = hass.states.get(entity_id)
        if changed_now is not None:
            entry.async_create_task(
                hass, record(entity_id, changed_now), eager_start=True
            )
    _LOGGER.debug("Taking activity from %s", sources)
