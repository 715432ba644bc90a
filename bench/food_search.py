"""Time food search over more than 10,000 foods, and measure the index's memory.

Usage: .venv/bin/python bench/food_search.py

The shipped USDA foods plus household-style variants of them ("…, homemade") make the
catalogue; the index is built once, as at Home Assistant start. Goal: ≤ 5 ms per search.

Ranking plain staples first and searching each query also as meant (synonyms.py) cost a little
(2026-12, this machine, three runs each): median 0.075 ms before, 0.10 ms after; 95th
percentile 0.34-0.48 ms before, 0.37-0.78 ms after; index 10.0 MB before, 12.0 MB after.

Then one search for a long word (a paste). Before typo variants were capped at 32-letter words
(2026-12, this machine): 1,000 letters 2.0 ms / 1.1 MB peak, 10,000 letters 95.8 ms / 96.8 MB,
40,000 letters 3,838 ms / 1,531 MB; 200,000 letters was ≈ 11.5 s. After: 0.1 ms / 0.0 MB,
0.5 ms / 0.1 MB, 1.8 ms / 0.4 MB, 8.4 ms / 1.7 MB (linear). Actions refuse queries over 200
characters anyway.
"""

from pathlib import Path
import statistics
import sys
import time
import tracemalloc

sys.path.insert(
    0, str(Path(__file__).parent.parent)
)  # run from a checkout, not installed

from custom_components.betti.nutrition import Food
from custom_components.betti.nutrition.catalog import load_shipped
from custom_components.betti.nutrition.search import FoodIndex, Usage

QUERIES = (
    "a",
    "ap",
    "apple",
    "banan",
    "bananna",
    "yoghurt",
    "porridge",
    "chicken",
    "chicken noodle soup",
    "cheese",
    "chedar cheese",
    "bread whole wheat",
    "creme fraiche",
    "tea",
    "milk",
    "rice",
    "brocoli",
    "salmon",
    "potato",
    "xqzvw",
)
ROUNDS = 50
# One word of this many letters, none repeated next to itself: what a pasted blob looks like.
LONG_WORDS = (1_000, 10_000, 40_000, 200_000)


def catalogue() -> list[Food]:
    """The shipped foods and as many household variants again."""
    shipped = load_shipped()
    variants = [
        Food(
            key=f"user:{number}",
            name=f"{food.name}, homemade",
            source="user",
            per_100g=food.per_100g,
        )
        for number, food in enumerate(shipped)
    ]
    return shipped + variants


def main() -> None:
    """Build the index and time every query."""
    tracemalloc.start()
    foods = catalogue()
    with_foods, _ = tracemalloc.get_traced_memory()
    traced = FoodIndex(foods)
    with_index, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del traced
    started = time.perf_counter()
    index = FoodIndex(foods)
    built = time.perf_counter() - started
    usage = {food.key: Usage(3, 1_700_000_000) for food in foods[:40]}
    timings: dict[str, list[float]] = {}
    for query in QUERIES:
        for _ in range(ROUNDS):
            started = time.perf_counter()
            index.search(query, usage, 10)
            timings.setdefault(query, []).append(time.perf_counter() - started)
    every = [t for runs in timings.values() for t in runs]
    print(f"foods indexed:        {len(index):>8,}")
    print(
        f"index build:          {built * 1000:8.1f} ms (once per start, in the background)"
    )
    print(f"memory, foods:        {with_foods / 2**20:8.1f} MB (tracemalloc)")
    print(f"memory, index:        {(with_index - with_foods) / 2**20:8.1f} MB")
    print(
        f"search, median:       {statistics.median(every) * 1000:8.3f} ms  (goal ≤ 5 ms)"
    )
    print(
        f"search, 95th pct:     {statistics.quantiles(every, n=20)[-1] * 1000:8.3f} ms"
    )
    slowest = max(timings, key=lambda query: max(timings[query]))
    print(
        f"search, slowest:      {max(timings[slowest]) * 1000:8.3f} ms  ({slowest!r})"
    )
    long_words(index)


def long_words(index: FoodIndex) -> None:
    """Time one search for a long word, and the memory it peaks at."""
    for letters in LONG_WORDS:
        word = "".join(chr(ord("a") + number % 26) for number in range(letters))
        tracemalloc.start()
        started = time.perf_counter()
        index.search(word)
        took = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(
            f"{letters:>7,}-letter word:  {took * 1000:8.1f} ms, peak {peak / 2**20:8.1f} MB"
        )


if __name__ == "__main__":
    main()
