"""bench/hot_paths.py starts HA over a household and prints a row for every hot path."""

import asyncio
from pathlib import Path
import subprocess
import sys

from bench.generate_household import generate

BENCH = Path(__file__).parent.parent.parent / "bench" / "hot_paths.py"
ROWS = (
    "betti setup, both profiles, first start",
    "local_calendar setup, both, first start",
    "idle loop, 100 ms (stall noise floor)",
    "betti reload, both profiles",
    "refresh vitals",
    "refresh medications (doses, adherence 7/30 d)",
    "refresh appointments",
    "get_vitals 365 d",
    "get_alerts 30 d",
    "get_medication_history 365 d",
    "get_nutrition 30 d",
    "log_vital 3 days late + statistics",
    "month view: betti",
    "month view: local_calendar",
    "add an appointment: betti",
    "add an appointment: local_calendar",
    "search_foods 'apple'",
)


def test_the_hot_paths_bench_prints_every_row(
    tmp_path: Path, socket_enabled: None
) -> None:
    asyncio.run(generate(tmp_path / "build" / "bench" / "betti.db", 10))
    run = subprocess.run(  # noqa: S603  # our own bench, with this interpreter
        [sys.executable, str(BENCH), "--runs", "1", "--repeat", "1"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    lines = run.stdout.splitlines()
    for row in ROWS:
        assert any(line.startswith(row) for line in lines), row
