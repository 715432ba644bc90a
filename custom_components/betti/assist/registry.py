"""One sentence trigger for all of Betti's spoken sentences, in every language Betti speaks.

Each feature gives its sentence templates (``<feature>/sentences/<language>.yaml``: hassil
templates per intent, and the words its parser needs) and a handler per intent. All of them
go into ONE trigger of HA's default conversation agent: it runs every matching trigger's
callback, so two triggers matching one sentence would both act. Within the trigger the first
matching template wins, so features register in order and the food catch-all goes last.
The agent matches triggers in every language; the answer is in the speaker's language.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from homeassistant.const import EVENT_COMPONENT_LOADED
from homeassistant.core import CALLBACK_TYPE, Event, HomeAssistant, callback
from homeassistant.setup import ATTR_COMPONENT, EventComponentLoaded
from homeassistant.util.hass_dict import HassKey
from homeassistant.util.yaml import load_yaml_dict

if TYPE_CHECKING:  # Assist is imported only where it is set up
    from hassil.recognize import RecognizeResult
    from homeassistant.components.conversation import ConversationInput

CONVERSATION = "conversation"
LANGUAGES = ("en", "nl", "de")


@dataclass(frozen=True, slots=True)
class Said:
    """A recognised sentence: which intent, its slots, and the words of its language."""

    hass: HomeAssistant
    user_input: ConversationInput
    intent: str
    slots: dict[str, str]
    words: dict[str, Any]

    @property
    def language(self) -> str:
        """The speaker's language, for the answer: "nl-BE" is answered in Betti's "nl"."""
        language = self.user_input.language or self.hass.config.language
        base = language.split("-")[0].lower()
        return base if base in LANGUAGES else language


type Handler = Callable[[Said], Awaitable[str]]


@dataclass(slots=True)
class Voice:
    """Every feature's templates (in matching order) and handlers."""

    templates: dict[str, tuple[str, Handler, dict[str, Any]]] = field(
        default_factory=dict
    )
    last: dict[str, tuple[str, Handler, dict[str, Any]]] = field(default_factory=dict)
    unregister: CALLBACK_TYPE | None = None
    waiting: bool = False
    """Whether a listener waits for the conversation agent to load."""


DATA_VOICE: HassKey[Voice] = HassKey("betti_voice")


def _load(folder: Path) -> dict[str, dict[str, Any]]:
    return {
        language: load_yaml_dict(folder / f"{language}.yaml") for language in LANGUAGES
    }


async def async_add_sentences(
    hass: HomeAssistant,
    folder: Path,
    handlers: dict[str, Handler],
    *,
    last: bool = False,
) -> None:
    """Add a feature's sentences (read off the event loop) and their handlers.

    ``last``: tried after every other feature's (a catch-all such as "I had {food}").
    """
    files = await hass.async_add_executor_job(_load, folder)
    voice = hass.data.setdefault(DATA_VOICE, Voice())
    into = voice.last if last else voice.templates
    for content in files.values():
        words = content.get("words", {})
        for intent, templates in content["intents"].items():
            for template in templates:
                into[template] = (intent, handlers[intent], words)
    _async_register_when_ready(hass)


@callback
def _async_register_when_ready(hass: HomeAssistant) -> None:
    voice = hass.data[DATA_VOICE]
    if CONVERSATION in hass.config.components:
        _async_register(hass)
        return
    if voice.waiting:
        return  # it registers every feature's sentences added by then

    @callback
    def loaded(event: Event[EventComponentLoaded]) -> None:
        if event.data[ATTR_COMPONENT] == CONVERSATION:
            unsubscribe()
            voice.waiting = False
            _async_register(hass)

    voice.waiting = True
    unsubscribe = hass.bus.async_listen(EVENT_COMPONENT_LOADED, loaded)


@callback
def _async_register(hass: HomeAssistant) -> None:
    from homeassistant.components.conversation.agent_manager import (  # noqa: PLC0415
        get_agent_manager,
    )

    voice = hass.data[DATA_VOICE]
    if voice.unregister is not None:
        voice.unregister()
    known = {**voice.templates, **voice.last}

    async def answer(
        user_input: ConversationInput, result: RecognizeResult
    ) -> str | None:
        template = result.intent_sentence.text if result.intent_sentence else None
        if template not in known:
            return None
        intent, handler, words = known[template]
        slots = {
            name: str(entity.text or entity.value).strip()
            for name, entity in result.entities.items()
        }
        return await handler(Said(hass, user_input, intent, slots, words))

    voice.unregister = get_agent_manager(hass).register_trigger(list(known), answer)
