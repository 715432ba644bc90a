"""Schedules to and from plain JSON-able dicts: the stored form and the actions' input.

The same shape is accepted from ``betti.add_medication`` and written to the database, so a
stored schedule reads back exactly as it was given. Problems raise the engine's
`ScheduleError` with a snake_case ``reason`` the integration translates.
"""

from collections.abc import Mapping
import datetime as dt
from typing import Any

from .schedule import (
    EVERY_DAY,
    AsNeededSchedule,
    DoseTime,
    EveryNDaysSchedule,
    EveryNHoursSchedule,
    Pause,
    Schedule,
    ScheduleError,
    WeeklySchedule,
)

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
KINDS = ("weekly", "every_n_days", "every_n_hours", "as_needed")
# Dates a prescription can carry; beyond them date arithmetic overflows.
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2100, 12, 31)
MOST_PAUSES = 100


def _bad(what: str, value: Any) -> ScheduleError:
    return ScheduleError(f"invalid {what}: {value!r}", reason="schedule_invalid")


def _weekday(value: Any) -> int:
    if isinstance(value, int) and 0 <= value < len(WEEKDAYS):
        return value
    if isinstance(value, str) and value.lower()[:3] in WEEKDAYS:
        return WEEKDAYS.index(value.lower()[:3])
    raise _bad("weekday", value)


def _in_range(day: dt.date, value: Any) -> None:
    if not EARLIEST <= day <= LATEST:
        raise _bad("date (1900 to 2100)", value)  # noqa: TRY003


def _date(value: Any) -> dt.date:
    try:
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    except ValueError:
        raise _bad("date", value) from None
    _in_range(day, value)
    return day


def _instant(value: Any) -> dt.datetime:
    try:
        instant = (
            value
            if isinstance(value, dt.datetime)
            else dt.datetime.fromisoformat(str(value))
        )
    except ValueError:
        raise _bad("date and time", value) from None  # noqa: TRY003
    if instant.utcoffset() is None:
        raise _bad("date and time without a UTC offset", value)  # noqa: TRY003
    _in_range(instant.date(), value)
    return instant


def _time(value: Mapping[str, Any] | str) -> DoseTime:
    if isinstance(value, str):
        value = {"time": value}
    if not isinstance(value, Mapping) or "time" not in value:
        raise _bad("dose time", value)  # noqa: TRY003
    try:
        at = dt.time.fromisoformat(str(value["time"]))
        amount = float(value.get("amount", 1))
    except TypeError, ValueError:
        raise _bad("dose time", value) from None  # noqa: TRY003
    days = value.get("weekdays")
    weekdays = EVERY_DAY if days is None else frozenset(_weekday(d) for d in days)
    return DoseTime(at, amount, weekdays)


def _pauses(raw: Any) -> tuple[Pause, ...]:
    raw = raw or []
    if not isinstance(raw, list) or len(raw) > MOST_PAUSES:
        raise _bad("pauses", raw)
    if not all(isinstance(p, Mapping) and "start" in p for p in raw):
        raise _bad("pause", raw)
    return tuple(
        Pause(
            _instant(p["start"]), None if p.get("end") is None else _instant(p["end"])
        )
        for p in raw
    )


def decode(raw: Any, today: dt.date) -> Schedule:
    """Build a schedule from its dict form; ``start`` defaults to ``today``."""
    if not isinstance(raw, Mapping) or raw.get("type") not in KINDS:
        raise _bad("schedule", raw)
    try:
        common: dict[str, Any] = {
            "start": _date(raw.get("start", today)),
            "end": None if raw.get("end") is None else _date(raw["end"]),
            "pauses": _pauses(raw.get("pauses")),
        }
        match raw["type"]:
            case "weekly":
                times = tuple(_time(t) for t in raw.get("times", ()))
                return WeeklySchedule(times=times, **common)
            case "every_n_days":
                anchor = raw.get("anchor")
                return EveryNDaysSchedule(
                    every_days=int(raw["every_days"]),
                    times=tuple(_time(t) for t in raw.get("times", ())),
                    anchor=None if anchor is None else _date(anchor),
                    **common,
                )
            case "every_n_hours":
                return EveryNHoursSchedule(
                    every_hours=int(raw["every_hours"]),
                    anchor=_instant(raw["anchor"]),
                    amount=float(raw.get("amount", 1)),
                    **common,
                )
            case _:
                return AsNeededSchedule(
                    amount=float(raw.get("amount", 1)),
                    max_per_day=_optional_int(raw.get("max_per_day")),
                    max_per_24h=_optional_int(raw.get("max_per_24h")),
                    min_hours_between=_optional_float(raw.get("min_hours_between")),
                    **common,
                )
    # OverflowError: int() of an infinite number.
    except (KeyError, TypeError, ValueError, OverflowError) as err:
        if isinstance(err, ScheduleError):
            raise
        raise _bad("schedule", raw) from None


def _optional_int(value: Any) -> int | None:
    return None if value is None else int(value)


def _optional_float(value: Any) -> float | None:
    return None if value is None else float(value)


def _encode_time(dose_time: DoseTime) -> dict[str, Any]:
    return {
        "time": dose_time.time.isoformat(),
        "amount": dose_time.amount,
        "weekdays": [WEEKDAYS[d] for d in sorted(dose_time.weekdays)],
    }


def encode(schedule: Schedule) -> dict[str, Any]:
    """Return the dict form of a schedule (JSON-able, read back by `decode`)."""
    raw: dict[str, Any] = {
        "start": schedule.start.isoformat(),
        "end": schedule.end and schedule.end.isoformat(),
        "pauses": [
            {"start": p.start.isoformat(), "end": p.end and p.end.isoformat()}
            for p in schedule.pauses
        ],
    }
    match schedule:
        case WeeklySchedule():
            raw |= {"type": "weekly", "times": list(map(_encode_time, schedule.times))}
        case EveryNDaysSchedule():
            raw |= {
                "type": "every_n_days",
                "every_days": schedule.every_days,
                "times": list(map(_encode_time, schedule.times)),
                "anchor": schedule.anchor and schedule.anchor.isoformat(),
            }
        case EveryNHoursSchedule():
            raw |= {
                "type": "every_n_hours",
                "every_hours": schedule.every_hours,
                "anchor": schedule.anchor.isoformat(),
                "amount": schedule.amount,
            }
        case AsNeededSchedule():
            raw |= {
                "type": "as_needed",
                "amount": schedule.amount,
                "max_per_day": schedule.max_per_day,
                "max_per_24h": schedule.max_per_24h,
                "min_hours_between": schedule.min_hours_between,
            }
    return raw
