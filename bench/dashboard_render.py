"""Time until the mirror dashboard has rendered its cards, in headless Chromium on loopback.

Usage: .venv/bin/python bench/dashboard_render.py   (LOADS=… to change the timed loads)

Starts a real Home Assistant (``hass --config``) in a temporary folder with the
configuration ``scripts/develop`` uses, gives it the demo household through
``scripts/demo_household.py``, then opens ``/betti-mirror`` at 1920x1080 in Chromium (the
browser tests' DevTools client). Each load starts from ``about:blank``; the time runs from
the navigation until the doses, the call card, the help button, a vital and the trend
graph are on screen. The first load fills the browser's cache (as a mirror's first start
does); later ones are what the mirror sees after a reload. Goal: ≤ 2 s. HA's own Overview
is timed first, in a browser of its own, as a baseline: what any dashboard costs here.
"""

import asyncio
from collections.abc import Callable
import os
from pathlib import Path
import shutil
import statistics
import sys
import tempfile
import time
from typing import Any

import aiohttp

sys.path.insert(0, str(Path(__file__).parent.parent))  # run from a checkout

from bench.setup_time import listen_on_a_free_port
from scripts import demo_household
from tests.e2e.cdp import Browser, chromium
from tests.e2e.dashboards import RENDERED, mirror_ready, set_viewport, sign_in

ROOT = Path(__file__).parent.parent
LOADS = int(os.environ.get("LOADS", "5"))
ONBOARDED = (
    '{"version": 4, "minor_version": 1, "key": "onboarding",'
    ' "data": {"done": ["core_config", "analytics", "integration"]}}'
)


def _config_dir(folder: Path) -> int:
    """Write the develop configuration; return the port HA will listen on."""
    (folder / ".storage").mkdir(parents=True)
    (folder / ".storage" / "onboarding").write_text(ONBOARDED)
    (folder / "custom_components").mkdir()
    (folder / "custom_components" / "betti").symlink_to(
        ROOT / "custom_components" / "betti"
    )
    config = (ROOT / "scripts" / "develop-configuration.yaml").read_text()
    (folder / "configuration.yaml").write_text(config)
    # HA 2026.10 keeps the port in .storage/http; configuration.yaml's is ignored.
    return listen_on_a_free_port(folder)


async def _token(url: str) -> tuple[str, str]:
    """Sign in as the demo user; return the access and refresh tokens."""
    async with aiohttp.ClientSession() as session:
        await demo_household.main(url)
        async with session.post(
            f"{url}/auth/login_flow",
            json={
                "client_id": demo_household.CLIENT_ID,
                "handler": ["homeassistant", None],
                "redirect_uri": demo_household.CLIENT_ID,
            },
        ) as resp:
            flow = await resp.json()
        async with session.post(
            f"{url}/auth/login_flow/{flow['flow_id']}",
            json={
                "client_id": demo_household.CLIENT_ID,
                "username": demo_household.USERNAME,
                "password": demo_household.PASSWORD,
            },
        ) as resp:
            code = (await resp.json())["result"]
        async with session.post(
            f"{url}/auth/token",
            data={
                "grant_type": "authorization_code",
                "code": code,
                "client_id": demo_household.CLIENT_ID,
            },
        ) as resp:
            tokens = await resp.json()
    return tokens["access_token"], tokens["refresh_token"]


def _overview_ready(shown: dict[str, Any]) -> bool:
    return bool(shown["tiles"])


async def _measure(
    url: str,
    profile: Path,
    path: str,
    ready: Callable[[dict[str, Any]], bool],
    slowdown: float,
) -> list[float]:
    access, refresh = await _token(url)
    browser = await Browser.launch(str(chromium()), profile)
    seconds = []
    try:
        page = await browser.new_page()
        if slowdown > 1:  # the tab's CPU only: HA and the network run at full speed
            await page.send("Emulation.setCPUThrottlingRate", {"rate": slowdown})
        await page.watch_console()
        await set_viewport(page, 1920, 1080)
        await sign_in(
            page,
            url,
            {
                "hassUrl": url,
                "clientId": demo_household.CLIENT_ID,
                "access_token": access,
                "refresh_token": refresh,
                "token_type": "Bearer",
                "expires_in": 1800,
                "expires": int(time.time() * 1000) + 1_800_000,
            },
        )
        for _ in range(LOADS + 1):
            await page.send("Page.navigate", {"url": "about:blank"})
            await page.wait_for("location.href === 'about:blank'")
            started = time.monotonic()
            await page.send("Page.navigate", {"url": f"{url}{path}"})
            shown: dict[str, Any] = {}
            try:
                async with asyncio.timeout(60):
                    while not ready(shown := await page.evaluate(RENDERED)):  # noqa: ASYNC110 - polling the page
                        await asyncio.sleep(0.02)
            except TimeoutError:
                href = await page.evaluate("location.href")
                sys.exit(f"No cards at {href}: {shown}; console: {page.errors()}")
            seconds.append(time.monotonic() - started)
    finally:
        await browser.close()
    return seconds


async def main(slowdown: float = 1, goal_ms: int = 2000) -> None:
    """Start HA, load the mirror LOADS + 1 times, print the times.

    ``slowdown`` throttles the tabs' CPU (DevTools ``Emulation.setCPUThrottlingRate``).
    """
    if chromium() is None:
        sys.exit("Chromium is missing: run scripts/e2e-setup")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "config"
        url = f"http://127.0.0.1:{_config_dir(folder)}"
        hass = await asyncio.create_subprocess_exec(
            str(Path(sys.executable).parent / "hass"),
            "--config",
            str(folder),
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        try:
            # HA's own Overview (its tiles) in a browser of its own: what any dashboard costs.
            base_first, *base_rest = await _measure(
                url,
                Path(tmp) / "chromium-overview",
                "/lovelace/0",
                _overview_ready,
                slowdown,
            )
            first, *rest = await _measure(
                url, Path(tmp) / "chromium", "/betti-mirror", mirror_ready, slowdown
            )
        finally:
            hass.terminate()
            await hass.wait()
            shutil.rmtree(folder, ignore_errors=True)
    cpu = f", tab CPU throttled {slowdown:g}x" if slowdown > 1 else ""
    print(
        f"mirror dashboard rendered, 1920x1080, loopback{cpu},"
        f" {LOADS} loads after one cold:"
    )
    print(f"  cold (empty browser cache): {first * 1000:7.0f} ms")
    print(f"  warm median:                {statistics.median(rest) * 1000:7.0f} ms")
    print(f"  warm max:                   {max(rest) * 1000:7.0f} ms")
    print(f"  goal: ≤ {goal_ms} ms")
    print("HA's own Overview (first tiles), same machine, for comparison:")
    print(f"  cold (empty browser cache): {base_first * 1000:7.0f} ms")
    print(
        f"  warm median:                {statistics.median(base_rest) * 1000:7.0f} ms"
    )
    print(f"  warm max:                   {max(base_rest) * 1000:7.0f} ms")


if __name__ == "__main__":
    asyncio.run(main())
