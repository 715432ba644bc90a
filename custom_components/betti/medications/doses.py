"""A profile's doses in a window, with their states, and the notices each is owed.

Everything is derived from the medications, the stored events and the clock, so the same
inputs after a restart give the same doses and the same notices (the store records which
notices went out, by key, so none is repeated and none is lost).

Notice keys, per dose: ``pre`` (the pre-reminder), ``remind:<anchor>:<n>`` (the reminder at
the due time, n = 0, and its repeats; after a snooze the anchor is the snooze's end, so the
reminders start again), ``missed`` and ``escalate``.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
import datetime as dt
from zoneinfo import ZoneInfo

from ..db.medications import Medication, StoredEvent
from .schedule import (
    AsNeededSchedule,
    DoseEvent,
    DoseEventKind,
    DosePolicy,
    DoseState,
    DoseStatus,
    dose_state,
    next_state_change,
    occurrences,
)

OPEN = frozenset({DoseStatus.DUE, DoseStatus.SNOOZED, DoseStatus.MISSED})
OVERDUE = frozenset({DoseStatus.DUE, DoseStatus.MISSED})
PENDING = frozenset(
    {DoseStatus.SCHEDULED, DoseStatus.UPCOMING, DoseStatus.DUE, DoseStatus.SNOOZED}
)


@dataclass(frozen=True, slots=True)
class ReminderSettings:
    """A profile's reminder timing; None switches a step off."""

    lead: dt.timedelta | None = None
    repeat_every: dt.timedelta | None = None
    repeat_cap: int = 0
    escalate_after: dt.timedelta | None = None


@dataclass(frozen=True, slots=True)
class Dose:
    """One scheduled dose of a medication and its state at the time it was derived."""

    medication: Medication
    due: dt.datetime
    local: dt.datetime
    amount: float
    state: DoseState
    events: tuple[DoseEvent, ...]

    @property
    def key(self) -> str:
        """The dose's id in actions, tags and to-do items: medication and due epoch."""
        return f"{self.medication.medication_id}_{int(self.due.timestamp())}"


def policy(medication: Medication, settings: ReminderSettings) -> DosePolicy:
    """Return the engine's policy for a medication."""
    return DosePolicy(dt.timedelta(minutes=medication.grace_minutes), settings.lead)


def events_by_dose(
    stored: Iterable[StoredEvent],
) -> dict[tuple[int, dt.datetime], list[DoseEvent]]:
    """Group stored events by (medication, due)."""
    grouped: dict[tuple[int, dt.datetime], list[DoseEvent]] = {}
    for each in stored:
        grouped.setdefault((each.medication_id, each.due), []).append(each.event)
    return grouped


def doses(
    medications: Iterable[Medication],
    events: Mapping[tuple[int, dt.datetime], Sequence[DoseEvent]],
    settings: ReminderSettings,
    tz: ZoneInfo,
    window: tuple[dt.datetime, dt.datetime],
    *,
    now: dt.datetime,
) -> list[Dose]:
    """Every scheduled dose due in ``window``, in due order, with its state at ``now``."""
    found: list[Dose] = []
    for medication in medications:
        rules = policy(medication, settings)
        start = max(window[0], medication.not_before)
        amounts: dict[dt.datetime, tuple[dt.datetime, float]] = {}
        for schedule in medication.schedules:
            for occurrence in occurrences(schedule, tz, start, window[1]):
                # Two schedules due at one instant are one dose (a dose is its due instant).
                local, amount = amounts.get(occurrence.due, (occurrence.local, 0.0))
                amounts[occurrence.due] = (local, amount + occurrence.amount)
        for due, (local, amount) in amounts.items():
            dose_events = tuple(events.get((medication.medication_id, due), ()))
            state = dose_state(due, rules, dose_events, now)
            found.append(Dose(medication, due, local, amount, state, dose_events))
    return sorted(found, key=lambda dose: (dose.due, dose.medication.medication_id))


def still_to_take(
    doses_: Sequence[Dose], now: dt.datetime, day_start: dt.datetime
) -> list[Dose]:
    """Return the doses a person should still take, in due order: an overdue one first.

    Pending doses, and a missed dose due since ``day_start`` (today) until its medication's
    next dose falls due: it is still worth taking, but not both at once.
    """
    # In due order, so the last one seen per medication is its latest due dose.
    latest_due: dict[int, dt.datetime] = {}
    for dose in doses_:
        if dose.due <= now:
            latest_due[dose.medication.medication_id] = dose.due
    return [
        dose
        for dose in doses_
        if dose.state.status in PENDING
        or (
            dose.state.status is DoseStatus.MISSED
            and dose.due >= day_start
            and latest_due[dose.medication.medication_id] == dose.due
        )
    ]


def notices(
    dose: Dose, settings: ReminderSettings, now: dt.datetime
) -> list[tuple[str, dt.datetime]]:
    """Return the notices (key, when) the dose is owed in its current state, past and future."""
    status = dose.state.status
    planned: list[tuple[str, dt.datetime]] = []
    if settings.lead is not None and status in (
        DoseStatus.SCHEDULED,
        DoseStatus.UPCOMING,
    ):
        planned.append(("pre", dose.due - settings.lead))
    if status is DoseStatus.DUE and dose.medication.remind:
        anchor = _reminder_anchor(dose, now)
        every = settings.repeat_every
        count = settings.repeat_cap + 1 if every else 1
        planned.extend(
            (f"remind:{anchor.isoformat()}:{n}", anchor + n * (every or dt.timedelta()))
            for n in range(count)
        )
    if status is DoseStatus.MISSED:
        planned.append(("missed", now))
    if settings.escalate_after is not None and status in OPEN:
        planned.append(("escalate", dose.due + settings.escalate_after))
    return planned


def _reminder_anchor(dose: Dose, now: dt.datetime) -> dt.datetime:
    """Return the due time, or the end of the last snooze that has run out."""
    snoozes = [
        event.until
        for event in dose.events
        if event.kind is DoseEventKind.SNOOZED
        and event.until is not None
        and event.until <= now
        and event.at <= now
    ]
    return max([dose.due, *snoozes]).astimezone(dt.UTC)


def wake_up(
    doses_: Iterable[Dose], settings: ReminderSettings, now: dt.datetime
) -> dt.datetime | None:
    """Return the first instant after ``now`` when a dose changes state or is owed a notice."""
    instants: list[dt.datetime] = []
    for dose in doses_:
        change = next_state_change(
            dose.due, policy(dose.medication, settings), dose.events, now
        )
        if change is not None:
            instants.append(change)
        instants.extend(at for _, at in notices(dose, settings, now) if at > now)
    return min(instants, default=None)


def adherence(doses_: Iterable[Dose], since: dt.datetime) -> float | None:
    """Taken doses as a percentage of settled doses due since ``since``."""
    counted = [
        dose.state.status
        for dose in doses_
        if dose.due >= since and dose.state.status not in PENDING
    ]
    if not counted:
        return None
    return round(100 * counted.count(DoseStatus.TAKEN) / len(counted), 1)


def days_of_supply(
    medication: Medication, tz: ZoneInfo, now: dt.datetime
) -> float | None:
    """Days the stock lasts at the next week's scheduled use; None if unknown or as-needed."""
    if medication.stock is None:
        return None
    week = dt.timedelta(days=7)
    used = sum(
        occurrence.amount
        for schedule in medication.schedules
        if not isinstance(schedule, AsNeededSchedule)
        for occurrence in occurrences(schedule, tz, now, now + week)
    )
    if used == 0:
        return None
    return round(max(medication.stock, 0) / (used / 7), 1)


def as_needed(medication: Medication) -> AsNeededSchedule | None:
    """Return the medication's as-needed schedule, if it has one."""
    return next(
        (s for s in medication.schedules if isinstance(s, AsNeededSchedule)), None
    )
