"""Amounts, unit conversions and totals."""

import pytest

from custom_components.betti.nutrition import (
    AmountError,
    AmountUnit,
    Food,
    MealType,
    Nutrient,
    add_up,
    fl_oz_to_ml,
    grams_of,
    meal_at,
    ml_to_fl_oz,
    nutrients_in,
    percent_of,
)

APPLE = Food(
    key="usda:Apple, raw",
    name="Apple, raw",
    source="USDA FNDDS",
    per_100g={Nutrient.ENERGY: 61, Nutrient.PROTEIN: 0.17, Nutrient.CARBOHYDRATE: 14.8},
    serving_name='medium (3" dia)',
    serving_g=182,
)
MILK = Food(
    key="user:1",
    name="Whole milk",
    source="user",
    per_100g={Nutrient.ENERGY: 61, Nutrient.FAT: 3.25},
    density=1.03,
)


def test_amounts_in_grams_millilitres_and_servings() -> None:
    assert grams_of(APPLE, 150, AmountUnit.GRAMS) == 150
    assert grams_of(APPLE, 1.5, AmountUnit.SERVINGS) == 273
    # A glass of milk weighs a little more than its volume in water.
    assert grams_of(MILK, 200, AmountUnit.MILLILITRES) == pytest.approx(206)


def test_impossible_amounts_are_refused() -> None:
    with pytest.raises(AmountError, match="food_has_no_serving"):
        grams_of(MILK, 1, AmountUnit.SERVINGS)
    with pytest.raises(AmountError, match="amount_not_positive"):
        grams_of(APPLE, 0, AmountUnit.GRAMS)
    with pytest.raises(AmountError, match="amount_not_positive"):
        grams_of(APPLE, -50, AmountUnit.GRAMS)


def test_nutrients_scale_with_the_amount_and_add_up() -> None:
    apple = nutrients_in(APPLE, 182)
    assert apple[Nutrient.ENERGY] == pytest.approx(111.02)
    assert apple[Nutrient.CARBOHYDRATE] == pytest.approx(26.936)
    milk = nutrients_in(MILK, 206)
    totals = add_up([apple, milk])
    assert totals[Nutrient.ENERGY] == pytest.approx(111.02 + 125.66)
    assert totals[Nutrient.FAT] == pytest.approx(6.695)
    # Not in either food: unknown, not zero.
    assert Nutrient.SODIUM not in totals


def test_energy_in_kilojoules() -> None:
    assert APPLE.energy_kj == pytest.approx(255.2, abs=0.1)


def test_millilitres_and_fluid_ounces() -> None:
    assert fl_oz_to_ml(8) == pytest.approx(236.59, abs=0.01)
    assert ml_to_fl_oz(250) == pytest.approx(8.45, abs=0.01)
    assert ml_to_fl_oz(fl_oz_to_ml(12)) == pytest.approx(12)


def test_percent_of_goal() -> None:
    assert percent_of(450, 1800) == 25
    assert percent_of(2100, 1800) == pytest.approx(116.7)
    assert percent_of(450, None) is None
    assert percent_of(450, 0) is None


@pytest.mark.parametrize(
    ("hour", "meal"),
    [
        (7, MealType.BREAKFAST),
        (12, MealType.LUNCH),
        (16, MealType.SNACK),
        (19, MealType.DINNER),
        (23, MealType.SNACK),
        (2, MealType.SNACK),
    ],
)
def test_meal_by_the_clock(hour: int, meal: MealType) -> None:
    assert meal_at(hour) is meal
