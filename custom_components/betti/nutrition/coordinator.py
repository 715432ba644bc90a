"""Today's nutrition, water and activity for one profile, against its goals."""

from dataclasses import dataclass
from datetime import date, datetime
import sqlite3
from typing import Any

from homeassistant.const import EVENT_HOMEASSISTANT_STOP
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.helpers.event import async_track_time_change
from homeassistant.util import dt as dt_util

from ..coordinator import BettiCoordinator
from ..db import Database
from ..db.fitness import day_totals
from ..db.nutrition import last_meal
from ..db.vitals import latest_readings
from ..household.profile import Profile
from ..models import BettiConfigEntry
from ..vitals import Metric, VitalKind
from . import DayTotals
from .goals import Goals, computed_goals
from .options import NutritionSettings


@dataclass(frozen=True, slots=True)
class NutritionDay:
    """What the sensors show: today so far, and the goals."""

    day: date
    totals: DayTotals
    goals: Goals
    last_meal: dict[str, Any] | None


def resolve_goals(
    profile: Profile, settings: NutritionSettings, weight_kg: float | None, today: date
) -> Goals:
    """Return the goals a profile works to: computed from the profile, or set by hand."""
    computed = computed_goals(
        sex=profile.sex,
        born=profile.date_of_birth,
        today=today,
        height_cm=profile.height_cm,
        weight_kg=weight_kg,
        level=settings.activity_level,
    )
    manual = not settings.computed
    return Goals(
        energy_kcal=settings.energy_goal if manual else computed.energy_kcal,
        protein=settings.protein_goal if manual else computed.protein,
        carbohydrate=settings.carbohydrate_goal if manual else computed.carbohydrate,
        fat=settings.fat_goal if manual else computed.fat,
        water_ml=settings.water_goal_ml or computed.water_ml,
        steps=settings.steps_goal,
        active_minutes=settings.active_minutes_goal,
    )


def _read_today(
    conn: sqlite3.Connection, profile_id: str, today: date, *, workouts_count: bool
) -> tuple[DayTotals, float | None, dict[str, Any] | None]:
    totals = day_totals(
        conn, profile_id, today, today, workouts_are_active_minutes=workouts_count
    )[today]
    weight = latest_readings(conn, profile_id, [VitalKind.WEIGHT]).get(VitalKind.WEIGHT)
    return (
        totals,
        None if weight is None else weight.values.get(Metric.WEIGHT),
        last_meal(conn, profile_id),
    )


class NutritionCoordinator(BettiCoordinator[NutritionDay]):
    """Today's totals; refreshed after every write and at local midnight."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: BettiConfigEntry,
        database: Database,
        profile: Profile,
    ) -> None:
        """Set up for one profile."""
        super().__init__(hass, entry, database, "nutrition")
        self.profile = profile
        self.settings = NutritionSettings.from_options(
            entry.options, profile.volume_unit
        )
        cancel = async_track_time_change(
            hass, self._async_new_day, hour=0, minute=0, second=0
        )

        @callback
        def stop(_: Event) -> None:
            # HA may stop without unloading entries; no midnight timer may outlive it.
            cancel()

        entry.async_on_unload(cancel)
        entry.async_on_unload(hass.bus.async_listen(EVENT_HOMEASSISTANT_STOP, stop))

    @callback
    def _async_new_day(self, now: datetime) -> None:
        self.hass.async_create_task(self.async_refresh(), eager_start=True)

    async def _async_update_data(self) -> NutritionDay:
        today = dt_util.now().date()
        totals, weight, meal = await self.async_read(
            _read_today,
            self.config_entry.entry_id,
            today,
            workouts_count=self.settings.active_minutes_sensor is None,
        )
        goals = resolve_goals(self.profile, self.settings, weight, today)
        return NutritionDay(today, totals, goals, meal)
