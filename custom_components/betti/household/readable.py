"""Who else can read a profile that is not private: one repair per profile, kept current.

Home Assistant shows every entity's state to every signed-in user. Private mode is decided when
a profile is added; a login added later (a visitor, a new carer) would quietly widen who reads
the readings, so it is named in a repair until the profile is made private or shared with them.
"""

from homeassistant.auth import EVENT_USER_ADDED, EVENT_USER_REMOVED, EVENT_USER_UPDATED
from homeassistant.config_entries import ConfigEntry
from homeassistant.core import CALLBACK_TYPE, Event, HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir

from ..const import DOMAIN
from .permissions import CONF_SHARED_WITH, person_user
from .privacy import is_private


async def async_check_readable(hass: HomeAssistant, entry: ConfigEntry) -> None:
    """Raise, update or remove the profile's repair."""
    issue_id = f"readable_{entry.entry_id}"
    allowed = {person_user(hass, entry), *entry.options.get(CONF_SHARED_WITH, [])}
    others = sorted(
        user.name or user.id
        for user in await hass.auth.async_get_users()
        if user.is_active
        and not user.is_admin
        and not user.system_generated
        and user.id not in allowed
    )
    if others and not is_private(entry):
        ir.async_create_issue(
            hass,
            DOMAIN,
            issue_id,
            is_fixable=False,
            severity=ir.IssueSeverity.WARNING,
            translation_key="readable",
            translation_placeholders={"name": entry.title, "users": ", ".join(others)},
        )
    else:
        ir.async_delete_issue(hass, DOMAIN, issue_id)


@callback
def async_watch_readable(hass: HomeAssistant, entry: ConfigEntry) -> CALLBACK_TYPE:
    """Check now and whenever a login is added, changed or removed; return the stop."""

    @callback
    def check(_: Event | None = None) -> None:
        hass.async_create_task(async_check_readable(hass, entry), eager_start=True)

    check()
    stops = [
        hass.bus.async_listen(event, check)
        for event in (EVENT_USER_ADDED, EVENT_USER_UPDATED, EVENT_USER_REMOVED)
    ]

    @callback
    def stop() -> None:
        for unsubscribe in stops:
            unsubscribe()

    return stop
