"""``betti/dashboard``: the dashboard configuration for the browser's strategy to show.

The configuration is built here, from the entity registry, rather than in the browser, so
the browser never guesses entity ids and the configuration can be tested as data.
"""

from functools import partial
from typing import Any

from homeassistant.auth.models import User
from homeassistant.components import websocket_api
from homeassistant.components.websocket_api.connection import ActiveConnection
from homeassistant.components.websocket_api.decorators import (
    async_response,
    websocket_command,
)
from homeassistant.core import HomeAssistant, callback
import probatio

from ..const import CONF_PERSON
from ..household.permissions import may_act, person_user
from ..models import BettiConfigEntry, loaded_profiles
from ..notifications.texts import text
from .layouts import LAYOUTS, MIRROR, family_dashboard, mirror_dashboard
from .roles import Role, profile_entities
from .trends import async_trends


def visible_profiles(hass: HomeAssistant, user: User) -> list[BettiConfigEntry]:
    """Return the loaded profiles the user may see (the access rule), by name."""
    entries: list[BettiConfigEntry] = [
        entry for entry in loaded_profiles(hass) if may_act(hass, user, entry)
    ]
    return sorted(entries, key=lambda entry: entry.title.casefold())


async def _async_trended(entry: BettiConfigEntry) -> frozenset[Role]:
    """Return the vitals measured on two days of the week or more."""
    return frozenset(
        Role(f"sensor.{trend['key']}")
        for trend in await async_trends(entry)
        if len(trend["days"]) > 1
    )


async def async_dashboard_config(
    hass: HomeAssistant, user: User, layout: str
) -> dict[str, Any]:
    """Build the whole dashboard for ``user``, in the household's language."""
    say = partial(text, hass)
    entries = visible_profiles(hass, user)
    profiles = [
        profile_entities(hass, entry, await _async_trended(entry)) for entry in entries
    ]
    if layout == MIRROR:
        return mirror_dashboard(profiles, say, hass.config.time_zone)
    viewer = next(
        (
            entry.data[CONF_PERSON]
            for entry in entries
            if person_user(hass, entry) == user.id
        ),
        None,
    )
    return family_dashboard(profiles, viewer, say)


@websocket_command(
    {
        probatio.Required("type"): "betti/dashboard",
        probatio.Required("layout"): probatio.In(LAYOUTS),
    }
)
@async_response
async def _dashboard(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    connection.send_result(
        msg["id"], await async_dashboard_config(hass, connection.user, msg["layout"])
    )


@callback
def async_register_command(hass: HomeAssistant) -> None:
    """Register ``betti/dashboard`` (once, for the household)."""
    websocket_api.async_register_command(hass, _dashboard)
