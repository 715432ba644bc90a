"""The mirror at Raspberry Pi speed: bench/dashboard_render.py with the tab's CPU 4x slower.

Usage: .venv/bin/python bench/mirror_render.py   (LOADS=… to change the timed loads)

A Raspberry Pi 4 runs Chromium's JavaScript about four times slower than a desktop core,
so each tab is throttled with DevTools ``Emulation.setCPUThrottlingRate`` 4 (HA itself is
not: on a Pi it is slower too, see bench/hot_paths.py --pin). Prints the mirror's cold and
warm render (until the doses, help, call card, a vital and the trend graph are shown)
beside HA's own Overview under the same throttle. Goal: warm ≤ 4 s.
"""

import asyncio
from pathlib import Path
import sys

sys.path.insert(0, str(Path(__file__).parent.parent))  # run from a checkout

from bench import dashboard_render

PI_SLOWDOWN = 4
GOAL_MS = 4000

if __name__ == "__main__":
    asyncio.run(dashboard_render.main(slowdown=PI_SLOWDOWN, goal_ms=GOAL_MS))
