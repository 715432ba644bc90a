"""Dose actions: mark a dose taken, skipped, snoozed or reset; read the dose history."""

from collections.abc import Iterator
from datetime import timedelta
import sqlite3

from homeassistant.core import ServiceCall, ServiceResponse
from homeassistant.helpers import config_validation as cv
from homeassistant.util import dt as dt_util
from homeassistant.util.json import JsonValueType
import probatio

from ..db.dose_history import dose_event_batches
from ..db.medications import medications
from ..household.access import PROFILE_FIELD, async_profile_entry, validation_error
from ..household.limits import ROW_ID, RefusingSchema, moment
from .marking import DoseError, async_mark
from .schedule import DoseEventKind

DEFAULT_HISTORY = timedelta(days=30)
SOURCES = ["service", "mirror", "voice"]
MEDICATION_ID = {probatio.Required("medication_id"): ROW_ID}
MARK_SCHEMA = RefusingSchema(
    {
        **PROFILE_FIELD,
        **MEDICATION_ID,
        probatio.Required("status"): probatio.In([k.value for k in DoseEventKind]),
        probatio.Optional("due"): moment,
        probatio.Optional("at"): moment,
        probatio.Optional("force", default=False): cv.boolean,
        # Where the mark came from, for the history: the mirror and voice call this action.
        probatio.Optional("source", default="service"): probatio.In(SOURCES),
    }
)
HISTORY_SCHEMA = RefusingSchema(
    {
        **PROFILE_FIELD,
        probatio.Optional("medication_id"): ROW_ID,
        probatio.Optional("start"): moment,
        probatio.Optional("end"): moment,
    }
)


async def mark_dose(call: ServiceCall) -> ServiceResponse:
    """Handle ``betti.mark_dose``; return the dose that was marked."""
    entry = await async_profile_entry(call.hass, call)
    now = dt_util.utcnow()
    at = dt_util.as_utc(call.data["at"]) if "at" in call.data else now
    if at > now + timedelta(minutes=5):
        raise validation_error("dose_in_future")
    due = dt_util.as_utc(call.data["due"]) if "due" in call.data else None
    try:
        marked = await async_mark(
            call.hass,
            entry,
            call.data["medication_id"],
            DoseEventKind(call.data["status"]),
            due=due,
            at=at,
            user_id=call.context.user_id,
            source=call.data["source"],
            force=call.data["force"],
        )
    except DoseError as err:
        raise validation_error(err.reason, **err.placeholders) from err
    return {
        "medication_id": marked.medication.medication_id,
        "due": marked.due.isoformat(),
    }


async def medication_history(call: ServiceCall) -> ServiceResponse:
    """Handle ``betti.get_medication_history``."""
    entry = await async_profile_entry(call.hass, call)
    end = (
        dt_util.as_utc(call.data["end"])
        if "end" in call.data
        else dt_util.utcnow() + timedelta(days=1)
    )
    start = (
        dt_util.as_utc(call.data["start"])
        if "start" in call.data
        else end - DEFAULT_HISTORY
    )
    if start >= end:
        raise validation_error("start_not_before_end")
    database = entry.runtime_data.database
    meds, _unusable = await database.async_read(medications, entry.entry_id)
    wanted = call.data.get("medication_id")

    def read(conn: sqlite3.Connection) -> Iterator[list[JsonValueType]]:
        # A year is thousands of doses: read and shaped in the executor, a batch at a
        # time, so that the loop runs between batches.
        local = dt_util.get_default_time_zone()
        for batch in dose_event_batches(conn, entry.entry_id, start, end):
            yield [
                {
                    "medication_id": e.medication_id,
                    "due": e.due.astimezone(local).isoformat(),
                    "status": e.event.kind.value,
                    "at": e.event.at.astimezone(local).isoformat(),
                    "until": (
                        e.event.until.astimezone(local).isoformat()
                        if e.event.until
                        else None
                    ),
                    "amount": e.amount,
                    "user_id": e.user_id,
                    "source": e.source,
                }
                for e in batch
                if wanted in (None, e.medication_id)
            ]

    events = await database.async_read_batches(read)
    return {
        "medications": [
            {
                "medication_id": m.medication_id,
                "name": m.name,
                "strength": m.strength,
                "stock": m.stock,
                "paused": m.paused,
            }
            for m in meds
            if wanted in (None, m.medication_id)
        ],
        "events": events,
    }
