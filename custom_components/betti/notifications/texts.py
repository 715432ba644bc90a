"""Texts people read in pushes, cards and answers, in the household's language.

Kept with HA's exception messages (they take placeholders). The household's language is
``hass.config.language``: HA loads it (over English, for any missing key) into its cache when
Betti sets up and again when it changes, so ``text`` can read it without waiting.
"""

from datetime import datetime
from typing import Any

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.translation import (
    async_get_cached_translations,
    async_get_translations,
)

from ..const import DOMAIN


def _format(text: str, placeholders: dict[str, Any]) -> str:
    return text.format(**{name: str(value) for name, value in placeholders.items()})


async def async_text(
    hass: HomeAssistant, key: str, *, language: str | None = None, **placeholders: Any
) -> str:
    """Return the text under ``exceptions.<key>`` in ``language`` (default: the household's).

    A language without the key falls back to English (HA fills translations in from en).
    """
    strings = await async_get_translations(
        hass, language or hass.config.language, "exceptions", {DOMAIN}
    )
    return _format(
        strings[f"component.{DOMAIN}.exceptions.{key}.message"], placeholders
    )


async def async_short_date(
    hass: HomeAssistant, moment: datetime, *, clock: bool
) -> str:
    """Say a local date the household's way, "Tue 03 Mar" (``clock``: "Tue 03 Mar 10:00")."""
    days = (await async_text(hass, "weekdays_short")).split()
    months = (await async_text(hass, "months_short")).split()
    words = f"{days[moment.weekday()]} {moment.day:02d} {months[moment.month - 1]}"
    return f"{words} {moment:%H:%M}" if clock else words


@callback
def text(hass: HomeAssistant, key: str, **placeholders: Any) -> str:
    """Return ``exceptions.<key>`` in the household's language, from HA's cache."""
    return _format(
        _cached(hass, "exceptions")[f"component.{DOMAIN}.exceptions.{key}.message"],
        placeholders,
    )


@callback
def text_or(hass: HomeAssistant, key: str, default: str) -> str:
    """Return ``exceptions.<key>`` in the household's language; ``default`` if none."""
    key = f"component.{DOMAIN}.exceptions.{key}.message"
    return _cached(hass, "exceptions").get(key, default)


@callback
def texts_under(hass: HomeAssistant, prefix: str) -> dict[str, str]:
    """Every ``exceptions.<prefix>…`` text by the rest of its key: for a browser to show."""
    start = f"component.{DOMAIN}.exceptions.{prefix}"
    return {
        key.removeprefix(start).removesuffix(".message"): value
        for key, value in _cached(hass, "exceptions").items()
        if key.startswith(start)
    }


def _cached(hass: HomeAssistant, category: str) -> dict[str, str]:
    return async_get_cached_translations(hass, hass.config.language, category, DOMAIN)
