"""Appointment reminders: at their offsets, to the person's phones, once, across restarts."""

import asyncio
from contextlib import AsyncExitStack
from datetime import datetime
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant import loader
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
    async_test_home_assistant,
)

from custom_components.betti.const import DOMAIN

from ..conftest import db_rows, profile_entry, register_phones, stop_home_assistant

type Pushes = list[tuple[str, dict[str, Any]]]
ALICE_PHONE = "notify.mobile_app_alice_phone"


async def _at(hass: HomeAssistant, freezer: FrozenDateTimeFactory, when: str) -> None:
    freezer.move_to(datetime.fromisoformat(when))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()


def _reminders(pushes: Pushes) -> list[tuple[str, str, str]]:
    return [
        (target, data["message"], data["data"]["tag"])
        for target, data in pushes
        if data["message"] != "clear_notification"
    ]


@pytest.fixture
async def alice(
    hass: HomeAssistant, persons: None, alice_entry: MockConfigEntry, phones: Pushes
) -> MockConfigEntry:
    """Alice with her phone, and a GP appointment at 10:00 on Tuesday 3 March (Pacific)."""
    alice_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        alice_entry, options={**alice_entry.options, "notify_targets": [ALICE_PHONE]}
    )
    assert await hass.config_entries.async_setup(alice_entry.entry_id)
    await hass.async_block_till_done()
    await hass.services.async_call(
        "betti",
        "add_appointment",
        {
            "title": "GP check-up",
            "start": "2026-03-03T10:00:00",
            "location": "Health centre",
            "provider": "Dr Jansen",
        },
        blocking=True,
    )
    return alice_entry


@pytest.mark.freeze_time("2026-03-01 08:00:00-08:00")
async def test_reminders_at_their_offsets_and_once(
    hass: HomeAssistant,
    alice: MockConfigEntry,
    phones: Pushes,
    freezer: FrozenDateTimeFactory,
) -> None:
    await _at(hass, freezer, "2026-03-02T09:59:00-08:00")
    assert _reminders(phones) == []
    # A day before.
    await _at(hass, freezer, "2026-03-02T10:00:00-08:00")
    ics = db_rows(hass, "SELECT ics FROM calendars")[0][0]
    assert len(_reminders(phones)) == 1
    target, message, tag = _reminders(phones)[0]
    assert (target, message) == (
        ALICE_PHONE,
        "GP check-up (Dr Jansen), Tue 03 Mar 10:00 at Health centre",
    )
    assert tag.startswith("betti_appointment_")
    assert tag.endswith("_20260303T100000")
    assert isinstance(ics, str)
    assert f"UID:{tag.split('_')[2]}" in ics
    # A restart (reload) does not send it again.
    assert await hass.config_entries.async_reload(alice.entry_id)
    await _at(hass, freezer, "2026-03-03T07:59:00-08:00")
    assert len(_reminders(phones)) == 1
    # Two hours before, same tag: it replaces the first on the phone.
    await _at(hass, freezer, "2026-03-03T08:00:00-08:00")
    assert [reminder[2] for reminder in _reminders(phones)] == [tag, tag]
    await _at(hass, freezer, "2026-03-03T12:00:00-08:00")
    assert len(_reminders(phones)) == 2
    assert (
        db_rows(hass, "SELECT target, source, result FROM deliveries ORDER BY id")
        == [(ALICE_PHONE, "appointment", "sent")] * 2
    )


@pytest.mark.freeze_time("2026-03-01 08:00:00-08:00")
async def test_reminder_missed_while_down_is_sent_once_on_start(
    hass: HomeAssistant,
    alice: MockConfigEntry,
    phones: Pushes,
    freezer: FrozenDateTimeFactory,
) -> None:
    assert await hass.config_entries.async_unload(alice.entry_id)
    # HA is down over both reminder times; it comes back at 09:00, before the appointment.
    freezer.move_to(datetime.fromisoformat("2026-03-03T09:00:00-08:00"))
    assert await hass.config_entries.async_setup(alice.entry_id)
    await hass.async_block_till_done()
    assert len(_reminders(phones)) == 1
    assert await hass.config_entries.async_reload(alice.entry_id)
    await hass.async_block_till_done()
    await _at(hass, freezer, "2026-03-03T11:00:00-08:00")
    assert len(_reminders(phones)) == 1


@pytest.mark.freeze_time("2026-03-01 08:00:00-08:00")
async def test_reminder_missed_in_a_long_absence_is_sent_once_on_start(
    hass: HomeAssistant,
    alice: MockConfigEntry,
    phones: Pushes,
    freezer: FrozenDateTimeFactory,
) -> None:
    await hass.services.async_call(
        "betti",
        "add_appointment",
        {"title": "Eye test", "start": "2026-04-20T10:00:00"},
        blocking=True,
    )
    assert await hass.config_entries.async_unload(alice.entry_id)
    # Away seven weeks, longer than the calendar the coordinator holds looks back.
    freezer.move_to(datetime.fromisoformat("2026-04-20T09:00:00-07:00"))
    assert await hass.config_entries.async_setup(alice.entry_id)
    await hass.async_block_till_done()
    assert [message for _, message, _ in _reminders(phones)] == [
        "Eye test, Mon 20 Apr 10:00"
    ]


@pytest.mark.freeze_time("2026-03-01 08:00:00-08:00")
async def test_chosen_offsets_and_late_additions(
    hass: HomeAssistant,
    alice: MockConfigEntry,
    phones: Pushes,
    freezer: FrozenDateTimeFactory,
) -> None:
    # Only 30 minutes before, chosen in the options.
    hass.config_entries.async_update_entry(
        alice, options={**alice.options, "appointment_reminders": ["30"]}
    )
    await hass.async_block_till_done()
    await _at(hass, freezer, "2026-03-03T09:29:00-08:00")
    assert _reminders(phones) == []
    # Added 20 minutes ahead: its 30-minute reminder time has passed, so none for it.
    await hass.services.async_call(
        "betti",
        "add_appointment",
        {"title": "Hearing aid", "start": "2026-03-03T09:49:00"},
        blocking=True,
    )
    await _at(hass, freezer, "2026-03-03T09:30:00-08:00")
    assert [message for _, message, _ in _reminders(phones)] == [
        "GP check-up (Dr Jansen), Tue 03 Mar 10:00 at Health centre"
    ]
    await _at(hass, freezer, "2026-03-03T10:30:00-08:00")
    assert len(_reminders(phones)) == 1


@pytest.mark.freeze_time("2026-03-01 08:00:00-08:00")
async def test_home_assistant_stop_cuts_short_a_catch_up_on_a_silent_phone(
    hass: HomeAssistant,
    alice: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    pushing = asyncio.Event()

    async def never_answers(call: ServiceCall) -> None:
        pushing.set()
        await asyncio.Event().wait()

    hass.services.async_register("notify", "mobile_app_alice_phone", never_answers)
    assert await hass.config_entries.async_unload(alice.entry_id)
    # Back after the day-before reminder time: the catch-up on start pushes it.
    freezer.move_to(datetime.fromisoformat("2026-03-02T11:00:00-08:00"))
    assert await hass.config_entries.async_setup(alice.entry_id)
    async with asyncio.timeout(10):
        await pushing.wait()
    await hass.async_stop()
    assert "should cancel non-critical tasks" not in caplog.text


async def test_reminder_times_in_the_options(
    hass: HomeAssistant, alice_entry: MockConfigEntry
) -> None:
    alice_entry.add_to_hass(hass)
    result = await hass.config_entries.options.async_init(alice_entry.entry_id)
    assert "appointments" in result["menu_options"]
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "appointments"}
    )
    assert result["step_id"] == "appointments"
    # A day and two hours ahead until the person chooses otherwise.
    [field] = result["data_schema"].schema
    assert field.description == {"suggested_value": ["1440", "120"]}
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"appointment_reminders": ["2880", "60"]}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert alice_entry.options["appointment_reminders"] == ["2880", "60"]
    assert alice_entry.options["weight_unit"] == "kg"  # the other groups are kept


async def _start_ha(
    stack: AsyncExitStack, config_dir: str, entry: MockConfigEntry
) -> tuple[HomeAssistant, Pushes]:
    """Start a Home Assistant (as a real start would) with Alice's profile and phone."""
    hass = await stack.enter_async_context(
        async_test_home_assistant(config_dir=config_dir)
    )
    hass.data.pop(loader.DATA_CUSTOM_COMPONENTS)
    assert await async_setup_component(
        hass, "person", {"person": [{"id": "alice", "name": "Alice"}]}
    )
    pushes = register_phones(hass)
    MockConfigEntry(
        domain=DOMAIN,
        entry_id=entry.entry_id,
        title=entry.title,
        unique_id=entry.unique_id,
        data=dict(entry.data),
        options={**entry.options, "notify_targets": [ALICE_PHONE]},
    ).add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return hass, pushes


@pytest.mark.own_hass
@pytest.mark.freeze_time("2026-03-01 08:00:00-08:00")
async def test_home_assistant_restart_sends_nothing_twice(
    hass_tmp_config_dir: str, freezer: FrozenDateTimeFactory
) -> None:
    entry = profile_entry()
    async with AsyncExitStack() as stack:
        first, pushes = await _start_ha(stack, hass_tmp_config_dir, entry)
        await first.services.async_call(
            "betti",
            "add_appointment",
            {"title": "GP check-up", "start": "2026-03-03T10:00:00"},
            blocking=True,
        )
        await _at(first, freezer, "2026-03-02T10:00:00-08:00")
        assert len(_reminders(pushes)) == 1
        # The calendar entity's start/end alarms live on the test's shared event loop.
        assert await first.config_entries.async_unload(entry.entry_id)
        await stop_home_assistant(first)
    async with AsyncExitStack() as stack:
        freezer.move_to(datetime.fromisoformat("2026-03-02T11:00:00-08:00"))
        second, pushes = await _start_ha(stack, hass_tmp_config_dir, entry)
        assert _reminders(pushes) == []  # the day-before reminder went out already
        await _at(second, freezer, "2026-03-03T08:00:00-08:00")
        assert len(_reminders(pushes)) == 1
        assert await second.config_entries.async_unload(entry.entry_id)
        await stop_home_assistant(second)
