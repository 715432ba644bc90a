"""Headless Chromium driven over the Chrome DevTools Protocol, with aiohttp only.

Debian's ``chromium`` package is the browser (``scripts/e2e-setup`` installs it); the fake
camera and microphone flags give each page a test pattern and a tone to send.
"""

import asyncio
from contextlib import suppress
import itertools
import json
from pathlib import Path
import shutil
from typing import Any

import aiohttp

FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
    "--autoplay-policy=no-user-gesture-required",
    "--mute-audio",
    "--remote-debugging-port=0",
)


def chromium() -> str | None:
    """The browser to drive, if installed."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


class Page:
    """One tab, through its flattened CDP session."""

    def __init__(self, browser: Browser, session_id: str) -> None:
        """Talk to the tab through ``browser``'s socket."""
        self._browser = browser
        self._session_id = session_id

    async def send(self, method: str, params: dict[str, Any] | None = None) -> Any:
        """Run a CDP command in this tab."""
        return await self._browser.send(method, params, self._session_id)

    async def goto(self, url: str) -> None:
        """Open ``url`` and wait for it to load."""
        await self.send("Page.navigate", {"url": url})
        await self.wait_for(
            "document.readyState === 'complete' && location.href !== 'about:blank'"
        )

    async def evaluate(self, expression: str, *, gesture: bool = False) -> Any:
        """Evaluate JavaScript (awaiting a promise) and return its JSON value."""
        reply = await self.send(
            "Runtime.evaluate",
            {
                "expression": expression,
                "awaitPromise": True,
                "returnByValue": True,
                "userGesture": gesture,
            },
        )
        if "exceptionDetails" in reply:
            raise AssertionError(json.dumps(reply["exceptionDetails"])[:2000])
        return reply["result"].get("value")

    def errors(self) -> list[str]:
        """Console errors, uncaught exceptions and failed loads (needs ``watch_console``)."""
        found = []
        for event in self._browser.events:
            if event.get("sessionId") != self._session_id:
                continue
            params = event["params"]
            match event["method"]:
                case "Runtime.exceptionThrown":
                    found.append(json.dumps(params["exceptionDetails"])[:500])
                case "Runtime.consoleAPICalled" if params["type"] == "error":
                    found.append(json.dumps(params["args"])[:500])
                case "Log.entryAdded" if params["entry"]["level"] == "error":
                    found.append(json.dumps(params["entry"])[:500])
        return found

    async def watch_console(self) -> None:
        """Start collecting what ``errors`` reports."""
        await self.send("Runtime.enable")
        await self.send("Log.enable")

    async def wait_for(self, expression: str, seconds: float = 20) -> Any:
        """Poll ``expression`` until it is truthy; fail after ``seconds``."""
        async with asyncio.timeout(seconds):
            while not (value := await self.evaluate(expression)):  # noqa: ASYNC110 - polling the page
                await asyncio.sleep(0.1)
        return value


class Browser:
    """A Chromium process and the CDP socket to it."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        """Adopt a started browser; ``connect`` opens the socket."""
        self._process = process
        self._ids = itertools.count(1)
        self._waiting: dict[int, asyncio.Future[Any]] = {}
        self._session: aiohttp.ClientSession | None = None
        self._socket: aiohttp.ClientWebSocketResponse | None = None
        self._reader: asyncio.Task[None] | None = None
        # Every event the browser sent (CDP messages with a method), oldest first.
        self.events: list[dict[str, Any]] = []

    @classmethod
    async def launch(cls, executable: str, profile: Path) -> Browser:
        """Start Chromium with a throw-away profile and connect to it."""
        process = await asyncio.create_subprocess_exec(
            executable,
            *FLAGS,
            f"--user-data-dir={profile}",
            "about:blank",
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        browser = cls(process)
        try:
            await browser._connect(profile / "DevToolsActivePort")
        except BaseException:
            await browser.close()
            raise
        return browser

    async def _connect(self, port_file: Path) -> None:
        async with asyncio.timeout(30):
            while not port_file.exists() or len(port_file.read_text().split()) < 2:  # noqa: ASYNC110 - Chromium writes the file
                await asyncio.sleep(0.05)
        port, path = port_file.read_text().split()[:2]
        self._session = aiohttp.ClientSession()
        self._socket = await self._session.ws_connect(
            f"ws://127.0.0.1:{port}{path}", max_msg_size=0
        )
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self._socket is not None
        async for message in self._socket:
            data = json.loads(message.data)
            if "method" in data:
                self.events.append(data)
            if (future := self._waiting.pop(data.get("id", -1), None)) is not None:
                if "error" in data:
                    future.set_exception(AssertionError(data["error"]))
                else:
                    future.set_result(data.get("result", {}))

    async def send(
        self,
        method: str,
        params: dict[str, Any] | None = None,
        session_id: str | None = None,
    ) -> Any:
        """Run a CDP command and return its result."""
        assert self._socket is not None
        message_id = next(self._ids)
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._waiting[message_id] = future
        message: dict[str, Any] = {
            "id": message_id,
            "method": method,
            "params": params or {},
        }
        if session_id:
            message["sessionId"] = session_id
        await self._socket.send_json(message)
        async with asyncio.timeout(30):
            return await future

    async def new_page(self) -> Page:
        """Open a tab."""
        target = await self.send("Target.createTarget", {"url": "about:blank"})
        attached = await self.send(
            "Target.attachToTarget", {"targetId": target["targetId"], "flatten": True}
        )
        page = Page(self, attached["sessionId"])
        await page.send("Page.enable")
        return page

    async def close(self) -> None:
        """Close the browser and everything connected to it."""
        if self._socket is not None:
            with suppress(Exception):
                async with asyncio.timeout(5):
                    await self.send("Browser.close")
            await self._socket.close()
        if self._reader is not None:
            self._reader.cancel()
            with suppress(asyncio.CancelledError):
                await self._reader
        if self._session is not None:
            await self._session.close()
        if self._process.returncode is None:
            with suppress(ProcessLookupError):
                self._process.kill()
        await self._process.wait()
