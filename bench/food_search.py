"""Time food search over more than 10,000 foods, and measure the index's memory.

Usage: .venv/bin/python bench/food_search.py

The shipped USDA foods plus household-style variants of them ("…, homemade") make the
catalogue; the index is built once, as at Home Assistant start. Goal: ≤ 5 ms per search.
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


if __name__ == "__main__":
    main()
