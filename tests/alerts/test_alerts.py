"""Escalation timelines, acknowledgement on every path, failures, caps and restarts."""

from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import ServiceValidationError
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    MockUser,
    async_fire_time_changed,
)

from custom_components.betti.alerts.escalation import AlertSource, Severity
from custom_components.betti.alerts.raising import async_raise_alert
from custom_components.betti.notifications import delivery

from ..conftest import (
    ALICE_PHONE,
    BOB_PHONE,
    CAROL_PHONE,
    HAL_PHONE,
    Pushes,
    db_rows,
    profile_entry,
)

CONTACTS = [
    {
        "name": "Bob",
        "relation": "Son",
        "phone": "+44 7700 900123",
        "notify_target": BOB_PHONE,
    },
    {
        "name": "Carol",
        "relation": "Neighbour",
        "phone": "",
        "notify_target": CAROL_PHONE,
    },
]
OPTIONS = {
    "notify_targets": [ALICE_PHONE],
    "emergency_contacts": CONTACTS,
    "caregiver_delay": 5,
    "contact_interval": 2,
    "everyone_delay": 15,
}
LAST_ALERT = "sensor.betti_alice_last_alert"
ALERT_ACTIVE = "binary_sensor.betti_alice_alert_active"
HELP_REQUESTED = "binary_sensor.betti_alice_help_requested"
ALERT_EVENT = "event.betti_alice_alert"
ENTRY_ID = "alice_entry"

pytestmark = pytest.mark.freeze_time("2026-03-01 08:00:00+00:00")


def alerting_entry(entry_id: str | None = None, **options: Any) -> MockConfigEntry:
    """Alice's profile with her phone, two contacts and 5/2/15-minute escalation."""
    return profile_entry(entry_id=entry_id, **(OPTIONS | options))


@pytest.fixture
async def alice(hass: HomeAssistant, persons: None, phones: Pushes) -> MockConfigEntry:
    """Alice's alerting profile, loaded, in a household with Hal (who has a phone)."""
    entry = alerting_entry(ENTRY_ID)
    entry.add_to_hass(hass)
    hal = profile_entry("person.bob", "Hal", notify_targets=[HAL_PHONE])
    hal.add_to_hass(hass)
    # Setting up the first profile sets up the integration, and so every profile.
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    return entry


async def _raise(hass: HomeAssistant, entry: MockConfigEntry, **kwargs: Any) -> int:
    return await async_raise_alert(
        hass,
        entry,
        source=kwargs.pop("source", AlertSource.VITAL_THRESHOLD),
        severity=kwargs.pop("severity", Severity.WARNING),
        message=kwargs.pop("message", "Blood pressure 190/120"),
        **kwargs,
    )


async def _advance(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, minutes: float
) -> None:
    freezer.tick(timedelta(minutes=minutes))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)


def _targets(pushes: Pushes) -> list[str]:
    targets = [target for target, _ in pushes]
    pushes.clear()
    return targets


async def test_escalation_timeline(
    hass: HomeAssistant,
    alice: MockConfigEntry,
    phones: Pushes,
    freezer: FrozenDateTimeFactory,
) -> None:
    alert_id = await _raise(hass, alice)
    await hass.async_block_till_done(wait_background_tasks=True)
    # Stage 1: Alice's own phone, with an acknowledge button and a replaceable tag.
    ((target, sent),) = phones
    assert target == ALICE_PHONE
    assert sent["title"] == "Betti · Alice"
    assert sent["message"] == "Blood pressure 190/120"
    assert sent["data"]["tag"] == f"betti_alert_{alert_id}"
    assert sent["data"]["actions"] == [
        {"action": f"BETTI_ACK_{alert_id}", "title": "I'm on it"},
        {"action": "URI", "title": "Call Bob", "uri": "tel:+447700900123"},
        {"action": "URI", "title": "Video call", "uri": "/betti-family/alice"},
    ]
    assert sent["data"]["push"]["interruption-level"] == "time-sensitive"
    phones.clear()
    assert hass.states.get(ALERT_ACTIVE).state == "on"
    assert hass.states.get(HELP_REQUESTED).state == "off"
    assert hass.states.get(LAST_ALERT).state == "2026-03-01T08:00:00+00:00"
    assert hass.states.get(LAST_ALERT).attributes["message"] == "Blood pressure 190/120"
    assert hass.states.get(ALERT_EVENT).attributes["event_type"] == "raised"

    await _advance(hass, freezer, 4.9)
    assert _targets(phones) == []
    await _advance(hass, freezer, 0.1)  # minute 5: the first contact
    assert _targets(phones) == [BOB_PHONE]
    assert hass.states.get(ALERT_EVENT).attributes["event_type"] == "escalated"
    assert hass.states.get(ALERT_EVENT).attributes["stage"] == 2
    await _advance(hass, freezer, 2)  # minute 7: the second contact
    assert _targets(phones) == [CAROL_PHONE]
    await _advance(hass, freezer, 8)  # minute 15: everyone, the household too
    assert sorted(_targets(phones)) == [ALICE_PHONE, BOB_PHONE, CAROL_PHONE, HAL_PHONE]
    assert hass.states.get(ALERT_EVENT).attributes["stage"] == 3
    await _advance(hass, freezer, 60)
    assert phones == []
    assert hass.states.get(ALERT_ACTIVE).attributes == {
        "alert_ids": [alert_id],
        "stage": 3,
        "device_class": "problem",
        "friendly_name": "Betti · Alice Alert active",
    }


async def test_acknowledged_from_a_phone(
    hass: HomeAssistant,
    alice: MockConfigEntry,
    phones: Pushes,
    freezer: FrozenDateTimeFactory,
    hass_admin_user: MockUser,
) -> None:
    alert_id = await _raise(hass, alice)
    await _advance(hass, freezer, 5)
    assert _targets(phones) == [ALICE_PHONE, BOB_PHONE]
    # Bob taps "I'm on it" on his phone; the companion app fires this event.
    hass.bus.async_fire(
        "mobile_app_notification_action",
        {"action": f"BETTI_ACK_{alert_id}", "action_data": {"target": BOB_PHONE}},
        context=Context(user_id=hass_admin_user.id),
    )
    await hass.async_block_till_done(wait_background_tasks=True)
    # Cleared from Bob's phone, replaced on Alice's by who is on it; nobody else is told.
    ((cleared, clear), (told, on_it)) = phones
    assert (cleared, clear) == (
        BOB_PHONE,
        {"message": "clear_notification", "data": {"tag": f"betti_alert_{alert_id}"}},
    )
    assert (told, on_it["message"]) == (ALICE_PHONE, "Bob is on it.")
    phones.clear()
    await _advance(hass, freezer, 30)
    assert phones == []
    assert hass.states.get(ALERT_ACTIVE).state == "off"
    assert hass.states.get(ALERT_EVENT).attributes["event_type"] == "acknowledged"
    response = await hass.services.async_call(
        "betti",
        "get_alerts",
        {"config_entry_id": ENTRY_ID},
        blocking=True,
        return_response=True,
    )
    (alert,) = response["alerts"]
    assert alert["acknowledged_by"] == hass_admin_user.name
    assert alert["acknowledged_via"] == "phone"
    assert alert["stage"] == 2
    assert [(d["target"], d["result"]) for d in alert["deliveries"]] == [
        (ALICE_PHONE, "sent"),
        (BOB_PHONE, "sent"),
        (BOB_PHONE, "acknowledged"),
        (BOB_PHONE, "cleared"),
        (ALICE_PHONE, "sent"),
    ]
    # A second tap (Carol's, say) changes nothing.
    hass.bus.async_fire(
        "mobile_app_notification_action", {"action": f"BETTI_ACK_{alert_id}"}
    )
    await hass.async_block_till_done(wait_background_tasks=True)
    assert phones == []


async def test_call_for_help_and_mirror_acknowledgement(
    hass: HomeAssistant,
    alice: MockConfigEntry,
    phones: Pushes,
    freezer: FrozenDateTimeFactory,
) -> None:
    await hass.services.async_call(
        "button",
        "press",
        {"entity_id": "button.betti_alice_call_for_help"},
        blocking=True,
    )
    await hass.async_block_till_done(wait_background_tasks=True)
    # Stages 1 and 2 at once, at critical level.
    assert sorted(_targets_and_level(phones)) == [
        (ALICE_PHONE, "critical"),
        (BOB_PHONE, "critical"),
        (CAROL_PHONE, "critical"),
    ]
    assert (
        phones[0][1]["message"]
        == "Alice is asking for help. Please go to them now, or start a video call."
    )
    phones.clear()
    assert hass.states.get(HELP_REQUESTED).state == "on"
    # Pressing again while help is requested does not start a second incident.
    await hass.services.async_call(
        "button",
        "press",
        {"entity_id": "button.betti_alice_call_for_help"},
        blocking=True,
    )
    assert phones == []
    await _advance(hass, freezer, 5)  # stage 3 comes after the caregiver delay
    assert sorted(_targets(phones)) == [ALICE_PHONE, BOB_PHONE, CAROL_PHONE, HAL_PHONE]
    await hass.services.async_call(
        "button",
        "press",
        {"entity_id": "button.betti_alice_acknowledge_alerts"},
        blocking=True,
    )
    await hass.async_block_till_done(wait_background_tasks=True)
    assert sorted(_targets(phones)) == [ALICE_PHONE, BOB_PHONE, CAROL_PHONE, HAL_PHONE]
    assert hass.states.get(HELP_REQUESTED).state == "off"
    assert db_rows(hass, "SELECT source, stage, acknowledged_via FROM alerts") == [
        ("panic", 3, "mirror")
    ]


def _targets_and_level(pushes: Pushes) -> list[tuple[str, str]]:
    return [
        (target, data["data"]["push"]["interruption-level"]) for target, data in pushes
    ]


async def test_acknowledged_by_the_action(
    hass: HomeAssistant,
    alice: MockConfigEntry,
    phones: Pushes,
    freezer: FrozenDateTimeFactory,
) -> None:
    first = await _raise(hass, alice)
    second = await _raise(
        hass, alice, message="Missed 8:00 dose", source=AlertSource.MISSED_DOSE
    )
    phones.clear()
    response = await hass.services.async_call(
        "betti",
        "acknowledge_alert",
        {"config_entry_id": ENTRY_ID, "alert_id": first},
        blocking=True,
        return_response=True,
    )
    assert response == {"acknowledged": [first]}
    assert _targets(phones) == [ALICE_PHONE]  # the clear
    with pytest.raises(
        ServiceValidationError, match=f"Alert {first} was already acknowledged"
    ):
        await hass.services.async_call(
            "betti",
            "acknowledge_alert",
            {"config_entry_id": ENTRY_ID, "alert_id": first},
            blocking=True,
        )
    with pytest.raises(
        ServiceValidationError, match="This profile has no alert number 99"
    ):
        await hass.services.async_call(
            "betti",
            "acknowledge_alert",
            {"config_entry_id": ENTRY_ID, "alert_id": 99},
            blocking=True,
        )
    await _advance(hass, freezer, 5)  # the other alert still escalates
    assert _targets(phones) == [BOB_PHONE]
    response = await hass.services.async_call(
        "betti",
        "acknowledge_alert",
        {"config_entry_id": ENTRY_ID},
        blocking=True,
        return_response=True,
    )
    assert response == {"acknowledged": [second]}
    assert db_rows(
        hass,
        "SELECT action, source FROM audit_log WHERE action LIKE 'alert%' ORDER BY id",
    ) == [
        ("alert_raised", "vital_threshold"),
        ("alert_raised", "missed_dose"),
        ("alert_acknowledged", "service"),
        ("alert_acknowledged", "service"),
    ]


async def test_same_dedupe_key_is_one_alert(
    hass: HomeAssistant, alice: MockConfigEntry, phones: Pushes
) -> None:
    first = await _raise(hass, alice, dedupe_key="bp-high")
    assert await _raise(hass, alice, dedupe_key="bp-high") == first
    assert _targets(phones) == [ALICE_PHONE]
    await hass.services.async_call(
        "betti", "acknowledge_alert", {"config_entry_id": ENTRY_ID}, blocking=True
    )
    assert await _raise(hass, alice, dedupe_key="bp-high") != first


async def test_failed_push_is_recorded_and_escalation_goes_on(
    hass: HomeAssistant, persons: None, phones: Pushes, freezer: FrozenDateTimeFactory
) -> None:
    entry = alerting_entry(notify_targets=["notify.mobile_app_broken_phone"])
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await _raise(hass, entry)
    await _advance(hass, freezer, 5)
    assert _targets(phones) == [BOB_PHONE]
    assert db_rows(
        hass, "SELECT target, result, reason FROM deliveries ORDER BY id"
    ) == [
        ("notify.mobile_app_broken_phone", "failed", "push service unreachable"),
        (BOB_PHONE, "sent", None),
    ]


async def test_daily_cap(
    hass: HomeAssistant,
    alice: MockConfigEntry,
    phones: Pushes,
    freezer: FrozenDateTimeFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(delivery, "DAILY_PUSH_CAP", 2)
    for number in range(3):
        await _raise(hass, alice, dedupe_key=str(number))
    await hass.async_block_till_done(wait_background_tasks=True)
    # Her contacts' phones are told, once, that pushes to hers are held back.
    assert sorted(_targets(phones)) == [
        ALICE_PHONE,
        ALICE_PHONE,
        BOB_PHONE,
        CAROL_PHONE,
    ]
    assert db_rows(
        hass,
        "SELECT alert_id, result, reason FROM deliveries"
        " WHERE source = 'alert' ORDER BY id",
    ) == [
        (1, "sent", None),
        (2, "sent", None),
        (3, "capped", "daily cap 2"),
    ]
    # The cap is per local day (US/Pacific here): after her midnight the phone gets pushes again.
    await hass.services.async_call(
        "betti", "acknowledge_alert", {"config_entry_id": ENTRY_ID}, blocking=True
    )
    phones.clear()
    freezer.move_to("2026-03-02 08:00:01+00:00")
    await _raise(hass, alice)
    assert _targets(phones) == [ALICE_PHONE]
