"""The state of one scheduled dose, derived from its due time, the stored events and the clock.

Nothing here is stored: the state is recomputed from the same inputs after every restart.

Lifecycle, with no events::

    scheduled --(due - reminder lead)--> upcoming --(due)--> due --(due + grace)--> missed

`upcoming` exists only when the policy has a reminder lead; it is when the pre-reminder goes out.
Events override the clock, and the latest event (by its `at`; on a tie the one later in the
sequence) overrides earlier ones, so a mistaken "taken" is corrected by a later "reset":

* taken / skipped: final, even after the deadline (a late dose is still taken).
* snoozed until T: `snoozed` until T, then back on the clock with the deadline moved to
  T + grace if that is later, so a snooze never turns straight into a missed dose.
* reset: as if there were no events; the original deadline applies again.

Events after `now` are ignored, so the same function answers "what was the state at T?".
"""

from collections.abc import Sequence
from dataclasses import dataclass
import datetime as dt
from enum import StrEnum

from .model import ScheduleError, require_aware


class DoseEventKind(StrEnum):
    """What the user (or a family member) did to a dose."""

    TAKEN = "taken"
    SKIPPED = "skipped"
    SNOOZED = "snoozed"
    RESET = "reset"


class DoseStatus(StrEnum):
    """The derived state of a dose; the value is stable for translations and storage."""

    SCHEDULED = "scheduled"
    UPCOMING = "upcoming"
    DUE = "due"
    SNOOZED = "snoozed"
    TAKEN = "taken"
    SKIPPED = "skipped"
    MISSED = "missed"


_FINAL = {
    DoseEventKind.TAKEN: DoseStatus.TAKEN,
    DoseEventKind.SKIPPED: DoseStatus.SKIPPED,
}


@dataclass(frozen=True, slots=True)
class DoseEvent:
    """One stored action on a dose at instant `at`; `until` is set for snoozes only."""

    kind: DoseEventKind
    at: dt.datetime
    until: dt.datetime | None = None

    def __post_init__(self) -> None:
        """Require aware instants, and an `until` after `at` exactly for snoozes."""
        require_aware(self.at, "event time")
        if self.kind is not DoseEventKind.SNOOZED:
            if self.until is not None:
                msg = f"only a snooze has an until, not {self.kind}"
                raise ScheduleError(msg, reason="until_without_snooze")
            return
        if self.until is None:
            msg = "a snooze needs an until"
            raise ScheduleError(msg, reason="snooze_without_until")
        require_aware(self.until, "snooze until")
        if self.until <= self.at:
            msg = f"snooze until {self.until} is not after the snooze at {self.at}"
            raise ScheduleError(msg, reason="snooze_not_after_event")


@dataclass(frozen=True, slots=True)
class DosePolicy:
    """A medication's timing rules: how long a due dose may wait, and the pre-reminder lead."""

    grace: dt.timedelta
    reminder_lead: dt.timedelta | None = None

    def __post_init__(self) -> None:
        """Require a positive grace window and, if set, a positive reminder lead."""
        if self.grace <= dt.timedelta(0):
            msg = f"grace must be positive, got {self.grace}"
            raise ScheduleError(msg, reason="grace_not_positive")
        if self.reminder_lead is not None and self.reminder_lead <= dt.timedelta(0):
            msg = f"reminder lead must be positive, got {self.reminder_lead}"
            raise ScheduleError(msg, reason="lead_not_positive")


@dataclass(frozen=True, slots=True)
class DoseState:
    """A dose's status; `until` is the end of the snooze when snoozed, else None."""

    status: DoseStatus
    until: dt.datetime | None = None


def dose_state(
    due: dt.datetime, policy: DosePolicy, events: Sequence[DoseEvent], now: dt.datetime
) -> DoseState:
    """Derive the state at `now` of the dose due at `due` from its stored `events`."""
    require_aware(due, "due")
    require_aware(now, "now")
    # Zoned arithmetic is wall-clock arithmetic; the grace window is elapsed time.
    due = due.astimezone(dt.UTC)
    deadline = due + policy.grace
    latest = _latest(events, now)
    if latest is not None and latest.kind in _FINAL:
        return DoseState(_FINAL[latest.kind])
    if latest is not None and latest.until is not None:  # only snoozes have an until
        until = latest.until.astimezone(dt.UTC)
        if now < until:
            return DoseState(DoseStatus.SNOOZED, until)
        deadline = max(deadline, until + policy.grace)
    if now >= deadline:
        return DoseState(DoseStatus.MISSED)
    if now >= due:
        return DoseState(DoseStatus.DUE)
    if policy.reminder_lead is not None and now >= due - policy.reminder_lead:
        return DoseState(DoseStatus.UPCOMING)
    return DoseState(DoseStatus.SCHEDULED)


def next_state_change(
    due: dt.datetime, policy: DosePolicy, events: Sequence[DoseEvent], now: dt.datetime
) -> dt.datetime | None:
    """Return the first instant after `now` at which the dose's state changes with no new events.

    None when the state is final (taken, skipped, missed for good). The integration sets one
    timer for the earliest of these over all open doses instead of polling.
    """
    require_aware(due, "due")
    require_aware(now, "now")
    due = due.astimezone(dt.UTC)
    # The state is constant between these instants, so the first that differs is the change.
    candidates = {due, due + policy.grace}
    if policy.reminder_lead is not None:
        candidates.add(due - policy.reminder_lead)
    for event in events:
        candidates.add(event.at.astimezone(dt.UTC))
        if event.until is not None:
            until = event.until.astimezone(dt.UTC)
            candidates.update((until, until + policy.grace))
    current = dose_state(due, policy, events, now)
    for instant in sorted(candidate for candidate in candidates if candidate > now):
        if dose_state(due, policy, events, instant) != current:
            return instant
    return None


def _latest(events: Sequence[DoseEvent], now: dt.datetime) -> DoseEvent | None:
    latest: DoseEvent | None = None
    for event in events:
        # `>=` lets the later of two events recorded at the same instant win.
        if event.at <= now and (latest is None or event.at >= latest.at):
            latest = event
    return latest
