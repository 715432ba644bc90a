"""The appointment actions: response data, occurrences, who may use them, bad input."""

from typing import Any

from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import ServiceValidationError, Unauthorized
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, MockUser

from ..conftest import db_rows, profile_entry

CALENDAR = "calendar.betti_alice_appointments"


async def _call(
    hass: HomeAssistant, service: str, data: dict[str, Any], **kwargs: Any
) -> Any:
    return await hass.services.async_call(
        "betti", service, data, blocking=True, return_response=True, **kwargs
    )


async def _events(hass: HomeAssistant) -> list[tuple[str, str, str | None]]:
    response = await hass.services.async_call(
        "calendar",
        "get_events",
        {
            "entity_id": CALENDAR,
            "start_date_time": "2026-03-01T00:00:00",
            "duration": {"days": 40},
        },
        blocking=True,
        return_response=True,
    )
    return [
        (event["start"], event["summary"], event.get("location"))
        for event in response[CALENDAR]["events"]  # type: ignore[index]
    ]


def _stored(hass: HomeAssistant) -> tuple[list[tuple[object, ...]], int]:
    audit = db_rows(hass, "SELECT count(*) FROM audit_log")[0][0]
    return db_rows(hass, "SELECT ics FROM calendars"), int(audit)  # type: ignore[call-overload]


@pytest.mark.freeze_time("2026-03-01 08:00:00+00:00")
async def test_add_update_remove(
    hass: HomeAssistant, loaded_alice: MockConfigEntry, alice_user: MockUser
) -> None:
    context = Context(user_id=alice_user.id)  # her own profile: allowed
    added = await _call(
        hass,
        "add_appointment",
        {
            "title": "Eye test",
            "start": "2026-03-05T14:00:00-08:00",
            "location": "Optician",
            "provider": "Mr Patel",
            "notes": "Bring glasses",
            "rrule": "FREQ=WEEKLY;COUNT=3",
        },
        context=context,
    )
    uid = added["uid"]
    assert await _events(hass) == [
        ("2026-03-05T14:00:00-08:00", "Eye test", "Optician"),
        ("2026-03-12T14:00:00-07:00", "Eye test", "Optician"),
        ("2026-03-19T14:00:00-07:00", "Eye test", "Optician"),
    ]
    # The provider is stored with it (iCalendar CONTACT).
    assert "CONTACT:Mr Patel" in str(db_rows(hass, "SELECT ics FROM calendars")[0][0])
    # One occurrence moves to another place.
    assert await _call(
        hass,
        "update_appointment",
        {"uid": uid, "recurrence_id": "20260312T140000", "location": "Hospital"},
    ) == {"uid": uid}
    # From the third one on, it is called something else.
    await _call(
        hass,
        "update_appointment",
        {
            "uid": uid,
            "recurrence_id": "20260319T140000",
            "this_and_following": True,
            "title": "Eye check",
        },
    )
    assert await _events(hass) == [
        ("2026-03-05T14:00:00-08:00", "Eye test", "Optician"),
        ("2026-03-12T14:00:00-07:00", "Eye test", "Hospital"),
        ("2026-03-19T14:00:00-07:00", "Eye check", "Optician"),
    ]
    await _call(
        hass, "remove_appointment", {"uid": uid, "recurrence_id": "20260305T140000"}
    )
    assert [summary for _, summary, _ in await _events(hass)] == [
        "Eye test",
        "Eye check",
    ]
    assert await _call(hass, "remove_appointment", {"uid": uid}) == {"uid": uid}
    assert await _events(hass) == []
    assert db_rows(
        hass,
        "SELECT action, user_id FROM audit_log WHERE action LIKE 'appointment%' ORDER BY id",
    ) == [
        ("appointment_added", alice_user.id),
        ("appointment_updated", None),
        ("appointment_updated", None),
        ("appointment_removed", None),
        ("appointment_removed", None),
    ]


async def test_all_day_appointment(
    hass: HomeAssistant, loaded_alice: MockConfigEntry
) -> None:
    await _call(
        hass,
        "add_appointment",
        {"title": "Hospital stay", "start": "2026-03-10", "end": "2026-03-12"},
    )
    response = await hass.services.async_call(
        "calendar",
        "get_events",
        {
            "entity_id": CALENDAR,
            "start_date_time": "2026-03-01T00:00:00",
            "duration": {"days": 30},
        },
        blocking=True,
        return_response=True,
    )
    [event] = response[CALENDAR]["events"]  # type: ignore[index]
    assert (event["start"], event["end"]) == ("2026-03-10", "2026-03-12")


async def test_someone_elses_profile_is_refused(
    hass: HomeAssistant, persons: None, alice_user: MockUser
) -> None:
    bob = profile_entry("person.bob", "Bob")
    bob.add_to_hass(hass)
    assert await hass.config_entries.async_setup(bob.entry_id)
    with pytest.raises(Unauthorized):
        await _call(
            hass,
            "add_appointment",
            {"title": "X", "start": "2026-03-05T14:00:00"},
            context=Context(user_id=alice_user.id),
        )
    assert db_rows(hass, "SELECT count(*) FROM calendars") == [(0,)]


@pytest.mark.parametrize(
    ("service", "data", "key"),
    [
        (
            "add_appointment",
            {
                "title": "X",
                "start": "2026-03-05T14:00:00",
                "end": "2026-03-05T13:00:00",
            },
            "appointment_end_before_start",
        ),
        (
            "add_appointment",
            {"title": "X", "start": "2026-03-05T14:00:00", "rrule": "EVERY MONDAY"},
            "appointment_bad_rrule",
        ),
        (
            "add_appointment",
            {"title": "X", "start": "2026-03-05", "end": "2026-03-06T10:00:00"},
            "appointment_mixed_all_day",
        ),
        ("update_appointment", {"uid": "nope", "title": "Y"}, "appointment_not_found"),
        (
            "update_appointment",
            {"uid": "UID", "recurrence_id": "20260306T090000", "title": "Y"},
            "appointment_not_found",
        ),
        (
            "update_appointment",
            {"uid": "UID", "this_and_following": True, "title": "Y"},
            "appointment_following_needs_occurrence",
        ),
        (
            "update_appointment",
            {"uid": "UID", "end": "2026-03-01T08:00:00"},
            "appointment_end_before_start",
        ),
        ("remove_appointment", {"uid": "nope"}, "appointment_not_found"),
    ],
)
async def test_bad_input_writes_nothing(
    hass: HomeAssistant,
    loaded_alice: MockConfigEntry,
    service: str,
    data: dict[str, Any],
    key: str,
) -> None:
    uid = (
        await _call(
            hass,
            "add_appointment",
            {"title": "GP", "start": "2026-03-05T09:00:00", "rrule": "FREQ=WEEKLY"},
        )
    )["uid"]
    before = _stored(hass)
    with pytest.raises(ServiceValidationError) as err:
        await _call(
            hass,
            service,
            {key: (uid if value == "UID" else value) for key, value in data.items()},
        )
    assert err.value.translation_key == key
    assert str(err.value)  # rendered from en.json, placeholders filled
    assert _stored(hass) == before
