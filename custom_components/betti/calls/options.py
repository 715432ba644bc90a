"""The options group for calls: which phones ring, and TURN servers for calls from outside."""

from typing import Any

from homeassistant.core_config import validate_stun_or_turn_url
from homeassistant.helpers.selector import (
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)
import probatio

from .const import (
    CONF_CALL_NOTIFY,
    CONF_CALL_OPEN_PATH,
    CONF_TURN_CREDENTIAL,
    CONF_TURN_URLS,
    CONF_TURN_USERNAME,
)

CALLS_SCHEMA = probatio.Schema(
    {
        probatio.Optional(CONF_CALL_NOTIFY): TextSelector(
            TextSelectorConfig(multiple=True)
        ),
        probatio.Optional(CONF_CALL_OPEN_PATH): TextSelector(),
        probatio.Optional(CONF_TURN_URLS): TextSelector(
            TextSelectorConfig(multiple=True)
        ),
        probatio.Optional(CONF_TURN_USERNAME): TextSelector(),
        probatio.Optional(CONF_TURN_CREDENTIAL): TextSelector(
            TextSelectorConfig(type=TextSelectorType.PASSWORD)
        ),
    }
)


def calls_errors(user_input: dict[str, Any]) -> dict[str, str]:
    """Name the fields that cannot be right."""
    errors: dict[str, str] = {}
    for url in user_input.get(CONF_TURN_URLS, []):
        try:
            validate_stun_or_turn_url(url)
        except probatio.Invalid:
            errors[CONF_TURN_URLS] = "invalid_turn_url"
    if not str(user_input.get(CONF_CALL_OPEN_PATH, "/")).startswith("/"):
        errors[CONF_CALL_OPEN_PATH] = "invalid_open_path"
    return errors
