"""Assist, the day: the next appointment, what's on today, how the day is going."""

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    MockUser,
    async_fire_time_changed,
)

from ..medications.test_medications import add
from .conftest import say

pytestmark = pytest.mark.freeze_time("2026-03-02 07:00:00+00:00")  # London: 07:00


@pytest.fixture
async def planned_day(
    hass: HomeAssistant, alice: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """Aspirin at 08:00 and 20:00, the dentist at 15:00, a check-up on Friday; it is 09:00."""
    await add(hass, schedules=[{"type": "weekly", "times": ["08:00", "20:00"]}])
    for title, start in (
        ("Dentist", "2026-03-02T15:00:00+00:00"),
        ("Check-up", "2026-03-06T10:30:00+00:00"),
    ):
        await hass.services.async_call(
            "betti",
            "add_appointment",
            {"title": title, "start": start},
            blocking=True,
            return_response=True,
        )
    freezer.move_to("2026-03-02 09:00:00+00:00")
    async_fire_time_changed(hass)
    await hass.async_block_till_done()


@pytest.mark.usefixtures("planned_day")
@pytest.mark.parametrize(
    ("language", "sentences", "answers"),
    [
        (
            "en",
            (
                "When is my next appointment?",
                "What's on today?",
                "How am I doing today?",
            ),
            (
                "Your next appointment: Dentist, at 15:00.",
                (
                    "Today: Dentist at 15:00. Still to take: Aspirin 100 mg at 08:00"
                    " and Aspirin 100 mg at 20:00."
                ),
                (
                    "Today so far: 0 of 2 doses taken, 500 ml of your 1600 ml of water"
                    " and 0 of 6000 steps."
                ),
            ),
        ),
        (
            "nl",
            (
                "Wanneer is mijn volgende afspraak?",
                "Wat staat er vandaag op het programma?",
                "Hoe gaat het vandaag?",
            ),
            (
                "Uw volgende afspraak: Dentist, om 15:00.",
                (
                    "Vandaag: Dentist om 15:00. Nog in te nemen: Aspirin 100 mg om 08:00"
                    " en Aspirin 100 mg om 20:00."
                ),
                (
                    "Vandaag tot nu toe: 0 van de 2 doses ingenomen, 500 ml van de 1600 ml"
                    " water gedronken en 0 van de 6000 stappen gezet."
                ),
            ),
        ),
        (
            "de",
            (
                "Wann ist mein nächster Termin?",
                "Was steht heute an?",
                "Wie läuft mein Tag?",
            ),
            (
                "Ihr nächster Termin: Dentist, um 15:00.",
                (
                    "Heute: Dentist um 15:00. Noch zu nehmen: Aspirin 100 mg um 08:00"
                    " und Aspirin 100 mg um 20:00."
                ),
                (
                    "Heute bisher: 0 von 2 Einnahmen genommen, 500 ml von 1600 ml Wasser"
                    " getrunken und 0 von 6000 Schritten gegangen."
                ),
            ),
        ),
    ],
)
async def test_the_day_by_voice(
    hass: HomeAssistant,
    alice_user: MockUser,
    language: str,
    sentences: tuple[str, ...],
    answers: tuple[str, ...],
) -> None:
    await say(hass, "I had two glasses of water", alice_user)
    spoken = [await say(hass, sentence, alice_user, language) for sentence in sentences]
    assert spoken == list(answers)


@pytest.mark.usefixtures("planned_day")
async def test_after_the_last_appointment_of_the_day(
    hass: HomeAssistant, alice_user: MockUser, freezer: FrozenDateTimeFactory
) -> None:
    await say(hass, "I took my pills", alice_user)
    freezer.move_to("2026-03-02 16:00:00+00:00")
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert await say(hass, "when is my next appointment", alice_user) == (
        "Your next appointment: Check-up, in 4 days, at 10:30."
    )
    assert await say(hass, "what's on today", alice_user) == (
        "Still to take: Aspirin 100 mg at 20:00."
    )
