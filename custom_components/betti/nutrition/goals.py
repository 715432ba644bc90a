"""Daily goals worked out from a profile.

Energy: the Mifflin-St Jeor equation for resting energy (Mifflin et al., 1990) times a
physical-activity factor. Macronutrients: 20 % of energy from protein, 30 % from fat and 50 %
from carbohydrate (inside the US Institute of Medicine's acceptable ranges), at 4, 9 and 4 kcal
per gram. Water from drinks: EFSA's adequate intake of total water (2.0 l for women, 2.5 l for
men, 2010) of which about 80 % comes from drinks, so 1.6 l and 2.0 l.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class ActivityLevel(StrEnum):
    """How active someone is on a normal day."""

    SEDENTARY = "sedentary"
    LIGHT = "light"
    MODERATE = "moderate"
    ACTIVE = "active"
    VERY_ACTIVE = "very_active"


ACTIVITY_FACTORS: dict[ActivityLevel, float] = {
    ActivityLevel.SEDENTARY: 1.2,
    ActivityLevel.LIGHT: 1.375,
    ActivityLevel.MODERATE: 1.55,
    ActivityLevel.ACTIVE: 1.725,
    ActivityLevel.VERY_ACTIVE: 1.9,
}
PROTEIN_SHARE, FAT_SHARE, CARBOHYDRATE_SHARE = 0.20, 0.30, 0.50
KCAL_PER_G_PROTEIN, KCAL_PER_G_FAT, KCAL_PER_G_CARBOHYDRATE = 4, 9, 4
WATER_FROM_DRINKS_ML = {"female": 1600, "male": 2000}


@dataclass(frozen=True, slots=True)
class Goals:
    """A day's targets; None where there is none."""

    energy_kcal: float | None = None
    protein: float | None = None
    carbohydrate: float | None = None
    fat: float | None = None
    water_ml: float | None = None
    steps: float | None = None
    active_minutes: float | None = None


def age_on(born: date, day: date) -> int:
    """Age in whole years on a day."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def resting_energy(sex: str, age: int, height_cm: float, weight_kg: float) -> float:
    """Mifflin-St Jeor resting energy expenditure, kcal per day."""
    base = 10 * weight_kg + 6.25 * height_cm - 5 * age
    return base + (5 if sex == "male" else -161)


def energy_goal(
    sex: str, age: int, height_cm: float, weight_kg: float, level: ActivityLevel
) -> float:
    """Energy needed to keep weight steady, kcal per day."""
    return resting_energy(sex, age, height_cm, weight_kg) * ACTIVITY_FACTORS[level]


def macro_goals(energy_kcal: float) -> tuple[float, float, float]:
    """Protein, carbohydrate and fat in grams for a day's energy."""
    return (
        energy_kcal * PROTEIN_SHARE / KCAL_PER_G_PROTEIN,
        energy_kcal * CARBOHYDRATE_SHARE / KCAL_PER_G_CARBOHYDRATE,
        energy_kcal * FAT_SHARE / KCAL_PER_G_FAT,
    )


def computed_goals(
    *,
    sex: str,
    born: date,
    today: date,
    height_cm: float,
    weight_kg: float | None,
    level: ActivityLevel,
) -> Goals:
    """Energy, macros and water from the profile; energy needs a weight."""
    water = WATER_FROM_DRINKS_ML.get(sex)
    if weight_kg is None:
        return Goals(water_ml=water)
    energy = energy_goal(sex, age_on(born, today), height_cm, weight_kg, level)
    protein, carbohydrate, fat = macro_goals(energy)
    return Goals(
        energy_kcal=round(energy),
        protein=round(protein),
        carbohydrate=round(carbohydrate),
        fat=round(fat),
        water_ml=water,
    )
