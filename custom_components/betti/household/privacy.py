"""Private mode: a profile's health data stays out of entity states, history and statistics.

Home Assistant lets every signed-in user read every entity's state and attributes, and its
calendar and to-do APIs check no user. So a private profile keeps only entities whose
states say nothing about health (an alert is open, a dose is overdue, the mirror's
buttons); the values reach the dashboards through ``betti/health/subscribe``, which checks who
asks (dashboards/health.py).
"""

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.recorder import get_instance

CONF_PRIVATE = "private"
# Entities a private profile keeps, as (domain, key): their states hold no health data.
NEUTRAL_ENTITIES = frozenset(
    {
        ("binary_sensor", "alert_active"),
        ("binary_sensor", "help_requested"),
        ("binary_sensor", "dose_overdue"),
        ("button", "call_for_help"),
        ("button", "acknowledge_alerts"),
        ("button", "glass_of_water"),
        # Its state is when it was last pressed; the link goes to the presser's phone only.
        ("button", "report_for_doctor"),
        ("event", "alert"),
        ("event", "vital_out_of_range"),
        ("event", "medication_reminder"),
        ("event", "incoming_call"),
        ("sensor", "last_call"),
    }
)
# What a private profile's event entities still tell automations besides the event type.
NEUTRAL_EVENT_ATTRIBUTES = frozenset({"alert_id", "stage", "caller", "room_id"})


def is_private(entry: ConfigEntry) -> bool:
    """Whether the profile keeps its health data out of entities (off until decided)."""
    return bool(entry.options.get(CONF_PRIVATE, False))


async def async_default_private(hass: HomeAssistant, person: str) -> bool:
    """Private by default where someone else could sign in: not the person, not an admin."""
    state = hass.states.get(person)
    own = state.attributes.get("user_id") if state is not None else None
    return any(
        user.is_active and not user.is_admin and user.id != own
        for user in await hass.auth.async_get_users()
        if not user.system_generated
    )


def is_neutral(domain: str, key: str) -> bool:
    """Whether a private profile keeps the entity ``domain.key``."""
    return (domain, key) in NEUTRAL_ENTITIES


async def async_apply_private_mode(hass: HomeAssistant, entry: ConfigEntry) -> None:
    """Forget the entities a private profile does not keep, with their history.

    Run before the platforms start, so a profile turned private shows none of its old
    values: the registry entries go, and the recorder drops their states and statistics.
    """
    registry = er.async_get(hass)
    prefix = f"{entry.entry_id}_"
    gone = [
        reg.entity_id
        for reg in er.async_entries_for_config_entry(registry, entry.entry_id)
        if not is_neutral(reg.domain, reg.unique_id.removeprefix(prefix))
    ]
    for entity_id in gone:
        registry.async_remove(entity_id)
    if gone and "recorder" in hass.config.components:
        get_instance(hass).async_clear_statistics(gone)
        await hass.services.async_call(
            "recorder",
            "purge_entities",
            {"entity_id": gone, "keep_days": 0},
            blocking=True,
        )
