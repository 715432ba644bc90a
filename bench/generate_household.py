"""Write a 5-year, 2-person household database through the store's own API.

Usage: .venv/bin/python bench/generate_household.py [PATH]   (default build/bench/betti.db)

Each domain adds its generator here as it lands; today the store holds profiles and their
audit trail, so that is what is written (about 20 changes a day for each person).
"""

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path
import random
import sqlite3
import sys
import time

sys.path.insert(
    0, str(Path(__file__).parent.parent)
)  # run from a checkout, not installed

from custom_components.betti.db import Database
from custom_components.betti.db.profiles import add_audit, sync_profile

PROFILES = (
    ("bench-alice", "person.alice", "Alice"),
    ("bench-bob", "person.bob", "Bob"),
)
YEARS = 5
AUDIT_PER_DAY = 20
START = datetime(2021, 11, 1, tzinfo=UTC)


def _audit_day(
    conn: sqlite3.Connection, profile_id: str, day: datetime, rng: random.Random
) -> None:
    for _ in range(AUDIT_PER_DAY):
        add_audit(
            conn,
            profile_id,
            at=day + timedelta(seconds=rng.randrange(86400)),
            user_id=None,
            source=rng.choice(("mirror", "phone", "voice", "service")),
            action=rng.choice(
                ("vital_logged", "dose_taken", "meal_logged", "water_logged")
            ),
        )


async def generate(path: Path) -> dict[str, int]:
    """Write the dataset (one transaction a day, as a household would) and count it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    database = Database(path)
    await database.async_open()
    rng = random.Random(2026)
    for profile_id, person, name in PROFILES:
        await database.async_write(sync_profile, profile_id, person, name, START)
        for day in range(365 * YEARS):
            await database.async_write(
                _audit_day, profile_id, START + timedelta(days=day), rng
            )
    counts = await database.async_read(
        lambda conn: {
            table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
            for table in ("profiles", "audit_log")
        }
    )
    await database.async_close()
    return counts


def main() -> None:
    """Generate and report what was written."""
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "build/bench/betti.db")
    started = time.perf_counter()
    counts = asyncio.run(generate(path))
    elapsed = time.perf_counter() - started
    size = path.stat().st_size / 1e6
    print(f"wrote {path} in {elapsed:.1f} s ({size:.1f} MB)")
    for table, count in counts.items():
        print(f"  {table:12} {count:>9,}")


if __name__ == "__main__":
    main()
