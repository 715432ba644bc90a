"""Relay latency of call signaling through HA's real websocket API, 50 rooms at once.

Usage: .venv/bin/python bench/call_relay.py   (ROOMS=… INTERVAL=… to vary the load)

Starts Home Assistant with Betti in this process, its HTTP server on a free loopback port,
then runs the clients in a second process (so their work does not share HA's event loop):
100 websocket connections, 2 per room, each signed in with an access token. Every room
calls, answers, then trickles ICE candidates both ways, one every 20 ms; each candidate
carries its send time, and the other side's client notes when the event arrived.
Prints p50/p99/max of that one-way latency. Goal: p99 ≤ 5 ms.
"""

import asyncio
import json
import logging
import os
from pathlib import Path
import random
import socket
import statistics
import sys
import tempfile
import time

import aiohttp

sys.path.insert(0, str(Path(__file__).parent.parent))  # run from a checkout

ROOMS = int(os.environ.get("ROOMS", "50"))
MESSAGES = 100  # per room, alternating direction
INTERVAL = float(os.environ.get("INTERVAL", "0.02"))


async def _connect(
    session: aiohttp.ClientSession, url: str, token: str
) -> aiohttp.ClientWebSocketResponse:
    ws = await session.ws_connect(url, max_msg_size=0)
    await ws.receive_json()
    await ws.send_json({"type": "auth", "access_token": token})
    assert (await ws.receive_json())["type"] == "auth_ok"
    return ws


async def _next_event(ws: aiohttp.ClientWebSocketResponse) -> dict[str, object]:
    while True:
        message = await ws.receive_json()
        if message["type"] == "event":
            return dict(message["event"])


async def _room(
    session: aiohttp.ClientSession, url: str, token: str, latencies: list[float]
) -> None:
    caller, callee = (
        await _connect(session, url, token),
        await _connect(session, url, token),
    )
    await caller.send_json(
        {"id": 1, "type": "betti/call/start", "person": "person.alice"}
    )
    start = await _next_event(caller)
    await callee.send_json(
        {"id": 1, "type": "betti/call/accept", "room_id": start["room_id"]}
    )
    accept = await _next_event(callee)
    await _next_event(caller)  # peer_joined
    sides = [(caller, start["session_id"]), (callee, accept["session_id"])]

    async def receive(ws: aiohttp.ClientWebSocketResponse, count: int) -> None:
        for _ in range(count):
            event = await _next_event(ws)
            sent = float(str(event["candidate"]["candidate"]).split()[1])  # type: ignore[index]
            latencies.append(time.perf_counter() - sent)

    readers = [
        asyncio.create_task(receive(callee, MESSAGES // 2)),
        asyncio.create_task(receive(caller, MESSAGES // 2)),
    ]
    # Calls are independent: spread their sends over the interval instead of in lockstep.
    await asyncio.sleep(random.uniform(0, INTERVAL))
    for n in range(MESSAGES):
        ws, session_id = sides[n % 2]
        candidate = (
            f"candidate:1 {time.perf_counter()} udp 2122260223 127.0.0.1 5000 typ host"
        )
        await ws.send_json(
            {
                "id": n + 2,
                "type": "betti/call/candidate",
                "session_id": session_id,
                "candidate": {"candidate": candidate, "sdpMid": "0"},
            }
        )
        await asyncio.sleep(INTERVAL)
    await asyncio.gather(*readers)
    await caller.send_json(
        {"id": 999, "type": "betti/call/hangup", "session_id": start["session_id"]}
    )
    await caller.close()
    await callee.close()


async def clients(url: str, token: str) -> None:
    """Run every room, then print the latency figures (as JSON for the parent)."""
    latencies: list[float] = []
    async with aiohttp.ClientSession() as session:
        started = time.perf_counter()
        await asyncio.gather(
            *(_room(session, url, token, latencies) for _ in range(ROOMS))
        )
        elapsed = time.perf_counter() - started
    cpu = time.process_time()
    print(json.dumps({"latencies": latencies, "elapsed": elapsed, "cpu": cpu}))


async def serve_and_measure(config_dir: str) -> None:
    """Start HA with Betti on loopback, run the client process against it, print figures."""
    from homeassistant import loader  # noqa: PLC0415 - after sys.path is set
    from homeassistant.setup import async_setup_component  # noqa: PLC0415
    from pytest_homeassistant_custom_component.common import (  # noqa: PLC0415
        MockConfigEntry,
        async_test_home_assistant,
    )

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    async with async_test_home_assistant(config_dir=config_dir) as hass:
        # The test harness logs at debug level; a real HA logs warnings.
        logging.getLogger().setLevel(logging.WARNING)
        hass.data.pop(loader.DATA_CUSTOM_COMPONENTS)
        assert await async_setup_component(
            hass, "http", {"http": {"server_host": ["127.0.0.1"], "server_port": port}}
        )
        assert await async_setup_component(
            hass, "person", {"person": [{"id": "alice", "name": "Alice"}]}
        )
        MockConfigEntry(
            domain="betti",
            title="Alice",
            unique_id="person.alice",
            data={
                "person": "person.alice",
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
        ).add_to_hass(hass)
        assert await async_setup_component(hass, "betti", {})
        await hass.async_block_till_done()
        user = await hass.auth.async_create_user("Bench", group_ids=["system-admin"])
        refresh = await hass.auth.async_create_refresh_token(
            user, f"http://127.0.0.1:{port}/"
        )
        token = hass.auth.async_create_access_token(refresh)
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            __file__,
            "--clients",
            f"ws://127.0.0.1:{port}/api/websocket",
            token,
            stdout=asyncio.subprocess.PIPE,
        )
        cpu_before = time.process_time()
        output, _ = await process.communicate()
        ha_cpu = time.process_time() - cpu_before
        await hass.async_block_till_done()  # the 50 calls' history rows
        await hass.async_stop()
    result = json.loads(output)
    latencies = sorted(value * 1000 for value in result["latencies"])
    p99 = latencies[int(len(latencies) * 0.99) - 1]
    print(
        f"rooms: {ROOMS}, relayed messages: {len(latencies)} in {result['elapsed']:.1f} s"
    )
    print(f"relay latency p50: {statistics.median(latencies):6.2f} ms")
    print(f"relay latency p99: {p99:6.2f} ms  (goal ≤ 5 ms)")
    print(f"relay latency max: {latencies[-1]:6.2f} ms")
    print(
        f"CPU time: Home Assistant {ha_cpu:.1f} s, clients {result['cpu']:.1f} s"
        f" (of {result['elapsed']:.1f} s wall, 2 cores here)"
    )


def main() -> None:
    """Measure, or (``--clients URL TOKEN``) be the client process."""
    if sys.argv[1:2] == ["--clients"]:
        asyncio.run(clients(sys.argv[2], sys.argv[3]))
        return
    with tempfile.TemporaryDirectory() as config_dir:
        asyncio.run(serve_and_measure(config_dir))


if __name__ == "__main__":
    main()
