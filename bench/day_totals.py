"""Time a day's totals (what the sensors read after every write) on the 5-year dataset.

Usage: .venv/bin/python bench/day_totals.py   (generates build/bench/betti.db if missing)

Reads one person's totals for random days through the store's own functions, as the
nutrition coordinator does, and a 30-day range as ``betti.get_nutrition`` does.
Goal: ≤ 10 ms for a day.
"""

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
import random
import sqlite3
import statistics
import subprocess
import sys
import time

sys.path.insert(
    0, str(Path(__file__).parent.parent)
)  # run from a checkout, not installed

from bench.generate_household import PROFILES, START, YEARS
from custom_components.betti.db.fitness import day_totals
from custom_components.betti.db.nutrition import last_meal

DATASET = Path("build/bench/betti.db")
ROUNDS = 300


def _timed(func: Callable[..., object], *args: object) -> float:
    started = time.perf_counter()
    func(*args)
    return time.perf_counter() - started


def main() -> None:
    """Time day and range totals on random days."""
    if not DATASET.exists():
        subprocess.run(
            [sys.executable, "bench/generate_household.py", str(DATASET)], check=True
        )
    conn = sqlite3.connect(f"{DATASET.absolute().as_uri()}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    rng = random.Random(1)
    profile_id = PROFILES[0][0]
    first = START.date()
    days = [first + timedelta(days=rng.randrange(365 * YEARS)) for _ in range(ROUNDS)]
    day = [_timed(day_totals, conn, profile_id, when, when) for when in days]
    latest = [_timed(last_meal, conn, profile_id) for _ in range(ROUNDS)]
    month = [
        _timed(day_totals, conn, profile_id, when - timedelta(days=29), when)
        for when in days[:50]
    ]
    size = DATASET.stat().st_size / 1e6
    print(f"dataset: {DATASET} ({size:.1f} MB, {YEARS} years, {len(PROFILES)} people)")
    print(
        f"day totals, median:    {statistics.median(day) * 1000:7.3f} ms  (goal ≤ 10 ms)"
    )
    print(f"day totals, worst:     {max(day) * 1000:7.3f} ms")
    print(f"last meal, median:     {statistics.median(latest) * 1000:7.3f} ms")
    print(f"30-day range, median:  {statistics.median(month) * 1000:7.3f} ms")
    conn.close()


if __name__ == "__main__":
    main()
