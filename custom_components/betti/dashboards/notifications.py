"""The notifications Betti sent for a person, for the carers' phone view and the mirror.

Read from the delivery log: the last day's pushes (at most ``RECENT``), and a notice per phone
that had pushes held back by the daily cap today. Only what a push was about (its kind) and to
whom, never its text, which may carry a reading.
"""

from datetime import datetime, timedelta
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util

from ..const import DOMAIN
from ..db.deliveries import Result, held_by_target, pushes_between
from ..models import BettiConfigEntry
from ..notifications.contacts import target_names

RECENT = 10
RECENT_SPAN = timedelta(hours=24)
_KIND = f"component.{DOMAIN}.selector.delivery_kind.options.{{}}"
_TEXT = f"component.{DOMAIN}.exceptions.card_{{}}.message"


async def async_notifications(
    hass: HomeAssistant, entry: BettiConfigEntry, names: dict[str, str]
) -> dict[str, Any]:
    """Return the recent pushes (newest first) and today's held-back notices, in words."""
    now = dt_util.utcnow()
    database = entry.runtime_data.database
    pushes = await database.async_read(
        pushes_between,
        entry.entry_id,
        now - RECENT_SPAN,
        now + timedelta(minutes=1),
        limit=RECENT,
    )
    held = await database.async_read(
        held_by_target, entry.entry_id, dt_util.start_of_local_day()
    )
    phones = target_names(hass, entry)
    return {
        "notifications": [
            {
                "at": dt_util.as_local(push.at).isoformat(),
                "what": names.get(_KIND.format(push.kind), push.kind),
                "to": phones.get(push.target, push.target.removeprefix("notify.")),
                "status": names[_TEXT.format(f"status_{push.result.value}")],
                "problem": push.result is not Result.SENT,
            }
            for push in pushes
        ],
        "held": [
            names[_TEXT.format("pushes_held")].format(
                phone=phones.get(target, target.removeprefix("notify.")), held=count
            )
            for target, count in held.items()
        ],
    }


def aged_out_at(shown: dict[str, Any]) -> datetime | None:
    """Return when the oldest push shown has left the last 24 h, so the view reads again."""
    if not (listed := shown["notifications"]):
        return None
    oldest = datetime.fromisoformat(listed[-1]["at"])
    return dt_util.as_utc(oldest) + RECENT_SPAN + timedelta(seconds=1)
