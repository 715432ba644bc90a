"""Search quality on the shipped foods: what a person types finds what they mean."""

from functools import cache

import pytest

from custom_components.betti.nutrition import Food
from custom_components.betti.nutrition.catalog import load_shipped
from custom_components.betti.nutrition.search import FoodIndex, Usage, normalize


@cache
def _index() -> FoodIndex:
    return FoodIndex(load_shipped())


def _top(
    query: str, limit: int = 3, usage: dict[str, Usage] | None = None
) -> list[str]:
    return [food.name for food in _index().search(query, usage, limit)]


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
