"""Late readings reach HA's long-term statistics at the hour they were measured.

These tests run HA's real recorder, with its 5-minute statistics runs driven by the clock.
"""

from collections.abc import Generator
from datetime import UTC, datetime, timedelta
import logging
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.recorder import Recorder
from homeassistant.components.recorder.statistics import (
    list_statistic_ids,
    statistics_during_period,
)
from homeassistant.const import STATE_UNKNOWN
from homeassistant.core import HomeAssistant
from homeassistant.helpers.recorder import get_instance
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)

from custom_components.betti.const import DOMAIN
from custom_components.betti.db.vitals import add_reading
from custom_components.betti.vitals import Metric, VitalKind
from custom_components.betti.vitals.hourly import HOUR, hourly_stats

from ..ble.fake_device import FakeHealthDevice
from ..ble.frames import WEIGHT, weight
from ..conftest import profile_entry, threads_running
from ..devices.test_coordinator import SCALE, add_device, wake

ALICE_WEIGHT = "sensor.betti_alice_weight"


@pytest.fixture
def mock_recorder_before_hass(async_test_recorder: Any) -> Generator[None]:
    """Prepare the recorder's database before HA starts, as HA's recorder tests do.

    The recorder's database fixture must come before ``hass``; our autouse fixture asks
    for ``hass`` first, and ``hass`` asks for this. The test plugin logs every SQL
    statement, and the recorder's thread outlives output capture: quiet, until HA stopped.
    """
    engine = logging.getLogger("sqlalchemy.engine")
    level = engine.level
    engine.setLevel(logging.WARNING)
    yield
    engine.setLevel(level)


@pytest.fixture
def enable_statistics() -> bool:
    """Let the recorder compile statistics, every 5 minutes of the frozen clock."""
    return True


def _utc(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


async def _at(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, when: datetime
) -> None:
    """Move the clock on; the recorder runs what falls due, and Betti what follows."""
    freezer.move_to(when)
    async_fire_time_changed(hass, when)
    # The recorder announces its run to the loop before its wait task finishes; Betti's
    # answer is a background task, whose imports queue on the recorder again.
    await async_wait_recording_done(hass)
    await _settle(hass)


async def _settle(hass: HomeAssistant) -> None:
    await hass.async_block_till_done(wait_background_tasks=True)
    await async_wait_recording_done(hass)


async def _hours(
    hass: HomeAssistant,
    entity_id: str,
    units: dict[str, str] | None = None,
    since: datetime | None = None,
) -> dict[datetime, tuple[float, float, float]]:
    """The sensor's hourly (mean, min, max) as a statistics-graph card reads them."""
    stats = await get_instance(hass).async_add_executor_job(
        statistics_during_period,
        hass,
        since or _utc(1, 0),
        None,
        {entity_id},
        "hour",
        units,
        {"mean", "min", "max"},
    )
    return {
        datetime.fromtimestamp(row["start"], UTC): (row["mean"], row["min"], row["max"])
        for row in stats.get(entity_id, [])
    }


async def _log(hass: HomeAssistant, entry: MockConfigEntry, **data: Any) -> int:
    response = await hass.services.async_call(
        DOMAIN,
        "log_vital",
        {"config_entry_id": entry.entry_id, **data},
        blocking=True,
        return_response=True,
    )
    await hass.async_block_till_done(wait_background_tasks=True)
    await async_wait_recording_done(hass)
    assert response is not None
    return int(response["vital_id"])  # type: ignore[call-overload]


@pytest.mark.freeze_time("2026-03-01 14:00:00+00:00")
async def test_a_weight_downloaded_days_later_is_filed_when_measured(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    loaded_alice: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    await _log(hass, loaded_alice, kind="weight", weight=62.0)
    await _at(hass, freezer, _utc(4, 12, 20) + timedelta(seconds=10))
    # Three days later the scale is near HA again; it kept a weighing of 1 March, 07:30
    # on its clock (US/Pacific in tests: 15:30 UTC).
    await add_device(hass, SCALE, "scale", {"profiles": [loaded_alice.entry_id]})
    scale = FakeHealthDevice({WEIGHT: [weight(61.0, at=datetime(2026, 3, 1, 7, 30))]})
    await wake(hass, SCALE, scale)
    await hass.async_block_till_done(wait_background_tasks=True)
    await async_wait_recording_done(hass)
    assert hass.states.get(ALICE_WEIGHT).state == "61.0"

    hours = await _hours(hass, ALICE_WEIGHT)
    # Half of that hour at the earlier 62 kg, half at 61 kg; then 61 kg every hour.
    assert hours[_utc(1, 15)] == (61.5, 61.0, 62.0)
    assert min(hours) == _utc(1, 15)
    assert all(hours[_utc(2, hour)] == (61.0, 61.0, 61.0) for hour in range(24))
    assert max(hours) == _utc(
        4, 11
    )  # the recorder has not compiled the download hour yet
    # Once it has, that hour too shows 61 kg throughout, not the switch at 12:20.
    await _at(hass, freezer, _utc(4, 13, 0) + timedelta(seconds=10))
    await _at(hass, freezer, _utc(4, 13, 5) + timedelta(seconds=10))
    hours = await _hours(hass, ALICE_WEIGHT)
    assert hours[_utc(4, 12)] == (61.0, 61.0, 61.0)
    # The sensor's own statistics, and the BMI worked out from the weight, moved too.
    bmi = await _hours(hass, "sensor.betti_alice_bmi")
    assert bmi[_utc(2, 0)][0] == pytest.approx(round(61.0 / 1.62**2, 1))
    ids = await get_instance(hass).async_add_executor_job(list_statistic_ids, hass)
    assert not [i for i in ids if i["statistic_id"].startswith(f"{DOMAIN}:")]


@pytest.mark.freeze_time("2026-03-01 14:00:00+00:00")
async def test_a_live_weighing_is_left_to_the_recorder(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    loaded_alice: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    await _log(hass, loaded_alice, kind="weight", weight=62.0)
    await _at(hass, freezer, _utc(1, 14, 20) + timedelta(seconds=10))
    await add_device(hass, SCALE, "scale", {"profiles": [loaded_alice.entry_id]})
    await wake(hass, SCALE, FakeHealthDevice({WEIGHT: [weight(61.0)]}))
    await _at(hass, freezer, _utc(1, 15, 0) + timedelta(seconds=10))
    await _at(hass, freezer, _utc(1, 15, 5) + timedelta(seconds=10))
    # The recorder compiled the hour itself, for every sensor (a row Betti had written
    # first would have made it lose the whole run): 62 kg from 14:15, 61 kg from 14:55.
    assert await _hours(hass, ALICE_WEIGHT) == {_utc(1, 14): (61.5, 61.0, 62.0)}
    assert list(await _hours(hass, "sensor.betti_alice_bmi")) == [_utc(1, 14)]


@pytest.mark.freeze_time("2026-03-04 12:20:00+00:00")
async def test_a_weight_logged_afterwards_in_pounds(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    persons: None,
    freezer: FrozenDateTimeFactory,
) -> None:
    bob = profile_entry("person.bob", "Bob")
    bob.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        bob, options={**bob.options, "weight_unit": "lb"}
    )
    assert await hass.config_entries.async_setup(bob.entry_id)
    await hass.async_block_till_done()
    await _log(
        hass, bob, kind="weight", weight=180.0, measured_at="2026-03-01T16:10:00+00:00"
    )
    # Bob's weight never had statistics: they start at the recorder's next run, in the
    # unit Bob sees, and his earlier weighing follows.
    await _at(hass, freezer, _utc(4, 12, 25) + timedelta(seconds=10))
    await _at(hass, freezer, _utc(4, 12, 30) + timedelta(seconds=10))
    hours = await _hours(hass, "sensor.betti_bob_weight")
    assert min(hours) == _utc(1, 16)
    assert hours[_utc(1, 16)] == pytest.approx((180.0, 180.0, 180.0))
    assert hours[_utc(3, 9)] == pytest.approx((180.0, 180.0, 180.0))
    in_kg = await _hours(hass, "sensor.betti_bob_weight", {"mass": "kg"})
    assert in_kg[_utc(3, 9)][0] == pytest.approx(81.65, abs=0.01)
    ids = await get_instance(hass).async_add_executor_job(list_statistic_ids, hass)
    assert {i["statistic_id"]: i["statistics_unit_of_measurement"] for i in ids}[
        "sensor.betti_bob_weight"
    ] == "lb"


@pytest.mark.freeze_time("2026-03-04 12:20:00+00:00")
async def test_late_readings_waiting_for_the_recorder_outlive_a_restart(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    persons: None,
    freezer: FrozenDateTimeFactory,
) -> None:
    bob = profile_entry("person.bob", "Bob")
    bob.add_to_hass(hass)
    assert await hass.config_entries.async_setup(bob.entry_id)
    await hass.async_block_till_done()
    await _log(
        hass, bob, kind="weight", weight=80.0, measured_at="2026-03-01T16:10:00+00:00"
    )
    # Bob's weight has no statistics yet, so his weighing waits for the recorder's first
    # run; Betti restarts (an update, say) before that run comes.
    assert await hass.config_entries.async_reload(bob.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    await _at(hass, freezer, _utc(4, 12, 25) + timedelta(seconds=10))
    await _at(hass, freezer, _utc(4, 12, 30) + timedelta(seconds=10))
    hours = await _hours(hass, "sensor.betti_bob_weight")
    assert min(hours) == _utc(1, 16)
    assert hours[_utc(3, 9)] == (80.0, 80.0, 80.0)
    # What waited is kept per profile, and goes with it.
    store = f"{DOMAIN}.{bob.entry_id}.vital_statistics"
    assert store in hass_storage
    assert await hass.config_entries.async_remove(bob.entry_id)
    assert store not in hass_storage


@pytest.mark.freeze_time("2026-03-04 12:20:00+00:00")
async def test_a_first_late_weight_counts_even_before_its_sensor_shows_it(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    persons: None,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Filing a reading tells the statistics, then refreshes the sensors; both read the
    database, so either may finish first. Here the statistics' check comes first, while
    Bob's weight sensor, which never had statistics, still shows nothing."""
    bob = profile_entry("person.bob", "Bob")
    bob.add_to_hass(hass)
    assert await hass.config_entries.async_setup(bob.entry_id)
    await hass.async_block_till_done()
    measured_at = _utc(1, 16, 10)
    await bob.runtime_data.database.async_write(
        add_reading,
        bob.entry_id,
        kind=VitalKind.WEIGHT,
        measured_at=measured_at,
        source="bluetooth",
        values={Metric.WEIGHT: 80.0},
    )
    bob.runtime_data.vital_statistics.async_reading_added(VitalKind.WEIGHT, measured_at)
    await _settle(hass)
    assert hass.states.get("sensor.betti_bob_weight").state == STATE_UNKNOWN
    await bob.runtime_data.vitals.async_refresh()
    await _at(hass, freezer, _utc(4, 12, 25) + timedelta(seconds=10))
    await _at(hass, freezer, _utc(4, 12, 30) + timedelta(seconds=10))
    hours = await _hours(hass, "sensor.betti_bob_weight")
    assert min(hours, default=None) == _utc(1, 16)
    assert hours[_utc(3, 9)] == (80.0, 80.0, 80.0)


@pytest.mark.freeze_time("2026-03-01 14:00:00+00:00")
async def test_a_deleted_reading_leaves_the_hours_it_changed(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    loaded_alice: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    await _log(hass, loaded_alice, kind="weight", weight=62.0)
    await _at(hass, freezer, _utc(4, 12, 20) + timedelta(seconds=10))
    typo = await _log(
        hass,
        loaded_alice,
        kind="weight",
        weight=26.0,
        measured_at="2026-03-02T10:00:00+00:00",
        confirm_unusual=True,  # a typo insisted on, to be deleted later
    )
    assert (await _hours(hass, ALICE_WEIGHT))[_utc(3, 0)] == (26.0, 26.0, 26.0)
    await hass.services.async_call(
        DOMAIN, "delete_vital", {"vital_id": typo}, blocking=True
    )
    await hass.async_block_till_done(wait_background_tasks=True)
    await async_wait_recording_done(hass)
    hours = await _hours(hass, ALICE_WEIGHT)
    assert hours[_utc(2, 10)] == (62.0, 62.0, 62.0)
    assert hours[_utc(3, 0)] == (62.0, 62.0, 62.0)


@pytest.mark.freeze_time("2026-03-01 14:00:00+00:00")
async def test_a_reassigned_reading_moves_to_the_right_persons_statistics(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    loaded_alice: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    bob = profile_entry("person.bob", "Bob")
    bob.add_to_hass(hass)
    assert await hass.config_entries.async_setup(bob.entry_id)
    await _log(hass, loaded_alice, kind="weight", weight=62.0)
    await _log(hass, bob, kind="weight", weight=85.0)
    await _at(hass, freezer, _utc(4, 12, 20) + timedelta(seconds=10))
    # The scale filed Bob's weighing of 2 March with Alice.
    wrong = await _log(
        hass,
        loaded_alice,
        kind="weight",
        weight=84.0,
        measured_at="2026-03-02T10:00:00+00:00",
        confirm_unusual=True,  # as the scale filed it, without asking
    )
    await hass.services.async_call(
        DOMAIN,
        "reassign_vital",
        {
            "config_entry_id": loaded_alice.entry_id,
            "vital_id": wrong,
            "to_config_entry_id": bob.entry_id,
        },
        blocking=True,
    )
    await hass.async_block_till_done(wait_background_tasks=True)
    await async_wait_recording_done(hass)
    assert (await _hours(hass, ALICE_WEIGHT))[_utc(3, 0)] == (62.0, 62.0, 62.0)
    assert (await _hours(hass, "sensor.betti_bob_weight"))[_utc(3, 0)] == (
        84.0,
        84.0,
        84.0,
    )


@pytest.mark.freeze_time("2026-03-01 14:00:00+00:00")
async def test_a_reading_years_old_reworks_a_bounded_number_of_hours(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    loaded_alice: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Only hours up to the next reading change, and a reading carries forward 31 days at most."""
    await _log(hass, loaded_alice, kind="weight", weight=62.0)
    await _at(hass, freezer, _utc(4, 12, 20) + timedelta(seconds=10))
    recorded = await _hours(hass, ALICE_WEIGHT)
    with threads_running(hourly_stats) as threads:
        for day, kg in ((1, 60.0), (2, 61.0)):
            await _log(
                hass,
                loaded_alice,
                kind="weight",
                weight=kg,
                measured_at=f"2023-03-0{day}T10:00:00+00:00",
            )
    assert threads
    assert hass.loop_thread_id not in threads
    hours = await _hours(hass, ALICE_WEIGHT, since=datetime(2023, 1, 1, tzinfo=UTC))
    old = {start: row for start, row in hours.items() if start < _utc(1, 0)}
    first, second = (
        datetime(2023, 3, 1, 10, tzinfo=UTC),
        datetime(2023, 3, 2, 10, tzinfo=UTC),
    )
    assert old[first] == (60.0, 60.0, 60.0)
    assert old[second - HOUR] == (60.0, 60.0, 60.0)
    assert old[second + HOUR] == (61.0, 61.0, 61.0)
    assert old[second + timedelta(days=31) - HOUR] == (61.0, 61.0, 61.0)
    assert min(old) == first
    assert max(old) == second + timedelta(days=31) - HOUR
    assert len(old) == 24 + 31 * 24
    # The hours the recorder compiled itself are left as they were.
    assert {
        start: row for start, row in hours.items() if start >= _utc(1, 0)
    } == recorded
