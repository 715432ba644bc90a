"""Today's food, water and activity sensors: goals, the button, midnight and source sensors."""

from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import ATTR_UNIT_OF_MEASUREMENT, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from ..conftest import db_rows, profile_entry


def _state(hass: HomeAssistant, key: str) -> str:
    return hass.states.get(f"sensor.betti_alice_{key}").state


async def _call(hass: HomeAssistant, service: str, data: dict[str, Any]) -> Any:
    return await hass.services.async_call(
        "betti", service, data, blocking=True, return_response=service != "log_activity"
    )


@pytest.mark.freeze_time("2026-03-02 20:00:00+00:00")  # 12:00 local
async def test_goals_follow_the_profile_and_latest_weight(
    hass: HomeAssistant, loaded_alice: MockConfigEntry
) -> None:
    assert _state(hass, "energy_today") == "0.0"
    assert _state(hass, "energy_goal") == "unknown"  # no weight yet
    assert _state(hass, "water_goal") == "1600"
    assert _state(hass, "steps_goal") == "6000.0"
    await hass.services.async_call(
        "betti", "log_vital", {"kind": "weight", "weight": 70}, blocking=True
    )
    await loaded_alice.runtime_data.nutrition.async_refresh()
    # Alice: 77, 162 cm, 70 kg, lightly active: (700 + 1012.5 - 385 - 161) x 1.375.
    assert _state(hass, "energy_goal") == "1604"
    assert _state(hass, "protein_goal") == "80"
    await _call(
        hass, "log_food", {"food": "usda:Oatmeal, NFS", "amount": 2, "unit": "serving"}
    )
    assert float(_state(hass, "energy_today")) == pytest.approx(355.7, abs=0.1)
    assert float(_state(hass, "energy_goal_progress")) == pytest.approx(22.2, abs=0.1)
    last = hass.states.get("sensor.betti_alice_last_meal")
    assert last.state == "2026-03-02T20:00:00+00:00"
    assert last.attributes["meal"] == "lunch"
    assert last.attributes["foods"] == ["Oatmeal, NFS"]


async def test_goals_by_hand(hass: HomeAssistant, persons: None) -> None:
    entry = profile_entry()
    entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        entry,
        options={
            **entry.options,
            "goal_mode": "manual",
            "energy_goal": 1800,
            "protein_goal": 90,
            "water_goal": 2000,
            "glass_size": 300,
        },
    )
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert _state(hass, "energy_goal") == "1800"
    assert _state(hass, "protein_goal") == "90"
    assert _state(hass, "fat_goal") == "unknown"
    await hass.services.async_call(
        "button",
        "press",
        {"entity_id": "button.betti_alice_1_glass_of_water"},
        blocking=True,
    )
    assert _state(hass, "water_today") == "300.0"
    assert _state(hass, "water_goal_progress") == "15.0"


async def test_water_in_fluid_ounces(hass: HomeAssistant, persons: None) -> None:
    entry = profile_entry()
    entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        entry, options={**entry.options, "volume_unit": "fl. oz.", "glass_size": 8}
    )
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    logged = await _call(hass, "log_water", {})
    assert logged["amount"] == 8.0
    assert logged["unit"] == "fl. oz."
    logged = await _call(hass, "log_water", {"amount": 250, "unit": "mL"})
    assert logged["today"] == pytest.approx(16.5, abs=0.1)
    water = hass.states.get("sensor.betti_alice_water_today")
    assert water.attributes[ATTR_UNIT_OF_MEASUREMENT] == "fl. oz."
    assert float(water.state) == pytest.approx(16.45, abs=0.01)
    # Stored in millilitres whatever the unit shown.
    assert db_rows(hass, "SELECT round(sum(ml)) FROM water_log") == [(487.0,)]
    # The unit names the profile form and README use are taken too.
    logged = await _call(hass, "log_water", {"amount": 250, "unit": "ml"})
    assert logged["today"] == pytest.approx(24.9, abs=0.1)
    logged = await _call(hass, "log_water", {"amount": 2, "unit": "fl_oz"})
    assert logged["today"] == pytest.approx(26.9, abs=0.1)


@pytest.mark.freeze_time("2026-03-03 07:30:00+00:00")  # 23:30 local
async def test_the_day_rolls_over_at_local_midnight(
    hass: HomeAssistant, loaded_alice: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    await _call(hass, "log_water", {"amount": 500})
    await _call(hass, "log_workout", {"kind": "walk", "duration": {"minutes": 20}})
    assert _state(hass, "water_today") == "500.0"
    assert _state(hass, "active_minutes_today") == "20.0"
    freezer.move_to("2026-03-03 08:00:01+00:00")  # just after local midnight
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert _state(hass, "water_today") == "0.0"
    assert _state(hass, "active_minutes_today") == "0.0"
    water = hass.states.get("sensor.betti_alice_water_today")
    assert water.attributes["last_reset"] == "2026-03-03T00:00:00-08:00"
    yesterday = await _call(hass, "get_nutrition", {"day": "2026-03-02"})
    assert yesterday["days"]["2026-03-02"]["totals"]["water"] == 500


async def test_steps_from_a_phone_sensor_across_midnight(
    hass: HomeAssistant, persons: None, freezer: FrozenDateTimeFactory
) -> None:
    freezer.move_to("2026-03-02 22:00:00+00:00")  # 14:00 local
    hass.states.async_set("sensor.phone_steps", "3000")
    entry = profile_entry()
    entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        entry, options={**entry.options, "steps_sensor": "sensor.phone_steps"}
    )
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert _state(hass, "steps_today") == "3000.0"  # the day so far counts

    for value in ("4200", STATE_UNAVAILABLE, "4200", "5100"):
        hass.states.async_set("sensor.phone_steps", value)
        await hass.async_block_till_done()
    assert _state(hass, "steps_today") == "5100.0"
    # Home Assistant restarts: the sensor comes back with the same count.
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert _state(hass, "steps_today") == "5100.0"

    freezer.move_to("2026-03-03 08:00:05+00:00")  # midnight local
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert _state(hass, "steps_today") == "0.0"
    hass.states.async_set(
        "sensor.phone_steps", "5100", force_update=True
    )  # not reset yet
    hass.states.async_set("sensor.phone_steps", "0")
    hass.states.async_set("sensor.phone_steps", "250")
    await hass.async_block_till_done()
    assert _state(hass, "steps_today") == "250.0"
    assert float(_state(hass, "steps_goal_progress")) == pytest.approx(4.2, abs=0.1)
    history = await _call(
        hass, "get_nutrition", {"start": "2026-03-02", "end": "2026-03-03"}
    )
    assert history["days"]["2026-03-02"]["totals"]["steps"] == 5100
    assert history["days"]["2026-03-03"]["totals"]["steps"] == 250


@pytest.mark.freeze_time("2026-03-02 20:00:00+00:00")  # 12:00 local
async def test_activity_and_workouts_by_hand(
    hass: HomeAssistant, loaded_alice: MockConfigEntry
) -> None:
    await _call(hass, "log_activity", {"steps": 2500, "active_minutes": 15})
    workout = await _call(
        hass,
        "log_workout",
        {"kind": "Swim", "duration": "00:30:00", "distance_km": 1, "energy_kcal": 220},
    )
    assert _state(hass, "steps_today") == "2500.0"
    assert _state(hass, "active_minutes_today") == "45.0"
    assert db_rows(hass, "SELECT kind, duration_min, distance_m FROM workouts") == [
        ("swim", 30.0, 1000.0)
    ]
    await hass.services.async_call(
        "betti", "delete_workout", {"workout_id": workout["workout_id"]}, blocking=True
    )
    assert _state(hass, "active_minutes_today") == "15.0"


@pytest.mark.freeze_time("2026-03-03 08:10:00+00:00")  # 00:10 local
async def test_a_workout_across_midnight_counts_for_the_day_it_started(
    hass: HomeAssistant, loaded_alice: MockConfigEntry
) -> None:
    await _call(hass, "log_workout", {"kind": "swim", "duration": {"minutes": 30}})
    assert _state(hass, "active_minutes_today") == "0.0"
    days = await _call(
        hass, "get_nutrition", {"start": "2026-03-02", "end": "2026-03-03"}
    )
    assert days["days"]["2026-03-02"]["totals"]["active_minutes"] == 30
    assert "active_minutes" not in days["days"]["2026-03-03"]["totals"]


@pytest.mark.parametrize(
    ("service", "data", "key"),
    [
        ("log_water", {"amount": 0}, "amount_not_positive"),
        (
            "log_water",
            {"amount": 200, "drunk_at": "2099-01-01T00:00:00"},
            "logged_in_future",
        ),
        ("log_workout", {"kind": "walk", "duration": "00:00:00"}, "workout_duration"),
        ("log_workout", {"kind": "walk", "duration": "30:00:00"}, "workout_duration"),
        (
            "log_workout",
            {"kind": "walk", "duration": "00:30:00", "energy_kcal": -5},
            "number_out_of_range",
        ),
        ("log_activity", {}, "activity_missing"),
        ("log_activity", {"steps": -100}, "number_out_of_range"),
        ("log_activity", {"steps": 100, "day": "2099-01-01"}, "logged_in_future"),
    ],
)
async def test_bad_activity_input_is_refused(
    hass: HomeAssistant,
    loaded_alice: MockConfigEntry,
    service: str,
    data: dict[str, Any],
    key: str,
) -> None:
    with pytest.raises(ServiceValidationError) as err:
        await _call(hass, service, data)
    assert err.value.translation_key == key
    for table in ("water_log", "workouts", "daily_activity"):
        assert db_rows(hass, f"SELECT count(*) FROM {table}") == [(0,)]  # noqa: S608
