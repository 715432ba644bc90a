"""Open a Betti dashboard in a signed-in tab and see what it rendered (test and bench)."""

import json
from typing import Any

from .cdp import Page

# Home Assistant's frontend keeps its tokens here; a tab with them is signed in. The sidebar
# is hidden as the README advises for the mirror (Profile → "Always hide the sidebar").
SIGN_IN = """localStorage.setItem("hassTokens", JSON.stringify(%s));
localStorage.setItem("dockedSidebar", JSON.stringify("always_hidden")); true"""

# Cards live deep in shadow roots: collect what a dashboard shows, through all of them.
RENDERED = """(() => {
  const all = [];
  const walk = (root) => root.querySelectorAll("*").forEach((el) => {
    all.push(el);
    if (el.shadowRoot) walk(el.shadowRoot);
  });
  walk(document);
  const cards = (tag) => all.filter((el) => el.localName === tag && !el.closest("[hidden]"));
  const entities = (tag) => cards(tag).map((el) => el._config?.entity).filter(Boolean);
  return {
    errors: cards("hui-error-card").map((el) =>
      JSON.stringify({
        text: el.shadowRoot?.textContent?.trim(),
        card: (el.parentElement || el.getRootNode().host)?.config,
      })),
    todo_items: cards("hui-todo-list-card").map((el) =>
      el.shadowRoot?.querySelectorAll("ha-check-list-item").length || 0),
    call_cards: cards("betti-call-card").length,
    buttons: cards("hui-button-card").map((el) => el._config?.name),
    tiles: entities("hui-tile-card"),
    graphs: cards("hui-statistics-graph-card").length,
    clocks: cards("hui-clock-card").length,
    calendars: cards("hui-calendar-card").length,
    health_cards: cards("betti-health-card").map((el) => el.shadowRoot?.querySelector("ha-card")?.textContent || ""),
    health_gauges: cards("betti-health-card").flatMap((el) =>
      [...(el.shadowRoot?.querySelectorAll(".gauge") || [])].map((gauge) => gauge.textContent)),
  };
})()"""


def tokens(base: str, access_token: str, refresh_token: str) -> dict[str, Any]:
    """What the frontend stores after a login."""
    return {
        "hassUrl": base,
        "clientId": f"{base}/",
        "access_token": access_token,
        "refresh_token": refresh_token,
        "token_type": "Bearer",
        "expires_in": 1800,
        "expires": 4102444800000,  # far ahead: this tab never needs to refresh it
    }


async def sign_in(page: Page, base: str, saved: dict[str, Any]) -> None:
    """Put the tokens where the frontend looks for them (any page of HA's origin)."""
    await page.goto(f"{base}/manifest.json")
    await page.evaluate(SIGN_IN % json.dumps(saved))


async def set_viewport(page: Page, width: int, height: int) -> None:
    """Make the tab a screen of this size (a phone's when narrow)."""
    await page.send(
        "Emulation.setDeviceMetricsOverride",
        {
            "width": width,
            "height": height,
            "deviceScaleFactor": 1,
            "mobile": width < 600,
        },
    )


def mirror_ready(shown: dict[str, Any]) -> bool:
    """Whether a person's mirror view shows doses, help, call card, vitals and clock."""
    text = " ".join(shown["health_cards"])
    return bool(
        "Amlodipine" in text
        and "Call for help" in text
        and shown["call_cards"]
        and any(tile.endswith("_systolic") for tile in shown["tiles"])
        and shown["graphs"]
        and shown["clocks"]
    )


def household_ready(shown: dict[str, Any]) -> bool:
    """Whether the household view shows its clock and everyone's help button."""
    helps = [text for text in shown["health_cards"] if text == "Call for help"]
    return bool(shown["clocks"] and len(helps) >= 2)


def person_ready(shown: dict[str, Any]) -> bool:
    """Whether a person's mirror view shows its clock, help, call card and vitals."""
    return bool(
        shown["clocks"]
        and "Call for help" in shown["health_cards"]
        and shown["call_cards"]
        and shown["tiles"]
    )


def family_ready(shown: dict[str, Any]) -> bool:
    """Whether the phone view shows adherence, vitals, appointments and the call card."""
    return bool(
        any("_adherence_7" in tile for tile in shown["tiles"])
        and any(tile.endswith("_systolic") for tile in shown["tiles"])
        and shown["graphs"]
        and shown["calendars"]
        and shown["call_cards"]
    )


def private_ready(shown: dict[str, Any]) -> bool:
    """Whether a private profile's mirror shows its vitals in Betti's health card."""
    # The appointments arrive with their own coordinator's first refresh, a moment later.
    return bool(
        any("Systolic" in text for text in shown["health_cards"])
        and any(
            "GP check-up" in text or "Physiotherapy" in text
            for text in shown["health_cards"]
        )
        and shown["call_cards"]
        and shown["clocks"]
    )


# What a person two metres from the mirror notices, measured through all shadow roots:
# the size of the medicines' names, text cut short with an ellipsis, how far the view
# reaches down the screen, and graphs with too few points to draw a line.
MEASURE = """((medicines) => {
  const all = [];
  const walk = (root) => root.querySelectorAll("*").forEach((el) => {
    all.push(el);
    if (el.shadowRoot) walk(el.shadowRoot);
  });
  walk(document);
  const shownOnScreen = (el) => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== "hidden";
  };
  const ownText = (el) => [...el.childNodes]
    .filter((node) => node.nodeType === Node.TEXT_NODE).map((node) => node.textContent).join("").trim();
  const points = (series) => (series.data || [])
    .filter((point) => (Array.isArray(point) ? point[1] : point?.value ?? point) != null).length;
  return {
    medicine_font_px: all
      .filter((el) => shownOnScreen(el) && medicines.some((name) => ownText(el).includes(name)))
      .map((el) => [ownText(el), parseFloat(getComputedStyle(el).fontSize)]),
    truncated: all
      .filter((el) => shownOnScreen(el) && getComputedStyle(el).textOverflow === "ellipsis"
        && el.scrollWidth > el.clientWidth)
      .map((el) => el.textContent.trim()),
    bottom_px: Math.max(document.scrollingElement.scrollHeight, ...all
      .filter((el) => el.localName === "ha-card" && shownOnScreen(el))
      .map((el) => el.getBoundingClientRect().bottom + window.scrollY)),
    empty_graphs: all
      .filter((el) => el.localName === "hui-statistics-graph-card" && shownOnScreen(el))
      .filter((el) => {
        const chart = el.shadowRoot?.querySelector("statistics-chart");
        return !(chart?._chartData || []).some((series) => points(series) >= 2);
      })
      .map((el) => el._config?.title),
    texts: all.filter(shownOnScreen).map(ownText).filter(Boolean),
  };
})"""


async def measure(page: Page, medicines: list[str]) -> dict[str, Any]:
    """Measure what the tab shows now (see MEASURE)."""
    result: dict[str, Any] = await page.evaluate(f"{MEASURE}({json.dumps(medicines)})")
    return result


# The more-info dialog a tile opens: each text in it and its type size.
DIALOG_TEXT = """(() => {
  const all = [];
  const walk = (root) => root.querySelectorAll("*").forEach((el) => {
    all.push(el);
    if (el.shadowRoot) walk(el.shadowRoot);
  });
  walk(document);
  const dialog = all.find((el) => el.localName === "ha-more-info-dialog");
  if (!dialog) return null;
  const inside = [];
  const walkIn = (root) => root.querySelectorAll("*").forEach((el) => {
    inside.push(el);
    if (el.shadowRoot) walkIn(el.shadowRoot);
  });
  walkIn(dialog.shadowRoot || dialog);
  return inside
    .map((el) => [[...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE)
      .map((n) => n.textContent).join("").trim(), parseFloat(getComputedStyle(el).fontSize)])
    .filter(([text]) => text);
})()"""
# Open an entity's more-info dialog from its tile, as tapping it does.
CLICK_TILE = """((entity) => {
  const walk = (root) => {
    for (const el of root.querySelectorAll("*")) {
      if (el.localName === "hui-tile-card" && el._config?.entity === entity) return el;
      const found = el.shadowRoot && walk(el.shadowRoot);
      if (found) return found;
    }
  };
  const card = walk(document);
  card.dispatchEvent(new CustomEvent("hass-more-info", {bubbles: true, composed: true, detail: {entityId: entity}}));
  return true;
})"""
