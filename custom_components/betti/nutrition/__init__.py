"""Nutrition, hydration and activity: foods, amounts, totals, goals and search.

No Home Assistant imports. Nutrients are kept per 100 g of a food, in the units named on
``Nutrient``; an eaten item keeps its own nutrients, worked out when it was logged, so a day's
totals are sums and later changes to a food never rewrite what someone ate.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

KJ_PER_KCAL = 4.184
ML_PER_FL_OZ = 29.5735295625  # US customary fluid ounce


class Nutrient(StrEnum):
    """A nutrient Betti tracks, in the unit of its comment."""

    ENERGY = "energy_kcal"  # kcal
    PROTEIN = "protein"  # g
    CARBOHYDRATE = "carbohydrate"  # g
    SUGARS = "sugars"  # g
    FAT = "fat"  # g
    SATURATED_FAT = "saturated_fat"  # g
    FIBRE = "fibre"  # g
    SODIUM = "sodium"  # mg


class MealType(StrEnum):
    """The meals of a day."""

    BREAKFAST = "breakfast"
    LUNCH = "lunch"
    DINNER = "dinner"
    SNACK = "snack"


class AmountUnit(StrEnum):
    """How an amount of food is given."""

    GRAMS = "g"
    MILLILITRES = "ml"
    SERVINGS = "serving"


class AmountError(ValueError):
    """An amount that cannot be turned into grams; the reason is a translation key."""


type Nutrients = dict[Nutrient, float]


@dataclass(frozen=True, slots=True, kw_only=True)
class Food:
    """A food: nutrients per 100 g and, where known, a named serving."""

    key: str  # "usda:<name>" for shipped foods, "user:<id>" for the household's own
    name: str
    source: str
    per_100g: Nutrients = field(default_factory=dict)
    serving_name: str | None = None
    serving_g: float | None = None
    # Grams in a millilitre; drinks and other foods logged by volume. Water is 1.
    density: float = 1.0

    @property
    def energy_kj(self) -> float:
        """Energy per 100 g in kilojoules."""
        return self.per_100g.get(Nutrient.ENERGY, 0.0) * KJ_PER_KCAL


def grams_of(food: Food, amount: float, unit: AmountUnit) -> float:
    """Turn an amount in grams, millilitres or servings into grams."""
    if amount <= 0:
        raise AmountError("amount_not_positive")
    if unit is AmountUnit.GRAMS:
        return amount
    if unit is AmountUnit.MILLILITRES:
        return amount * food.density
    if food.serving_g is None:
        raise AmountError("food_has_no_serving")
    return amount * food.serving_g


def nutrients_in(food: Food, grams: float) -> Nutrients:
    """Return the nutrients in ``grams`` of a food."""
    return {nutrient: value * grams / 100 for nutrient, value in food.per_100g.items()}


def add_up(items: Iterable[Mapping[Nutrient, float]]) -> Nutrients:
    """Sum nutrients; a nutrient missing from every item is left out, not shown as 0."""
    totals: Nutrients = {}
    for item in items:
        for nutrient, value in item.items():
            totals[nutrient] = totals.get(nutrient, 0.0) + value
    return totals


def ml_to_fl_oz(ml: float) -> float:
    """Millilitres to US fluid ounces."""
    return ml / ML_PER_FL_OZ


def fl_oz_to_ml(fl_oz: float) -> float:
    """US fluid ounces to millilitres."""
    return fl_oz * ML_PER_FL_OZ


def percent_of(value: float, goal: float | None) -> float | None:
    """How far towards a goal, in percent; None without a goal."""
    if not goal:
        return None
    return round(100 * value / goal, 1)


class ActivityMetric(StrEnum):
    """What a day's activity is counted in, in the unit of its comment."""

    STEPS = "steps"  # steps
    ACTIVE_ENERGY = "active_energy"  # kcal
    ACTIVE_MINUTES = "active_minutes"  # min


@dataclass(slots=True)
class DayTotals:
    """Everything eaten, drunk and done on one day."""

    nutrients: Nutrients = field(default_factory=dict)
    water_ml: float = 0.0
    activity: dict[ActivityMetric, float] = field(default_factory=dict)
    workouts: int = 0
    workout_minutes: float = 0.0
    workout_energy_kcal: float = 0.0


# Meals by the clock when nobody says which: (until hour, meal).
_MEAL_HOURS = (
    (4, MealType.SNACK),
    (11, MealType.BREAKFAST),
    (15, MealType.LUNCH),
    (17, MealType.SNACK),
    (21, MealType.DINNER),
    (24, MealType.SNACK),
)


def meal_at(hour: int) -> MealType:
    """Return the meal someone is most likely eating at an hour of the day."""
    return next(meal for until, meal in _MEAL_HOURS if hour < until)
