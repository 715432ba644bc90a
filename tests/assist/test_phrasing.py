"""The other ways a Dutch or German older person says the same thing get the same answer."""

from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, MockUser

from .conftest import say

# (language, as the README says it, as people also say it)
SAME_ANSWER = [
    ("nl", "Heb ik vandaag mijn pillen genomen?", "Heb ik mijn pillen al ingenomen?"),
    (
        "nl",
        "Heb ik vandaag mijn pillen genomen?",
        "Heb ik vandaag al mijn pillen ingenomen?",
    ),
    ("nl", "Wat moet ik nu innemen?", "Moet ik nu iets innemen?"),
    ("nl", "Wat moet ik hierna innemen?", "Wanneer moet ik weer pillen innemen?"),
    ("nl", "Wanneer is mijn volgende afspraak?", "Wanneer heb ik weer een afspraak?"),
    ("nl", "Wanneer is mijn volgende afspraak?", "Moet ik binnenkort ergens heen?"),
    ("nl", "Wat staat er vandaag op het programma?", "Wat moet ik vandaag nog doen?"),
    ("nl", "Hoe gaat het vandaag?", "Hoe ver ben ik vandaag?"),
    (
        "nl",
        "Hoeveel water heb ik vandaag gedronken?",
        "Heb ik vandaag genoeg gedronken?",
    ),
    ("nl", "Wat is mijn bloeddruk?", "Hoe hoog is mijn bloeddruk?"),
    (
        "de",
        "Habe ich heute meine Tabletten genommen?",
        "Habe ich meine Tabletten schon genommen?",
    ),
    ("de", "Was muss ich jetzt nehmen?", "Muss ich jetzt etwas nehmen?"),
    (
        "de",
        "Was muss ich als Nächstes nehmen?",
        "Wann muss ich wieder Tabletten nehmen?",
    ),
    ("de", "Wann ist mein nächster Termin?", "Wann habe ich wieder einen Termin?"),
    ("de", "Wann ist mein nächster Termin?", "Muss ich bald irgendwohin?"),
    ("de", "Was steht heute an?", "Was muss ich heute noch machen?"),
    ("de", "Wie läuft mein Tag?", "Wie weit bin ich heute?"),
    (
        "de",
        "Wie viel Wasser habe ich heute getrunken?",
        "Habe ich heute genug getrunken?",
    ),
    ("de", "Wie ist mein Blutdruck?", "Wie hoch ist mein Blutdruck?"),
    ("nl", "Ik heb 150 gram rijst gegeten", "Ik heb 150 gram rijst op"),
    ("de", "Ich habe 150 Gramm Reis gegessen", "Ich hatte 150 Gramm Reis"),
]


@pytest.mark.parametrize(("language", "known", "other"), SAME_ANSWER)
async def test_said_another_way(
    hass: HomeAssistant,
    *,
    alice: MockConfigEntry,
    alice_user: MockUser,
    language: str,
    known: str,
    other: str,
) -> None:
    answer = await say(hass, known, alice_user, language)
    assert answer != await say(hass, "blauwe giraffe tuba", alice_user, language)
    assert await say(hass, other, alice_user, language) == answer


HELP = {
    "nl": ("Ik heb hulp geroepen.", "Goed, uw melding is ingetrokken."),
    "de": ("Ich habe Hilfe gerufen.", "In Ordnung, Ihr Alarm ist aufgehoben."),
}


@pytest.mark.parametrize(
    ("language", "call", "answer"),
    [
        ("nl", "Ik ben gevallen", "Ik regel het"),
        ("nl", "Kan iemand me helpen?", "Ik ga erheen"),
        ("nl", "Help mij", "Alles is goed"),
        ("de", "Ich bin gestürzt", "Ich komme sofort"),
        ("de", "Ich bin hingefallen", "Ich bin auf dem Weg"),
        ("de", "Kann mir jemand helfen?", "Alles in Ordnung"),
        ("de", "Helfen Sie mir bitte", "Ich komme gleich"),
    ],
)
async def test_help_said_another_way(
    hass: HomeAssistant,
    *,
    alice: MockConfigEntry,
    alice_user: MockUser,
    language: str,
    call: str,
    answer: str,
) -> None:
    assert (await say(hass, call, alice_user, language)).startswith(HELP[language][0])
    assert (await say(hass, answer, alice_user, language)).startswith(HELP[language][1])


@pytest.mark.parametrize(
    ("sentence", "logged"),
    [
        ("Ich hatte ein Glas Wasser", "250 ml"),
        ("Ich hatte zwei Gläser Wasser", "500 ml"),
    ],
)
async def test_water_is_not_taken_for_food(
    hass: HomeAssistant,
    *,
    alice: MockConfigEntry,
    alice_user: MockUser,
    sentence: str,
    logged: str,
) -> None:
    answer = await say(hass, sentence, alice_user, "de")
    assert answer.startswith(f"{logged} Wasser eingetragen.")
