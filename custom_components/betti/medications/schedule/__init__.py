"""The dose engine: medication schedules, when their doses are due, and what state each dose is in.

Pure domain logic with no Home Assistant imports and no I/O. The integration stores only dose
events; everything else (occurrences, states, PRN verdicts, adherence) is derived from the
schedule, the events and the clock, which makes it restart-safe by construction.

DST, in short: wall-clock times stay put, a time in a spring-forward gap moves forward by the gap,
a repeated time is taken at its first occurrence; the full rule is in `occurrences`.
"""

from .adherence import Adherence, adherence
from .model import (
    EVERY_DAY,
    AsNeededSchedule,
    DoseTime,
    EveryNDaysSchedule,
    EveryNHoursSchedule,
    Occurrence,
    Pause,
    Schedule,
    ScheduleError,
    WeeklySchedule,
)
from .occurrences import next_occurrence, occurrences, wall_clock_instant
from .prn import PrnLimit, PrnVerdict, check_prn
from .state import (
    DoseEvent,
    DoseEventKind,
    DosePolicy,
    DoseState,
    DoseStatus,
    dose_state,
    next_state_change,
)

__all__ = [
    "EVERY_DAY",
    "Adherence",
    "AsNeededSchedule",
    "DoseEvent",
    "DoseEventKind",
    "DosePolicy",
    "DoseState",
    "DoseStatus",
    "DoseTime",
    "EveryNDaysSchedule",
    "EveryNHoursSchedule",
    "Occurrence",
    "Pause",
    "PrnLimit",
    "PrnVerdict",
    "Schedule",
    "ScheduleError",
    "WeeklySchedule",
    "adherence",
    "check_prn",
    "dose_state",
    "next_occurrence",
    "next_state_change",
    "occurrences",
    "wall_clock_instant",
]
