"""Adherence: the share of settled scheduled doses that were taken."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
import datetime as dt
from zoneinfo import ZoneInfo

from .model import Schedule
from .occurrences import occurrences
from .state import DoseEvent, DosePolicy, DoseStatus, dose_state


@dataclass(frozen=True, slots=True)
class Adherence:
    """Counts of settled doses in a window; pending doses are not counted."""

    taken: int
    skipped: int
    missed: int

    @property
    def percent(self) -> float | None:
        """Taken as a percentage of taken + skipped + missed; None when nothing is settled."""
        settled = self.taken + self.skipped + self.missed
        return None if settled == 0 else 100 * self.taken / settled


def adherence(
    schedule: Schedule,
    tz: ZoneInfo,
    policy: DosePolicy,
    events: Mapping[dt.datetime, Sequence[DoseEvent]],
    *,
    start: dt.datetime,
    end: dt.datetime,
    now: dt.datetime,
) -> Adherence:
    """Adherence to `schedule` for doses due in `[start, end)`, judged at `now`.

    `events` maps a dose's due instant to its stored events. Doses still scheduled, upcoming,
    due or snoozed at `now` are left out; as-needed schedules have no due doses, so they count
    nothing.
    """
    counts = dict.fromkeys(DoseStatus, 0)
    for occurrence in occurrences(schedule, tz, start, end):
        state = dose_state(occurrence.due, policy, events.get(occurrence.due, ()), now)
        counts[state.status] += 1
    return Adherence(
        taken=counts[DoseStatus.TAKEN],
        skipped=counts[DoseStatus.SKIPPED],
        missed=counts[DoseStatus.MISSED],
    )
