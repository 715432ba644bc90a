"""The mirror's theme: dark, high contrast, type about half as large again as usual.

Home Assistant has no call for an integration to add a theme, so Betti adds it to the
frontend's themes itself, and again after ``frontend.reload_themes`` (which replaces them
with those from YAML). A theme of the same name in YAML wins: that is how to change it.
"""

from homeassistant.components.frontend import DATA_THEMES
from homeassistant.const import EVENT_THEMES_UPDATED
from homeassistant.core import Event, HomeAssistant, callback

from .layouts import MIRROR_THEME

BACKGROUND = "#000000"
CARD = "#141414"
TEXT = "#ffffff"
THEME = {
    "primary-background-color": BACKGROUND,
    "lovelace-background": BACKGROUND,
    "secondary-background-color": CARD,
    "card-background-color": CARD,
    "ha-card-background": CARD,
    "ha-card-border-color": "#5a5a5a",
    "primary-text-color": TEXT,
    "secondary-text-color": "#e6e6e6",
    "primary-color": "#ffc94d",
    "accent-color": "#ffc94d",
    # The frontend's type scale (14 px body) at about 1.5 times, for reading from 2 m.
    "ha-font-size-xs": "15px",
    "ha-font-size-s": "18px",
    "ha-font-size-m": "21px",
    "ha-font-size-l": "24px",
    "ha-font-size-xl": "30px",
    "ha-font-size-2xl": "36px",
    "ha-font-size-3xl": "42px",
    "ha-font-size-4xl": "48px",
    "ha-font-size-5xl": "60px",
    "ha-card-header-font-size": "32px",
}


@callback
def async_register_theme(hass: HomeAssistant) -> None:
    """Offer the mirror's theme now and after every reload of the themes."""

    @callback
    def add(_: Event | None = None) -> None:
        if (themes := hass.data.get(DATA_THEMES)) is not None:
            themes.setdefault(MIRROR_THEME, THEME)

    add()
    hass.bus.async_listen(EVENT_THEMES_UPDATED, add)
