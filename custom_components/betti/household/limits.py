"""Bounds on everything an action accepts, and refusals that name the field.

Every action's schema is a `RefusingSchema` built from these validators, so a value no person
or device could mean (nan, 1e999, an id past SQLite's integers, year 1, a lone surrogate) is
refused with a translated ServiceValidationError naming the field before anything is read or
written. The README's "Limits of each field" lists the bounds.
"""

from collections.abc import Callable
from datetime import date, datetime, timedelta
import re
from typing import Any

from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import config_validation as cv
from homeassistant.util import dt as dt_util
import probatio

from .access import validation_error

MAX_ID = 2**63 - 1  # SQLite's INTEGER
EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)
NAME_LENGTH = 100
TEXT_LENGTH = 500
LONG_TEXT_LENGTH = 2000
TIME_LENGTH = 64
# Control characters other than tab and line breaks, and lone surrogates (not UTF-8).
_UNSTORABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


class Refusal(probatio.Invalid):
    """A value out of bounds; ``key`` is the translation key, ``details`` its placeholders."""

    def __init__(self, key: str, **details: object) -> None:
        """Keep the key and the placeholders (the field is added from the error's path)."""
        super().__init__(key)
        self.key = key
        self.details = details


def refusal(error: probatio.Invalid) -> ServiceValidationError:
    """Return the translated error for a schema's refusal, naming the field it concerns."""
    # Cut: an unknown field's name is whatever the caller sent.
    field = ".".join(str(part) for part in error.path)[:NAME_LENGTH]
    if isinstance(error, Refusal):
        return validation_error(error.key, field=field, **error.details)
    if isinstance(error, probatio.RequiredFieldInvalid):
        return validation_error("field_required", field=field)
    if isinstance(error, probatio.ExtraKeysInvalid):
        return validation_error("field_not_allowed", field=field)
    return validation_error("field_invalid", field=field)


class RefusingSchema(probatio.Schema):
    """A schema whose refusals are Betti's translated errors rather than probatio's text."""

    def __call__(self, data: Any, **kwargs: Any) -> Any:
        """Validate ``data``; raise ServiceValidationError naming the first bad field."""
        try:
            return super().__call__(data, **kwargs)
        except probatio.MultipleInvalid as err:
            raise refusal(err.errors[0]) from err


def _shown(bound: float) -> str:
    return f"{bound:g}"


def number(low: float, high: float) -> Callable[[Any], float]:
    """Accept a finite number from ``low`` to ``high``; text such as "12.5" is read as one."""

    def check(value: Any) -> float:
        if isinstance(value, bool):
            raise Refusal("number_invalid")
        try:
            found = float(value)
        except TypeError, ValueError, OverflowError:
            raise Refusal("number_invalid") from None
        if not low <= found <= high:  # refuses nan and ±inf too
            raise Refusal("number_out_of_range", min=_shown(low), max=_shown(high))
        return found

    return check


def whole(
    low: int, high: int, key: str = "number_out_of_range"
) -> Callable[[Any], int]:
    """Accept a whole number from ``low`` to ``high`` (``key`` names the refusal)."""

    def check(value: Any) -> int:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        elif isinstance(value, str):
            try:
                value = int(value.strip())
            except ValueError:
                raise Refusal("whole_number_invalid") from None
        if not isinstance(value, int) or isinstance(value, bool):
            raise Refusal("whole_number_invalid")
        if not low <= value <= high:
            raise Refusal(key, min=low, max=high)
        return value

    return check


ROW_ID = whole(1, MAX_ID)
"""A row's id: a positive SQLite integer."""


def text(max_length: int) -> Callable[[Any], str]:
    """Text of at most ``max_length`` characters that can be stored (numbers become text)."""

    def check(value: Any) -> str:
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise Refusal("text_invalid")
        if len(value) > max_length:
            raise Refusal("text_too_long", max=max_length)
        if _UNSTORABLE.search(value):
            raise Refusal("text_invalid")
        return value

    return check


def _in_range(day: date) -> None:
    if not EARLIEST <= day <= LATEST:
        raise Refusal("time_out_of_range", min=EARLIEST, max=LATEST)


def _parsable(value: Any, key: str) -> None:
    # HA's parser (ciso8601 2.3.3) crashes the whole process on a lone surrogate.
    if isinstance(value, str) and (
        len(value) > TIME_LENGTH or _UNSTORABLE.search(value)
    ):
        raise Refusal(key)


def moment(value: Any) -> datetime:
    """Accept a date and time from 1900 to 2100; one without a zone is in HA's zone."""
    _parsable(value, "datetime_invalid")
    try:
        parsed: datetime = cv.datetime(value)
    except probatio.Invalid:
        raise Refusal("datetime_invalid") from None
    _in_range(parsed.date())
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt_util.get_default_time_zone())
    return parsed


def calendar_day(value: Any) -> date:
    """Accept a calendar date from 1900 to 2100."""
    if isinstance(value, datetime):
        raise Refusal("date_invalid")
    _parsable(value, "date_invalid")
    try:
        parsed: date = cv.date(value)
    except probatio.Invalid:
        raise Refusal("date_invalid") from None
    _in_range(parsed)
    return parsed


def day_or_moment(value: Any) -> date | datetime:
    """Accept a date (all day) or a date and time, as `calendar_day` and `moment` do."""
    try:
        return calendar_day(value)
    except Refusal as err:
        if err.key == "time_out_of_range":
            raise
    return moment(value)


def duration(longest: timedelta, key: str) -> Callable[[Any], timedelta]:
    """Accept a span more than zero and at most ``longest`` (``key`` names the refusal)."""

    def check(value: Any) -> timedelta:
        try:
            span: timedelta = cv.time_period(value)
        # Huge numbers of seconds or days overflow timedelta inside HA's parser.
        except probatio.Invalid, OverflowError, ValueError, TypeError:
            raise Refusal(key) from None
        if not timedelta(0) < span <= longest:
            raise Refusal(key)
        return span

    return check


def at_most(count: int) -> Callable[[Any], list[Any]]:
    """Accept a list of at most ``count`` items (checked before the items are)."""

    def check(value: Any) -> list[Any]:
        if not isinstance(value, list):
            raise Refusal("list_invalid")
        if len(value) > count:
            raise Refusal("list_too_long", max=count)
        return value

    return check


def exactly_one(*fields: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """Exactly one of ``fields`` is given."""

    def check(data: dict[str, Any]) -> dict[str, Any]:
        if sum(field in data for field in fields) != 1:
            raise Refusal("exactly_one_of", fields=", ".join(fields))
        return data

    return check
