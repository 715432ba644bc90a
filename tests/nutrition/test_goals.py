"""Goals from the profile: Mifflin-St Jeor, activity factors, macro split, water."""

from datetime import date

import pytest

from custom_components.betti.nutrition.goals import (
    ActivityLevel,
    Goals,
    age_on,
    computed_goals,
    energy_goal,
    macro_goals,
    resting_energy,
)


def test_resting_energy_matches_the_published_equation() -> None:
    # Mifflin-St Jeor: 10 W + 6.25 H - 5 A + 5 (men) or - 161 (women).
    assert resting_energy("female", 78, 162, 70) == pytest.approx(1161.5)
    assert resting_energy("male", 30, 180, 80) == pytest.approx(1780)


def test_activity_multiplies_resting_energy() -> None:
    assert energy_goal("female", 78, 162, 70, ActivityLevel.SEDENTARY) == pytest.approx(
        1393.8
    )
    assert energy_goal("male", 30, 180, 80, ActivityLevel.VERY_ACTIVE) == pytest.approx(
        3382
    )


def test_macros_split_energy_20_50_30() -> None:
    protein, carbohydrate, fat = macro_goals(2000)
    assert (protein, carbohydrate) == (100, 250)
    assert fat == pytest.approx(66.67, abs=0.01)


def test_age_counts_whole_years() -> None:
    assert age_on(date(1948, 3, 14), date(2026, 3, 13)) == 77
    assert age_on(date(1948, 3, 14), date(2026, 3, 14)) == 78


def test_goals_from_a_profile() -> None:
    goals = computed_goals(
        sex="female",
        born=date(1948, 3, 14),
        today=date(2026, 3, 14),
        height_cm=162,
        weight_kg=70,
        level=ActivityLevel.LIGHT,
    )
    # 1161.5 kcal resting x 1.375.
    assert goals == Goals(
        energy_kcal=1597, protein=80, carbohydrate=200, fat=53, water_ml=1600
    )


def test_without_a_weight_only_water_is_known() -> None:
    goals = computed_goals(
        sex="male",
        born=date(1950, 1, 1),
        today=date(2026, 1, 1),
        height_cm=175,
        weight_kg=None,
        level=ActivityLevel.MODERATE,
    )
    assert goals == Goals(water_ml=2000)
