"""Assist end to end: sentences through HA's default conversation agent, for the speaker."""

from homeassistant.components import conversation
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import intent
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, MockUser

from ..conftest import db_rows, profile_entry


@pytest.fixture
async def assist(hass: HomeAssistant) -> None:
    """HA's own conversation agent, as Assist uses it."""
    assert await async_setup_component(hass, "homeassistant", {})
    assert await async_setup_component(hass, "conversation", {})


async def _say(hass: HomeAssistant, text: str, user: MockUser | None) -> str:
    result = await conversation.async_converse(
        hass,
        text,
        None,
        Context(user_id=user.id if user else None),
        language="en",
    )
    return str(result.response.speech["plain"]["speech"])


@pytest.mark.freeze_time("2026-03-02 16:00:00+00:00")  # 08:00 local
async def test_water_and_food_by_voice(
    hass: HomeAssistant,
    assist: None,
    loaded_alice: MockConfigEntry,
    alice_user: MockUser,
) -> None:
    assert await _say(hass, "log a glass of water", alice_user) == (
        "Logged 250 ml of water. You've had 250 ml of water today, of your 1600 ml goal."
    )
    reply = await _say(hass, "I drank 300 millilitres", alice_user)
    assert reply.startswith("Logged 300 ml of water. You've had 550 ml")
    assert await _say(hass, "I ate an apple", alice_user) == (
        "Logged 182 g of apple for breakfast, about 111 kcal."
    )
    assert await _say(hass, "I ate a bowl of porridge", alice_user) == (
        "Logged 234 g of oatmeal for breakfast, about 178 kcal."
    )
    assert await _say(hass, "How much water have I had today?", alice_user) == (
        "You've had 550 ml of water today, of your 1600 ml goal."
    )
    assert hass.states.get("sensor.betti_alice_water_today").state == "550.0"
    assert db_rows(hass, "SELECT name FROM meal_items ORDER BY id") == [
        ("Apple, raw",),
        ("Oatmeal, NFS",),
    ]
    assert db_rows(
        hass, "SELECT DISTINCT user_id, source FROM audit_log WHERE source = 'voice'"
    ) == [(alice_user.id, "voice")]


async def test_the_speaker_gets_their_own_profile(
    hass: HomeAssistant, assist: None, persons: None, alice_user: MockUser
) -> None:
    alice, bob = profile_entry(), profile_entry("person.bob", "Bob")
    for entry in (alice, bob):
        entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    await _say(hass, "I had two glasses of water", alice_user)
    assert hass.states.get("sensor.betti_alice_water_today").state == "500.0"
    assert hass.states.get("sensor.betti_bob_water_today").state == "0.0"
    # With two profiles and no user (a satellite), Betti does not guess.
    reply = await _say(hass, "log a glass of water", None)
    assert reply.startswith("Betti cannot tell who is speaking here")
    assert db_rows(hass, "SELECT count(*) FROM water_log") == [(1,)]
    # The mirror's login, shared with Bob's profile only, speaks for Bob; a stranger for no one.
    mirror, stranger = (
        MockUser(name="Mirror").add_to_hass(hass),
        MockUser().add_to_hass(hass),
    )
    hass.config_entries.async_update_entry(
        bob, options={**bob.options, "shared_with": [mirror.id]}
    )
    await hass.async_block_till_done()
    await _say(hass, "log a glass of water", mirror)
    assert hass.states.get("sensor.betti_bob_water_today").state == "250.0"
    reply = await _say(hass, "log a glass of water", stranger)
    assert reply.startswith("Betti does not know whose profile this is")


async def test_other_sentences_are_left_to_home_assistant(
    hass: HomeAssistant,
    assist: None,
    loaded_alice: MockConfigEntry,
    alice_user: MockUser,
) -> None:
    reply = await _say(hass, "what is the weather like on mars", alice_user)
    assert "water" not in reply.lower()
    assert db_rows(hass, "SELECT count(*) FROM water_log") == [(0,)]


async def test_an_admin_without_a_profile_is_told_what_to_do(
    hass: HomeAssistant,
    assist: None,
    loaded_alice: MockConfigEntry,
    hass_admin_user: MockUser,
) -> None:
    result = await conversation.async_converse(
        hass,
        "log a glass of water",
        None,
        Context(user_id=hass_admin_user.id),
        language="en",
    )
    assert result.response.response_type is intent.IntentResponseType.ERROR
    assert result.response.speech["plain"]["speech"] == (
        "Betti does not know whose profile this is. Link your user to a person with"
        " a Betti profile under Settings → People, then try again."
    )
    assert db_rows(hass, "SELECT count(*) FROM water_log") == [(0,)]


async def test_a_food_betti_cannot_find_is_an_error_not_done(
    hass: HomeAssistant,
    assist: None,
    loaded_alice: MockConfigEntry,
    alice_user: MockUser,
) -> None:
    result = await conversation.async_converse(
        hass, "I ate a zzzqx", None, Context(user_id=alice_user.id), language="en"
    )
    assert result.response.response_type is intent.IntentResponseType.ERROR
    assert "zzzqx" in result.response.speech["plain"]["speech"]
    assert db_rows(hass, "SELECT count(*) FROM meal_items") == [(0,)]


@pytest.mark.freeze_time("2026-03-02 20:00:00+00:00")  # 12:00 local
@pytest.mark.parametrize(
    ("language", "sentences", "answers"),
    [
        (
            "nl",
            (
                "Ik heb een glas water gedronken",
                "Ik heb 150 gram rijst bij de lunch gegeten",
                "Hoeveel water heb ik vandaag gedronken?",
            ),
            (
                (
                    "250 ml water genoteerd."
                    " U heeft vandaag 250 ml water gedronken; uw doel is 1600 ml."
                ),
                "150 g rijst genoteerd bij het middageten, ongeveer 194 kcal.",
                "U heeft vandaag 250 ml water gedronken; uw doel is 1600 ml.",
            ),
        ),
        (
            "de",
            (
                "Ich habe ein Glas Wasser getrunken",
                "Ich habe 150 Gramm Reis zum Mittagessen gegessen",
                "Wie viel Wasser habe ich heute getrunken?",
            ),
            (
                (
                    "250 ml Wasser eingetragen."
                    " Sie haben heute 250 ml Wasser getrunken; Ihr Ziel sind 1600 ml."
                ),
                "150 g Reis zum Mittagessen eingetragen, etwa 194 kcal.",
                "Sie haben heute 250 ml Wasser getrunken; Ihr Ziel sind 1600 ml.",
            ),
        ),
    ],
)
async def test_water_and_food_in_dutch_and_german(
    hass: HomeAssistant,
    *,
    assist: None,
    loaded_alice: MockConfigEntry,
    alice_user: MockUser,
    language: str,
    sentences: tuple[str, ...],
    answers: tuple[str, ...],
) -> None:
    spoken = []
    for sentence in sentences:
        result = await conversation.async_converse(
            hass, sentence, None, Context(user_id=alice_user.id), language=language
        )
        spoken.append(result.response.speech["plain"]["speech"])
    assert spoken == list(answers)
    assert db_rows(
        hass,
        "SELECT meal_items.name, meals.meal FROM meal_items JOIN meals ON meals.id = meal_id",
    ) == [("Rice, cooked, NFS", "lunch")]
    assert hass.states.get("sensor.betti_alice_water_today").state == "250.0"
