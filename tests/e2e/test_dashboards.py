"""End to end: the demo household's dashboards in headless Chromium, mirror and phone sized.

HA listens on a loopback port with Betti and the demo household (built by
``scripts/demo_household.py`` through HA's own APIs, as ``scripts/develop`` does); each
dashboard is opened signed in as the administrator, and must show its cards with no
console error and no card in error. Screenshots go to ``build/screenshots/``.
"""

import asyncio
import base64
from datetime import timedelta
from pathlib import Path
from typing import Any

import aiohttp
from homeassistant.components.recorder import Recorder, statistics
from homeassistant.components.recorder.tasks import StatisticsTask
from homeassistant.core import HomeAssistant
from homeassistant.helpers.recorder import get_instance
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockUser
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)

from custom_components.betti.alerts.escalation import AlertSource, Severity
from custom_components.betti.alerts.raising import async_raise_alert
from custom_components.betti.household.privacy import CONF_PRIVATE
from scripts import demo_household
from tests.conftest import profile_entry

from .cdp import Browser, Page, chromium
from .dashboards import (
    CLICK_TILE,
    DIALOG_TEXT,
    RENDERED,
    family_ready,
    household_ready,
    measure,
    mirror_ready,
    person_ready,
    private_ready,
    set_viewport,
    sign_in,
    tokens,
)

pytestmark = pytest.mark.skipif(
    chromium() is None,
    reason="Chromium is not installed and could not be: run scripts/e2e-setup"
    " (apt-get install chromium) to run the browser dashboard test",
)

SCREENSHOTS = Path(__file__).parents[2] / "build" / "screenshots"
ONBOARDED = {
    "version": 4,
    "minor_version": 1,
    "key": "onboarding",
    "data": {"done": ["user", "core_config", "analytics", "integration"]},
}
SCREENS = {"mirror": (1920, 1080), "phone": (390, 844)}
MEDICINES = ["Amlodipine", "Metformin"]  # the demo's
# Words a person should never read on the mirror: a machine's, or an empty card's.
NOT_FOR_PEOPLE = ("You have no to-do items!", "Unknown", "scheduled", "upcoming")
# The dose check boxes in Betti's health cards, wherever they are in the shadow roots.
DOSE_BOXES_JS = """() => {
  const boxes = [];
  const walk = (root) => root.querySelectorAll("*").forEach((el) => {
    if (el.localName === "input" && el.closest("label")) boxes.push(el);
    if (el.shadowRoot) walk(el.shadowRoot);
  });
  walk(document);
  return boxes;
}"""
DOSE_BOXES = f"({DOSE_BOXES_JS})().map((box) => box.checked)"


async def _demo_household(hass: HomeAssistant, base: str, token: str) -> None:
    async with aiohttp.ClientSession() as session:
        await demo_household.ensure_profile(session, base, token)
        await hass.async_block_till_done()
        await demo_household.ensure_vitals(session, base, token)
        await demo_household.ensure_nutrition_week(session, base, token)
        await demo_household.ensure_medications(session, base, token)
        await demo_household.ensure_appointments(session, base, token)
    await hass.async_block_till_done()


async def _compile_statistics(hass: HomeAssistant) -> None:
    """Run the recorder's 5-minute statistics now rather than up to 5 minutes from now.

    That run gives the vital sensors their long-term statistics; Betti then files the demo's
    past readings at the hours they were measured, which the 7-day graphs show.
    """
    await async_wait_recording_done(hass)
    period = statistics.get_start_time() + timedelta(minutes=5)  # the one under way
    get_instance(hass).queue_task(StatisticsTask(period, fire_events=True))
    await async_wait_recording_done(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    await async_wait_recording_done(hass)


async def _add_arthur(hass: HomeAssistant, base: str, token: str) -> None:
    """A second person, with no medicines and one glucose reading, in Margaret's home."""
    async with aiohttp.ClientSession() as session:
        await demo_household.websocket(
            session, base, token, {"type": "person/create", "name": "Arthur"}
        )
    entry = profile_entry("person.arthur", "Arthur")
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.services.async_call(
        "betti",
        "log_vital",
        {"config_entry_id": entry.entry_id, "kind": "glucose", "glucose": 6.1},
        blocking=True,
        return_response=True,
    )


async def _raise_missed_dose(hass: HomeAssistant) -> None:
    """Margaret's missed dose, as the medication engine raises it."""
    margaret = next(
        entry
        for entry in hass.config_entries.async_entries("betti")
        if entry.title == "Margaret"
    )
    await async_raise_alert(
        hass,
        margaret,
        source=AlertSource.MISSED_DOSE,
        severity=Severity.WARNING,
        message_key="medication_missed_alert",
        placeholders={
            "name": "Margaret",
            "medication": "Amlodipine 5 mg",
            "time": "08:00",
        },
    )
    await hass.async_block_till_done()


async def _open(page: Page, url: str, screen: str, ready: Any) -> dict[str, Any]:
    await set_viewport(page, *SCREENS[screen])
    await page.goto(url)
    try:
        shown: dict[str, Any] = {}
        # Long enough for a first load on a busy machine.
        async with asyncio.timeout(90):
            # A custom card shows as an error card until its script has loaded.
            while not ready(shown := await page.evaluate(RENDERED)) or shown["errors"]:  # noqa: ASYNC110 - polling the page
                await asyncio.sleep(0.2)
    except TimeoutError:
        pytest.fail(f"{url} at {screen} size never showed its cards: {shown}")
    await asyncio.sleep(1)  # let the graphs draw before the picture
    return shown


async def _serve_demo(
    hass: HomeAssistant, base: str, admin: MockUser, hass_storage: dict[str, Any]
) -> tuple[str, str]:
    """Start what the frontend needs, add the demo household; return admin tokens."""
    hass_storage["onboarding"] = ONBOARDED
    # HA's HTTP server starts listening once the frontend is set up.
    # What a real Home Assistant has and the frontend asks for (history: the graphs).
    for component in (
        "frontend",
        "person",
        "history",
        "persistent_notification",
        "labs",
        "brands",
    ):
        assert await async_setup_component(hass, component, {})
    await hass.async_block_till_done()
    refresh = await hass.auth.async_create_refresh_token(admin, f"{base}/")
    token = hass.auth.async_create_access_token(refresh)
    await _demo_household(hass, base, token)
    await _compile_statistics(hass)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return token, refresh.token


async def test_demo_dashboards_render_on_mirror_and_phone(
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
    await _add_arthur(hass, base, token)
    await _raise_missed_dose(hass)
    await _compile_statistics(hass)

    browser = await Browser.launch(str(chromium()), tmp_path / "chromium")
    try:
        page = await browser.new_page()
        await page.watch_console()
        await sign_in(page, base, tokens(base, token, refresh))
        # The mirror's browser uses the mirror's theme (the README says how), so its
        # dialogs are in the mirror's type size too.
        await page.evaluate(
            "localStorage.setItem('selectedTheme', JSON.stringify({theme: 'Betti mirror'}))"
        )
        # The mirror at its own size: the household first, then each person's view.
        measured = {}
        for view, ready, shot_name in (
            ("", household_ready, "mirror-household"),
            ("/arthur", person_ready, "mirror-arthur"),
            ("/margaret", mirror_ready, "mirror"),
        ):
            await _open(page, f"{base}/betti-mirror{view}", "mirror", ready)
            measured[view or "household"] = await measure(page, MEDICINES)
            shot = await page.send("Page.captureScreenshot", {"format": "png"})
            (SCREENSHOTS / f"{shot_name}.png").write_bytes(
                base64.b64decode(shot["data"])
            )
        # Tapping a tile on Margaret's view: its dialog in the mirror's type size.
        await page.evaluate(
            f"({CLICK_TILE})('sensor.betti_margaret_systolic')", gesture=True
        )
        async with asyncio.timeout(10):
            while not (dialog := await page.evaluate(DIALOG_TEXT)):  # noqa: ASYNC110 - polling the page
                await asyncio.sleep(0.2)
        await asyncio.sleep(1)  # let the history draw
        dialog = await page.evaluate(DIALOG_TEXT)
        shot = await page.send("Page.captureScreenshot", {"format": "png"})
        (SCREENSHOTS / "mirror-dialog.png").write_bytes(base64.b64decode(shot["data"]))
        await page.evaluate("localStorage.removeItem('selectedTheme')")
        for dashboard, path, ready in (
            ("betti-mirror", "betti-mirror", household_ready),
            ("betti-family", "betti-family/margaret", family_ready),
        ):
            for screen in SCREENS:
                shown = await _open(page, f"{base}/{path}", screen, ready)
                assert not shown["errors"]
                if (dashboard, screen) == ("betti-family", "phone"):
                    phone = await measure(page, MEDICINES)
                shot = await page.send("Page.captureScreenshot", {"format": "png"})
                (SCREENSHOTS / f"{dashboard}-{screen}.png").write_bytes(
                    base64.b64decode(shot["data"])
                )
        # Offered in "Add dashboard" → Community dashboards, each a working strategy.
        assert await page.evaluate(
            "window.customStrategies.filter((s) => s.strategyType === 'dashboard')"
            ".map((s) => [s.type, !!customElements.get('ll-strategy-dashboard-' + s.type)])"
        ) == [["betti", True], ["betti-family", True]]
        # The browser's own favicon request for the JSON page used to sign in.
        assert [e for e in page.errors() if "/favicon.ico" not in e] == []
    finally:
        await browser.close()
    # The mirror theme's body type (21 px) and titles (30 px); HA's own are 14 and 20 px.
    assert min(size for _, size in dialog) >= 18, dialog
    assert ["Systolic", 30] in dialog, dialog
    # The phone may scroll, but its labels are not cut short either.
    assert phone["truncated"] == []
    problems = {view: _unreadable(shown) for view, shown in measured.items()}
    assert not any(any(found.values()) for found in problems.values()), problems
    # Margaret's medicines are on her view and the household's, Arthur has none.
    assert measured["/margaret"]["medicine_font_px"]
    assert measured["household"]["medicine_font_px"]
    assert not measured["/arthur"]["medicine_font_px"]


def _unreadable(shown: dict[str, Any]) -> dict[str, Any]:
    """What a person at 2 m could not read on one mirror view (1920x1080)."""
    return {
        "medicine names under 28 px": [
            (text, size) for text, size in shown["medicine_font_px"] if size < 28
        ],
        "text cut short": shown["truncated"],
        "reaches below 1080 px": shown["bottom_px"] if shown["bottom_px"] > 1080 else 0,
        "empty graphs": shown["empty_graphs"],
        "words not for people": [
            text
            for text in shown["texts"]
            if any(word in text for word in NOT_FOR_PEOPLE)
        ],
    }


async def test_private_profile_values_show_in_the_health_card(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    *,
    base_url: str,
    hass_admin_user: MockUser,
    hass_storage: dict[str, Any],
    tmp_path: Path,
) -> None:
    """A private profile's mirror shows its values through Betti's own card."""
    base = base_url
    token, refresh = await _serve_demo(hass, base, hass_admin_user, hass_storage)
    entry = hass.config_entries.async_entries("betti")[0]
    hass.config_entries.async_update_entry(
        entry, options={**entry.options, CONF_PRIVATE: True}
    )
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)

    browser = await Browser.launch(str(chromium()), tmp_path / "chromium")
    try:
        page = await browser.new_page()
        await page.watch_console()
        await sign_in(page, base, tokens(base, token, refresh))
        shown = await _open(page, f"{base}/betti-mirror", "mirror", private_ready)
        shot = await page.send("Page.captureScreenshot", {"format": "png"})
        (SCREENSHOTS / "betti-mirror-private.png").write_bytes(
            base64.b64decode(shot["data"])
        )
        private_mirror = await measure(page, MEDICINES)
        # Ticking a dose marks it taken (unticking resets it), and the card follows.
        # Which of the demo's doses are taken depends on the time of day it runs.
        before = await page.evaluate(DOSE_BOXES)
        assert before
        await page.evaluate(f"({DOSE_BOXES_JS})()[0].click()", gesture=True)
        flipped = [not before[0], *before[1:]]
        async with asyncio.timeout(10):
            while await page.evaluate(DOSE_BOXES) != flipped:  # noqa: ASYNC110 - polling the page
                await asyncio.sleep(0.2)
        # The browser's own favicon request for the JSON page used to sign in.
        assert [e for e in page.errors() if "/favicon.ico" not in e] == []
    finally:
        await browser.close()
    found = _unreadable(private_mirror)
    assert not any(found.values()), found
    assert private_mirror["medicine_font_px"]
    text = " ".join(shown["health_cards"])
    # The latest blood pressure, the medicine's name and the next appointment.
    assert "Systolic" in text
    assert "mmHg" in text
    assert "Systolic, 7 days" in text  # the week's daily means, drawn as a line
    assert "Amlodipine" in text
    # The next appointment: the demo's physiotherapy is on Tuesdays, the GP in two days.
    assert "GP check-up" in text or "Physiotherapy" in text
    # Today's water, energy and steps as gauges, as a profile with entities has them.
    assert len(shown["health_gauges"]) == 3, shown["health_gauges"]
    assert all("%" in gauge for gauge in shown["health_gauges"])
    # No entity holds them: the stock tiles for vitals are gone.
    assert not any(tile.endswith("_systolic") for tile in shown["tiles"])
