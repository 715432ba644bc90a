"""Time Betti's setup in a real in-process Home Assistant over the 5-year household dataset.

Usage: .venv/bin/python bench/setup_time.py   (generates build/bench/betti.db if missing)

Starts HA twice, each in a fresh process, on one config dir: the first start after installing
(HA registers every entity, which costs more) and a typical later start. For each it prints
the import of Betti's code (its modules and libraries, in the executor as HA's loader
does), Betti's setup after it (open the database, both profiles; the integrity check runs
behind, holding only writes), a reload of both profiles, and the resident memory Betti
adds (the import's included). A later start finds Betti's entities in HA's entity registry,
as a real one does.
Goals: ≤ 150 ms, ≤ 25 MB. HA listens on a free loopback port, so a develop HA on 8123 may run.

As an installed HA does, each start writes and reads bytecode (in a throwaway cache: the
first start compiles, later ones do not), and nothing of Betti is imported before the
setup timed. ``--code DIR`` times another checkout's Betti with this bench (e.g. main's,
from ``git worktree add``), for before/after figures from one harness.
"""

import argparse
import asyncio
from contextlib import closing
import importlib
import json
import os
from pathlib import Path
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from unittest.mock import patch

sys.path.insert(
    0, str(Path(__file__).parent.parent)
)  # run from a checkout, not installed

from homeassistant import bootstrap, loader
from homeassistant.components.http.config import (
    HTTP_STORAGE_SCHEMA,
    STORAGE_KEY,
    STORAGE_MINOR_VERSION,
    STORAGE_VERSION,
)
from homeassistant.const import EVENT_HOMEASSISTANT_STARTED
from homeassistant.core import CoreState, HomeAssistant
from homeassistant.helpers import (
    area_registry as ar,
    category_registry as cr,
    device_registry as dr,
    entity_registry as er,
    floor_registry as fr,
    issue_registry as ir,
    label_registry as lr,
    restore_state as rs,
)
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_test_home_assistant,
)

DATASET = Path("build/bench/betti.db")
SUBENTRIES = "bench_subentries.json"
CODE = "BENCH_CODE"
if os.environ.get(CODE):  # Betti from another checkout, the bench from this one
    import custom_components

    custom_components.__path__[:] = [
        str(Path(os.environ[CODE]).absolute() / "custom_components")
    ]


def rss_mb() -> float:
    """Resident memory of this process."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * 4096 / 2**20


def dataset_profiles() -> list[tuple[str, str, str]]:
    """Read the profiles from the file, so Betti's code is first imported by the setup timed."""
    with closing(sqlite3.connect(DATASET)) as conn:
        return conn.execute(
            "SELECT id, person_entity_id, name FROM profiles"
        ).fetchall()


def child_env(temp: Path, code: Path | None) -> dict[str, str]:
    """Environment of a measured start: bytecode cached as installed, Betti from ``code``."""
    env = {**os.environ, "PYTHONPYCACHEPREFIX": str(temp / "pycache")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if code is not None:
        env[CODE] = str(code.absolute())
    return env


def listen_on_a_free_port(config_dir: Path) -> int:
    """Store HA's HTTP settings (in .storage/http since 2026.10) with a free loopback port.

    Stored as "stable", the confirmed kind: nothing to confirm and nothing reverted.
    Return the port.
    """
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    stable = HTTP_STORAGE_SCHEMA({"server_host": ["127.0.0.1"], "server_port": port})
    store = {
        "version": STORAGE_VERSION,
        "minor_version": STORAGE_MINOR_VERSION,
        "key": STORAGE_KEY,
        "data": {
            "stable": {
                **stable,
                "created_at": "2026-01-01T00:00:00+00:00",
                "error": None,
                "error_message": None,
            },
            "pending": None,
            "yaml_migration_done": True,
        },
    }
    (config_dir / ".storage").mkdir(exist_ok=True)
    (config_dir / ".storage" / STORAGE_KEY).write_text(json.dumps(store))
    return port


def add_profile_entries(
    hass: HomeAssistant, profiles: list[tuple[str, str, str]]
) -> list[MockConfigEntry]:
    """Add one Betti entry per profile in the file (not set up yet).

    Each comes with the subentries (medications) the last start kept: HA stores them with
    the entry, and new ones would move every medication's device to a new subentry.
    """
    kept_path = Path(hass.config.path(SUBENTRIES))
    kept = json.loads(kept_path.read_text()) if kept_path.exists() else {}
    entries = []
    for profile_id, person, name in profiles:
        entry = MockConfigEntry(
            subentries_data=kept.get(profile_id, ()),
            domain="betti",
            entry_id=profile_id,
            title=name,
            unique_id=person,
            data={
                "person": person,
                "date_of_birth": "1950-01-01",
                "sex": "female",
                "height": 165.0,
            },
            options={
                "weight_unit": "kg",
                "temperature_unit": "°C",
                "glucose_unit": "mmol/L",
                "volume_unit": "mL",
            },
        )
        entry.add_to_hass(hass)
        entries.append(entry)
    return entries


def keep_subentries(hass: HomeAssistant, entries: list[MockConfigEntry]) -> None:
    """Keep the entries' subentries for the next start, as HA's config entry store does."""
    kept = {
        entry.entry_id: [
            {
                "subentry_id": sub.subentry_id,
                "subentry_type": sub.subentry_type,
                "title": sub.title,
                "unique_id": sub.unique_id,
                "data": dict(sub.data),
            }
            for sub in entry.subentries.values()
        ]
        for entry in entries
    }
    Path(hass.config.path(SUBENTRIES)).write_text(json.dumps(kept))


async def async_set_up_dependencies(
    hass: HomeAssistant, profiles: list[tuple[str, str, str]]
) -> None:
    """Set up what Betti depends on, as HA does before it: not Betti's time.

    That is its manifest's dependencies, and HA's bluetooth, which HA loads for the
    manifest's Bluetooth matchers; Betti's own modules and libraries are Betti's time.
    """
    persons = [
        {"id": person.split(".")[1], "name": name} for _, person, name in profiles
    ]
    assert await async_setup_component(hass, "person", {"person": persons})
    integration = await loader.async_get_integration(hass, "betti")
    for domain in integration.dependencies:
        assert await async_setup_component(hass, domain, {})
    await hass.async_add_executor_job(
        importlib.import_module, "homeassistant.components.bluetooth"
    )


async def async_load_registries(hass: HomeAssistant) -> None:
    """Load HA's device and entity registries as the last start stored them.

    A real HA loads them from ``.storage`` at each start; the test harness, left to load
    them, starts them empty: every start would then register each entity anew (its
    entity ID, device, sensor options and all), as only the first start after
    installing does.
    """
    dr.async_setup(hass)
    # As the harness does: no state dump on a timer, nothing restored at its start.
    with (
        patch(
            "homeassistant.helpers.restore_state.RestoreStateData.async_setup_dump",
            return_value=None,
        ),
        patch("homeassistant.helpers.restore_state.start.async_at_start"),
    ):
        for registry in (ar, cr, dr, er, fr, ir, lr, rs):
            await registry.async_load(hass)
    hass.data[bootstrap.DATA_REGISTRIES_LOADED] = None


async def measure(
    config_dir: str, profiles: list[tuple[str, str, str]], start: str
) -> None:
    """Start HA, then set Betti up and reload it, timing each."""
    async with async_test_home_assistant(
        config_dir=config_dir, load_registries=False
    ) as hass:
        hass.data.pop(loader.DATA_CUSTOM_COMPONENTS)
        await async_load_registries(hass)
        await async_set_up_dependencies(hass, profiles)
        entries = add_profile_entries(hass, profiles)
        await hass.async_block_till_done()
        # As at boot: integrations are set up before HA has started (work Betti leaves
        # for "started" is not part of its setup; its memory is).
        hass.set_state(CoreState.starting)
        registered = {
            entity.unique_id
            for entity in er.async_get(hass).entities.values()
            if entity.platform == "betti"
        }
        before = rss_mb()
        importing = time.perf_counter()
        # As HA's loader does, in the executor: Betti's modules and its libraries.
        await hass.async_add_executor_job(
            importlib.import_module, "custom_components.betti"
        )
        imported = time.perf_counter()
        # Setting the integration up sets up every profile entry, as at HA start.
        assert await async_setup_component(hass, "betti", {})
        await hass.async_block_till_done()
        cold = time.perf_counter() - imported
        hass.set_state(CoreState.running)
        hass.bus.async_fire(EVENT_HOMEASSISTANT_STARTED)
        # What Betti starts in the background once HA has started counts too.
        await hass.async_block_till_done(wait_background_tasks=True)
        after = rss_mb()
        ical_loaded = "ical" in sys.modules
        started = time.perf_counter()
        for entry in entries:
            assert await hass.config_entries.async_reload(entry.entry_id)
        warm = time.perf_counter() - started
        print(f"{start}:")
        print(
            f"  import of Betti's code:        {(imported - importing) * 1000:7.1f} ms"
        )
        print(
            f"  setup of Betti, both profiles: {cold * 1000:7.1f} ms  (goal ≤ 150 ms,"
            " after the import)"
        )
        print(f"  reload of both profiles:       {warm * 1000:7.1f} ms")
        anew = sum(
            entity.platform == "betti" and entity.unique_id not in registered
            for entity in er.async_get(hass).entities.values()
        )
        print(f"  entities registered anew:      {anew:7d}")
        # The stored occurrences are read at start; parsing calendars (ical) waits for a change.
        parsed = "yes" if ical_loaded else "no"
        print(f"  ical loaded by the start:      {parsed:>7}")
        print(
            f"  memory Betti adds:             {after - before:7.1f} MB  (goal ≤ 25 MB)"
        )
        keep_subentries(hass, entries)
        await hass.async_stop()


def main() -> None:
    """Prepare the dataset in a throwaway config dir and measure two starts."""
    if len(sys.argv) == 3 and not sys.argv[1].startswith(
        "-"
    ):  # one start, in this process
        asyncio.run(measure(sys.argv[1], dataset_profiles(), sys.argv[2]))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--code", type=Path, help="the checkout whose Betti is timed")
    args = parser.parse_args()
    if not DATASET.exists():
        subprocess.run(
            [sys.executable, "bench/generate_household.py", str(DATASET)], check=True
        )
    print(f"dataset: {DATASET} ({DATASET.stat().st_size / 1e6:.1f} MB)")
    with tempfile.TemporaryDirectory() as temp:
        config_dir = Path(temp) / "config"
        (config_dir / "betti").mkdir(parents=True)
        shutil.copy(DATASET, config_dir / "betti" / "betti.db")
        listen_on_a_free_port(config_dir)
        env = child_env(Path(temp), args.code)
        for start in ("first start after installing", "a later start"):
            subprocess.run(
                [sys.executable, __file__, str(config_dir), start], check=True, env=env
            )


if __name__ == "__main__":
    main()
