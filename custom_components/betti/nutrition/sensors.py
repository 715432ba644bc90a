"""Sensors for today's food, water and activity, each with its goal and progress."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import PERCENTAGE, EntityCategory, UnitOfTime, UnitOfVolume
from homeassistant.helpers.typing import StateType
from homeassistant.util import dt as dt_util

from ..entity import BettiEntity
from . import ActivityMetric, DayTotals, Nutrient, percent_of
from .coordinator import NutritionCoordinator, NutritionDay
from .goals import Goals

KCAL = "kcal"
GRAMS = "g"
STEPS = "steps"


@dataclass(frozen=True, kw_only=True)
class DailySensorDescription(SensorEntityDescription):
    """Something counted per day, with the goal it is measured against."""

    value_fn: Callable[[DayTotals], float]
    goal_fn: Callable[[Goals], float | None] | None = None


def _nutrient(nutrient: Nutrient, key: str, unit: str) -> DailySensorDescription:
    return DailySensorDescription(
        key=key,
        translation_key=key,
        native_unit_of_measurement=unit,
        state_class=SensorStateClass.TOTAL,
        suggested_display_precision=0,
        value_fn=lambda totals: totals.nutrients.get(nutrient, 0.0),
        goal_fn=lambda goals: getattr(goals, nutrient.value),
    )


def _activity(metric: ActivityMetric, **kwargs: Any) -> DailySensorDescription:
    return DailySensorDescription(
        key=metric.value,
        translation_key=metric.value,
        state_class=SensorStateClass.TOTAL,
        suggested_display_precision=0,
        value_fn=lambda totals: totals.activity.get(metric, 0.0),
        **kwargs,
    )


DAILY: tuple[DailySensorDescription, ...] = (
    _nutrient(Nutrient.ENERGY, "energy_today", KCAL),
    _nutrient(Nutrient.PROTEIN, "protein_today", GRAMS),
    _nutrient(Nutrient.CARBOHYDRATE, "carbohydrate_today", GRAMS),
    _nutrient(Nutrient.FAT, "fat_today", GRAMS),
    DailySensorDescription(
        key="water_today",
        translation_key="water_today",
        device_class=SensorDeviceClass.VOLUME,
        native_unit_of_measurement=UnitOfVolume.MILLILITERS,
        state_class=SensorStateClass.TOTAL,
        suggested_display_precision=0,
        value_fn=lambda totals: totals.water_ml,
        goal_fn=lambda goals: goals.water_ml,
    ),
    _activity(
        ActivityMetric.STEPS,
        native_unit_of_measurement=STEPS,
        goal_fn=lambda goals: goals.steps,
    ),
    _activity(
        ActivityMetric.ACTIVE_MINUTES,
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.MINUTES,
        goal_fn=lambda goals: goals.active_minutes,
    ),
    _activity(
        ActivityMetric.ACTIVE_ENERGY,
        native_unit_of_measurement=KCAL,
        entity_registry_enabled_default=False,
    ),
)


def _goal(description: DailySensorDescription, goals: Goals) -> float | None:
    return None if description.goal_fn is None else description.goal_fn(goals)


def nutrition_sensors(coordinator: NutritionCoordinator) -> list[SensorEntity]:
    """Every nutrition sensor of a profile."""
    entities: list[SensorEntity] = [LastMealSensor(coordinator)]
    for description in DAILY:
        entities.append(DailySensor(coordinator, description))
        if description.goal_fn is not None:
            entities.append(GoalSensor(coordinator, description))
            entities.append(ProgressSensor(coordinator, description))
    return entities


class _NutritionEntity(BettiEntity[NutritionCoordinator], SensorEntity):
    @property
    def _day(self) -> NutritionDay:
        return self.coordinator.data


class DailySensor(_NutritionEntity):
    """Today's amount so far; starts again from zero at local midnight."""

    entity_description: DailySensorDescription

    def __init__(
        self, coordinator: NutritionCoordinator, description: DailySensorDescription
    ) -> None:
        """Show volumes in the person's drinks unit."""
        super().__init__(coordinator, description)
        if description.device_class is SensorDeviceClass.VOLUME:
            self._attr_suggested_unit_of_measurement = coordinator.profile.volume_unit

    @property
    def native_value(self) -> StateType:
        """Today's amount."""
        return self.entity_description.value_fn(self._day.totals)

    @property
    def last_reset(self) -> datetime | None:
        """The start of today, when the count began."""
        return dt_util.start_of_local_day(self._day.day)


class GoalSensor(DailySensor):
    """The day's goal for an amount."""

    _attr_entity_category = EntityCategory.DIAGNOSTIC
    _attr_state_class = None

    def __init__(
        self, coordinator: NutritionCoordinator, description: DailySensorDescription
    ) -> None:
        """Sit beside the amount's sensor."""
        super().__init__(coordinator, description)
        self._attr_unique_id = f"{self._attr_unique_id}_goal"
        self._attr_translation_key = f"{description.key}_goal"

    @property
    def native_value(self) -> StateType:
        """The goal, if there is one."""
        return _goal(self.entity_description, self._day.goals)

    @property
    def last_reset(self) -> None:
        """Goals are not totals."""
        return


class ProgressSensor(_NutritionEntity):
    """How far today's amount is towards its goal."""

    entity_description: DailySensorDescription
    _attr_native_unit_of_measurement = PERCENTAGE
    _attr_state_class = SensorStateClass.MEASUREMENT
    _attr_suggested_display_precision = 0

    def __init__(
        self, coordinator: NutritionCoordinator, description: DailySensorDescription
    ) -> None:
        """Sit beside the amount's sensor."""
        super().__init__(coordinator, description)
        self._attr_unique_id = f"{self._attr_unique_id}_progress"
        self._attr_translation_key = f"{description.key}_progress"
        self._attr_device_class = None
        self._attr_suggested_unit_of_measurement = None

    @property
    def native_value(self) -> StateType:
        """Percent of the goal; unknown without a goal."""
        return percent_of(
            self.entity_description.value_fn(self._day.totals),
            _goal(self.entity_description, self._day.goals),
        )


class LastMealSensor(_NutritionEntity):
    """When the last food was logged, with its meal and what was in it."""

    _attr_device_class = SensorDeviceClass.TIMESTAMP

    def __init__(self, coordinator: NutritionCoordinator) -> None:
        """One per profile."""
        super().__init__(
            coordinator,
            SensorEntityDescription(key="last_meal", translation_key="last_meal"),
        )

    @property
    def native_value(self) -> datetime | None:
        """When it was eaten."""
        meal = self._day.last_meal
        return None if meal is None else meal["eaten_at"]

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """Which meal, and its foods."""
        meal = self._day.last_meal
        if meal is None:
            return None
        return {"meal": meal["meal"], "foods": meal["foods"]}
