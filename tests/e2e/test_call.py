"""End to end: HA listening on a loopback port with Betti, two headless Chromium tabs, a call.

The mirror tab runs the real card (``custom:betti-call-card``) signed in as Alice through
HA's websocket API; the guest tab opens a real ``betti.create_call_link`` link. The test
passes when both peer connections are ``connected`` and audio and video bytes arrive on
both sides, then checks the hang-up reached the mirror and the call was written down.
"""

from pathlib import Path
import time

from aiohttp import web
from homeassistant.core import HomeAssistant
from homeassistant.helpers.http import HomeAssistantView
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, MockUser
from webrtc_models import RTCIceServer

from tests.conftest import db_rows

from .cdp import Browser, Page, chromium

pytestmark = pytest.mark.skipif(
    chromium() is None,
    reason="Chromium is not installed and could not be: run scripts/e2e-setup"
    " (apt-get install chromium) to run the browser call test",
)

HARNESS = """<!doctype html><html><body><script type="module">
import { SignalSocket } from "/betti/static/betti-call-core.js";
import "/betti/static/betti-call.js";
window.start = async (token) => {
  const connection = await SignalSocket.open("/api/websocket", token);
  const card = document.createElement("betti-call-card");
  card.setConfig({ person: "person.alice" });
  document.body.append(card);
  card.hass = { connection, states: {} };
  window.card = card;
};
</script></body></html>"""

BYTES_RECEIVED = """(async (el) => {
  const bytes = {};
  (await el.session.pc.getStats()).forEach((s) => {
    if (s.type === "inbound-rtp") bytes[s.kind] = (bytes[s.kind] || 0) + s.bytesReceived;
  });
  return bytes.audio > 0 && bytes.video > 0 ? bytes : null;
})(%s)"""


class HarnessView(HomeAssistantView):
    """Stands in for a dashboard: a page holding only the card, served by HA itself."""

    url = "/test/betti-mirror"
    name = "test:betti-mirror"
    requires_auth = False

    async def get(self, request: web.Request) -> web.Response:
        """The page."""
        return web.Response(text=HARNESS, content_type="text/html")


async def _click(page: Page, element: str, button: str) -> None:
    await page.wait_for(f"!!{element}?.shadowRoot?.querySelector('button.{button}')")
    await page.evaluate(
        f"{element}.shadowRoot.querySelector('button.{button}').click()", gesture=True
    )


async def test_guest_calls_the_mirror_and_media_flows_both_ways(
    hass: HomeAssistant,
    *,
    base_url: str,
    persons: None,
    alice_user: MockUser,
    alice_entry: MockConfigEntry,
    tmp_path: Path,
) -> None:
    started = time.monotonic()
    base = base_url
    # Keep ICE on this machine: the default STUN server is on the internet.
    hass.config.webrtc.ice_servers = [RTCIceServer(urls="stun:127.0.0.1:9")]
    alice_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(alice_entry.entry_id)
    await hass.async_block_till_done()
    hass.http.register_view(HarnessView())
    refresh = await hass.auth.async_create_refresh_token(alice_user, f"{base}/")
    token = hass.auth.async_create_access_token(refresh)
    link = await hass.services.async_call(
        "betti",
        "create_call_link",
        {"guest_name": "Tom"},
        blocking=True,
        return_response=True,
    )
    assert str(link["url"]).startswith(f"{base}/api/betti/call/link/")

    browser = await Browser.launch(str(chromium()), tmp_path / "chromium")
    try:
        mirror = await browser.new_page()
        await mirror.goto(f"{base}/test/betti-mirror")
        await mirror.wait_for("typeof window.start === 'function'")
        await mirror.evaluate(f"window.start({token!r})")
        await mirror.wait_for("window.card.rings instanceof Map")

        guest = await browser.new_page()
        await guest.goto(str(link["url"]))
        guest_el = "document.querySelector('betti-guest-call')"
        await _click(guest, guest_el, "call")
        await mirror.wait_for("window.card.view === 'ringing'")
        assert (
            await mirror.evaluate(
                "window.card.shadowRoot.querySelector('.title').textContent"
            )
            == "Tom is calling"
        )
        await _click(mirror, "window.card", "answer")

        for page, element in ((mirror, "window.card"), (guest, guest_el)):
            await page.wait_for(
                f"{element}.session?.pc?.connectionState === 'connected'"
            )
        for page, element in ((mirror, "window.card"), (guest, guest_el)):
            assert await page.wait_for(BYTES_RECEIVED % element)

        await _click(guest, guest_el, "hangup")
        await mirror.wait_for("window.card.view === 'ended'")
        assert await mirror.evaluate("window.card.endedMessage") == "Call ended"
    finally:
        await browser.close()
    await hass.async_block_till_done()

    [(caller, guest_flag, outcome, duration)] = db_rows(
        hass, "SELECT caller, guest, outcome, duration_s FROM calls"
    )
    assert (caller, guest_flag, outcome) == ("Tom", 1, "answered")
    assert duration >= 0
    state = hass.states.get("sensor.betti_alice_last_call")
    assert state is not None
    assert state.attributes["outcome"] == "answered"
    assert time.monotonic() - started < 60
