"""The options flow's nutrition group, and drink reminders."""

from datetime import UTC, datetime, time

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.data_entry_flow import FlowResultType
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
    async_mock_service,
)

from custom_components.betti.nutrition.options import NutritionSettings
from custom_components.betti.nutrition.water_reminders import water_due

from ..conftest import db_rows, profile_entry


async def test_nutrition_group_saves_and_clears(
    hass: HomeAssistant, loaded_alice: MockConfigEntry
) -> None:
    result = await hass.config_entries.options.async_init(loaded_alice.entry_id)
    assert "nutrition" in result["menu_options"]
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "nutrition"}
    )
    assert result["step_id"] == "nutrition"
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {
            "goal_mode": "manual",
            "activity_level": "moderate",
            "energy_goal": 1700,
            "steps_sensor": "sensor.phone_steps",
            "barcode_lookup": False,
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert loaded_alice.options["energy_goal"] == 1700
    assert loaded_alice.options["weight_unit"] == "kg"  # other groups kept
    await hass.async_block_till_done()
    assert float(hass.states.get("sensor.betti_alice_energy_goal").state) == 1700
    # Emptying a field removes it rather than keeping the old value.
    result = await hass.config_entries.options.async_init(loaded_alice.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "nutrition"}
    )
    await hass.config_entries.options.async_configure(
        result["flow_id"],
        {"goal_mode": "computed", "activity_level": "light", "barcode_lookup": False},
    )
    await hass.async_block_till_done()
    assert "steps_sensor" not in loaded_alice.options
    assert "energy_goal" not in loaded_alice.options


def test_reminders_only_in_waking_hours_and_when_behind() -> None:
    settings = NutritionSettings(reminder_start=time(8), reminder_end=time(20))

    def due(hour: int, drunk: float) -> bool:
        return water_due(settings, 1200, drunk, datetime(2026, 3, 2, hour, tzinfo=UTC))

    assert not due(7, 0)  # asleep
    assert not due(21, 0)
    assert not due(9, 0)  # not on the 2-hour rhythm from 08:00
    assert due(10, 0)
    assert not due(10, 200)  # 2 of 12 waking hours: 200 ml is on pace
    assert due(14, 500)
    assert not water_due(settings, None, 0, datetime(2026, 3, 2, 10, tzinfo=UTC))


@pytest.mark.freeze_time("2026-03-02 17:30:00+00:00")  # 09:30 local
async def test_a_reminder_goes_to_the_chosen_notify_service(
    hass: HomeAssistant, persons: None, freezer: FrozenDateTimeFactory
) -> None:
    sent: list[ServiceCall] = async_mock_service(hass, "notify", "mobile_app_alice")
    entry = profile_entry()
    entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        entry, options={**entry.options, "reminder_notify": "notify.mobile_app_alice"}
    )
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    freezer.move_to("2026-03-02 18:00:00+00:00")  # 10:00 local, nothing drunk
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert len(sent) == 1
    assert sent[0].data["title"] == "Water"
    assert (
        sent[0].data["message"]
        == "Time for a glass of water, Alice: 1600 mL to go today."
    )
    # A later reminder replaces this one on the phone instead of stacking up.
    assert sent[0].data["data"]["tag"] == "betti_water"
    # Logged with every other push, so the phone's daily cap counts it.
    assert db_rows(hass, "SELECT target, source, result FROM deliveries") == [
        ("notify.mobile_app_alice", "water_reminder", "sent")
    ]
