"""The mood check-in action."""

from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.helpers import config_validation as cv
from homeassistant.util import dt as dt_util
import probatio

from ..const import DOMAIN
from ..db.moods import add_mood
from ..household.access import (
    PROFILE_FIELD,
    async_profile_entry,
    async_write_audited,
    validation_error,
)

SERVICE_LOG_MOOD = "log_mood"
MAX_NOTE = 500

LOG_MOOD_SCHEMA = probatio.Schema(
    {
        **PROFILE_FIELD,
        probatio.Required("mood"): probatio.Coerce(int),
        probatio.Optional("note"): cv.string,
    }
)


async def _log_mood(call: ServiceCall) -> ServiceResponse:
    entry = await async_profile_entry(call.hass, call)
    score: int = call.data["mood"]
    if not 1 <= score <= 5:  # noqa: PLR2004 - the scale is 1 to 5
        raise validation_error("mood_out_of_range", mood=score)
    note = (call.data.get("note") or "").strip() or None
    if note is not None and len(note) > MAX_NOTE:
        raise validation_error("mood_note_too_long", max=MAX_NOTE)
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
