"""The Taken / Snooze / Skip buttons of dose reminders on the phones: each marks its dose.

A button's action id names the medication and the dose's time. Whose dose it is, and whether
the phone's user may answer for that profile, are checked as for every phone's answer
(`household.permissions`); the dose is then marked as any other (`marking.async_mark`), with
the phone as its source.
"""

from datetime import datetime
import logging

from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.util import dt as dt_util

from ..db.deliveries import tag_targets
from ..db.medications import medication_profile
from ..household.permissions import async_answering_profile
from ..notifications.delivery import ActionHandler, async_register_action
from .marking import DoseError, async_mark
from .notices import SKIP_PREFIX, SNOOZE_PREFIX, TAKEN_PREFIX, dose_tag
from .schedule import DoseEventKind

_LOGGER = logging.getLogger(__name__)


@callback
def async_setup_medication_actions(hass: HomeAssistant) -> None:
    """Handle the Taken / Snooze / Skip buttons of reminders on the phones."""

    def handler(kind: DoseEventKind) -> ActionHandler:
        async def handle(suffix: str, event: Event) -> None:
            medication, _, epoch = suffix.partition("_")
            if not (medication.isdecimal() and epoch.isdecimal()):
                return
            entry = await async_answering_profile(
                hass,
                event,
                "phone dose answer",
                lambda conn: medication_profile(conn, int(medication)),
                lambda conn, profile_id: tag_targets(
                    conn, profile_id, dose_tag(suffix)
                ),
            )
            if entry is None:
                return
            due = datetime.fromtimestamp(int(epoch), dt_util.UTC)
            try:
                await async_mark(
                    hass,
                    entry,
                    int(medication),
                    kind,
                    due=due,
                    at=dt_util.utcnow(),
                    user_id=event.context.user_id,
                    source="phone",
                )
            except DoseError as err:
                _LOGGER.debug("Phone action on dose %s refused: %s", suffix, err.reason)

        return handle

    for prefix, kind in (
        (TAKEN_PREFIX, DoseEventKind.TAKEN),
        (SNOOZE_PREFIX, DoseEventKind.SNOOZED),
        (SKIP_PREFIX, DoseEventKind.SKIPPED),
    ):
        async_register_action(hass, prefix, handler(kind))
