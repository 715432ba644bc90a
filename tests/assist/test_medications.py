"""Assist and medications: taking, asking, snoozing by voice, marked as betti.mark_dose marks."""

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    MockUser,
    async_fire_time_changed,
)

from ..conftest import db_rows, profile_entry
from ..medications.test_medications import add
from .conftest import say

pytestmark = pytest.mark.freeze_time("2026-03-02 07:00:00+00:00")  # London: 07:00


async def _aspirin_and_metformin(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> tuple[int, int]:
    """Added at 07:00; it is 08:05 now, both morning doses are due."""
    aspirin = await add(hass)  # daily 08:00
    metformin = await add(
        hass,
        name="Metformin",
        strength="500 mg",
        schedules=[{"type": "weekly", "times": ["08:00", "20:00"]}],
    )
    freezer.move_to("2026-03-02 08:05:00+00:00")
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    return aspirin, metformin


def _events(hass: HomeAssistant) -> list[tuple[object, ...]]:
    return db_rows(
        hass,
        "SELECT medication_id, substr(due, 12, 5), kind, source FROM dose_events"
        " ORDER BY id",
    )


@pytest.mark.parametrize(
    ("language", "sentences", "answers"),
    [
        (
            "en",
            (
                "What do I take now?",
                "Snooze my reminder",
                "I took my 8 o'clock pills",
                "Did I take my pills today?",
                "What do I take next?",
            ),
            (
                "Take now: Aspirin 100 mg and Metformin 500 mg.",
                "All right, I'll remind you again in 10 minutes.",
                "Well done. Marked as taken: Aspirin 100 mg and Metformin 500 mg.",
                "You've taken 2 of 3 doses today. Still open: Metformin 500 mg at 20:00.",
                "Next: Metformin 500 mg, at 20:00.",
            ),
        ),
        (
            "nl",
            (
                "Wat moet ik nu innemen?",
                "Herinner me straks",
                "Ik heb mijn pillen van 8 uur ingenomen",
                "Heb ik vandaag mijn pillen genomen?",
                "Wat moet ik hierna innemen?",
            ),
            (
                "Neem nu in: Aspirin 100 mg en Metformin 500 mg.",
                "Goed, ik herinner u er over 10 minuten weer aan.",
                "Goed zo. Genoteerd als ingenomen: Aspirin 100 mg en Metformin 500 mg.",
                (
                    "U heeft vandaag 2 van de 3 doses ingenomen."
                    " Nog open: Metformin 500 mg om 20:00."
                ),
                "Hierna: Metformin 500 mg, om 20:00.",
            ),
        ),
        (
            "de",
            (
                "Was muss ich jetzt nehmen?",
                "Erinnere mich später",
                "Ich habe meine Tabletten von 8 Uhr genommen",
                "Habe ich heute meine Tabletten genommen?",
                "Was muss ich als Nächstes nehmen?",
            ),
            (
                "Jetzt nehmen: Aspirin 100 mg und Metformin 500 mg.",
                "In Ordnung, ich erinnere Sie in 10 Minuten noch einmal.",
                "Gut gemacht. Als genommen eingetragen: Aspirin 100 mg und Metformin 500 mg.",
                (
                    "Sie haben heute 2 von 3 Einnahmen genommen."
                    " Noch offen: Metformin 500 mg um 20:00."
                ),
                "Als Nächstes: Metformin 500 mg, um 20:00.",
            ),
        ),
    ],
)
async def test_doses_by_voice(
    hass: HomeAssistant,
    *,
    alice: MockConfigEntry,
    alice_user: MockUser,
    freezer: FrozenDateTimeFactory,
    language: str,
    sentences: tuple[str, ...],
    answers: tuple[str, ...],
) -> None:
    aspirin, metformin = await _aspirin_and_metformin(hass, freezer)
    spoken = [await say(hass, sentence, alice_user, language) for sentence in sentences]
    assert spoken == list(answers)
    assert _events(hass) == [
        (aspirin, "08:00", "snoozed", "voice"),
        (metformin, "08:00", "snoozed", "voice"),
        (aspirin, "08:00", "taken", "voice"),
        (metformin, "08:00", "taken", "voice"),
    ]
    assert hass.states.get("sensor.betti_alice_doses_left_today").state == "1"


async def test_a_medication_by_name_and_one_betti_does_not_know(
    hass: HomeAssistant,
    alice: MockConfigEntry,
    alice_user: MockUser,
    freezer: FrozenDateTimeFactory,
) -> None:
    aspirin, metformin = await _aspirin_and_metformin(hass, freezer)
    assert await say(hass, "I took my Metformin", alice_user) == (
        "Well done. Marked as taken: Metformin 500 mg."
    )
    assert _events(hass) == [(metformin, "08:00", "taken", "voice")]
    unknown = await say(hass, "I've taken my Zyrtec", alice_user)
    assert unknown.error
    assert unknown == (
        "I don't know a medication called zyrtec."
        " Say its name as it is written in Betti."
    )
    assert await say(hass, "did I take my aspirin today", alice_user) == (
        "You've taken 0 of 1 doses today. Still open: Aspirin 100 mg at 08:00."
    )
    await say(hass, "I took my pills", alice_user)
    assert _events(hass)[-1] == (aspirin, "08:00", "taken", "voice")
    assert await say(hass, "I took my pills", alice_user, "nl-NL") == (
        "U heeft Aspirin 100 mg en Metformin 500 mg al ingenomen."
    )
    assert await say(hass, "I took my Metformin", alice_user) == (
        "You've already taken Metformin 500 mg."
    )
    assert len(_events(hass)) == 2
    freezer.move_to("2026-03-02 12:00:00+00:00")
    nothing = await say(hass, "I took my pills", alice_user)
    assert nothing.error
    assert nothing == "Nothing is due right now. Next: Metformin 500 mg, at 20:00."


async def test_asking_about_another_persons_pills(
    hass: HomeAssistant,
    alice: MockConfigEntry,
    alice_user: MockUser,
    freezer: FrozenDateTimeFactory,
) -> None:
    await _aspirin_and_metformin(hass, freezer)
    bob_user = MockUser(name="Bob").add_to_hass(hass)
    hass.states.async_set("person.bob", "home", {"user_id": bob_user.id})
    bob = profile_entry("person.bob", "Bob")
    bob.add_to_hass(hass)
    assert await hass.config_entries.async_setup(bob.entry_id)
    await hass.async_block_till_done()
    refused = await say(hass, "did Alice take her pills today", bob_user)
    assert refused.error
    assert refused == (
        "Sorry, you may not hear Alice's health data."
        " Alice can share the profile with you in Betti."
    )
    hass.config_entries.async_update_entry(
        alice, options={**alice.options, "shared_with": [bob_user.id]}
    )
    await hass.async_block_till_done()
    assert await say(hass, "did Alice take her pills today", bob_user) == (
        "Alice has taken 0 of 3 doses today."
        " Still open: Aspirin 100 mg at 08:00, Metformin 500 mg at 08:00"
        " and Metformin 500 mg at 20:00."
    )
