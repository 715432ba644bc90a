"""Help pushes carry Call back and Video call; whoever answers, everyone already told hears it."""

from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.auth.const import GROUP_ID_USER
from homeassistant.core import Context, HomeAssistant, ServiceCall
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, MockUser

from ..conftest import (
    ALICE_PHONE,
    BOB_PHONE,
    CAROL_PHONE,
    HAL_PHONE,
    Pushes,
    profile_entry,
)
from .test_alerts import CONTACTS, _advance, _raise, alerting_entry

ENTRY_ID = "alice_entry"
pytestmark = pytest.mark.freeze_time("2026-03-01 08:00:00+00:00")


async def _household(hass: HomeAssistant, **options: Any) -> MockConfigEntry:
    entry = alerting_entry(ENTRY_ID, **options)
    entry.add_to_hass(hass)
    hal = profile_entry("person.bob", "Hal")
    MockConfigEntry(
        domain=hal.domain,
        title="Hal",
        unique_id="person.bob",
        data=dict(hal.data),
        options={**hal.options, "notify_targets": [HAL_PHONE]},
    ).add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    return entry


async def _press(hass: HomeAssistant, button: str) -> None:
    await hass.services.async_call(
        "button", "press", {"entity_id": f"button.betti_alice_{button}"}, blocking=True
    )
    await hass.async_block_till_done(wait_background_tasks=True)


def _by_target(pushes: Pushes) -> dict[str, dict[str, Any]]:
    got = dict(pushes)
    pushes.clear()
    return got


async def test_help_push_offers_call_back_and_video_call(
    hass: HomeAssistant, persons: None, phones: Pushes
) -> None:
    await _household(hass, phone="+44 (0)20 7946 0999", call_open_path="/mirror/call")
    await _press(hass, "call_for_help")
    pushes = _by_target(phones)
    # Bob's phone: acknowledge, call Alice back on her number, open the call card.
    assert pushes[BOB_PHONE]["message"] == (
        "Alice is asking for help. Please call or go to them now."
    )
    _ack, call_back, video = pushes[BOB_PHONE]["data"]["actions"]
    assert call_back == {
        "action": "URI",
        "title": "Call Alice",
        "uri": "tel:+442079460999",  # the (0) is dialled only from within the country
    }
    assert video == {"action": "URI", "title": "Video call", "uri": "/mirror/call"}
    assert pushes[CAROL_PHONE]["data"]["actions"][1:] == [call_back, video]
    # Alice's own phone: she can call her first contact with a number (Bob).
    assert pushes[ALICE_PHONE]["data"]["actions"][1] == {
        "action": "URI",
        "title": "Call Bob",
        "uri": "tel:+447700900123",
    }


async def test_without_numbers_only_video_call(
    hass: HomeAssistant, persons: None, phones: Pushes
) -> None:
    await _household(hass)
    await _press(hass, "call_for_help")
    # No number for Alice in her profile: no Call back; Video call opens her family view,
    # with the call card, not HA's Overview.
    push = _by_target(phones)[CAROL_PHONE]
    actions = push["data"]["actions"]
    assert [a["title"] for a in actions] == ["I'm on it", "Video call"]
    # Nor does the text ask to phone her.
    assert push["message"] == (
        "Alice is asking for help. Please go to them now, or start a video call."
    )
    assert actions[1]["uri"] == "/betti-family/alice"


async def test_acknowledgement_tells_everyone_who_is_on_it(
    hass: HomeAssistant,
    persons: None,
    phones: Pushes,
    freezer: FrozenDateTimeFactory,
    hass_admin_user: MockUser,
) -> None:
    entry = await _household(hass)
    alert_id = await _raise(hass, entry)
    await _advance(hass, freezer, 7)  # Alice, then Bob, then Carol
    phones.clear()
    hass.bus.async_fire(
        "mobile_app_notification_action",
        {"action": f"BETTI_ACK_{alert_id}", "action_data": {"target": BOB_PHONE}},
        context=Context(user_id=hass_admin_user.id),
    )
    await hass.async_block_till_done(wait_background_tasks=True)
    pushes = _by_target(phones)
    tag = f"betti_alert_{alert_id}"
    # Bob's own push goes; Alice and Carol see theirs replaced by who is on it.
    assert pushes[BOB_PHONE] == {"message": "clear_notification", "data": {"tag": tag}}
    for target in (ALICE_PHONE, CAROL_PHONE):
        assert pushes[target]["message"] == "Bob is on it."
        assert pushes[target]["data"]["tag"] == tag
        assert pushes[target]["data"]["actions"] == []
    assert HAL_PHONE not in pushes  # never told, so not told now either
    await _advance(hass, freezer, 30)
    assert phones == []


BOB_TABLET = "notify.mobile_app_bob_tablet"


def bob_with_two_phones(hass: HomeAssistant, pushes: Pushes) -> MockUser:
    """Bob's login with two companion apps, his phone and his tablet, both reachable."""
    bob = MockUser(name="Bob").add_to_hass(hass)
    for name, webhook in (("Bob phone", "p"), ("Bob tablet", "t")):
        MockConfigEntry(
            domain="mobile_app",
            data={"device_name": name, "user_id": bob.id, "webhook_id": webhook},
        ).add_to_hass(hass)

    async def capture(call: ServiceCall) -> None:
        pushes.append((f"notify.{call.service}", dict(call.data)))

    hass.services.async_register("notify", "mobile_app_bob_tablet", capture)
    return bob


async def test_answering_on_one_phone_clears_the_others_of_the_same_user(
    hass: HomeAssistant, persons: None, phones: Pushes
) -> None:
    bob = bob_with_two_phones(hass, phones)
    tablet = {
        "name": "Bob",
        "relation": "Son",
        "phone": "",
        "notify_target": BOB_TABLET,
    }
    entry = await _household(hass, emergency_contacts=[*CONTACTS, tablet])
    await _press(hass, "call_for_help")
    assert {BOB_PHONE, BOB_TABLET} <= set(_by_target(phones))
    alert_id = entry.runtime_data.alerts.data.open[0].alert_id
    hass.bus.async_fire(
        "mobile_app_notification_action",
        {"action": f"BETTI_ACK_{alert_id}", "action_data": {"target": BOB_PHONE}},
        context=Context(user_id=bob.id),
    )
    await hass.async_block_till_done(wait_background_tasks=True)
    pushes = _by_target(phones)
    # Bob answered: his tablet's push goes too, rather than telling him he is on it.
    for target in (BOB_PHONE, BOB_TABLET):
        assert pushes[target]["message"] == "clear_notification"
    for target in (ALICE_PHONE, CAROL_PHONE):
        assert pushes[target]["message"] == "Bob is on it."


async def test_the_person_cancelling_help_is_told_to_everyone(
    hass: HomeAssistant, persons: None, phones: Pushes
) -> None:
    await _household(hass)
    await _press(hass, "call_for_help")
    phones.clear()
    await _press(hass, "acknowledge_alerts")  # "I'm fine" on the mirror
    pushes = _by_target(phones)
    assert pushes[ALICE_PHONE]["message"] == "clear_notification"
    for target in (BOB_PHONE, CAROL_PHONE):
        assert pushes[target]["message"] == "Alice cancelled the help call."
        assert pushes[target]["data"]["tag"] == pushes[ALICE_PHONE]["data"]["tag"]
    assert HAL_PHONE not in pushes


async def _household_with_sam(
    hass: HomeAssistant, alice_user: MockUser, *, sam_has_person: bool
) -> MockUser:
    """Alice's household, her profile shared with Sam's login (a relative or the mirror's)."""
    sam = MockUser(name="Sam").add_to_hass(hass)
    sam.groups = [await hass.auth.async_get_group(GROUP_ID_USER)]
    sam.invalidate_cache()
    people = [{"id": "alice", "name": "Alice", "user_id": alice_user.id}]
    if sam_has_person:
        people.append({"id": "sam", "name": "Sam", "user_id": sam.id})
    assert await async_setup_component(hass, "person", {"person": people})
    await _household(hass, shared_with=[sam.id])
    return sam


async def _press_as(hass: HomeAssistant, user: MockUser, button: str) -> None:
    await hass.services.async_call(
        "button",
        "press",
        {"entity_id": f"button.betti_alice_{button}"},
        blocking=True,
        context=Context(user_id=user.id),
    )
    await hass.async_block_till_done(wait_background_tasks=True)


async def test_a_relative_pressing_acknowledge_is_on_it(
    hass: HomeAssistant, alice_user: MockUser, phones: Pushes
) -> None:
    sam = await _household_with_sam(hass, alice_user, sam_has_person=True)
    await _press(hass, "call_for_help")
    phones.clear()
    await _press_as(hass, sam, "acknowledge_alerts")
    pushes = _by_target(phones)
    # Sam has a person of his own: he pressed, Alice did not cancel anything.
    for target in (ALICE_PHONE, BOB_PHONE, CAROL_PHONE):
        assert pushes[target]["message"] == "Sam is on it."


async def test_the_mirror_login_pressing_acknowledge_is_the_person(
    hass: HomeAssistant, alice_user: MockUser, phones: Pushes
) -> None:
    mirror = await _household_with_sam(hass, alice_user, sam_has_person=False)
    await _press(hass, "call_for_help")
    phones.clear()
    await _press_as(hass, mirror, "acknowledge_alerts")
    pushes = _by_target(phones)
    assert pushes[ALICE_PHONE]["message"] == "clear_notification"
    for target in (BOB_PHONE, CAROL_PHONE):
        assert pushes[target]["message"] == "Alice cancelled the help call."
