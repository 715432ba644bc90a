"""Medication schedules and the doses they produce.

Every schedule is a frozen value validated on construction; an invalid one raises
`ScheduleError` whose `reason` names the problem in snake_case so the integration can show a
translated message. Dates (`start`, `end`) are local calendar dates, both inclusive. Pauses are
half-open `[start, end)` spans of aware instants during which no dose is due; a pause without an
end lasts until the user resumes it. Resuming does not re-anchor interval schedules: "every 2
days" continues counting from its anchor as if the pause never happened.
"""

from dataclasses import dataclass
import datetime as dt

EVERY_DAY: frozenset[int] = frozenset(range(7))
"""All weekdays, 0 = Monday as in `date.weekday()`."""
# What a prescription can say: a yearly injection, a weekly patch, 100 units of insulin.
LONGEST_EVERY_DAYS = 365
LONGEST_EVERY_HOURS = 7 * 24
LARGEST_AMOUNT = 1000.0
MOST_TIMES = 48
MOST_DOSES = 100


class ScheduleError(ValueError):
    """A schedule, dose event or argument is invalid; `reason` says which rule it breaks."""

    def __init__(self, message: str, *, reason: str) -> None:
        """Store the machine-readable `reason` next to the human-readable message."""
        super().__init__(message)
        self.reason = reason


def require_aware(value: dt.datetime, what: str) -> None:
    """Raise `ScheduleError("naive_datetime")` unless `value` carries a UTC offset."""
    if value.utcoffset() is None:
        msg = f"{what} must be a timezone-aware datetime, got {value!r}"
        raise ScheduleError(msg, reason="naive_datetime")


def _check_amount(amount: float) -> None:
    if not 0 < amount <= LARGEST_AMOUNT:  # refuses nan too
        msg = (
            f"amount must be more than 0 and at most {LARGEST_AMOUNT:g}, got {amount!r}"
        )
        raise ScheduleError(msg, reason="amount_not_positive")


def _check_interval(interval: int, longest: int, unit: str) -> None:
    if not 1 <= interval <= longest:
        msg = f"every_{unit} must be from 1 to {longest}, got {interval}"
        raise ScheduleError(msg, reason="interval_not_positive")


def _check_period(start: dt.date, end: dt.date | None) -> None:
    if end is not None and end < start:
        msg = f"end date {end} is before start date {start}"
        raise ScheduleError(msg, reason="end_before_start")


def _check_times(times: tuple[DoseTime, ...]) -> None:
    if not times:
        msg = "a schedule needs at least one dose time"
        raise ScheduleError(msg, reason="no_times")
    if len(times) > MOST_TIMES:
        msg = f"a schedule has at most {MOST_TIMES} dose times"
        raise ScheduleError(msg, reason="too_many_times")
    seen: set[tuple[int, dt.time]] = set()
    for dose_time in times:
        for weekday in dose_time.weekdays:
            # Two doses at one wall time on one day would be one dose with two identities.
            key = (weekday, dose_time.time)
            if key in seen:
                msg = f"{dose_time.time} appears twice on weekday {weekday}"
                raise ScheduleError(msg, reason="duplicate_time")
            seen.add(key)


@dataclass(frozen=True, slots=True)
class Pause:
    """Doses due in `[start, end)` are suppressed; `end=None` means paused until resumed."""

    start: dt.datetime
    end: dt.datetime | None = None

    def __post_init__(self) -> None:
        """Reject naive instants and empty or inverted spans."""
        require_aware(self.start, "pause start")
        if self.end is not None:
            require_aware(self.end, "pause end")
            if self.end <= self.start:
                msg = f"pause end {self.end} is not after its start {self.start}"
                raise ScheduleError(msg, reason="pause_end_before_start")

    def covers(self, instant: dt.datetime) -> bool:
        """Whether `instant` falls inside the pause."""
        return self.start <= instant and (self.end is None or instant < self.end)


@dataclass(frozen=True, slots=True)
class DoseTime:
    """A local wall-clock time, the weekdays it applies to and the amount taken then."""

    time: dt.time
    amount: float = 1.0
    weekdays: frozenset[int] = EVERY_DAY

    def __post_init__(self) -> None:
        """Reject zoned times, empty or out-of-range weekdays and non-positive amounts."""
        if self.time.tzinfo is not None:
            msg = (
                f"dose time {self.time} must be a local wall-clock time without tzinfo"
            )
            raise ScheduleError(msg, reason="time_has_tzinfo")
        if not self.weekdays:
            msg = f"dose time {self.time} has no weekdays"
            raise ScheduleError(msg, reason="no_weekdays")
        if not self.weekdays <= EVERY_DAY:
            msg = f"weekdays must be 0 (Monday) to 6 (Sunday), got {sorted(self.weekdays)}"
            raise ScheduleError(msg, reason="weekday_out_of_range")
        _check_amount(self.amount)


@dataclass(frozen=True, slots=True, kw_only=True)
class WeeklySchedule:
    """Doses at fixed wall-clock times on chosen weekdays, each with its own amount."""

    times: tuple[DoseTime, ...]
    start: dt.date
    end: dt.date | None = None
    pauses: tuple[Pause, ...] = ()

    def __post_init__(self) -> None:
        """Validate the dose times and the active period."""
        _check_times(self.times)
        _check_period(self.start, self.end)


@dataclass(frozen=True, slots=True, kw_only=True)
class EveryNDaysSchedule:
    """Doses at fixed wall-clock times on every `every_days`-th day, in step with `anchor`."""

    every_days: int
    times: tuple[DoseTime, ...]
    start: dt.date
    anchor: dt.date | None = None
    """A dose day fixing the cycle; days before it count too, from `start`. None: `start`."""
    end: dt.date | None = None
    pauses: tuple[Pause, ...] = ()

    def __post_init__(self) -> None:
        """Validate the interval, the dose times (all weekdays) and the active period."""
        _check_interval(self.every_days, LONGEST_EVERY_DAYS, "days")
        _check_times(self.times)
        if any(dose_time.weekdays != EVERY_DAY for dose_time in self.times):
            msg = "an every-N-days schedule cannot restrict weekdays"
            raise ScheduleError(msg, reason="weekdays_not_allowed")
        _check_period(self.start, self.end)

    @property
    def cycle_start(self) -> dt.date:
        """The day the every-N-days count starts from."""
        return self.start if self.anchor is None else self.anchor


@dataclass(frozen=True, slots=True, kw_only=True)
class EveryNHoursSchedule:
    """Doses every `every_hours` hours of elapsed time from the `anchor` instant on.

    The interval is absolute: across a DST change the wall-clock times shift by the change
    (8-hourly at 06:00, 14:00, 22:00 becomes 05:00, 13:00, 21:00 after a fall-back).
    """

    every_hours: int
    anchor: dt.datetime
    start: dt.date
    amount: float = 1.0
    end: dt.date | None = None
    pauses: tuple[Pause, ...] = ()

    def __post_init__(self) -> None:
        """Validate the interval, the anchor, the amount and the active period."""
        _check_interval(self.every_hours, LONGEST_EVERY_HOURS, "hours")
        require_aware(self.anchor, "anchor")
        _check_amount(self.amount)
        _check_period(self.start, self.end)


@dataclass(frozen=True, slots=True, kw_only=True)
class AsNeededSchedule:
    """A PRN medication: taken when needed, never due, within optional limits.

    `max_per_day` counts doses per local calendar day, `max_per_24h` per rolling 24 hours,
    `min_hours_between` is the least elapsed time from one dose to the next.
    """

    start: dt.date
    amount: float = 1.0
    max_per_day: int | None = None
    max_per_24h: int | None = None
    min_hours_between: float | None = None
    end: dt.date | None = None
    pauses: tuple[Pause, ...] = ()

    def __post_init__(self) -> None:
        """Validate the limits, the amount and the active period."""
        for limit in (self.max_per_day, self.max_per_24h):
            if limit is not None and not 1 <= limit <= MOST_DOSES:
                msg = f"a dose limit must be from 1 to {MOST_DOSES}, got {limit}"
                raise ScheduleError(msg, reason="limit_not_positive")
        hours = self.min_hours_between
        if hours is not None and not 0 < hours <= LONGEST_EVERY_HOURS:
            msg = f"min_hours_between must be more than 0 and at most {LONGEST_EVERY_HOURS}, got {hours!r}"
            raise ScheduleError(msg, reason="limit_not_positive")
        _check_amount(self.amount)
        _check_period(self.start, self.end)


type Schedule = (
    WeeklySchedule | EveryNDaysSchedule | EveryNHoursSchedule | AsNeededSchedule
)


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One scheduled dose: its instant in UTC, the same instant on the local clock, the amount."""

    due: dt.datetime
    local: dt.datetime
    amount: float
