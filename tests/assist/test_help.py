"""Assist: "call for help" raises the help alert as the mirror's button does; "I'm on it"
acknowledges it where the speaker may act, in English, Dutch and German."""

from typing import Any

from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, MockUser

from ..alerts.test_alert_answers import BOB_TABLET, bob_with_two_phones
from ..conftest import db_rows, profile_entry
from .conftest import say

type Pushes = list[tuple[str, dict[str, Any]]]

HELP_REQUESTED = "binary_sensor.betti_alice_help_requested"
ALICE_PHONE = "notify.mobile_app_alice_phone"
BOB_PHONE = "notify.mobile_app_bob_phone"


def _bob_with_a_phone(hass: HomeAssistant, alice: MockConfigEntry) -> MockUser:
    """Bob: his own person, login and phone, Alice's contact; her profile shared with him."""
    bob_user = MockUser(name="Bob").add_to_hass(hass)
    hass.states.async_set("person.bob", "home", {"user_id": bob_user.id})
    MockConfigEntry(
        domain="mobile_app",
        data={"device_name": "Bob phone", "user_id": bob_user.id, "webhook_id": "b"},
    ).add_to_hass(hass)
    hass.config_entries.async_update_entry(
        alice,
        options={
            **alice.options,
            "notify_targets": [ALICE_PHONE],
            "emergency_contacts": [
                {"name": "Bob", "relation": "Son", "notify_target": BOB_PHONE}
            ],
            "shared_with": [bob_user.id],
        },
    )
    return bob_user


@pytest.mark.parametrize(
    ("language", "call", "called", "answer", "answered"),
    [
        (
            "en",
            "Call for help",
            "I've called for help. Your contacts are being told right now.",
            "I'm on it",
            "All right, your alert is cancelled. Your contacts are told.",
        ),
        (
            "nl",
            "Help me",
            "Ik heb hulp geroepen. Uw contactpersonen krijgen nu bericht.",
            "Ik kom eraan",
            "Goed, uw melding is ingetrokken. Uw contactpersonen weten het.",
        ),
        (
            "de",
            "Hilfe",
            "Ich habe Hilfe gerufen. Ihre Kontakte werden gerade benachrichtigt.",
            "Ich kümmere mich darum",
            "In Ordnung, Ihr Alarm ist aufgehoben. Ihre Kontakte wissen Bescheid.",
        ),
    ],
)
async def test_help_is_raised_and_answered_by_voice(
    hass: HomeAssistant,
    *,
    alice: MockConfigEntry,
    alice_user: MockUser,
    language: str,
    call: str,
    called: str,
    answer: str,
    answered: str,
) -> None:
    assert await say(hass, call, alice_user, language) == called
    assert hass.states.get(HELP_REQUESTED).state == "on"
    assert db_rows(hass, "SELECT source, severity, acknowledged_via FROM alerts") == [
        ("panic", "critical", None)
    ]
    assert await say(hass, answer, alice_user, language) == answered
    assert hass.states.get(HELP_REQUESTED).state == "off"
    assert db_rows(hass, "SELECT acknowledged_by, acknowledged_via FROM alerts") == [
        (alice_user.id, "voice")
    ]


async def test_someone_not_allowed_cannot_answer_for_another_profile(
    hass: HomeAssistant, alice: MockConfigEntry, alice_user: MockUser
) -> None:
    bob_user = MockUser(name="Bob").add_to_hass(hass)
    hass.states.async_set("person.bob", "home", {"user_id": bob_user.id})
    bob = profile_entry("person.bob", "Bob")
    bob.add_to_hass(hass)
    assert await hass.config_entries.async_setup(bob.entry_id)
    await hass.async_block_till_done()
    await say(hass, "help me", alice_user)
    # Bob has his own profile, but Alice's is not shared with him.
    refused = await say(hass, "cancel help", bob_user)
    assert refused.error
    assert refused == (
        "Sorry, you may not answer Alice's alert."
        " Ask Alice to share the profile with you in Betti."
    )
    assert db_rows(hass, "SELECT acknowledged_at FROM alerts") == [(None,)]
    # Shared with him, he may.
    hass.config_entries.async_update_entry(
        alice, options={**alice.options, "shared_with": [bob_user.id]}
    )
    await hass.async_block_till_done()
    assert (await say(hass, "I'm on it", bob_user)).startswith("Thank you.")
    assert db_rows(hass, "SELECT acknowledged_by FROM alerts") == [(bob_user.id,)]
    assert await say(hass, "I'm on it", bob_user) == "There is no open alert right now."


async def test_a_relative_answering_by_voice_has_his_own_push_cleared(
    hass: HomeAssistant, alice: MockConfigEntry, alice_user: MockUser, phones: Pushes
) -> None:
    bob_user = _bob_with_a_phone(hass, alice)
    await hass.async_block_till_done()
    await say(hass, "help me", alice_user)
    assert BOB_PHONE in dict(phones)
    phones.clear()
    reply = await say(hass, "Ich kümmere mich darum", bob_user, "de")
    assert reply.startswith("Vielen Dank.")
    pushes = dict(phones)
    assert pushes[BOB_PHONE]["message"] == "clear_notification"
    assert pushes[ALICE_PHONE]["message"] == "Bob is on it."


async def test_a_relative_answering_by_voice_has_every_phone_of_his_cleared(
    hass: HomeAssistant, alice: MockConfigEntry, alice_user: MockUser, phones: Pushes
) -> None:
    bob = bob_with_two_phones(hass, phones)
    hass.states.async_set("person.bob", "home", {"user_id": bob.id})
    hass.config_entries.async_update_entry(
        alice,
        options={
            **alice.options,
            "notify_targets": [ALICE_PHONE],
            "emergency_contacts": [
                {"name": "Bob", "relation": "Son", "notify_target": target}
                for target in (BOB_PHONE, BOB_TABLET)
            ],
            "shared_with": [bob.id],
        },
    )
    await hass.async_block_till_done()
    await say(hass, "help me", alice_user)
    assert {BOB_PHONE, BOB_TABLET} <= set(dict(phones))
    phones.clear()
    await say(hass, "I'm on it", bob)
    pushes = dict(phones)
    for target in (BOB_PHONE, BOB_TABLET):
        assert pushes[target]["message"] == "clear_notification"
    assert pushes[ALICE_PHONE]["message"] == "Bob is on it."


@pytest.mark.parametrize("at_the_mirror", [True, False], ids=["mirror", "satellite"])
async def test_the_mirror_cancelling_her_own_help_tells_her_contacts(
    hass: HomeAssistant, alice: MockConfigEntry, phones: Pushes, at_the_mirror: bool
) -> None:
    _bob_with_a_phone(hass, alice)
    # The mirror's login has no person of its own; a satellite has no login at all.
    mirror = MockUser(name="Mirror").add_to_hass(hass) if at_the_mirror else None
    hass.config_entries.async_update_entry(
        alice,
        options={**alice.options, "shared_with": [mirror.id] if mirror else []},
    )
    await hass.async_block_till_done()
    await say(hass, "help me", mirror)
    phones.clear()
    assert await say(hass, "cancel help", mirror) == (
        "All right, your alert is cancelled. Your contacts are told."
    )
    pushes = dict(phones)
    assert pushes[ALICE_PHONE]["message"] == "clear_notification"
    assert pushes[BOB_PHONE]["message"] == "Alice cancelled the help call."
