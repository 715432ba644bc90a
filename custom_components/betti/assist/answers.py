"""Spoken answers and refusals, in the speaker's language (kept under "exceptions")."""

from datetime import datetime
from typing import Any

from homeassistant.exceptions import HomeAssistantError
from homeassistant.util import dt as dt_util

from ..const import DOMAIN
from ..notifications.texts import async_text
from .registry import Said


async def async_say(said: Said, key: str, **placeholders: Any) -> str:
    """Return the answer ``voice_<key>`` in the speaker's language."""
    return await async_text(
        said.hass, f"voice_{key}", language=said.language, **placeholders
    )


async def async_refusal(
    said: Said, key: str, *, voice: bool = True, **placeholders: Any
) -> HomeAssistantError:
    """Return the error to raise: Assist then answers it as an error, never "done".

    ``voice=False``: ``key`` is another exceptions key (an action's error, such as a
    dose the rules refuse). The message is already in the speaker's language; HA would
    render the key in English.
    """
    key = f"voice_{key}" if voice else key
    return HomeAssistantError(
        await async_text(said.hass, key, language=said.language, **placeholders),
        translation_domain=DOMAIN,
        translation_key=key,
        translation_placeholders={k: str(v) for k, v in placeholders.items()},
    )


def decimal(said: Said, value: float) -> str:
    """Write a number as the speaker does: 72.4 in English, 72,4 in Dutch and German."""
    shown = f"{round(value, 1):g}"
    return shown if said.language.startswith("en") else shown.replace(".", ",")


def spoken_list(items: list[str], and_word: str) -> str:
    """Join names as said aloud: "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {and_word} {items[-1]}"


async def async_when(said: Said, moment: datetime) -> str:
    """Say when, from today's view: "at 08:00", "tomorrow at 08:00", "3 days ago at 08:00"."""
    local = dt_util.as_local(moment)
    days = (local.date() - dt_util.now().date()).days
    key = {0: "today", 1: "tomorrow", -1: "yesterday"}.get(
        days, "later" if days > 0 else "ago"
    )
    return await async_say(
        said, f"when_{key}", time=local.strftime("%H:%M"), days=abs(days)
    )
