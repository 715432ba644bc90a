"""A profile's nutrition, hydration and activity settings (the options flow's "nutrition" group)."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import time
from typing import Any, Self

from homeassistant.const import UnitOfVolume
from homeassistant.helpers.selector import (
    BooleanSelector,
    EntitySelector,
    EntitySelectorConfig,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectSelector,
    SelectSelectorConfig,
    TextSelector,
    TimeSelector,
)
import probatio

from ..number_selector import FiniteNumberSelector
from . import fl_oz_to_ml, ml_to_fl_oz
from .goals import ActivityLevel

CONF_GOAL_MODE = "goal_mode"
CONF_ACTIVITY_LEVEL = "activity_level"
CONF_ENERGY_GOAL = "energy_goal"
CONF_PROTEIN_GOAL = "protein_goal"
CONF_CARBOHYDRATE_GOAL = "carbohydrate_goal"
CONF_FAT_GOAL = "fat_goal"
CONF_WATER_GOAL = "water_goal"
CONF_STEPS_GOAL = "steps_goal"
CONF_ACTIVE_MINUTES_GOAL = "active_minutes_goal"
CONF_GLASS_SIZE = "glass_size"
CONF_STEPS_SENSOR = "steps_sensor"
CONF_ACTIVE_ENERGY_SENSOR = "active_energy_sensor"
CONF_ACTIVE_MINUTES_SENSOR = "active_minutes_sensor"
CONF_REMINDER_NOTIFY = "reminder_notify"
CONF_REMINDER_START = "reminder_start"
CONF_REMINDER_END = "reminder_end"
CONF_REMINDER_EVERY = "reminder_every_hours"
CONF_BARCODE_LOOKUP = "barcode_lookup"
GOAL_MODES = ("computed", "manual")

DEFAULT_GLASS_ML = 250.0
DEFAULT_STEPS_GOAL = 6000.0
# WHO: at least 150 minutes of moderate activity a week, taken as 30 minutes on most days.
DEFAULT_ACTIVE_MINUTES_GOAL = 30.0


def to_ml(value: float, volume_unit: str) -> float:
    """Convert a volume in the profile's drinks unit to millilitres."""
    return fl_oz_to_ml(value) if volume_unit == UnitOfVolume.FLUID_OUNCES else value


def from_ml(ml: float, volume_unit: str) -> float:
    """Convert millilitres to the profile's drinks unit."""
    return ml_to_fl_oz(ml) if volume_unit == UnitOfVolume.FLUID_OUNCES else ml


@dataclass(frozen=True, slots=True, kw_only=True)
class NutritionSettings:
    """What a profile chose; volumes in millilitres."""

    computed: bool = True
    activity_level: ActivityLevel = ActivityLevel.LIGHT
    energy_goal: float | None = None
    protein_goal: float | None = None
    carbohydrate_goal: float | None = None
    fat_goal: float | None = None
    water_goal_ml: float | None = None
    steps_goal: float = DEFAULT_STEPS_GOAL
    active_minutes_goal: float = DEFAULT_ACTIVE_MINUTES_GOAL
    glass_ml: float = DEFAULT_GLASS_ML
    steps_sensor: str | None = None
    active_energy_sensor: str | None = None
    active_minutes_sensor: str | None = None
    reminder_notify: str | None = None
    reminder_start: time = time(8)
    reminder_end: time = time(20)
    reminder_every_hours: int = 2
    barcode_lookup: bool = False

    @classmethod
    def from_options(cls, options: Mapping[str, Any], volume_unit: str) -> Self:
        """Read the settings, converting volumes from the profile's drinks unit."""
        water = options.get(CONF_WATER_GOAL)
        glass = options.get(CONF_GLASS_SIZE)
        return cls(
            computed=options.get(CONF_GOAL_MODE, "computed") == "computed",
            activity_level=ActivityLevel(
                options.get(CONF_ACTIVITY_LEVEL, ActivityLevel.LIGHT)
            ),
            energy_goal=options.get(CONF_ENERGY_GOAL),
            protein_goal=options.get(CONF_PROTEIN_GOAL),
            carbohydrate_goal=options.get(CONF_CARBOHYDRATE_GOAL),
            fat_goal=options.get(CONF_FAT_GOAL),
            water_goal_ml=None if water is None else to_ml(water, volume_unit),
            steps_goal=options.get(CONF_STEPS_GOAL, DEFAULT_STEPS_GOAL),
            active_minutes_goal=options.get(
                CONF_ACTIVE_MINUTES_GOAL, DEFAULT_ACTIVE_MINUTES_GOAL
            ),
            glass_ml=DEFAULT_GLASS_ML if glass is None else to_ml(glass, volume_unit),
            steps_sensor=options.get(CONF_STEPS_SENSOR),
            active_energy_sensor=options.get(CONF_ACTIVE_ENERGY_SENSOR),
            active_minutes_sensor=options.get(CONF_ACTIVE_MINUTES_SENSOR),
            reminder_notify=options.get(CONF_REMINDER_NOTIFY) or None,
            reminder_start=time.fromisoformat(
                options.get(CONF_REMINDER_START, "08:00")
            ),
            reminder_end=time.fromisoformat(options.get(CONF_REMINDER_END, "20:00")),
            reminder_every_hours=int(options.get(CONF_REMINDER_EVERY, 2)),
            barcode_lookup=options.get(CONF_BARCODE_LOOKUP, False),
        )


def _number(high: float, unit: str, step: float = 1) -> NumberSelector:
    return FiniteNumberSelector(
        NumberSelectorConfig(
            min=0,
            max=high,
            step=step,
            unit_of_measurement=unit,
            mode=NumberSelectorMode.BOX,
        )
    )


def _sensor() -> EntitySelector:
    return EntitySelector(EntitySelectorConfig(domain="sensor"))


def nutrition_schema(volume_unit: str) -> probatio.Schema:
    """Return the options form, with volumes in the profile's drinks unit."""
    return probatio.Schema(
        {
            probatio.Required(CONF_GOAL_MODE, default="computed"): SelectSelector(
                SelectSelectorConfig(
                    options=list(GOAL_MODES), translation_key=CONF_GOAL_MODE
                )
            ),
            probatio.Required(
                CONF_ACTIVITY_LEVEL, default=ActivityLevel.LIGHT
            ): SelectSelector(
                SelectSelectorConfig(
                    options=list(ActivityLevel), translation_key=CONF_ACTIVITY_LEVEL
                )
            ),
            probatio.Optional(CONF_ENERGY_GOAL): _number(10000, "kcal"),
            probatio.Optional(CONF_PROTEIN_GOAL): _number(1000, "g"),
            probatio.Optional(CONF_CARBOHYDRATE_GOAL): _number(2000, "g"),
            probatio.Optional(CONF_FAT_GOAL): _number(1000, "g"),
            probatio.Optional(CONF_WATER_GOAL): _number(10000, volume_unit),
            probatio.Optional(CONF_GLASS_SIZE): _number(2000, volume_unit),
            probatio.Optional(CONF_STEPS_GOAL): _number(100000, "steps", 100),
            probatio.Optional(CONF_ACTIVE_MINUTES_GOAL): _number(1440, "min"),
            probatio.Optional(CONF_STEPS_SENSOR): _sensor(),
            probatio.Optional(CONF_ACTIVE_ENERGY_SENSOR): _sensor(),
            probatio.Optional(CONF_ACTIVE_MINUTES_SENSOR): _sensor(),
            probatio.Optional(CONF_REMINDER_NOTIFY): TextSelector(),
            probatio.Optional(CONF_REMINDER_START): TimeSelector(),
            probatio.Optional(CONF_REMINDER_END): TimeSelector(),
            probatio.Optional(CONF_REMINDER_EVERY): _number(12, "h"),
            probatio.Optional(CONF_BARCODE_LOOKUP, default=False): BooleanSelector(),
        }
    )
