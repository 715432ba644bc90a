"""The test alert's report survives a Home Assistant restart: it comes when it was due."""

from datetime import timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant import loader
from homeassistant.components import persistent_notification
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import (
    async_fire_time_changed,
    async_test_home_assistant,
)

from ..conftest import register_phones, stop_home_assistant
from .test_alerts import ALICE_PHONE, BOB_PHONE, alerting_entry

ENTRY_ID = "alice_entry"
CONTACTS = [{"name": "Bob", "relation": "Son", "phone": "", "notify_target": BOB_PHONE}]
REPORT = f"betti_test_alert_{ENTRY_ID}"


async def _start(hass: HomeAssistant) -> list[tuple[str, dict]]:
    hass.data.pop(loader.DATA_CUSTOM_COMPONENTS)
    assert await async_setup_component(
        hass, "person", {"person": [{"id": "alice", "name": "Alice"}]}
    )
    pushes = register_phones(hass)
    entry = alerting_entry(ENTRY_ID, emergency_contacts=CONTACTS)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    return pushes


def _report(hass: HomeAssistant) -> str | None:
    notices = persistent_notification._async_get_or_create_notifications(hass)
    return notices[REPORT]["message"] if REPORT in notices else None


async def _tick(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, **delta: float
) -> None:
    freezer.tick(timedelta(**delta))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)


async def _press(hass: HomeAssistant) -> None:
    await hass.services.async_call(
        "button",
        "press",
        {"entity_id": "button.betti_alice_send_test_alert"},
        blocking=True,
    )
    await hass.async_block_till_done(wait_background_tasks=True)


async def test_answers_after_a_restart_are_in_the_report_when_due(
    hass_tmp_config_dir: str, freezer: FrozenDateTimeFactory
) -> None:
    freezer.move_to("2026-03-01 08:00:00+00:00")
    async with async_test_home_assistant(config_dir=hass_tmp_config_dir) as first:
        pushes = await _start(first)
        await _press(first)
        assert sorted(target for target, _ in pushes) == [ALICE_PHONE, BOB_PHONE]
        await stop_home_assistant(first)

    # HA restarts at minute 3; Bob taps "That reached me" on his phone at minute 4.
    freezer.move_to("2026-03-01 08:03:00+00:00")
    async with async_test_home_assistant(config_dir=hass_tmp_config_dir) as second:
        await _start(second)
        await _tick(second, freezer, minutes=1)
        second.bus.async_fire(
            "mobile_app_notification_action",
            {"action": f"BETTI_TEST_{ENTRY_ID}", "action_data": {"target": BOB_PHONE}},
        )
        await second.async_block_till_done(wait_background_tasks=True)
        await _tick(second, freezer, minutes=5, seconds=59)
        assert _report(second) is None
        await _tick(second, freezer, seconds=1)  # minute 10, as planned before
        assert _report(second) == (
            "Answered within 10 minutes: Bob.\n\n"
            "No answer: Alice (mobile_app_alice_phone)."
        )
        await stop_home_assistant(second)

    # Reported once: a later start has nothing left to report.
    async with async_test_home_assistant(config_dir=hass_tmp_config_dir) as third:
        await _start(third)
        assert _report(third) is None
        await _tick(third, freezer, minutes=30)
        assert _report(third) is None
        await stop_home_assistant(third)


async def test_a_report_due_while_down_comes_at_start(
    hass_tmp_config_dir: str, freezer: FrozenDateTimeFactory
) -> None:
    freezer.move_to("2026-03-01 08:00:00+00:00")
    async with async_test_home_assistant(config_dir=hass_tmp_config_dir) as first:
        await _start(first)
        await _press(first)
        first.bus.async_fire(
            "mobile_app_notification_action",
            {
                "action": f"BETTI_TEST_{ENTRY_ID}",
                "action_data": {"target": ALICE_PHONE},
            },
        )
        await first.async_block_till_done(wait_background_tasks=True)
        await stop_home_assistant(first)

    freezer.move_to("2026-03-01 09:00:00+00:00")
    async with async_test_home_assistant(config_dir=hass_tmp_config_dir) as second:
        await _start(second)
        assert _report(second) == (
            "Answered within 10 minutes: Alice (mobile_app_alice_phone).\n\n"
            "No answer: Bob."
        )
        await stop_home_assistant(second)
