"""Texts people read in pushes, translated: kept with HA's exception messages (they take placeholders)."""

from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers.translation import async_get_translations

from ..const import DOMAIN


async def async_text(hass: HomeAssistant, key: str, **placeholders: Any) -> str:
    """Return the text under ``exceptions.<key>`` in the household's language."""
    strings = await async_get_translations(
        hass, hass.config.language, "exceptions", {DOMAIN}
    )
    text = strings[f"component.{DOMAIN}.exceptions.{key}.message"]
    return text.format(**{name: str(value) for name, value in placeholders.items()})
