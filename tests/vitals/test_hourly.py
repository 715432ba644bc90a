"""Hourly statistics of a reading series, worked out as HA's recorder would have."""

from datetime import UTC, datetime

import pytest

from custom_components.betti.vitals.hourly import (
    HourlyStat,
    hour_start,
    hourly_stats,
    hours_between,
    runs,
)


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


def test_a_reading_fills_its_hour_from_when_it_was_measured_and_every_hour_after() -> (
    None
):
    rows = hourly_stats(None, [(_at(1, 15, 30), 61.0)], _at(1, 15), _at(1, 18))
    assert rows == [
        HourlyStat(_at(1, 15), 61.0, 61.0, 61.0),
        HourlyStat(_at(1, 16), 61.0, 61.0, 61.0),
        HourlyStat(_at(1, 17), 61.0, 61.0, 61.0),
    ]


def test_the_measured_hour_weighs_the_previous_value_by_time() -> None:
    # 62 kg until 15:15, 61 kg from then on: a quarter of the hour at 62.
    rows = hourly_stats(62.0, [(_at(1, 15, 15), 61.0)], _at(1, 15), _at(1, 17))
    assert rows[0] == HourlyStat(_at(1, 15), 61.25, 61.0, 62.0)
    assert rows[1] == HourlyStat(_at(1, 16), 61.0, 61.0, 61.0)


def test_several_readings_in_one_hour() -> None:
    rows = hourly_stats(
        130.0,
        [(_at(1, 8, 20), 140.0), (_at(1, 8, 50), 120.0)],
        _at(1, 8),
        _at(1, 9),
    )
    mean = (130 * 20 + 140 * 30 + 120 * 10) / 60
    assert rows == [HourlyStat(_at(1, 8), pytest.approx(mean), 120.0, 140.0)]


def test_no_value_no_row() -> None:
    assert hourly_stats(None, [], _at(1, 8), _at(1, 12)) == []
    # Before the first reading there was nothing to show.
    rows = hourly_stats(None, [(_at(1, 10, 5), 97.0)], _at(1, 8), _at(1, 11))
    assert [row.start for row in rows] == [_at(1, 10)]


def test_a_reading_without_the_metric_ends_the_value_at_the_next_hour() -> None:
    # A blood pressure reading without a pulse: the pulse sensor shows "unknown", which
    # the recorder skips within the hour and which starts the next hour with nothing.
    rows = hourly_stats(
        72.0, [(_at(1, 8, 30), None), (_at(1, 10, 30), 80.0)], _at(1, 8), _at(1, 11)
    )
    assert rows == [
        HourlyStat(_at(1, 8), 72.0, 72.0, 72.0),
        HourlyStat(_at(1, 10), 80.0, 80.0, 80.0),
    ]


def test_hour_start() -> None:
    assert hour_start(datetime(2026, 3, 1, 7, 59, 59, 999, tzinfo=UTC)) == _at(1, 7)


def test_marked_hours_are_worked_in_runs_of_consecutive_hours() -> None:
    hours = {*hours_between(_at(1, 22), _at(2, 1)), _at(3, 5), _at(2, 0)}
    assert runs(hours) == [(_at(1, 22), _at(2, 1)), (_at(3, 5), _at(3, 6))]
    assert hours_between(_at(2, 1), _at(2, 1)) == []
