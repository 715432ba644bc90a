"""Before/after figures of setup_time.py, interleaved (A B A B A B), unpinned and pinned.

Usage: .venv/bin/python bench/compare_setup.py BEFORE_CHECKOUT AFTER_CHECKOUT [--runs 3]

e.g. ``git worktree add --detach /tmp/perf-base main`` for BEFORE and ``.`` for AFTER. Both
are timed with this checkout's bench (``setup_time.py --code``). Interleaving spreads the
load of a shared machine over both; the load average before each run is printed with it.
Pinned is ``taskset -c 0`` (one core, the Raspberry Pi stand-in). ``--own-bench`` runs each
checkout's own setup_time.py on its own dataset instead: needed when the database schema
differs (a file from a newer Betti opens read-only in the older one).
"""

import argparse
import os
from pathlib import Path
import re
import statistics
import subprocess
import sys

BENCH = Path(__file__).with_name("setup_time.py")
# "  setup of Betti, both profiles:   123.4 ms  (goal ...)" -> figure, value
_FIGURE = re.compile(r"^\s+(.+?):\s+([\d.]+) (ms|MB)")


def run_once(code: Path, *, pinned: bool, own_bench: bool) -> dict[str, float]:
    """One setup_time.py run (two starts); its figures by "start: figure"."""
    command = [sys.executable, str(BENCH), "--code", str(code)]
    if own_bench:
        command = [sys.executable, str(code.resolve() / "bench" / BENCH.name)]
    if pinned:
        command = ["taskset", "-c", "0", *command]
    for _ in range(3):  # main's HA could crash at its stop (a task left running)
        run = subprocess.run(
            command,
            capture_output=True,
            text=True,
            check=False,
            cwd=code if own_bench else None,
        )
        if run.returncode == 0:
            break
        print(f"(a run of {code} failed, again: {run.stderr.strip()[-200:]})")
    output = run.stdout
    figures: dict[str, float] = {}
    start = ""
    for line in output.splitlines():
        if line.endswith(":") and not line.startswith(" "):
            start = "first start" if line.startswith("first") else "later start"
        elif (match := _FIGURE.match(line)) is not None:
            figures[f"{match[1]} ({start}, {match[3]})"] = float(match[2])
    return figures


def main() -> None:
    """Run, then print one table per pinning."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pinned-only", action="store_true")
    parser.add_argument("--own-bench", action="store_true")
    args = parser.parse_args()
    for pinned in (True,) if args.pinned_only else (False, True):
        runs: dict[str, list[dict[str, float]]] = {"before": [], "after": []}
        loads = []
        for index in range(args.runs):
            for side in ("before", "after"):
                load = os.getloadavg()[0]
                loads.append(f"{side} {index + 1}: {load:.1f}")
                runs[side].append(
                    run_once(
                        getattr(args, side), pinned=pinned, own_bench=args.own_bench
                    )
                )
        print(
            f"\n{'pinned (taskset -c 0)' if pinned else 'unpinned'}; 1-min load "
            f"before each run: {', '.join(loads)}\n"
        )
        print("| figure | before: median / worst | after: median / worst |")
        print("|---|---:|---:|")
        for figure in runs["after"][0]:
            cells = []
            for side in ("before", "after"):
                # A run that crashed three times gave only what it printed before.
                values = [run[figure] for run in runs[side] if figure in run]
                cells.append(
                    f"{statistics.median(values):.1f} / {max(values):.1f} ({len(values)})"
                    if values
                    else "-"
                )
            print(f"| {figure} | {cells[0]} | {cells[1]} |")


if __name__ == "__main__":
    main()
