"""End to end: what an administrator picking a card or a dashboard reads of Betti.

HA's frontend lists custom cards (``window.customCards``) and dashboard strategies
(``window.customStrategies``) by the name and description each script gives. In a Dutch
household, with HA's frontend in Dutch, Betti's entries are in Dutch.
"""

import json
from pathlib import Path
from typing import Any

from homeassistant.components.recorder import Recorder
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockUser

from tests.conftest import profile_entry

from .cdp import Browser, chromium
from .dashboards import sign_in, tokens
from .test_dashboards import ONBOARDED

pytestmark = pytest.mark.skipif(
    chromium() is None,
    reason="Chromium is not installed: run scripts/e2e-setup to run the browser tests",
)

TRANSLATIONS = Path(__file__).parents[2] / "custom_components/betti/translations"
# Betti's entries in both pickers, once they have a name.
LISTED = """(() => {
  const betti = (list) => (window[list] || [])
    .filter((entry) => entry.type.startsWith("betti") && entry.name)
    .map(({ type, name, description }) => ({ type, name, description }));
  const found = [...betti("customCards"), ...betti("customStrategies")];
  return found.length === 4 && found;
})()"""


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "nl",
            {
                "betti-health-card": "Betti-gezondheid",
                "betti-call-card": "Betti-videobellen",
                "betti": "Betti-spiegel",
                "betti-family": "Betti-familie",
            },
        ),
        (
            "de",
            {
                "betti-health-card": "Betti-Gesundheit",
                "betti-call-card": "Betti-Videoanruf",
                "betti": "Betti-Spiegel",
                "betti-family": "Betti-Familie",
            },
        ),
    ],
)
async def test_picker_entries_are_in_the_frontends_language(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    *,
    base_url: str,
    hass_admin_user: MockUser,
    hass_storage: dict[str, Any],
    tmp_path: Path,
    language: str,
    expected: dict[str, str],
) -> None:
    base = base_url
    hass_storage["onboarding"] = ONBOARDED
    await hass.config.async_update(language=language)
    # What a real Home Assistant has and the frontend asks for (the recorder: mocked).
    for component in (
        "frontend",
        "person",
        "persistent_notification",
        "labs",
        "brands",
    ):
        assert await async_setup_component(hass, component, {})
    entry = profile_entry()
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    refresh = await hass.auth.async_create_refresh_token(hass_admin_user, f"{base}/")
    token = hass.auth.async_create_access_token(refresh)
    browser = await Browser.launch(str(chromium()), tmp_path / "chromium")
    try:
        page = await browser.new_page()
        await page.watch_console()
        await sign_in(page, base, tokens(base, token, refresh.token))
        # The language a person picks in their profile, as the frontend keeps it.
        await page.evaluate(
            f"localStorage.setItem('selectedLanguage', JSON.stringify({language!r})); true"
        )
        # A Betti dashboard: its resources (the call card) load with it.
        await page.goto(f"{base}/betti-mirror")
        listed = await page.wait_for(LISTED, 60)
        assert {entry["type"]: entry["name"] for entry in listed} == expected
        # The descriptions too, in full sentences of that language.
        texts = json.loads((TRANSLATIONS / f"{language}.json").read_text())
        told = {text["message"] for text in texts["exceptions"].values()}
        for entry in listed:
            assert entry["description"] in told
            assert entry["description"].endswith(".")
        assert [e for e in page.errors() if "/favicon.ico" not in e] == []
    finally:
        await browser.close()
