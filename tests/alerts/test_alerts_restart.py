"""An escalation survives a Home Assistant restart on its original deadlines."""

from datetime import timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant import loader
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import (
    async_fire_time_changed,
    async_test_home_assistant,
)

from custom_components.betti.alerts.escalation import AlertSource, Severity
from custom_components.betti.alerts.raising import async_raise_alert

from ..conftest import (
    ALICE_PHONE,
    BOB_PHONE,
    CAROL_PHONE,
    register_phones,
    stop_home_assistant,
)
from .test_alerts import alerting_entry


async def _start(hass: HomeAssistant) -> None:
    hass.data.pop(loader.DATA_CUSTOM_COMPONENTS)
    assert await async_setup_component(
        hass, "person", {"person": [{"id": "alice", "name": "Alice"}]}
    )


async def test_restart_mid_escalation(
    hass_tmp_config_dir: str, freezer: FrozenDateTimeFactory
) -> None:
    freezer.move_to("2026-03-01 08:00:00+00:00")
    async with async_test_home_assistant(config_dir=hass_tmp_config_dir) as first:
        await _start(first)
        pushes = register_phones(first)
        entry = alerting_entry("alice_entry")
        entry.add_to_hass(first)
        assert await first.config_entries.async_setup(entry.entry_id)
        await async_raise_alert(
            first,
            entry,
            source=AlertSource.VITAL_THRESHOLD,
            severity=Severity.WARNING,
            message="Blood pressure 190/120",
        )
        assert [target for target, _ in pushes] == [ALICE_PHONE]
        await stop_home_assistant(first)

    # HA is down from minute 1 to minute 6: Bob's deadline (minute 5) passes meanwhile.
    freezer.move_to("2026-03-01 08:06:00+00:00")
    async with async_test_home_assistant(config_dir=hass_tmp_config_dir) as second:
        await _start(second)
        pushes = register_phones(second)
        entry = alerting_entry("alice_entry")
        entry.add_to_hass(second)
        assert await second.config_entries.async_setup(entry.entry_id)
        await second.async_block_till_done(wait_background_tasks=True)
        assert [target for target, _ in pushes] == [BOB_PHONE]  # at once, on start
        pushes.clear()
        freezer.tick(timedelta(seconds=59))
        async_fire_time_changed(second)
        await second.async_block_till_done(wait_background_tasks=True)
        assert pushes == []
        freezer.tick(timedelta(seconds=1))  # minute 7, as planned before the restart
        async_fire_time_changed(second)
        await second.async_block_till_done(wait_background_tasks=True)
        assert [target for target, _ in pushes] == [CAROL_PHONE]
        await stop_home_assistant(second)
