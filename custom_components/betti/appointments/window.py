"""A calendar's text cut down to what can still show after a moment, without parsing it.

Parsing five years of appointments with ``ical`` takes over 100 ms and expanding their
timeline as long again; the coordinators only need what is under way or still to come.
Each VEVENT is kept unless its text proves it ended before the moment: a one-off whose
DTEND is earlier, or a series whose UNTIL (or a simple COUNT) ends earlier. Anything the
scan does not understand is kept. An edited occurrence and its series share a UID, and
a UID is kept whole, so an occurrence moved later keeps its series and the reverse.
"""

from datetime import datetime, timedelta
import re

# Times in UTC or another zone are compared as if floating: a day each side covers them.
MARGIN = timedelta(days=2)
_UNFOLD = re.compile(r"\r?\n[ \t]")
_BEGIN, _END = "BEGIN:VEVENT", "END:VEVENT"
_SCANNED = frozenset({"UID", "DTSTART", "DTEND", "DURATION", "RRULE", "RDATE"})
_TIME = re.compile(r"(\d{8})(?:T(\d{6})Z?)?")
SHORTEST_MONTH = 28
# The longest a period of each frequency lasts; COUNT bounds a series only for these.
_PERIOD = {
    "DAILY": timedelta(days=1),
    "WEEKLY": timedelta(days=7),
    "MONTHLY": timedelta(days=31),
    "YEARLY": timedelta(days=366),
}
# Rule parts that never skip a period (BYDAY in a week always has a day).
_EVERY_PERIOD = {"FREQ", "COUNT", "INTERVAL", "WKST"}


def _time(value: str) -> datetime | None:
    match = _TIME.fullmatch(value.strip())
    if match is None:
        return None
    day, clock = match[1], match[2] or "000000"
    # By hand: strptime for each of thousands of events costs more than the rest.
    # Floating wall-clock time, compared with the same: no zone on purpose.
    try:
        return datetime(  # noqa: DTZ001
            int(day[:4]),
            int(day[4:6]),
            int(day[6:]),
            int(clock[:2]),
            int(clock[2:4]),
            int(clock[4:]),
        )
    except ValueError:
        return None


def _series_end(rrule: str, start: datetime) -> datetime | None:
    """Return the latest start of an occurrence, if the rule bounds it simply."""
    parts = dict(part.partition("=")[::2] for part in rrule.split(";"))
    if "UNTIL" in parts:
        return _time(parts["UNTIL"])
    period = _PERIOD.get(parts.get("FREQ", ""))
    simple = set(parts) <= _EVERY_PERIOD or (
        parts.get("FREQ") == "WEEKLY" and set(parts) <= {*_EVERY_PERIOD, "BYDAY"}
    )
    # A monthly or yearly series on a day some months lack skips those months.
    if (
        period is None
        or not simple
        or "COUNT" not in parts
        or start.day > SHORTEST_MONTH
    ):
        return None
    try:
        count, interval = int(parts["COUNT"]), int(parts.get("INTERVAL", "1"))
    except ValueError:
        return None
    return start + period * count * interval


def _properties(event: str) -> dict[str, str]:
    """Return the first value of each property the scan looks at (unfolded)."""
    found: dict[str, str] = {}
    for line in event.splitlines():
        name, _, value = line.partition(":")
        name = name.partition(";")[0]
        if name in _SCANNED and name not in found:
            found[name] = value
    return found


def _ends_before(properties: dict[str, str], moment: datetime) -> bool:
    """Whether an event's properties prove that every occurrence ended before ``moment``."""
    if "RDATE" in properties or "DURATION" in properties:
        return False
    start = _time(properties.get("DTSTART", ""))
    end = _time(properties["DTEND"]) if "DTEND" in properties else start
    if start is None or end is None:
        return False
    if "RRULE" in properties:
        last = _series_end(properties["RRULE"], start)
        if last is None:
            return False
        end = last + (end - start)
    return end < moment - MARGIN


def events_since(ics: str, moment: datetime) -> str:
    """Return the calendar text without the events that ended before ``moment``.

    ``moment`` is wall-clock time in the household's zone, without a zone (as the
    calendar's floating times are). The text comes back unfolded, which parses the same.
    """
    head, *chunks = _UNFOLD.sub("", ics).split(_BEGIN)
    # Each chunk is one event and whatever follows it up to the next (kept either way).
    scanned = [
        (body + end, rest, _properties(body))
        for body, end, rest in (chunk.partition(_END) for chunk in chunks)
    ]
    kept_uids = {
        properties.get("UID")
        for _, _, properties in scanned
        if not _ends_before(properties, moment)
    }
    return head + "".join(
        _BEGIN + event + rest if properties.get("UID") in kept_uids else rest.strip()
        for event, rest, properties in scanned
    )
