"""Daily counters from source sensors: rises add, resets start again, gaps add nothing."""

from custom_components.betti.nutrition.activity import counter_increment, parse_counter


def _roll(states: list[str], last: float | None = None) -> float:
    total = 0.0
    for state in states:
        value = parse_counter(state)
        if value is None:
            continue
        total += counter_increment(last, value)
        last = value
    return total


def test_a_day_of_steps_is_counted_once() -> None:
    # Rises, an unavailable spell, a restart replaying the same value, a mid-day reset.
    states = [
        "1200",
        "2500",
        "unavailable",
        "2500",
        "unknown",
        "3100",
        "0",
        "400",
        "650",
    ]
    assert _roll(states) == 3100 + 650


def test_a_new_day_starts_from_the_counter_not_from_zero() -> None:
    # Yesterday ended at 8000; the phone has not reset yet, then does.
    assert _roll(["8000", "8150", "0", "90"], last=8000) == 150 + 90


def test_only_numbers_count() -> None:
    assert parse_counter("4321") == 4321
    assert parse_counter("12.5") == 12.5
    for state in ("unavailable", "unknown", "", "nan", "inf", "-3"):
        assert parse_counter(state) is None
