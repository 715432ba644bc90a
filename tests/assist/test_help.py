"""Assist: "call for help" raises the help alert as the mirror's button does; "I'm on it"
acknowledges it where the speaker may act, in English, Dutch and German."""

from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, MockUser

from ..conftest import db_rows, profile_entry
from .conftest import say

HELP_REQUESTED = "binary_sensor.betti_alice_help_requested"


@pytest.mark.parametrize(
    ("language", "call", "called", "answer", "answered"),
    [
        (
            "en",
            "Call for help",
            "I've called for help. Your contacts are being told right now.",
            "I'm on it",
            "Thank you. Alice's alert is answered, and the others are told.",
        ),
        (
            "nl",
            "Help me",
            "Ik heb hulp geroepen. Uw contactpersonen krijgen nu bericht.",
            "Ik kom eraan",
            "Dank u wel. De melding van Alice is beantwoord en de anderen weten het.",
        ),
        (
            "de",
            "Hilfe",
            "Ich habe Hilfe gerufen. Ihre Kontakte werden gerade benachrichtigt.",
            "Ich kümmere mich darum",
            "Vielen Dank. Der Alarm von Alice ist beantwortet, die anderen wissen Bescheid.",
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
