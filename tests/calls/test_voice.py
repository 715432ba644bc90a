"""Assist: "call Bob" has the call card of the screen spoken to ring Bob's card."""

from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, MockUser

from ..assist.conftest import alice, assist, say  # noqa: F401
from ..conftest import profile_entry
from .conftest import Connect, command, next_event


@pytest.fixture
async def bob(hass: HomeAssistant, alice: MockConfigEntry) -> MockConfigEntry:  # noqa: F811
    """Bob's profile beside Alice's."""
    entry = profile_entry("person.bob", "Bob")
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry


@pytest.mark.usefixtures("bob")
@pytest.mark.parametrize(
    ("language", "sentence", "answer"),
    [
        ("en", "Call Bob", "Calling Bob."),
        ("nl", "Bel Bob", "Ik bel Bob."),
        ("nl", "Ik wil Bob bellen", "Ik bel Bob."),
        ("nl", "Kunt u Bob bellen?", "Ik bel Bob."),
        ("de", "Ruf Bob an", "Ich rufe Bob an."),
        ("de", "Ich möchte Bob anrufen", "Ich rufe Bob an."),
        ("de", "Verbinde mich mit Bob", "Ich rufe Bob an."),
    ],
)
async def test_call_by_voice_rings_the_callees_card(
    hass: HomeAssistant,
    alice_user: MockUser,
    connect: Connect,
    *,
    language: str,
    sentence: str,
    answer: str,
) -> None:
    mirror = await connect(alice_user)  # Alice's call card on the mirror
    assert (await command(mirror, type="betti/call/watch", person="person.alice"))[
        "success"
    ]
    bobs_card = await connect(None)
    assert (await command(bobs_card, type="betti/call/watch", person="person.bob"))[
        "success"
    ]
    assert await say(hass, sentence, alice_user, language) == answer
    dial = await next_event(mirror)
    assert dial == {"type": "dial", "person": "person.bob"}
    # What the card then does (betti-call.js), as pressing "Call Bob" does.
    assert (await command(mirror, type="betti/call/start", person=dial["person"]))[
        "success"
    ]
    ring = await next_event(bobs_card)
    assert ring["type"] == "ring"
    assert ring["caller"] == "Alice"


@pytest.mark.usefixtures("bob")
async def test_no_card_open_and_calling_oneself(
    hass: HomeAssistant, alice_user: MockUser
) -> None:
    closed = await say(hass, "call Bob", alice_user)
    assert closed.error
    assert closed == (
        "No call screen is open for Alice. Open the call card on the mirror, then try again."
    )
    myself = await say(hass, "call Alice", alice_user)
    assert myself.error
    assert myself == "That is you. Say the name of the person you want to call."
    unknown = await say(hass, "call Zelda", alice_user)
    assert unknown.error
    assert unknown.startswith("Betti has no profile called Zelda.")
