"""Marking doses taken, skipped, snoozed or reset: from actions, the to-do list and phones.

All paths go through `async_mark`, so each checks the same rules, stores one event with who
and where it came from, moves the stock, clears the dose's notification everywhere, settles
its missed-dose alert and refreshes the doses.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
import logging
import sqlite3
from zoneinfo import ZoneInfo

from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util

from ..alerts.raising import async_acknowledge_alert
from ..db.alerts import AlreadyAcknowledgedError
from ..db.dose_history import dose_events
from ..db.medications import (
    Medication,
    StoredEvent,
    UnusableMedicationError,
    add_dose_event,
    get_medication,
    open_alert,
)
from ..db.profiles import add_audit
from ..household.database import async_write
from ..models import BettiConfigEntry
from ..notifications.contacts import own_targets
from ..notifications.delivery import async_clear
from ..notifications.texts import async_text
from .coordinator import NOTICE_WINDOW, local_midnight
from .doses import (
    Dose,
    ReminderSettings,
    as_needed,
    doses,
    events_by_dose,
    policy,
    still_to_take,
)
from .notices import (
    DELIVERY_SOURCE,
    dose_attributes,
    dose_tag,
)
from .options import reminder_settings, snooze
from .schedule import (
    AsNeededSchedule,
    DoseEvent,
    DoseEventKind,
    DoseStatus,
    PrnLimit,
    check_prn,
    dose_state,
)

_LOGGER = logging.getLogger(__name__)
_INSTANT = timedelta(microseconds=1)


class DoseError(Exception):
    """A dose cannot be marked; ``reason`` is a translation key."""

    def __init__(self, reason: str, **placeholders: object) -> None:
        """Keep the reason and the message placeholders."""
        super().__init__(reason)
        self.reason = reason
        self.placeholders = placeholders


@dataclass(frozen=True, slots=True)
class Marked:
    """What was marked."""

    medication: Medication
    due: datetime
    kind: DoseEventKind


def _read(
    conn: sqlite3.Connection,
    profile_id: str,
    medication_id: int,
    start: datetime,
    end: datetime,
) -> tuple[Medication, list[StoredEvent]]:
    try:
        medication = get_medication(conn, profile_id, medication_id)
    except LookupError as err:
        raise DoseError("medication_not_found", medication_id=medication_id) from err
    except UnusableMedicationError as err:
        raise DoseError("medication_unusable", medication=err.unusable.name) from err
    events = dose_events(conn, profile_id, start, end)
    return medication, [e for e in events if e.medication_id == medication_id]


def _doses(
    medication: Medication,
    recent: list[StoredEvent],
    settings: ReminderSettings,
    tz: ZoneInfo,
    window: tuple[datetime, datetime],
    *,
    now: datetime,
) -> list[Dose]:
    try:
        return doses(
            [medication], events_by_dose(recent), settings, tz, window, now=now
        )
    except ArithmeticError as err:  # a stored schedule beyond the calendar
        raise DoseError("medication_unusable", medication=medication.name) from err


async def _async_limits_text(
    hass: HomeAssistant, prn: AsNeededSchedule, broken: Iterable[PrnLimit]
) -> str:
    """Return the broken limits in words, such as "4 hours must pass between doses"."""
    return "; ".join(
        [
            await async_text(
                hass,
                f"prn_{limit}",
                max_per_day=prn.max_per_day,
                max_per_24h=prn.max_per_24h,
                hours=f"{prn.min_hours_between or 0:g}",
            )
            for limit in broken
        ]
    )


async def async_mark(
    hass: HomeAssistant,
    entry: BettiConfigEntry,
    medication_id: int,
    kind: DoseEventKind,
    *,
    due: datetime | None,
    at: datetime,
    user_id: str | None,
    source: str,
    force: bool = False,
) -> Marked:
    """Record one dose event; DoseError (nothing written) if the rules refuse it."""
    database = entry.runtime_data.database
    coordinator = entry.runtime_data.medications
    now = dt_util.utcnow()
    tz = coordinator.tz
    medication, recent = await database.async_read(
        _read,
        entry.entry_id,
        medication_id,
        at - timedelta(days=2),
        now + timedelta(days=2),
    )
    settings = reminder_settings(entry)
    prn = as_needed(medication)
    if due is None and prn is not None and kind is DoseEventKind.TAKEN:
        due = at  # an as-needed dose is due when it is taken
        grouped = events_by_dose(recent)
        taken = [
            when
            for (_, when), events in grouped.items()
            if dose_state(when, policy(medication, settings), events, now).status
            is DoseStatus.TAKEN
        ]
        verdict = check_prn(prn, tz, taken, at)
        if not verdict.allowed and not force:
            nxt = verdict.next_allowed
            raise DoseError(
                "prn_limit",
                medication=medication.label,
                limits=await _async_limits_text(hass, prn, verdict.broken),
                next=dt_util.as_local(nxt).strftime("%Y-%m-%d %H:%M") if nxt else "-",
            )
        amount = prn.amount
    else:
        window = (
            (now - NOTICE_WINDOW, now + timedelta(days=2))
            if due is None
            else (due, due + _INSTANT)
        )
        if due is not None and due < at - timedelta(days=2):
            _, recent = await database.async_read(
                _read, entry.entry_id, medication_id, due, due + _INSTANT
            )
        found = _doses(medication, recent, settings, tz, window, now=now)
        if due is None:
            # The dose "Next dose" shows for this medication, an overdue one first; never
            # one of another day (a second tap would take tomorrow's).
            tomorrow = local_midnight(1, now, tz)
            found = [
                dose
                for dose in still_to_take(found, now, local_midnight(0, now, tz))
                if dose.due < tomorrow
            ]
            if not found:
                raise DoseError("no_dose_due", medication=medication.label)
        elif not found:
            # A correction of an as-needed dose names the time it was taken.
            if not any(e.due == due for e in recent):
                raise DoseError("dose_not_found", medication=medication.label)
            amount = recent[-1].amount if recent else 1.0
        if found:
            due, amount = found[0].due, found[0].amount
    assert due is not None  # noqa: S101
    if kind is DoseEventKind.SNOOZED and due > at:
        # A snooze puts off a reminder that came; before the dose is due none has.
        raise DoseError("dose_not_due_yet", medication=medication.label)
    previous = [e.event for e in recent if e.due == due]
    was_taken = (
        bool(previous)
        and dose_state(due, policy(medication, settings), previous, now).status
        is DoseStatus.TAKEN
    )
    until = at + snooze(entry) if kind is DoseEventKind.SNOOZED else None
    event = DoseEvent(kind, at, until)
    stock_change = (
        -amount
        if kind is DoseEventKind.TAKEN and not was_taken
        else amount
        if kind is not DoseEventKind.TAKEN and was_taken
        else 0.0
    )
    stored = StoredEvent(
        medication_id=medication_id,
        due=due,
        event=event,
        amount=amount,
        user_id=user_id,
        source=source,
    )

    def write(conn: sqlite3.Connection) -> None:
        event_id = add_dose_event(conn, entry.entry_id, stored, stock_change)
        add_audit(
            conn,
            entry.entry_id,
            at=now,
            user_id=user_id,
            source=source,
            action=f"dose_{kind}",
            detail={"id": event_id, "medication_id": medication_id},
        )

    await async_write(database, write)
    await _async_after_mark(
        hass,
        entry=entry,
        medication=medication,
        due=due,
        kind=kind,
        user_id=user_id,
        source=source,
    )
    return Marked(medication, due, kind)


async def _async_after_mark(
    hass: HomeAssistant,
    *,
    entry: BettiConfigEntry,
    medication: Medication,
    due: datetime,
    kind: DoseEventKind,
    user_id: str | None,
    source: str,
) -> None:
    dose_key = f"{medication.medication_id}_{int(due.timestamp())}"
    if kind is not DoseEventKind.RESET:
        await async_clear(
            hass, entry, own_targets(entry), dose_tag(dose_key), source=DELIVERY_SOURCE
        )
    if kind in (DoseEventKind.TAKEN, DoseEventKind.SKIPPED):
        alert_id = await entry.runtime_data.database.async_read(
            open_alert, entry.entry_id, f"dose_{dose_key}"
        )
        if alert_id is not None:
            try:
                await async_acknowledge_alert(
                    entry, alert_id, user_id=user_id, via=source
                )
            except AlreadyAcknowledgedError:
                _LOGGER.debug("Missed-dose alert %s was already acknowledged", alert_id)
    coordinator = entry.runtime_data.medications
    await coordinator.async_refresh()
    dose = next(
        (
            d
            for d in coordinator.data.doses
            if d.medication.medication_id == medication.medication_id and d.due == due
        ),
        None,
    )
    attributes = (
        dose_attributes(dose)
        if dose
        else {"medication_id": medication.medication_id, "due": due.isoformat()}
    )
    coordinator.signal(str(kind), **attributes, source=source)
