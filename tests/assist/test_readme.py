"""Every sentence the README lists is one Betti's sentence trigger understands."""

from pathlib import Path
import re

from homeassistant.components.conversation import ConversationInput
from homeassistant.components.conversation.agent_manager import async_get_agent
from homeassistant.core import Context, HomeAssistant
import pytest

README = Path(__file__).parents[2] / "README.md"
LANGUAGES = ("en", "nl", "de")


def _listed() -> list[tuple[str, str]]:
    """(language, sentence) for each sentence of the README's Assist table."""
    table = README.read_text().split("| | English | Nederlands | Deutsch |")[1]
    found = []
    for row in table.split("\n\n")[0].splitlines()[2:]:
        for language, cell in zip(LANGUAGES, row.split(" | ")[1:], strict=True):
            for sentence in cell.strip(" |").split(" · "):
                # "pills (van 8 uur)" and "weight / sugar": the first wording of each.
                plain = re.sub(r" / [^ ?]+", "", re.sub(r" \([^)]*\)", "", sentence))
                found.append((language, plain))
    return found


@pytest.mark.usefixtures("alice")
async def test_every_listed_sentence_is_understood(hass: HomeAssistant) -> None:
    agent = async_get_agent(hass)
    listed = _listed()
    assert len(listed) > 60
    not_understood = [
        (language, sentence)
        for language, sentence in listed
        if not await agent.async_recognize_sentence_trigger(  # type: ignore[union-attr]
            ConversationInput(
                text=sentence,
                context=Context(),
                conversation_id=None,
                device_id=None,
                satellite_id=None,
                language=language,
                agent_id="conversation.home_assistant",
            )
        )
    ]
    assert not_understood == []
