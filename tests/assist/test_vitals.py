"""Assist and vitals: readings logged by voice are filed like betti.log_vital's; asked for in
the person's units, with when."""

from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, MockUser

from ..conftest import db_rows, profile_entry
from .conftest import say

pytestmark = pytest.mark.freeze_time("2026-03-02 08:30:00+00:00")  # London: 08:30


@pytest.mark.parametrize(
    ("language", "sentences", "answers"),
    [
        (
            "en",
            (
                "Log my blood pressure 130 over 85 pulse 70",
                "What is my blood pressure?",
                "Log my weight 72.4",
                "What's my weight",
                "What is my sugar?",
                "What is my temperature?",
            ),
            (
                "Noted: blood pressure 130 over 85, pulse 70.",
                "Your blood pressure was 130 over 85, pulse 70, at 08:30.",
                "Noted: weight 72.4 kg.",
                "Your weight was 72.4 kg, at 08:30.",
                (
                    "There is no blood sugar reading yet. Measure it, or say for example:"
                    " log my blood sugar 5.6."
                ),
                "There is no temperature reading yet. Measure it, and ask me again.",
            ),
        ),
        (
            "nl",
            (
                "Noteer mijn bloeddruk 130 over 85 hartslag 70",
                "Wat is mijn bloeddruk?",
                "Noteer mijn gewicht 72,4",
                "Hoe is mijn gewicht",
                "Wat is mijn bloedsuiker?",
                "Wat is mijn temperatuur?",
            ),
            (
                "Genoteerd: bloeddruk 130 over 85, hartslag 70.",
                "Uw bloeddruk was 130 over 85, hartslag 70, om 08:30.",
                "Genoteerd: gewicht 72,4 kg.",
                "Uw gewicht was 72,4 kg, om 08:30.",
                (
                    "Er is nog geen meting van uw bloedsuiker. Doe een meting, of zeg"
                    " bijvoorbeeld: noteer mijn bloedsuiker 5,6."
                ),
                (
                    "Er is nog geen meting van uw temperatuur."
                    " Doe een meting en vraag het dan opnieuw."
                ),
            ),
        ),
        (
            "de",
            (
                "Notiere meinen Blutdruck 130 zu 85 Puls 70",
                "Wie ist mein Blutdruck?",
                "Trage mein Gewicht 72,4 ein",
                "Wie war mein letztes Gewicht",
                "Wie ist mein Blutzucker?",
                "Wie ist meine Temperatur?",
            ),
            (
                "Eingetragen: Blutdruck 130 zu 85, Puls 70.",
                "Ihr letzter Wert für Blutdruck: 130 zu 85, Puls 70, um 08:30.",
                "Eingetragen: Gewicht 72,4 kg.",
                "Ihr letzter Wert für Gewicht: 72,4 kg, um 08:30.",
                (
                    "Es gibt noch keinen Messwert für Blutzucker. Messen Sie bitte, oder"
                    " sagen Sie zum Beispiel: notiere meinen Blutzucker 5,6."
                ),
                (
                    "Es gibt noch keinen Messwert für Temperatur."
                    " Messen Sie bitte und fragen Sie dann noch einmal."
                ),
            ),
        ),
    ],
)
async def test_readings_by_voice(
    hass: HomeAssistant,
    *,
    alice: MockConfigEntry,
    alice_user: MockUser,
    language: str,
    sentences: tuple[str, ...],
    answers: tuple[str, ...],
) -> None:
    spoken = [await say(hass, sentence, alice_user, language) for sentence in sentences]
    assert spoken == list(answers)
    assert db_rows(
        hass, "SELECT kind, systolic, diastolic, pulse, weight, source FROM vitals"
    ) == [
        ("blood_pressure", 130.0, 85.0, 70.0, None, "manual"),
        ("weight", None, None, None, 72.4, "manual"),
    ]
    assert (
        db_rows(
            hass, "SELECT user_id, source FROM audit_log WHERE action = 'vital_logged'"
        )
        == [(alice_user.id, "voice")] * 2
    )
    assert hass.states.get("sensor.betti_alice_weight").state == "72.4"


async def test_a_reading_in_the_persons_unit_and_one_that_cannot_be_right(
    hass: HomeAssistant, persons: None, assist: None, alice_user: MockUser
) -> None:
    entry = profile_entry()
    entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        entry, options={**entry.options, "weight_unit": "lb"}
    )
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert await say(hass, "I weigh 160 pounds", alice_user) == "Noted: weight 160 lb."
    assert db_rows(hass, "SELECT round(weight, 2) FROM vitals") == [(72.57,)]
    wrong = await say(hass, "log my blood pressure 13 over 85", alice_user)
    assert wrong.error
    assert wrong == (
        "That blood pressure cannot be right."
        " Please check the numbers and say them again."
    )
    assert db_rows(hass, "SELECT count(*) FROM vitals") == [(1,)]


async def test_another_persons_readings_only_when_shared(
    hass: HomeAssistant, alice: MockConfigEntry, alice_user: MockUser
) -> None:
    await say(hass, "log my weight 72.4", alice_user)
    bob_user = MockUser(name="Bob").add_to_hass(hass)
    hass.states.async_set("person.bob", "home", {"user_id": bob_user.id})
    bob = profile_entry("person.bob", "Bob")
    bob.add_to_hass(hass)
    assert await hass.config_entries.async_setup(bob.entry_id)
    await hass.async_block_till_done()
    refused = await say(hass, "what is Alice's weight", bob_user)
    assert refused.error
    assert refused.startswith("Sorry, you may not hear Alice's health data.")
    hass.config_entries.async_update_entry(
        alice, options={**alice.options, "shared_with": [bob_user.id]}
    )
    await hass.async_block_till_done()
    assert await say(hass, "what is Alice's weight", bob_user) == (
        "Alice's weight was 72.4 kg, at 08:30."
    )
    assert await say(hass, "wat is het gewicht van Alice", bob_user, "nl") == (
        "Alice: gewicht 72,4 kg, gemeten om 08:30."
    )


@pytest.mark.parametrize(
    ("language", "misheard", "refused", "confirmed", "noted"),
    [
        (
            "en",
            "Log my weight 160",
            (
                "That is far from your last weight, 68 kg."
                " If it is right, say: log my weight 160 anyway."
            ),
            "Log my weight 160 anyway",
            "Noted: weight 160 kg.",
        ),
        (
            "nl",
            "Noteer mijn gewicht 160",
            (
                "Dat wijkt sterk af van uw vorige gewicht, 68 kg."
                " Klopt het toch, zeg dan: noteer mijn gewicht toch 160."
            ),
            "Noteer mijn gewicht toch 160",
            "Genoteerd: gewicht 160 kg.",
        ),
        (
            "de",
            "Trage mein Gewicht 160 ein",
            (
                "Das weicht stark von Ihrem letzten Gewicht ab, 68 kg."
                " Wenn es stimmt, sagen Sie: trage mein Gewicht 160 trotzdem ein."
            ),
            "Trage mein Gewicht 160 trotzdem ein",
            "Eingetragen: Gewicht 160 kg.",
        ),
    ],
)
async def test_a_weight_far_from_the_last_is_asked_about_first(
    hass: HomeAssistant,
    *,
    alice: MockConfigEntry,
    alice_user: MockUser,
    language: str,
    misheard: str,
    refused: str,
    confirmed: str,
    noted: str,
) -> None:
    await hass.services.async_call(
        "betti",
        "log_vital",
        {"kind": "weight", "weight": 68, "measured_at": "2026-02-28T07:00:00+00:00"},
        blocking=True,
        return_response=True,
    )
    answer = await say(hass, misheard, alice_user, language)
    assert answer.error
    assert answer == refused
    assert db_rows(hass, "SELECT weight FROM vitals") == [(68.0,)]
    assert await say(hass, confirmed, alice_user, language) == noted
    assert db_rows(hass, "SELECT weight FROM vitals ORDER BY id") == [(68.0,), (160.0,)]
