"""The daily "Betti is watching" check: a carer hears when a person's phones went silent."""

from datetime import timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.helpers import (
    device_registry as dr,
    entity_registry as er,
    issue_registry as ir,
)
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.betti.notifications.delivery import async_record_acknowledged

from ..conftest import ALICE_PHONE, BOB_PHONE, Pushes, profile_entry

ISSUE_ID = "phones_silent_alice_entry"

# 09:00 in HA's test time zone (US/Pacific): the check runs at 10:00 local.
pytestmark = pytest.mark.freeze_time("2026-03-02 17:00:00+00:00")


async def _alice(hass: HomeAssistant, *, watching: bool) -> MockConfigEntry:
    """Alice with her phone (the companion app's battery sensor), Bob as her contact."""
    entry = profile_entry(
        entry_id="alice_entry",
        notify_targets=[ALICE_PHONE],
        emergency_contacts=[
            {"name": "Bob", "relation": "Son", "notify_target": BOB_PHONE}
        ],
        watching=watching,
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    return entry


def _alice_phone(hass: HomeAssistant) -> str:
    """Register Alice's phone as the companion app does: entry, device, battery sensor."""
    phone = MockConfigEntry(
        domain="mobile_app", data={"device_name": "Alice phone", "webhook_id": "a"}
    )
    phone.add_to_hass(hass)
    device = dr.async_get(hass).async_get_or_create(
        config_entry_id=phone.entry_id, identifiers={("mobile_app", "alice-phone")}
    )
    return (
        er.async_get(hass)
        .async_get_or_create(
            "sensor",
            "mobile_app",
            "alice-phone_battery_level",
            device_id=device.id,
            config_entry=phone,
        )
        .entity_id
    )


async def _next_check(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> None:
    """Move the clock to the next 10:00 local (a day after the last one)."""
    now = dt_util.utcnow()
    target = now.replace(hour=18, minute=0, second=0)  # 10:00 Pacific (PST)
    if target <= now:
        target += timedelta(days=1)
    freezer.move_to(target)
    async_fire_time_changed(hass, target)
    await hass.async_block_till_done(wait_background_tasks=True)


def _warnings(pushes: Pushes) -> list[str]:
    return [
        target
        for target, data in pushes
        if data["data"]["tag"].startswith("betti_watching")
    ]


async def test_option_off_tells_nobody(
    hass: HomeAssistant, persons: None, phones: Pushes, freezer: FrozenDateTimeFactory
) -> None:
    """Off by default: a phone silent for days is nobody's business."""
    sensor = _alice_phone(hass)
    hass.states.async_set(sensor, "80")
    await _alice(hass, watching=False)
    freezer.tick(timedelta(days=2))
    await _next_check(hass, freezer)

    assert _warnings(phones) == []
    assert ir.async_get(hass).async_get_issue("betti", ISSUE_ID) is None


async def test_phone_heard_recently_tells_nobody(
    hass: HomeAssistant, persons: None, phones: Pushes, freezer: FrozenDateTimeFactory
) -> None:
    """The app reported 2 hours before the check: all is well."""
    sensor = _alice_phone(hass)
    await _alice(hass, watching=True)
    freezer.tick(timedelta(hours=23))
    hass.states.async_set(sensor, "80")
    await _next_check(hass, freezer)  # 2 hours later

    assert _warnings(phones) == []
    assert ir.async_get(hass).async_get_issue("betti", ISSUE_ID) is None


async def test_answered_push_counts_as_heard(
    hass: HomeAssistant, persons: None, phones: Pushes, freezer: FrozenDateTimeFactory
) -> None:
    """No sensor report for a day, but she answered a Betti push 2 hours ago."""
    sensor = _alice_phone(hass)
    hass.states.async_set(sensor, "80")
    entry = await _alice(hass, watching=True)
    freezer.tick(timedelta(hours=23))
    await async_record_acknowledged(
        entry, ALICE_PHONE, "betti_dose_1", source="medication", alert_id=None
    )
    await _next_check(hass, freezer)  # 25 hours after the sensor, 1 after the answer

    assert _warnings(phones) == []
    assert ir.async_get(hass).async_get_issue("betti", ISSUE_ID) is None


async def test_silent_phone_tells_carer_until_it_reports(
    hass: HomeAssistant, persons: None, phones: Pushes, freezer: FrozenDateTimeFactory
) -> None:
    """Silent 25 hours: Bob is told once, with a repair; the phone reports: both end."""
    sensor = _alice_phone(hass)
    hass.states.async_set(sensor, "80")
    await _alice(hass, watching=True)
    freezer.tick(timedelta(hours=24))
    await _next_check(hass, freezer)  # 25 hours after it last reported

    assert _warnings(phones) == [BOB_PHONE]
    push = phones[-1][1]
    assert "Alice" in push["message"]
    assert push["data"]["push"]["interruption-level"] == "critical"
    assert ir.async_get(hass).async_get_issue("betti", ISSUE_ID) is not None
    response = await hass.services.async_call(
        "betti",
        "get_deliveries",
        {"config_entry_id": "alice_entry", "kind": "watching"},
        blocking=True,
        return_response=True,
    )
    assert response is not None
    assert len(response["deliveries"]) == 1  # type: ignore[arg-type]

    hass.states.async_set(sensor, "75")
    await hass.async_block_till_done()
    assert ir.async_get(hass).async_get_issue("betti", ISSUE_ID) is None

    await _next_check(hass, freezer)
    assert _warnings(phones) == [BOB_PHONE]


async def test_option_in_notifications_step(
    hass: HomeAssistant, alice_entry: MockConfigEntry, phones: Pushes
) -> None:
    """The option sits with the phones and escalation, off until someone turns it on."""
    alice_entry.add_to_hass(hass)
    result = await hass.config_entries.options.async_init(alice_entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "notifications"}
    )
    settings = {
        "notify_targets": [ALICE_PHONE],
        "caregiver_delay": 5,
        "contact_interval": 2,
        "everyone_delay": 15,
    }
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], settings
    )
    assert alice_entry.options["watching"] is False
    result = await hass.config_entries.options.async_init(alice_entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "notifications"}
    )
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {**settings, "watching": True}
    )
    assert alice_entry.options["watching"] is True
