"""What a spoken food phrase means in each language, before any profile is involved."""

from pathlib import Path

from homeassistant.const import UnitOfVolume
import pytest
import yaml

from custom_components.betti.nutrition import AmountUnit, MealType
from custom_components.betti.nutrition.voice import (
    LogFood,
    food_phrase,
    number,
    readable,
    water_said,
)

SENTENCES = Path(__file__).parents[2] / "custom_components/betti/nutrition/sentences"


def words(language: str) -> dict:
    return yaml.safe_load((SENTENCES / f"{language}.yaml").read_text())["words"]


@pytest.mark.parametrize(
    ("language", "said", "meant"),
    [
        ("en", "an apple", LogFood("apple", 1, AmountUnit.SERVINGS)),
        ("en", "a bowl of porridge", LogFood("porridge", 1, AmountUnit.SERVINGS)),
        ("en", "two bananas", LogFood("bananas", 2, AmountUnit.SERVINGS)),
        (
            "en",
            "150 grams of rice for lunch",
            LogFood("rice", 150, AmountUnit.GRAMS, MealType.LUNCH),
        ),
        (
            "en",
            "porridge for breakfast",
            LogFood("porridge", None, None, MealType.BREAKFAST),
        ),
        ("en", "some toast as a snack", LogFood("toast", None, None, MealType.SNACK)),
        ("nl", "een appel", LogFood("appel", 1, AmountUnit.SERVINGS)),
        ("nl", "een kom havermout", LogFood("havermout", 1, AmountUnit.SERVINGS)),
        (
            "nl",
            "150 gram rijst bij de lunch",
            LogFood("rijst", 150, AmountUnit.GRAMS, MealType.LUNCH),
        ),
        (
            "nl",
            "twee boterhammen bij het ontbijt",
            LogFood("boterhammen", 2, AmountUnit.SERVINGS, MealType.BREAKFAST),
        ),
        ("de", "einen Apfel", LogFood("apfel", 1, AmountUnit.SERVINGS)),
        ("de", "eine Schüssel Haferbrei", LogFood("haferbrei", 1, AmountUnit.SERVINGS)),
        (
            "de",
            "150 Gramm Reis zum Mittagessen",
            LogFood("reis", 150, AmountUnit.GRAMS, MealType.LUNCH),
        ),
        (
            "de",
            "zwei Scheiben Brot zum Abendessen",
            LogFood("brot", 2, AmountUnit.SERVINGS, MealType.DINNER),
        ),
    ],
)
def test_food_phrases(language: str, said: str, meant: LogFood) -> None:
    assert food_phrase(said, words(language)) == meant


@pytest.mark.parametrize(
    ("language", "said", "meant"),
    [("en", "two", 2), ("en", "1.5", 1.5), ("nl", "1,5", 1.5), ("de", "drei", 3)],
)
def test_numbers(language: str, said: str, meant: float) -> None:
    assert number(said, words(language)) == meant


def test_a_word_that_is_no_number() -> None:
    assert number("lots", words("en")) is None


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("Rice, cooked, NFS", "cooked rice"),
        ("Apple, raw", "apple"),
        ("Oatmeal, NFS", "oatmeal"),
        ("Bread, white", "white bread"),
        ("Milk, reduced fat (2%)", "reduced fat (2%) milk"),
    ],
)
def test_foods_are_named_as_people_say_them(name: str, said: str) -> None:
    assert readable(name) == said


def test_water_is_said_in_the_persons_drinks_unit() -> None:
    assert water_said(250, UnitOfVolume.MILLILITERS) == "250 ml"
    assert water_said(236.6, UnitOfVolume.FLUID_OUNCES) == "8 fl oz"
