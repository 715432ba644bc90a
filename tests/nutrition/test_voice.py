"""What spoken sentences mean, before any profile is involved."""

import pytest

from custom_components.betti.nutrition import AmountUnit, MealType
from custom_components.betti.nutrition.voice import (
    AskWater,
    Command,
    LogFood,
    LogWater,
    parse,
)


@pytest.mark.parametrize(
    ("said", "meant"),
    [
        ("log a glass of water", LogWater(glasses=1)),
        ("Log a glass of water.", LogWater(glasses=1)),
        ("I had two glasses of water", LogWater(glasses=2)),
        ("I had a glass of water", LogWater(glasses=1)),
        ("I drank 300 millilitres", LogWater(ml=300)),
        ("I drank 300 ml of water", LogWater(ml=300)),
        ("How much water have I had today?", AskWater()),
        ("how much have I drunk today", AskWater()),
        ("I ate an apple", LogFood("apple", 1, AmountUnit.SERVINGS)),
        ("I ate a bowl of porridge", LogFood("porridge", 1, AmountUnit.SERVINGS)),
        ("I ate two bananas", LogFood("bananas", 2, AmountUnit.SERVINGS)),
        (
            "I had 150 grams of rice for lunch",
            LogFood("rice", 150, AmountUnit.GRAMS, MealType.LUNCH),
        ),
        (
            "I had porridge for breakfast",
            LogFood("porridge", None, None, MealType.BREAKFAST),
        ),
        ("turn on the kitchen light", None),
    ],
)
def test_sentences(said: str, meant: Command | None) -> None:
    assert parse(said) == meant


def test_fluid_ounces_become_millilitres() -> None:
    water = parse("I drank 8 fluid ounces")
    assert isinstance(water, LogWater)
    assert water.ml == pytest.approx(236.59, abs=0.01)
