"""End to end: "call Bob" said to Assist has the mirror's real call card (headless Chromium,
signed in as Alice) start the call, and Bob's calls ring."""

from pathlib import Path

from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, MockUser
from webrtc_models import RTCIceServer

from custom_components.betti.calls.manager import DATA_CALLS
from tests.assist.conftest import assist, say  # noqa: F401
from tests.conftest import profile_entry

from .cdp import Browser, chromium
from .test_call import HarnessView

pytestmark = pytest.mark.skipif(
    chromium() is None,
    reason="Chromium is not installed and could not be: run scripts/e2e-setup"
    " (apt-get install chromium) to run the browser call test",
)


async def test_call_by_voice_starts_the_call_on_the_mirror(
    hass: HomeAssistant,
    *,
    base_url: str,
    assist: None,  # noqa: F811
    persons: None,
    alice_user: MockUser,
    alice_entry: MockConfigEntry,
    tmp_path: Path,
) -> None:
    hass.config.webrtc.ice_servers = [RTCIceServer(urls="stun:127.0.0.1:9")]
    bob = profile_entry("person.bob", "Bob")
    for entry in (alice_entry, bob):
        entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    hass.http.register_view(HarnessView())
    refresh = await hass.auth.async_create_refresh_token(alice_user, f"{base_url}/")
    token = hass.auth.async_create_access_token(refresh)

    browser = await Browser.launch(str(chromium()), tmp_path / "chromium")
    try:
        mirror = await browser.new_page()
        await mirror.goto(f"{base_url}/test/betti-mirror")
        await mirror.wait_for("typeof window.start === 'function'")
        await mirror.evaluate(f"window.start({token!r})")
        await mirror.wait_for("window.card.rings instanceof Map")

        assert await say(hass, "Call Bob", alice_user) == "Calling Bob."
        await mirror.wait_for("window.card.view === 'calling'")
        ringing = list(hass.data[DATA_CALLS].rooms.ringing(bob.entry_id))
        assert [room.caller_name for room in ringing] == ["Alice"]
    finally:
        await browser.close()
    await hass.async_block_till_done()
