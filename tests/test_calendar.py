"""The Appointments calendar entity: HA's calendar actions, panel edits, triggers, DST."""

from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
    async_mock_service,
)
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from .conftest import db_rows

CALENDAR = "calendar.betti_alice_appointments"


async def _events(hass: HomeAssistant, start: str, end: str) -> list[dict[str, Any]]:
    response = await hass.services.async_call(
        "calendar",
        "get_events",
        {"entity_id": CALENDAR, "start_date_time": start, "end_date_time": end},
        blocking=True,
        return_response=True,
    )
    return response[CALENDAR]["events"]  # type: ignore[index,no-any-return]


@pytest.mark.freeze_time("2026-03-01 12:00:00+00:00")
async def test_create_show_update_delete(
    hass: HomeAssistant,
    loaded_alice: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    # Nothing planned: the mirror shows no appointment.
    assert hass.states.get(CALENDAR).state == "off"  # type: ignore[union-attr]
    await hass.services.async_call(
        "calendar",
        "create_event",
        {
            "entity_id": CALENDAR,
            "summary": "GP check-up",
            "start_date_time": "2026-03-03 10:00:00",
            "end_date_time": "2026-03-03 10:30:00",
            "location": "Health centre",
            "description": "Bring the medication list",
        },
        blocking=True,
    )
    [event] = await _events(hass, "2026-03-01T00:00:00", "2026-03-08T00:00:00")
    assert event == {
        "start": "2026-03-03T10:00:00-08:00",
        "end": "2026-03-03T10:30:00-08:00",
        "summary": "GP check-up",
        "description": "Bring the medication list",
        "location": "Health centre",
    }
    # What the mirror shows: the next appointment.
    state = hass.states.get(CALENDAR)
    assert state is not None
    assert state.state == "off"
    assert state.attributes["message"] == "GP check-up"
    assert state.attributes["start_time"] == "2026-03-03 10:00:00"
    assert state.attributes["location"] == "Health centre"

    uid = hass.data["entity_components"]["calendar"].get_entity(CALENDAR).event.uid
    client = await hass_ws_client(hass)
    await client.send_json_auto_id(
        {
            "type": "calendar/event/update",
            "entity_id": CALENDAR,
            "uid": uid,
            "event": {
                "summary": "GP check-up",
                "dtstart": "2026-03-03T11:00:00-08:00",
                "dtend": "2026-03-03T11:30:00-08:00",
            },
        }
    )
    assert (await client.receive_json())["success"]
    [moved] = await _events(hass, "2026-03-01T00:00:00", "2026-03-08T00:00:00")
    assert (moved["start"], moved["location"]) == (
        "2026-03-03T11:00:00-08:00",
        "Health centre",
    )
    await client.send_json_auto_id(
        {"type": "calendar/event/delete", "entity_id": CALENDAR, "uid": uid}
    )
    assert (await client.receive_json())["success"]
    assert await _events(hass, "2026-03-01T00:00:00", "2026-03-08T00:00:00") == []
    assert hass.states.get(CALENDAR).state == "off"  # type: ignore[union-attr]
    assert db_rows(
        hass, "SELECT action, source FROM audit_log WHERE action LIKE 'appointment%'"
    ) == [
        ("appointment_added", "calendar"),
        ("appointment_updated", "calendar"),
        ("appointment_removed", "calendar"),
    ]


@pytest.mark.freeze_time("2026-03-01 12:00:00+00:00")
async def test_weekly_recurrence_edits_across_dst(
    hass: HomeAssistant,
    loaded_alice: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """A weekly 09:00 in New York stays at 09:00 local when DST starts (8 March 2026)."""
    previous = hass.config.time_zone
    await hass.config.async_set_time_zone("America/New_York")
    try:
        response = await hass.services.async_call(
            "betti",
            "add_appointment",
            {
                "title": "Physio",
                "start": "2026-03-02T09:00:00",
                "rrule": "FREQ=WEEKLY;COUNT=5",
                "provider": "Ms Rivera",
            },
            blocking=True,
            return_response=True,
        )
        uid = response["uid"]  # type: ignore[index]
        starts = [
            event["start"]
            for event in await _events(
                hass, "2026-03-01T00:00:00", "2026-04-05T00:00:00"
            )
        ]
        assert starts == [
            "2026-03-02T09:00:00-05:00",
            "2026-03-09T09:00:00-04:00",
            "2026-03-16T09:00:00-04:00",
            "2026-03-23T09:00:00-04:00",
            "2026-03-30T09:00:00-04:00",
        ]
        client = await hass_ws_client(hass)
        # The panel moves just the week after DST to 10:00 ...
        await client.send_json_auto_id(
            {
                "type": "calendar/event/update",
                "entity_id": CALENDAR,
                "uid": uid,
                "recurrence_id": "20260309T090000",
                "event": {
                    "summary": "Physio",
                    "dtstart": "2026-03-09T10:00:00-04:00",
                    "dtend": "2026-03-09T11:00:00-04:00",
                },
            }
        )
        assert (await client.receive_json())["success"]
        # ... moves the sessions from 16 March on to another clinic ...
        await client.send_json_auto_id(
            {
                "type": "calendar/event/update",
                "entity_id": CALENDAR,
                "uid": uid,
                "recurrence_id": "20260316T090000",
                "recurrence_range": "THISANDFUTURE",
                "event": {
                    "summary": "Physio",
                    "dtstart": "2026-03-16T09:00:00-04:00",
                    "dtend": "2026-03-16T10:00:00-04:00",
                    "location": "Clinic B",
                },
            }
        )
        assert (await client.receive_json())["success"]
        assert [
            event.get("location")
            for event in await _events(
                hass, "2026-03-01T00:00:00", "2026-04-05T00:00:00"
            )
        ] == [None, None, "Clinic B", "Clinic B", "Clinic B"]
        # ... and deletes from 23 March on.
        await client.send_json_auto_id(
            {
                "type": "calendar/event/delete",
                "entity_id": CALENDAR,
                "uid": uid,
                "recurrence_id": "20260323T090000",
                "recurrence_range": "THISANDFUTURE",
            }
        )
        assert (await client.receive_json())["success"]
        starts = [
            event["start"]
            for event in await _events(
                hass, "2026-03-01T00:00:00", "2026-04-05T00:00:00"
            )
        ]
        assert starts == [
            "2026-03-02T09:00:00-05:00",
            "2026-03-09T10:00:00-04:00",
            "2026-03-16T09:00:00-04:00",
        ]
    finally:
        await hass.config.async_set_time_zone(previous)


@pytest.mark.freeze_time("2026-03-01 12:00:00+00:00")
async def test_calendar_trigger_fires_before_an_appointment(
    hass: HomeAssistant, loaded_alice: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    await hass.services.async_call(
        "betti",
        "add_appointment",
        {"title": "Dentist", "start": "2026-03-01T13:00:00+00:00"},
        blocking=True,
    )
    calls = async_mock_service(hass, "test", "automation")
    assert await async_setup_component(
        hass,
        "automation",
        {
            "automation": {
                "triggers": {
                    "trigger": "calendar",
                    "event": "start",
                    "entity_id": CALENDAR,
                    "offset": "-0:15:0",
                },
                "actions": {
                    "action": "test.automation",
                    "data": {"summary": "{{ trigger.calendar_event.summary }}"},
                },
            }
        },
    )
    await hass.async_block_till_done()
    for minute in range(5, 65, 5):
        freezer.tick(timedelta(minutes=5))
        # Twice: the trigger's 15-minute refresh sets a timer for the moment it runs.
        for _ in range(2):
            async_fire_time_changed(hass)
            await hass.async_block_till_done(wait_background_tasks=True)
        # 15 minutes before 13:00 UTC, and only then.
        assert len(calls) == (1 if minute >= 45 else 0), minute
    assert calls[0].data == {"summary": "Dentist"}
    # At 13:00 the appointment is under way: the calendar is on.
    assert hass.states.get(CALENDAR).state == "on"  # type: ignore[union-attr]
    await hass.services.async_call(
        "automation", "turn_off", {"entity_id": "all"}, blocking=True
    )


@pytest.mark.freeze_time("2026-03-01 12:00:00+00:00")
async def test_months_long_past_still_show(
    hass: HomeAssistant, loaded_alice: MockConfigEntry
) -> None:
    """The entity keeps only recent events parsed; an older month is read in full."""
    for title, start, rrule in (
        ("Old dentist", "2024-06-04 10:00:00", None),
        ("Walk group", "2024-01-02 09:00:00", "FREQ=WEEKLY"),
    ):
        await hass.services.async_call(
            "betti",
            "add_appointment",
            {
                "config_entry_id": loaded_alice.entry_id,
                "title": title,
                "start": start,
                **({"rrule": rrule} if rrule else {}),
            },
            blocking=True,
            return_response=True,
        )
    june_2024 = await _events(hass, "2024-06-03T00:00:00", "2024-06-10T00:00:00")
    assert [event["summary"] for event in june_2024] == ["Walk group", "Old dentist"]
    this_week = await _events(hass, "2026-03-01T00:00:00", "2026-03-08T00:00:00")
    assert [event["start"] for event in this_week] == ["2026-03-03T09:00:00-08:00"]
