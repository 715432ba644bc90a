"""Search quality on the shipped foods: what a person types finds what they mean."""

from collections.abc import Callable
import csv
from functools import cache
import importlib.util
from pathlib import Path
import tracemalloc
from typing import Any

import pytest
import yaml

from custom_components.betti.nutrition import (
    AmountUnit,
    Food,
    Nutrient,
    grams_of,
    nutrients_in,
)
from custom_components.betti.nutrition.catalog import load_shipped
from custom_components.betti.nutrition.search import FoodIndex, Usage
from custom_components.betti.nutrition.voice import LogFood, food_phrase
from custom_components.betti.nutrition.words import normalize


@cache
def _index() -> FoodIndex:
    return FoodIndex(load_shipped())


def _top(
    query: str, limit: int = 3, usage: dict[str, Usage] | None = None
) -> list[str]:
    return [food.name for food in _index().search(query, usage, limit)]


# What people type or say for everyday foods (English incl. British, Dutch, German), and the
# food that should come first for them.
EVERYDAY_FOODS = Path(__file__).with_name("everyday_foods.csv")


def _everyday_foods() -> list[tuple[str, str]]:
    with EVERYDAY_FOODS.open(encoding="utf-8", newline="") as file:
        return [(row["query"], row["first"]) for row in csv.DictReader(file)]


def test_the_shipped_foods_are_there() -> None:
    assert len(_index()) > 6000
    apple = _index().get("usda:Apple, raw")
    assert apple is not None
    assert apple.serving_g == 182


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("apple", "Apple, raw"),
        ("banana", "Banana, raw"),
        ("banan", "Banana, raw"),  # unfinished word
        ("bananna", "Banana, raw"),  # one letter too many
        ("bnana", "Banana, raw"),  # one letter missing
        ("porridge", "Oatmeal, NFS"),  # British word
        ("BANANA", "Banana, raw"),
    ],
)
def test_the_everyday_food_comes_first(query: str, first: str) -> None:
    assert _top(query)[0] == first


@pytest.mark.parametrize(("query", "first"), _everyday_foods())
def test_everyday_queries_find_the_everyday_food_first(query: str, first: str) -> None:
    assert _top(query, limit=1) == [first]


def test_the_everyday_list_is_long_enough() -> None:
    assert len(_everyday_foods()) >= 100


def _english_words() -> dict[str, Any]:
    sentences = (
        Path(__file__).parents[2] / "custom_components/betti/nutrition/sentences"
    )
    return yaml.safe_load((sentences / "en.yaml").read_text())["words"]


def _logged(said: str) -> tuple[str, float, float]:
    """The food, grams and kcal a spoken sentence logs: the best match, as voice logging does."""
    eaten = said.split(" ", 2)[2]  # what "I had" / "I ate" leaves for the food slot
    command = food_phrase(eaten, _english_words())
    assert isinstance(command, LogFood)
    food = _index().search(command.food, None, 1)[0]
    assert command.amount is not None
    assert command.unit is not None
    grams = grams_of(food, command.amount, command.unit)
    return food.name, grams, nutrients_in(food, grams)[Nutrient.ENERGY]


def test_rice_for_lunch_is_rice_not_rice_cake() -> None:
    name, grams, kcal = _logged("I had 150 grams of rice for lunch")
    assert name == "Rice, cooked, NFS"
    assert (grams, round(kcal)) == (150, 194)  # Rice cake would have been 588 kcal


def test_everyday_british_foods_come_with_their_serving() -> None:
    assert _logged("I had two weetabix")[:2] == ("Weetabix", 37.5)
    assert _logged("I ate 3 digestives")[:2] == ("Digestive biscuit", 3 * 14.7)
    creme = _index().get("usda:Crème fraîche")
    assert creme is not None
    assert creme.serving_g == 15
    assert grams_of(creme, 2, AmountUnit.SERVINGS) == 30


def test_foods_usda_lacks_have_the_nutrients_of_their_nearest_usda_food() -> None:
    script = Path(__file__).parents[2] / "scripts" / "build_foods.py"
    spec = importlib.util.spec_from_file_location("build_foods", script)
    assert spec is not None
    assert spec.loader is not None
    build_foods = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build_foods)
    assert set(build_foods.USDA_LACKS) == {
        "Crème fraîche",
        "Digestive biscuit",
        "Weetabix",
    }
    for name, (nearest, (serving_name, serving_g)) in build_foods.USDA_LACKS.items():
        food, twin = _index().get(f"usda:{name}"), _index().get(f"usda:{nearest}")
        assert food is not None
        assert twin is not None
        assert (food.per_100g, food.source) == (twin.per_100g, twin.source)
        assert (food.serving_name, food.serving_g) == (serving_name, float(serving_g))


def test_a_word_with_a_usual_meaning_still_finds_foods_named_with_it() -> None:
    assert _top("melba toast", limit=1) == ["Melba toast"]
    assert _top("rice cake", limit=1) == ["Rice cake"]
    assert "Toaster pastries, brown-sugar-cinnamon" in _top("toaster", limit=10)
    # "bread" on its own is white bread; asked for with more words it is not.
    assert all("white" not in name for name in _top("bread whole wheat", limit=2))


def test_what_a_person_logs_still_comes_before_the_usual_meaning() -> None:
    usage = {"usda:Rice cake": Usage(count=4, last=1_000)}
    assert _top("rice", limit=2, usage=usage) == ["Rice cake", "Rice, cooked, NFS"]
    # Also when the food is found only by the word as typed, behind enough foods as meant.
    pastries = "Toaster pastries, brown-sugar-cinnamon"
    usage = {f"usda:{pastries}": Usage(count=2, last=1_000)}
    assert _top("toast", limit=2, usage=usage) == [pastries, "Bread, white, toasted"]


@pytest.mark.parametrize(
    "query", ["yoghurt", "yogurt", "yoghurt plain", "yogurt plain"]
)
def test_both_spellings_of_yogurt(query: str) -> None:
    found = _top(query, limit=5)
    assert found
    assert all("yogurt" in name.lower() for name in found)


def test_every_word_must_match() -> None:
    found = _top("chicken noodle soup", limit=5)
    assert found
    for name in found:
        words = name.lower()
        assert "chicken" in words
        assert "noodle" in words
        assert "soup" in words


def test_accents_do_not_matter() -> None:
    index = FoodIndex(
        [
            Food(key="user:1", name="Crème fraîche", source="user"),
            Food(key="user:2", name="Cream cheese", source="user"),
        ]
    )
    assert [food.key for food in index.search("creme fraiche")] == ["user:1"]
    assert index.search("crème")[0].key == "user:1"
    assert normalize("Jalapeño, Café-au-lait") == ["jalapeno", "cafe", "au", "lait"]


def test_recent_and_frequent_foods_come_first() -> None:
    usage = {
        "usda:Banana chips": Usage(count=5, last=1_000),
        "usda:Bananas, raw": Usage(count=5, last=2_000),
    }
    found = _top("banana", limit=4, usage=usage)
    assert found[:2] == ["Bananas, raw", "Banana chips"]
    assert "Banana, raw" in found
    # Nothing typed: this person's foods, most logged first.
    assert _top("", usage=usage) == ["Bananas, raw", "Banana chips"]


def test_nothing_matches_nonsense() -> None:
    assert _top("xqzvw") == []


def test_added_and_removed_foods() -> None:
    index = FoodIndex()
    index.add(Food(key="user:7", name="Granny's flapjack", source="user"))
    assert [food.key for food in index.search("flapjak")] == ["user:7"]
    index.remove("user:7")
    assert index.search("flapjack") == []
    assert len(index) == 0


def _long_word(letters: int) -> str:
    """A word without repeats of one letter, so every one-letter deletion differs."""
    return "".join(chr(ord("a") + number % 26) for number in range(letters))


def _peak_bytes(work: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_long_word_costs_work_linear_in_its_length() -> None:
    """Memory stands in for work: every variant of a word the search tries is a new string."""
    index = _index()
    for letters in (5_000, 50_000):
        word = _long_word(letters)
        assert _peak_bytes(lambda word=word: index.search(word)) < 20 * letters
        assert index.search(f"banana {word}") == []


def test_a_giant_name_does_not_swell_the_index() -> None:
    index = FoodIndex()
    giant = Food(key="user:1", name=f"Jam {_long_word(20_000)}", source="user")
    assert _peak_bytes(lambda: index.add(giant)) < 20 * len(giant.name)
    assert [food.key for food in index.search("jam")] == ["user:1"]
