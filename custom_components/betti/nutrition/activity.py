"""Daily activity from a source sensor's counter, without counting anything twice.

The sensors people pick (a phone's steps today, a watch's active energy) are cumulative
counters that go back to zero at midnight, and sometimes mid-day when the phone restarts.
Betti follows Home Assistant's rule for ``total_increasing`` sensors: a rise adds the
difference; a drop is a reset, after which the new value is all new; unavailable, unknown or
non-numeric states are skipped and the last good value kept. The last value is stored with the
day's total, so a Home Assistant restart that replays the same value adds nothing.
"""

import math


def parse_counter(state: str) -> float | None:
    """Return the number a counter sensor shows, or None when it shows none."""
    try:
        value = float(state)
    except ValueError:
        return None
    return value if math.isfinite(value) and value >= 0 else None


def counter_increment(last: float | None, value: float) -> float:
    """Return what a new counter value adds to today's total, given the last value seen.

    With no last value (the sensor was just chosen), a daily counter's value is already
    today's count so far, so all of it counts.
    """
    if last is None or value < last:
        return value
    return value - last
