"""Spoken answers and refusals, in the speaker's language (kept under "exceptions")."""

from typing import Any

from homeassistant.exceptions import HomeAssistantError

from ..const import DOMAIN
from ..notifications.texts import async_text
from .registry import Said


async def async_say(said: Said, key: str, **placeholders: Any) -> str:
    """Return the answer ``voice_<key>`` in the speaker's language."""
    return await async_text(
        said.hass, f"voice_{key}", language=said.language, **placeholders
    )


async def async_refusal(said: Said, key: str, **placeholders: Any) -> HomeAssistantError:
    """Return the error to raise: Assist then answers it as an error, never "done".

    The message is already in the speaker's language; HA would render the key in English.
    """
    return HomeAssistantError(
        await async_say(said, key, **placeholders),
        translation_domain=DOMAIN,
        translation_key=f"voice_{key}",
        translation_placeholders={k: str(v) for k, v in placeholders.items()},
    )


def spoken_list(items: list[str], and_word: str) -> str:
    """Join names as said aloud: "a, b and c"."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {and_word} {items[-1]}"
