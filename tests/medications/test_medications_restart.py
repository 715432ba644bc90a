"""Restarts: snoozes and doses that fell due while HA was down are reminded on start."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant import loader
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
    async_test_home_assistant,
)

from ..conftest import (
    ALICE_PHONE,
    Pushes,
    db_rows,
    register_phones,
    stop_home_assistant,
)
from .test_medications import DUE, medication_entry, reminders, tag

pytestmark = [
    pytest.mark.own_hass,
    pytest.mark.freeze_time("2026-03-02 07:00:00+00:00"),
]


@asynccontextmanager
async def running_ha(config_dir: str) -> AsyncIterator[tuple[HomeAssistant, Pushes]]:
    """Start HA with Alice's profile as it is stored; stop it at the end."""
    async with async_test_home_assistant(config_dir=config_dir) as hass:
        hass.data.pop(loader.DATA_CUSTOM_COMPONENTS)
        await hass.config.async_set_time_zone("Europe/London")
        assert await async_setup_component(
            hass, "person", {"person": [{"id": "alice", "name": "Alice"}]}
        )
        pushes = register_phones(hass)
        entry: MockConfigEntry = medication_entry()
        entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
        yield hass, pushes
        await stop_home_assistant(hass)


async def _add(hass: HomeAssistant) -> int:
    response = await hass.services.async_call(
        "betti",
        "add_medication",
        {
            "name": "Aspirin",
            "strength": "100 mg",
            "schedules": [{"type": "weekly", "times": ["08:00"]}],
        },
        blocking=True,
        return_response=True,
    )
    assert response is not None
    return int(str(response["medication_id"]))


async def test_dose_due_while_down_is_reminded_on_start(
    hass_tmp_config_dir: str, freezer: FrozenDateTimeFactory
) -> None:
    async with running_ha(hass_tmp_config_dir) as (first, pushes):
        med = await _add(first)
    freezer.move_to(DUE + timedelta(minutes=20))  # HA was down at 08:00
    async with running_ha(hass_tmp_config_dir) as (second, pushes):
        # Set-up takes no simulated time at all: well within 60 s of the start.
        [reminder] = reminders(pushes, tag(med))
        assert pushes[0][0] == ALICE_PHONE
        assert reminder["message"].startswith("Time for Aspirin 100 mg")
        assert second.states.get("binary_sensor.betti_alice_dose_overdue").state == "on"


async def test_snooze_survives_a_restart(
    hass_tmp_config_dir: str, freezer: FrozenDateTimeFactory
) -> None:
    async with running_ha(hass_tmp_config_dir) as (first, pushes):
        med = await _add(first)
        freezer.move_to(DUE)
        async_fire_time_changed(first)
        await first.async_block_till_done()
        assert len(reminders(pushes, tag(med))) == 1
        first.bus.async_fire(
            "mobile_app_notification_action",
            {"action": f"BETTI_DOSE_SNOOZE_{med}_{int(DUE.timestamp())}"},
        )
        await first.async_block_till_done()
    # HA restarts during the snooze: no reminder until it ends, then one at once.
    freezer.move_to(DUE + timedelta(minutes=5))
    async with running_ha(hass_tmp_config_dir) as (second, pushes):
        assert reminders(pushes, tag(med)) == []
        snoozed = second.states.get("todo.betti_alice_medications_today")
        assert snoozed is not None
        assert snoozed.state == "1"
        freezer.move_to(DUE + timedelta(minutes=10))
        async_fire_time_changed(second)
        await second.async_block_till_done()
        assert len(reminders(pushes, tag(med))) == 1
        assert db_rows(second, "SELECT kind, source FROM dose_events") == [
            ("snoozed", "phone")
        ]
