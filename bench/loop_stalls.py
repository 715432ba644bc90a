"""What a hot path's loop stalls are made of: callbacks on the loop, or waiting for the GIL.

Usage: .venv/bin/python bench/loop_stalls.py [--only TEXT …] [--repeat K] [--switch MS] [--profile]
(the dataset and the HA start as bench/hot_paths.py; one start, in this process)

While each path runs, a 1 ms ticker on HA's loop records every gap; every loop callback
(asyncio handle) that ran longer than 1 ms is timed with the coroutine it resumed, every
executor job from its thread, and every run of the cyclic garbage collector; freeing the
response after the path is timed as a callback too. A stall > 2 ms is then told as the slow
callbacks inside it (Python on the loop) and the jobs running across it: their Python holds
the GIL, and the loop, woken, waits for it up to the switch interval (``--switch``, 5 ms by
default in CPython). ``--profile`` adds cProfile's figures of the loop's callbacks (it
records any thread that runs meanwhile too).
"""

import argparse
import asyncio
from collections.abc import Callable
import concurrent.futures.thread as executor_thread
from contextlib import suppress
import cProfile
from dataclasses import dataclass, field
import gc
from pathlib import Path
import pstats
import sys
import tempfile
import threading
from time import monotonic
from typing import Any

sys.path.insert(0, str(Path(__file__).parent.parent))

from homeassistant import loader
from homeassistant.const import EVENT_HOMEASSISTANT_STARTED
from homeassistant.core import CoreState
from pytest_homeassistant_custom_component.common import async_test_home_assistant

from bench.hot_paths import (
    _compile_statistics,
    _hot_paths,
    _prepare,
    _set_up,
    async_prepare_household,
)
from bench.setup_time import (
    dataset_profiles,
)
from bench.zone import TZ

TICK = 0.001
SLOW_CALLBACK = 0.001
SHOWN_STALL = 0.002


@dataclass
class Trace:
    """Gaps, slow callbacks and executor jobs, each (start, end, what)."""

    on: bool = False
    profiler: cProfile.Profile | None = None
    gaps: list[tuple[float, float]] = field(default_factory=list)
    callbacks: list[tuple[float, float, str]] = field(default_factory=list)
    jobs: list[tuple[float, float, str]] = field(default_factory=list)
    collections: list[tuple[float, float, str]] = field(default_factory=list)

    def clear(self) -> None:
        """Forget the last path's."""
        self.gaps.clear()
        self.callbacks.clear()
        self.jobs.clear()
        self.collections.clear()


TRACE = Trace()


def _what(callback: Any) -> str:
    """Where a task resumes: its innermost awaiting coroutine (else the callback itself)."""
    coro = getattr(getattr(callback, "__self__", None), "get_coro", lambda: None)()
    where = ""
    while coro is not None and (frame := getattr(coro, "cr_frame", None)) is not None:
        where = f"{coro.__qualname__} ({Path(frame.f_code.co_filename).name}:{frame.f_lineno})"
        coro = getattr(coro, "cr_await", None)
    return where or repr(callback)[:100]


def _instrument() -> None:
    # Where asyncio runs each callback and the executor each job: private, so bench only.
    handle_run = asyncio.Handle._run  # noqa: SLF001

    def timed_run(self: asyncio.Handle) -> None:
        # Named before it runs: a task's frame moves on while it runs.
        what = _what(self._callback) if TRACE.on else ""
        profiler = TRACE.profiler if TRACE.on else None
        started = monotonic()
        if profiler is not None:  # records other threads too, while it runs
            profiler.enable()
        try:
            handle_run(self)
        finally:
            if profiler is not None:
                profiler.disable()
        ended = monotonic()
        if TRACE.on and ended - started > SLOW_CALLBACK:
            TRACE.callbacks.append((started, ended, what))

    asyncio.Handle._run = timed_run  # type: ignore[method-assign]  # noqa: SLF001
    work_run = executor_thread._WorkItem.run  # noqa: SLF001

    def timed_work(self: Any, ctx: Any) -> None:
        started = monotonic()
        try:
            work_run(self, ctx)
        finally:
            if TRACE.on:
                TRACE.jobs.append((started, monotonic(), _job_name(self)))

    executor_thread._WorkItem.run = timed_work  # type: ignore[method-assign]  # noqa: SLF001


def _track_collections(loop_thread: int) -> None:
    """Time the cyclic garbage collector's runs: it stops every thread while it runs."""
    started = [0.0]

    def collecting(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started[0] = monotonic()
        elif TRACE.on:
            where = "loop" if threading.get_ident() == loop_thread else "executor"
            what = f"gc gen {info['generation']} on the {where} thread"
            TRACE.collections.append((started[0], monotonic(), what))

    gc.callbacks.append(collecting)


def _job_name(item: Any) -> str:
    func = item.task[0]  # (fn, args, kwargs)
    inner = getattr(func, "args", ())  # Database reads: partial(_run_read, func, …)
    named = inner[0] if inner and callable(inner[0]) else func
    return getattr(named, "__qualname__", repr(named))[:80]


async def _tick() -> None:
    loop = asyncio.get_running_loop()
    last = loop.time()
    while True:
        await asyncio.sleep(TICK)
        now = loop.time()
        if TRACE.on and now - last - TICK > SHOWN_STALL:
            TRACE.gaps.append((last + TICK, now))
        last = now


def _report(name: str, elapsed: float) -> None:
    longest = max((end - start for start, end in TRACE.gaps), default=0.0)
    on_loop = sum(end - start for start, end, _ in TRACE.callbacks)
    in_jobs = sum(end - start for start, end, _ in TRACE.jobs)
    print(
        f"\n== {name}: {elapsed * 1000:.1f} ms, longest stall {longest * 1000:.1f} ms;"
        f" callbacks > 1 ms {on_loop * 1000:.1f} ms, executor jobs {in_jobs * 1000:.1f} ms"
    )
    for start, end, what in TRACE.callbacks:
        print(f"   callback {(end - start) * 1000:6.1f} ms  {what}")
    for start, end, what in TRACE.jobs:
        if end - start > SLOW_CALLBACK:
            print(f"   job      {(end - start) * 1000:6.1f} ms  {what}")
    for start, end, what in TRACE.collections:
        if end - start > SLOW_CALLBACK:
            print(f"   gc       {(end - start) * 1000:6.1f} ms  {what}")
    for start, end in TRACE.gaps:
        inside = [w for s, e, w in TRACE.callbacks if s < end and e > start]
        across = [
            w for s, e, w in TRACE.jobs + TRACE.collections if s < end and e > start
        ]
        print(
            f"   stall {(end - start) * 1000:5.1f} ms: loop {inside or '-'}; jobs {across or '-'}"
        )


async def run(config_dir: str, only: list[str], repeat: int) -> None:
    """Start HA as hot_paths does and trace the chosen paths."""
    profiles = dataset_profiles()
    async with async_test_home_assistant(config_dir=config_dir) as hass:
        hass.data.pop(loader.DATA_CUSTOM_COMPONENTS)
        await hass.config.async_set_time_zone(TZ.key)
        ticker = hass.loop.create_task(_tick())
        _track_collections(threading.get_ident())
        betti, local = await async_prepare_household(hass, profiles)
        await _set_up(hass, "betti")
        await _set_up(hass, "local_calendar")
        hass.set_state(CoreState.running)
        hass.bus.async_fire(EVENT_HOMEASSISTANT_STARTED)
        await hass.async_block_till_done(wait_background_tasks=True)
        await _compile_statistics(hass)
        paths = _hot_paths(hass, betti, local)
        chosen: dict[str, Callable[[], Any]] = {
            name: action
            for name, action in paths.items()
            if not only or any(text in name for text in only)
        }
        for _ in range(repeat):
            for name, action in chosen.items():
                await asyncio.sleep(0.05)
                TRACE.clear()
                TRACE.on = True
                started = monotonic()
                response = await action()
                elapsed = monotonic() - started
                # The caller lets go of the response on the loop: freeing it is work too.
                dropped = monotonic()
                del response
                TRACE.callbacks.append((dropped, monotonic(), "the response freed"))
                await asyncio.sleep(3 * TICK)
                TRACE.on = False
                _report(name, elapsed)
        ticker.cancel()
        with suppress(asyncio.CancelledError):
            await ticker
        await hass.async_stop()
    if TRACE.profiler is not None:
        stats = pstats.Stats(TRACE.profiler)
        stats.sort_stats("cumulative").print_stats(r"betti|homeassistant", 40)


def main() -> None:
    """Trace the chosen hot paths in one HA start."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--only", action="append", default=[], help="rows containing")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="profile the loop")
    parser.add_argument("--switch", type=float, default=5.0, help="GIL switch, ms")
    args = parser.parse_args()
    sys.setswitchinterval(args.switch / 1000)
    _instrument()
    if args.profile:
        TRACE.profiler = cProfile.Profile()
    with tempfile.TemporaryDirectory() as temp:
        config_dir = Path(temp) / "config"
        config_dir.mkdir()
        _prepare(config_dir)
        asyncio.run(run(str(config_dir), args.only, args.repeat))


if __name__ == "__main__":
    main()
