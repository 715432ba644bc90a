"""The mood check-in action."""

from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.util import dt as dt_util
import probatio

from ..const import DOMAIN
from ..db.moods import add_mood
from ..household.access import (
    PROFILE_FIELD,
    async_profile_entry,
    async_write_audited,
)
from ..household.limits import RefusingSchema, text, whole

SERVICE_LOG_MOOD = "log_mood"
MAX_NOTE = 500

LOG_MOOD_SCHEMA = RefusingSchema(
    {
        **PROFILE_FIELD,
        probatio.Required("mood"): whole(1, 5, "mood_out_of_range"),
        probatio.Optional("note"): text(MAX_NOTE),
    }
)


async def _log_mood(call: ServiceCall) -> ServiceResponse:
    entry = await async_profile_entry(call.hass, call)
    score: int = call.data["mood"]
    note = (call.data.get("note") or "").strip() or None
    mood_id = await async_write_audited(
        entry,
        call,
        "mood_logged",
        add_mood,
        entry.entry_id,
        at=dt_util.utcnow(),
        score=score,
        note=note,
    )
    await entry.runtime_data.alerts.async_refresh()
    return {"mood_id": mood_id}


@callback
def async_setup(hass: HomeAssistant) -> None:
    """Register the mood action."""
    hass.services.async_register(
        DOMAIN,
        SERVICE_LOG_MOOD,
        _log_mood,
        schema=LOG_MOOD_SCHEMA,
        supports_response=SupportsResponse.OPTIONAL,
    )
