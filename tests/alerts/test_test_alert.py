"""The "Send test alert" button: every phone and contact, end to end, and who answered."""

from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components import persistent_notification
from homeassistant.const import EntityCategory
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import Unauthorized
from homeassistant.helpers import entity_registry as er, issue_registry as ir
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    MockUser,
    async_fire_time_changed,
)

from ..conftest import ALICE_PHONE, BOB_PHONE, Pushes
from .test_alerts import alerting_entry

ENTRY_ID = "alice_entry"
BUTTON = "button.betti_alice_send_test_alert"
BROKEN_PHONE = "notify.mobile_app_broken_phone"
CONTACTS = [
    {"name": "Bob", "relation": "Son", "phone": "", "notify_target": BOB_PHONE},
    {"name": "Carol", "relation": "", "phone": "", "notify_target": BROKEN_PHONE},
]
pytestmark = pytest.mark.freeze_time("2026-03-01 08:00:00+00:00")


@pytest.fixture
async def alice(hass: HomeAssistant, persons: None, phones: Pushes) -> MockConfigEntry:
    """Alice's phone; her contacts Bob (a phone) and Carol (a phone whose pushes fail)."""
    entry = alerting_entry(ENTRY_ID, emergency_contacts=CONTACTS)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    return entry


async def _press(hass: HomeAssistant, user: MockUser | None = None) -> None:
    await hass.services.async_call(
        "button",
        "press",
        {"entity_id": BUTTON},
        blocking=True,
        context=Context(user_id=user.id if user else None),
    )
    await hass.async_block_till_done(wait_background_tasks=True)


def _report(hass: HomeAssistant) -> dict[str, Any] | None:
    notices = persistent_notification._async_get_or_create_notifications(hass)
    return notices.get(f"betti_test_alert_{ENTRY_ID}")


async def test_test_alert_reports_who_answered(
    hass: HomeAssistant,
    alice: MockConfigEntry,
    phones: Pushes,
    freezer: FrozenDateTimeFactory,
) -> None:
    entity = er.async_get(hass).async_get(BUTTON)
    assert entity is not None
    assert entity.entity_category is EntityCategory.CONFIG
    await _press(hass)
    pushed = dict(phones)
    assert sorted(pushed) == [ALICE_PHONE, BOB_PHONE]
    for data in pushed.values():
        assert data["message"].startswith("This is a test")
        assert data["data"]["actions"] == [
            {"action": f"BETTI_TEST_{ENTRY_ID}", "title": "That reached me"}
        ]
        assert data["data"]["push"]["interruption-level"] == "time-sensitive"
    # Carol's push failed at once: a repair names her.
    issue = ir.async_get(hass).async_get_issue(
        "betti", f"test_alert_failed_{ENTRY_ID}_{BROKEN_PHONE}"
    )
    assert issue is not None
    assert issue.translation_placeholders == {
        "name": "Alice",
        "recipient": "Carol",
        "target": BROKEN_PHONE,
        "reason": "push service unreachable",
    }
    # Bob taps "That reached me"; Alice does not.
    hass.bus.async_fire(
        "mobile_app_notification_action",
        {"action": f"BETTI_TEST_{ENTRY_ID}", "action_data": {"target": BOB_PHONE}},
    )
    await hass.async_block_till_done(wait_background_tasks=True)
    freezer.tick(timedelta(minutes=9))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert _report(hass) is None
    freezer.tick(timedelta(minutes=1))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    report = _report(hass)
    assert report is not None
    assert report["title"] == "Betti test alert for Alice"
    assert report["message"] == (
        "Answered within 10 minutes: Bob.\n\n"
        "No answer: Alice (mobile_app_alice_phone).\n\n"
        "Could not be sent: Carol (see Repairs)."
    )


async def test_only_those_who_may_act_can_press(
    hass: HomeAssistant, alice: MockConfigEntry, phones: Pushes
) -> None:
    assert hass.states.get(BUTTON) is not None
    stranger = MockUser(name="Dave").add_to_hass(hass)
    with pytest.raises(Unauthorized):
        await _press(hass, stranger)
    assert phones == []


async def test_nobody_to_reach_is_reported_at_once(
    hass: HomeAssistant, persons: None, phones: Pushes
) -> None:
    entry = alerting_entry(ENTRY_ID, notify_targets=[], emergency_contacts=[])
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await _press(hass)
    assert phones == []
    report = _report(hass)
    assert report is not None
    assert report["message"].startswith(
        "Betti has no phone or contact to send a test to for Alice."
    )
