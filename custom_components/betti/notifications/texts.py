"""Texts people read in pushes, translated: kept with HA's exception messages (they take placeholders)."""

from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers.translation import async_get_translations

from ..const import DOMAIN


async def async_text(
    hass: HomeAssistant, key: str, *, language: str | None = None, **placeholders: Any
) -> str:
    """Return the text under ``exceptions.<key>`` in ``language`` (default: the household's).

    A language without the key falls back to English (HA fills translations in from en).
    """
    strings = await async_get_translations(
        hass, language or hass.config.language, "exceptions", {DOMAIN}
    )
    text = strings[f"component.{DOMAIN}.exceptions.{key}.message"]
    return text.format(**{name: str(value) for name, value in placeholders.items()})
