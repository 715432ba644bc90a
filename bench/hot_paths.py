"""Time Betti's hot paths in a real in-process Home Assistant over the 5-year household.

Usage: .venv/bin/python bench/hot_paths.py [--runs N] [--repeat K] [--pin] [--only TEXT …]
(generates build/bench/betti.db if missing: bench/generate_household.py)

Starts HA N times, each in a fresh process on one config dir (the first is the first start
after installing), and in each times Betti's setup, then K times every hot path: reload,
each coordinator's refresh (found on the entries' runtime data), each ``get_*`` action over
30 and 365 days, a reading filed three days late (with the statistics re-work it starts,
against a recorder that has compiled the current hour), the medications refresh that works
out adherence over 7 and 30 days, a month view of the calendar (``calendar.get_events``)
and an appointment added through it, and food search. HA's own local_calendar loads each
person's same iCalendar text (2k events together) and is timed beside Betti's: setup,
reload, the month view and the added appointment.

A watchdog ticks every millisecond on HA's event loop; the table gives, per row, the
median and worst time and the longest the loop was stalled while it ran (goal: ≤ 10 ms).
Work in an executor stalls it too while it holds the GIL (one long call into C, such as
pydantic validating a whole parsed calendar); the idle row shows what the machine's own
load adds.

Each start caches bytecode as an installed HA does, and ``--code DIR`` times another
checkout's Betti (see bench/setup_time.py).

``--only TEXT`` (repeatable) times only the rows whose name holds one of the texts, besides
setup, which every start times.

--pin runs each HA under ``taskset -c 0``: one core, the Raspberry Pi 4 stand-in of the
issue (goal for setup there: ≤ 600 ms). The machine's other load shows in the figures:
run it on a quiet machine for figures to compare.
"""

import argparse
import asyncio
from collections.abc import Awaitable, Callable
from contextlib import closing
import dataclasses
from datetime import datetime, timedelta
from functools import partial
import json
import logging
from pathlib import Path
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from time import perf_counter
from typing import Any

sys.path.insert(
    0, str(Path(__file__).parent.parent)
)  # run from a checkout, not installed

from homeassistant import loader
from homeassistant.components.recorder.tasks import StatisticsTask
from homeassistant.const import EVENT_HOMEASSISTANT_STARTED
from homeassistant.core import CoreState, HomeAssistant
from homeassistant.helpers import entity_registry as er, recorder as recorder_helper
from homeassistant.helpers.recorder import get_instance
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_test_home_assistant,
)

from bench.setup_time import (
    DATASET,
    add_profile_entries,
    async_set_up_dependencies,
    child_env,
    dataset_profiles,
    keep_subentries,
    listen_on_a_free_port,
)
from bench.zone import TZ

TICK = 0.001
STALL_GOAL_MS = 10
PROFILE = "bench-alice"  # the one with the most readings (glucose four times a day)
ADHERENCE = " (doses, adherence 7/30 d)"
SEARCHES = ("apple", "chicken breast", "wholemeal bread")
FIRST_SEARCH = f"search_foods '{SEARCHES[0]}'"
type Samples = dict[str, list[tuple[float, float]]]


class StallWatch:
    """The longest gap between 1 ms ticks on the event loop since the last reset."""

    def __init__(self) -> None:
        """Not ticking until started."""
        self.longest = 0.0
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Tick on the running loop (a plain task: HA's block_till_done does not wait for it)."""
        self._task = asyncio.get_running_loop().create_task(self._tick())

    async def _tick(self) -> None:
        loop = asyncio.get_running_loop()
        last = loop.time()
        while True:
            await asyncio.sleep(TICK)
            now = loop.time()
            self.longest = max(self.longest, now - last - TICK)
            last = now

    async def timed(self, samples: Samples, name: str, action: Awaitable[Any]) -> None:
        """Run the action; record its time and the longest stall meanwhile (ms)."""
        self.longest = 0.0
        started = perf_counter()
        await action
        elapsed = perf_counter() - started
        # A stall at the very end shows only when the ticker runs next.
        await asyncio.sleep(3 * TICK)
        samples.setdefault(name, []).append((elapsed * 1000, self.longest * 1000))


def _entity(hass: HomeAssistant, entry_id: str, domain: str) -> str:
    registry = er.async_get(hass)
    return next(
        entity.entity_id
        for entity in er.async_entries_for_config_entry(registry, entry_id)
        if entity.domain == domain
    )


def _coordinators(hass: HomeAssistant) -> dict[str, DataUpdateCoordinator[Any]]:
    data = hass.config_entries.async_get_known_entry(PROFILE).runtime_data
    return {
        field.name: value
        for field in dataclasses.fields(data)
        if isinstance(value := getattr(data, field.name), DataUpdateCoordinator)
    }


async def _call(
    hass: HomeAssistant, domain: str, service: str, data: dict[str, Any]
) -> Any:
    return await hass.services.async_call(
        domain, service, data, blocking=True, return_response=True
    )


def _month_view() -> tuple[datetime, datetime]:
    """The six weeks a month view of this month shows, Monday first."""
    first = dt_util.start_of_local_day(dt_util.now().replace(day=1))
    start = first - timedelta(days=first.weekday())
    return start, start + timedelta(weeks=6)


async def _compile_statistics(hass: HomeAssistant) -> None:
    """Have the recorder compile the current 5 minutes, as its timer would have."""
    now = dt_util.utcnow().replace(second=0, microsecond=0)
    period = now - timedelta(minutes=now.minute % 5)
    instance = get_instance(hass)
    instance.queue_task(StatisticsTask(period, fire_events=False))
    await hass.async_add_executor_job(instance.block_till_done)


async def _file_late_reading(hass: HomeAssistant) -> None:
    """File a blood pressure measured three days ago and wait for its statistics."""
    await hass.services.async_call(
        "betti",
        "log_vital",
        {
            "config_entry_id": PROFILE,
            "kind": "blood_pressure",
            "systolic": 131,
            "diastolic": 82,
            "measured_at": dt_util.now() - timedelta(days=3),
        },
        blocking=True,
    )
    await hass.async_block_till_done(wait_background_tasks=True)
    await hass.async_add_executor_job(get_instance(hass).block_till_done)


async def _refresh(hass: HomeAssistant, name: str) -> None:
    # Looked up each time: a reload replaces the coordinators.
    await _coordinators(hass)[name].async_refresh()


async def _reload(hass: HomeAssistant, entries: list[MockConfigEntry]) -> None:
    for entry in entries:
        assert await hass.config_entries.async_reload(entry.entry_id)


def _hot_paths(
    hass: HomeAssistant, betti: list[MockConfigEntry], local: list[MockConfigEntry]
) -> dict[str, Callable[[], Awaitable[Any]]]:
    """Each measured action, by its row in the table."""
    now = dt_util.now()
    paths: dict[str, Callable[[], Awaitable[Any]]] = {
        # Nothing of ours runs: the stalls the machine's own load causes.
        "idle loop, 100 ms (stall noise floor)": partial(asyncio.sleep, 0.1),
        "betti reload, both profiles": partial(_reload, hass, betti),
        "local_calendar reload, both": partial(_reload, hass, local),
    }
    for name in _coordinators(hass):
        label = f"refresh {name}" + (ADHERENCE if name == "medications" else "")
        paths[label] = partial(_refresh, hass, name)
    for days in (30, 365):
        span = {"start": now - timedelta(days=days), "end": now}
        for service in ("get_vitals", "get_alerts", "get_medication_history"):
            paths[f"{service} {days} d"] = partial(
                _call, hass, "betti", service, {"config_entry_id": PROFILE, **span}
            )
        dates = {"start": (now - timedelta(days=days - 1)).date(), "end": now.date()}
        paths[f"get_nutrition {days} d"] = partial(
            _call, hass, "betti", "get_nutrition", {"config_entry_id": PROFILE, **dates}
        )
    paths["log_vital 3 days late + statistics"] = partial(_file_late_reading, hass)
    start, end = _month_view()
    view = {"start_date_time": start, "end_date_time": end}
    visit = now.replace(microsecond=0) + timedelta(days=3)
    added = {"summary": "Podiatry", "start_date_time": visit}
    added["end_date_time"] = visit + timedelta(hours=1)
    for label, entry in (("betti", betti[0]), ("local_calendar", local[0])):
        entity_id = _entity(hass, entry.entry_id, "calendar")
        paths[f"month view: {label}"] = partial(
            _call, hass, "calendar", "get_events", {"entity_id": entity_id, **view}
        )
        # A change re-writes the whole calendar (and Betti's stored occurrences).
        paths[f"add an appointment: {label}"] = partial(
            hass.services.async_call,
            "calendar",
            "create_event",
            {"entity_id": entity_id, **added},
            blocking=True,
        )
    for query in SEARCHES:
        paths[f"search_foods '{query}'"] = partial(
            _call,
            hass,
            "betti",
            "search_foods",
            {"config_entry_id": PROFILE, "query": query},
        )
    return paths


def _local_calendar_entries(
    hass: HomeAssistant, profiles: list[tuple[str, str, str]]
) -> list[MockConfigEntry]:
    entries = []
    for profile_id, _, name in profiles:
        entry = MockConfigEntry(
            domain="local_calendar",
            entry_id=f"local-{profile_id}",
            title=name,
            data={"calendar_name": name, "storage_key": profile_id},
        )
        entry.add_to_hass(hass)
        entries.append(entry)
    return entries


async def async_prepare_household(
    hass: HomeAssistant, profiles: list[tuple[str, str, str]]
) -> tuple[list[MockConfigEntry], list[MockConfigEntry]]:
    """Set up what both calendars need and add their entries, as HA is starting."""
    # In the config dir, as by default: a later start finds what the first compiled.
    recorder_helper.async_initialize_recorder(hass)  # as HA's bootstrap does
    assert await async_setup_component(hass, "recorder", {"recorder": {}})
    await async_set_up_dependencies(hass, profiles)
    # Both calendars need HA's calendar integration; neither is charged for it.
    assert await async_setup_component(hass, "calendar", {})
    betti = add_profile_entries(hass, profiles)
    local = _local_calendar_entries(hass, profiles)
    await hass.async_block_till_done()
    hass.set_state(CoreState.starting)
    return betti, local


async def measure(config_dir: str, repeat: int, only: list[str]) -> Samples:
    """Start HA and time setup once and every hot path (or those ``only`` names) ``repeat`` times."""
    samples: Samples = {}
    profiles = dataset_profiles()
    async with async_test_home_assistant(config_dir=config_dir) as hass:
        hass.data.pop(loader.DATA_CUSTOM_COMPONENTS)
        await hass.config.async_set_time_zone(TZ.key)
        watch = StallWatch()
        watch.start()
        betti, local = await async_prepare_household(hass, profiles)
        await watch.timed(samples, "betti setup, both profiles", _set_up(hass, "betti"))
        await watch.timed(
            samples, "local_calendar setup, both", _set_up(hass, "local_calendar")
        )
        hass.set_state(CoreState.running)
        hass.bus.async_fire(EVENT_HOMEASSISTANT_STARTED)
        await hass.async_block_till_done(wait_background_tasks=True)
        await _compile_statistics(hass)
        paths = _hot_paths(hass, betti, local)
        # The first search builds the food index (before: "started" did); once, so timed apart.
        first_search = "first search_foods (the food index built)"
        if _chosen(first_search, only):
            await watch.timed(samples, first_search, paths[FIRST_SEARCH]())
        for _ in range(repeat):
            for name, action in paths.items():
                if _chosen(name, only):
                    await watch.timed(samples, name, action())
        keep_subentries(hass, betti)
        await hass.async_stop()
    return samples


def _chosen(name: str, only: list[str]) -> bool:
    return not only or any(text in name for text in only)


async def _set_up(hass: HomeAssistant, domain: str) -> None:
    assert await async_setup_component(hass, domain, {})
    await hass.async_block_till_done()


def _prepare(config_dir: Path) -> None:
    """Copy the dataset in, and each person's calendar text where local_calendar keeps it."""
    (config_dir / "betti").mkdir()
    shutil.copy(DATASET, config_dir / "betti" / "betti.db")
    listen_on_a_free_port(config_dir)
    with closing(sqlite3.connect(DATASET)) as conn:
        for profile_id, ics in conn.execute("SELECT profile_id, ics FROM calendars"):
            path = config_dir / ".storage" / f"local_calendar.{profile_id}.ics"
            path.write_text(ics)


def _table(runs: list[Samples], *, pinned: bool) -> None:
    rows: Samples = {}
    for index, run in enumerate(runs):
        start = "first start" if index == 0 else "later starts"
        for name, values in run.items():
            rows.setdefault(f"{name}, {start}" if "setup" in name else name, [])
            rows[f"{name}, {start}" if "setup" in name else name].extend(values)
    where = "pinned to CPU 0 (taskset -c 0)" if pinned else "unpinned"
    print(f"\n{len(runs)} HA starts, {where}; times and loop stalls in ms")
    print(
        f"{'hot path':48} {'n':>3} {'median':>8} {'worst':>8}"
        f" {'stall med':>10} {'stall max':>10}"
    )
    for name, values in sorted(rows.items(), key=lambda row: "setup" not in row[0]):
        times = [value for value, _ in values]
        stalls = [stall for _, stall in values]
        flag = "  > 10 ms stall" if max(stalls) > STALL_GOAL_MS else ""
        print(
            f"{name:48} {len(values):>3} {statistics.median(times):8.1f}"
            f" {max(times):8.1f} {statistics.median(stalls):10.1f}"
            f" {max(stalls):10.1f}{flag}"
        )


def main() -> None:
    """Prepare a throwaway config dir, start HA in fresh processes, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=3, help="HA starts")
    parser.add_argument("--repeat", type=int, default=3, help="each path per start")
    parser.add_argument("--pin", action="store_true", help="taskset -c 0: one core")
    parser.add_argument("--code", type=Path, help="the checkout whose Betti is timed")
    parser.add_argument(
        "--only", action="append", default=[], help="rows holding this text"
    )
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:  # one start, in this process
        logging.basicConfig(level=logging.ERROR)
        samples = asyncio.run(measure(args.child[0], args.repeat, args.only))
        Path(args.child[1]).write_text(json.dumps(samples))
        return
    if not DATASET.exists():
        subprocess.run(
            [sys.executable, "bench/generate_household.py", str(DATASET)], check=True
        )
    print(
        f"dataset: {DATASET} ({DATASET.stat().st_size / 1e6:.1f} MB), {dt_util.now().date()}"
    )
    pin = ["taskset", "-c", "0"] if args.pin else []
    runs: list[Samples] = []
    with tempfile.TemporaryDirectory() as temp:
        config_dir = Path(temp) / "config"
        config_dir.mkdir()
        _prepare(config_dir)
        for run in range(args.runs):
            out = Path(temp) / f"run{run}.json"
            subprocess.run(
                [
                    *pin,
                    sys.executable,
                    __file__,
                    *("--repeat", str(args.repeat)),
                    *(option for text in args.only for option in ("--only", text)),
                    *("--child", str(config_dir), str(out)),
                ],
                check=True,
                env=child_env(Path(temp), args.code),
            )
            runs.append(json.loads(out.read_text()))
    _table(runs, pinned=args.pin)


if __name__ == "__main__":
    main()
