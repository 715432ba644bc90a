"""End to end: "Add medication" on a person's Betti entry in HA's own frontend.

The demo household's profile is opened under Settings → Devices & services; its medications
are listed as subentries, and "Add medication" opens the form with Betti's texts. The form is
photographed for the README (``docs/medication-form.png``).
"""

import asyncio
import base64
from pathlib import Path
from typing import Any

from homeassistant.components.recorder import Recorder
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockUser

from .cdp import Browser, chromium
from .dashboards import set_viewport, sign_in, tokens
from .test_dashboards import _serve_demo

pytestmark = pytest.mark.skipif(
    chromium() is None,
    reason="Chromium is not installed: run scripts/e2e-setup to run the browser tests",
)

FORM_PICTURE = Path(__file__).parents[2] / "docs" / "medication-form.png"
# Everything on the page, through the shadow roots HA's frontend is built of.
ALL = """const all = [];
const walk = (root) => root.querySelectorAll("*").forEach((el) => {
  all.push(el);
  if (el.shadowRoot) walk(el.shadowRoot);
});
walk(document);"""
CLICK = f"""(() => {{ {ALL}
  const hit = all.find((el) => ["ha-button", "ha-md-menu-item", "ha-list-item",
    "mwc-button", "ha-dropdown-item"].includes(el.localName)
    && el.textContent.trim() === %r);
  if (!hit) return false;
  hit.click();
  return true;
}})()"""
DIALOG_TEXT = f"""(() => {{ {ALL}
  const dialog = all.find((el) => el.localName === "dialog-data-entry-flow");
  if (!dialog) return "";
  const texts = [];
  const read = (root) => root.querySelectorAll("*").forEach((el) => {{
    if (!el.children.length && el.textContent.trim()) texts.push(el.textContent.trim());
    if (el.shadowRoot) read(el.shadowRoot);
  }});
  read(dialog.shadowRoot || dialog);
  return texts.join(" | ");
}})()"""
PAGE_TEXT = f"""(() => {{ {ALL}
  return all.filter((el) => !el.children.length).map((el) => el.textContent.trim())
    .filter(Boolean).join(" | ");
}})()"""


async def test_add_medication_form_in_the_frontend(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    *,
    base_url: str,
    hass_admin_user: MockUser,
    hass_storage: dict[str, Any],
    tmp_path: Path,
) -> None:
    base = base_url
    token, refresh = await _serve_demo(hass, base, hass_admin_user, hass_storage)
    # The integrations page asks the logger for each integration's log level.
    assert await async_setup_component(hass, "logger", {})
    browser = await Browser.launch(str(chromium()), tmp_path / "chromium")
    try:
        page = await browser.new_page()
        await page.watch_console()
        await sign_in(page, base, tokens(base, token, refresh))
        await set_viewport(page, 1280, 1280)
        await page.goto(f"{base}/config/integrations/integration/betti")
        # The demo's medicines are listed under Margaret's entry.
        await page.wait_for(f"{PAGE_TEXT}.includes('Amlodipine')", 30)
        assert await page.wait_for(CLICK % "Add medication", 10)
        text = await page.wait_for(
            f"{DIALOG_TEXT}.includes('Refill when stock is down to') && {DIALOG_TEXT}",
            20,
        )
        await asyncio.sleep(1)  # let the dialog finish opening before the picture
        shot = await page.send("Page.captureScreenshot", {"format": "png"})
        FORM_PICTURE.write_bytes(base64.b64decode(shot["data"]))
        assert "Add a medication" in text
        assert "Critical" in text
        assert "config_subentries" not in text  # no untranslated key
        assert [e for e in page.errors() if "/favicon.ico" not in e] == []
    finally:
        await browser.close()
