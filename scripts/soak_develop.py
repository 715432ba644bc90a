"""Run scripts/develop, restart HA once through its API, and check it is still there later.

Called by scripts/soak-develop; see there. HA 2026.10 reverts an unconfirmed HTTP setting with a
restart after 5 minutes, and the UI's Restart stops a bare `hass`: both ended the demo before.
"""

# ruff: noqa: TRY003 - each failure says what the soak saw, in place

import asyncio
from contextlib import suppress
import os
from pathlib import Path
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from typing import Any

import aiohttp
from demo_household import DEMO_PERSON, betti_action, onboard_or_login, websocket

READY = "Betti is running at"
RESTARTING = "asked for a restart"


def free_port() -> int:
    """Return a loopback port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Develop:
    """scripts/develop in the background, its output echoed and watched line by line."""

    def __init__(self, config: Path, port: int) -> None:
        """Start it; HA's log goes to the terminal as it would for a developer."""
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            ["scripts/develop"],  # noqa: S607 - the repository's own script, run from its root
            env={
                **os.environ,
                "BETTI_DEVELOP_CONFIG": str(config),
                "BETTI_DEVELOP_PORT": str(port),
            },
            stdout=subprocess.PIPE,
            text=True,
            start_new_session=True,  # its own process group, so nothing of it outlives the soak
        )
        self._reader = asyncio.get_running_loop().run_in_executor(None, self._read)

    def _read(self) -> None:
        for line in self.process.stdout or ():
            print(line, end="", flush=True)
            self.lines.append(line)

    def count(self, text: str) -> int:
        """How many lines of its output so far contain text."""
        return sum(text in line for line in self.lines)

    async def wait_for(self, text: str, times: int, minutes: float) -> None:
        """Wait until text has been printed `times` times; fail if develop stops first."""
        deadline = time.monotonic() + minutes * 60
        while self.count(text) < times:
            if self.process.poll() is not None:
                raise SoakFailedError(
                    f"scripts/develop exited ({self.process.returncode})"
                )
            if time.monotonic() > deadline:
                raise SoakFailedError(f"no {text!r} within {minutes} minutes")
            await asyncio.sleep(1)

    async def stop(self) -> None:
        """SIGTERM develop (it stops HA), then kill whatever of its group is left."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            with suppress(subprocess.TimeoutExpired):
                await asyncio.to_thread(self.process.wait, 120)
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        await self._reader


class SoakFailedError(Exception):
    """What the soak saw go wrong."""


async def running(session: aiohttp.ClientSession, url: str, token: str) -> bool:
    """Whether HA's API answers and HA has finished starting (integrations set up)."""
    try:
        async with session.get(
            f"{url}/api/config", headers={"Authorization": f"Bearer {token}"}
        ) as resp:
            return resp.ok and (await resp.json())["state"] == "RUNNING"
    except aiohttp.ClientError:
        return False


async def check_household(session: aiohttp.ClientSession, url: str, token: str) -> None:
    """Margaret's profile is loaded, her history is there, and HTTP has nothing pending."""
    async with session.get(
        f"{url}/api/config/config_entries/entry",
        headers={"Authorization": f"Bearer {token}"},
    ) as resp:
        entries: list[dict[str, Any]] = await resp.json()
    profiles = {e["title"]: e["state"] for e in entries if e["domain"] == "betti"}
    if profiles.get(DEMO_PERSON) != "loaded":
        raise SoakFailedError(f"{DEMO_PERSON}'s profile is not loaded: {profiles}")
    history = await betti_action(session, url, token, "get_vitals", {}, response=True)
    if not history["vitals"]:
        raise SoakFailedError(f"{DEMO_PERSON}'s vitals are gone")
    http = await websocket(session, url, token, {"type": "http/config"})
    if http["pending"] is not None or http["revert_at"] is not None:
        raise SoakFailedError(f"HTTP settings await confirmation: {http}")
    print(
        f"==> soak: {DEMO_PERSON} loaded with {len(history['vitals'])} vitals;"
        " HTTP settings confirmed",
        flush=True,
    )


async def soak(develop: Develop, url: str, minutes: float) -> None:
    """Restart once through the API, then watch HA for `minutes`."""
    await develop.wait_for(READY, 1, minutes=15)
    async with aiohttp.ClientSession() as session:
        token = await onboard_or_login(session, url)
        await check_household(session, url, token)

        print("==> soak: restarting Home Assistant through its API", flush=True)
        with suppress(aiohttp.ClientError):  # HA may drop the connection as it stops
            await session.post(
                f"{url}/api/services/homeassistant/restart",
                headers={"Authorization": f"Bearer {token}"},
            )
        await develop.wait_for(RESTARTING, 1, minutes=5)
        deadline = time.monotonic() + 5 * 60
        while not await running(session, url, token):
            if time.monotonic() > deadline:
                raise SoakFailedError("HA did not come back within 5 minutes")
            await asyncio.sleep(2)
        await check_household(session, url, token)

        print(f"==> soak: watching for {minutes} minutes", flush=True)
        end = time.monotonic() + minutes * 60
        while time.monotonic() < end:
            await asyncio.sleep(min(30, max(0, end - time.monotonic())))
            if develop.process.poll() is not None:
                raise SoakFailedError(
                    f"scripts/develop exited ({develop.process.returncode})"
                )
            if develop.count(RESTARTING) > 1:
                raise SoakFailedError("HA restarted on its own")
            if not await running(session, url, token):
                raise SoakFailedError("HA stopped answering")
        await check_household(session, url, token)


async def main() -> int:
    """Soak in a fresh config directory, kept only if the soak fails."""
    minutes = float(os.environ.get("SOAK_MINUTES", "15"))
    port = int(os.environ.get("SOAK_PORT") or free_port())
    config = Path(tempfile.mkdtemp(prefix="betti-soak-"))
    develop = Develop(config, port)
    try:
        await soak(develop, f"http://127.0.0.1:{port}", minutes)
    except SoakFailedError as err:
        print(f"==> soak FAILED: {err} (config kept in {config})", flush=True)
        return 1
    finally:
        await develop.stop()
    shutil.rmtree(config)
    print(f"==> soak passed: {minutes} minutes after one restart", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
