"""bench/setup_time.py runs beside a Home Assistant that already listens on port 8123."""

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
import re
import socket
import subprocess
import sys

import pytest

from bench.generate_household import PROFILES
from custom_components.betti.appointments import Fields
from custom_components.betti.appointments.book import add
from custom_components.betti.db import Database
from custom_components.betti.db.appointments import change_calendar
from custom_components.betti.db.profiles import sync_profile

BENCH = Path(__file__).parent.parent / "bench" / "setup_time.py"


@pytest.fixture
def develop_ha_port(socket_enabled: None) -> Iterator[None]:
    """Port 8123 taken, as by scripts/develop (if something already has it, so much the better)."""
    with socket.socket() as listener:
        try:
            listener.bind(("", 8123))
            listener.listen()
        except OSError:
            pass
        yield


async def _small_dataset(path: Path) -> None:
    database = Database(path)
    await database.async_open()
    now = datetime.now(UTC)
    for profile_id, person, name in PROFILES:
        await database.async_write(sync_profile, profile_id, person, name, now)
        # A weekly appointment each, as an appointment book written today.
        physio = Fields(
            title="Physio", start=now + timedelta(days=1), rrule="FREQ=WEEKLY"
        )
        await database.async_write(
            change_calendar,
            profile_id,
            lambda calendar, fields=physio: add(calendar, fields, UTC),
            at=now,
            tz=UTC,
        )
    await database.async_close()


def test_the_setup_bench_runs_while_port_8123_is_taken(
    tmp_path: Path, develop_ha_port: None
) -> None:
    asyncio.run(_small_dataset(tmp_path / "build" / "bench" / "betti.db"))
    run = subprocess.run(  # noqa: S603  # our own bench, with this interpreter
        [sys.executable, str(BENCH)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.stdout.count("setup of Betti, both profiles:") == 2
    # The later start finds every entity in HA's registry, as a real HA does.
    first, later = (
        int(count)
        for count in re.findall(r"entities registered anew: +(\d+)", run.stdout)
    )
    assert first > 0
    assert later == 0
    # Both starts read the calendars' stored occurrences; nothing parses a calendar.
    assert re.findall(r"ical loaded by the start: +(\w+)", run.stdout) == ["no", "no"]
