"""Assist: log food and water and ask about water by voice, for whoever is speaking.

Betti's sentences are registered with the conversation agent as sentence triggers (the same
mechanism as automations' conversation triggers), so they work with HA's default agent
without files in the user's config folder. The speaker is found from the conversation's
user → their person → that person's Betti profile.
"""

from typing import TYPE_CHECKING

from homeassistant.const import EVENT_COMPONENT_LOADED
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.setup import ATTR_COMPONENT, EventComponentLoaded
from homeassistant.util import dt as dt_util

from ..const import DOMAIN
from ..household.permissions import CONF_SHARED_WITH, person_user
from ..models import BettiConfigEntry, loaded_profiles
from . import AmountUnit, Nutrient
from .log import (
    async_find_food,
    async_log_items,
    async_log_water,
    eaten,
)
from .options import from_ml
from .voice import SENTENCES, AskWater, LogFood, LogWater, parse

if TYPE_CHECKING:  # Assist is imported only where it is set up
    from hassil.recognize import RecognizeResult
    from homeassistant.components.conversation import ConversationInput

CONVERSATION = "conversation"
GRAMS_WITHOUT_SERVING = 100


async def _async_speaker_entry(
    hass: HomeAssistant, user_id: str | None
) -> BettiConfigEntry | None:
    """Return whose profile a sentence is for; None if unclear.

    "I drank" speaks for the speaker: their own profile, else the one profile shared with
    their login (the mirror's). An administrator is not everyone's speaker. A voice
    satellite speaks for no user: then only a household of one needs no name.
    """
    found = loaded_profiles(hass)
    if user_id is not None:
        found = [e for e in found if person_user(hass, e) == user_id] or [
            e for e in found if user_id in e.options.get(CONF_SHARED_WITH, [])
        ]
    return found[0] if len(found) == 1 else None


def _amount(ml: float, entry: BettiConfigEntry) -> str:
    unit = entry.runtime_data.profile.volume_unit
    shown = "ml" if unit == "mL" else "fl oz"
    return f"{from_ml(ml, unit):.0f} {shown}"


async def _async_answer(
    hass: HomeAssistant, user_input: ConversationInput
) -> str | None:
    command = parse(user_input.text)
    if command is None:
        return None
    # A refusal is raised, not returned: Assist answers an error, never "done".
    entry = await _async_speaker_entry(hass, user_input.context.user_id)
    if entry is None:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="voice_no_profile"
            if user_input.context.user_id
            else "voice_whose_profile",
        )
    coordinator = entry.runtime_data.nutrition
    user_id = user_input.context.user_id
    if isinstance(command, AskWater):
        return _water_today(entry)
    if isinstance(command, LogWater):
        ml = command.ml or coordinator.settings.glass_ml * command.glasses
        await async_log_water(
            entry, ml, at=dt_util.utcnow(), user_id=user_id, source="voice"
        )
        return f"Logged {_amount(ml, entry)} of water. {_water_today(entry)}"
    return await _async_log_food(entry, command, user_id)


async def _async_log_food(
    entry: BettiConfigEntry, command: LogFood, user_id: str | None
) -> str:
    food = await async_find_food(entry, command.food)
    amount, unit = command.amount, command.unit
    if unit is AmountUnit.SERVINGS and not food.serving_g:
        amount, unit = (amount or 1) * GRAMS_WITHOUT_SERVING, AmountUnit.GRAMS
    item = eaten(food, amount, unit)
    meal, _ = await async_log_items(
        entry,
        [item],
        meal=command.meal,
        at=dt_util.utcnow(),
        user_id=user_id,
        source="voice",
    )
    energy = item.nutrients.get(Nutrient.ENERGY, 0)
    return (
        f"Logged {item.grams:.0f} g of {food.name} for {meal}, about {energy:.0f} kcal."
    )


def _water_today(entry: BettiConfigEntry) -> str:
    day = entry.runtime_data.nutrition.data
    text = f"You've had {_amount(day.totals.water_ml, entry)} of water today"
    if day.goals.water_ml:
        return f"{text}, of your {_amount(day.goals.water_ml, entry)} goal."
    return f"{text}."


@callback
def async_setup_voice(hass: HomeAssistant) -> None:
    """Register Betti's sentences once Assist's conversation agent is loaded."""
    if CONVERSATION in hass.config.components:
        _async_register(hass)
        return

    @callback
    def loaded(event: Event[EventComponentLoaded]) -> None:
        if event.data[ATTR_COMPONENT] == CONVERSATION:
            unsubscribe()
            _async_register(hass)

    unsubscribe = hass.bus.async_listen(EVENT_COMPONENT_LOADED, loaded)


@callback
def _async_register(hass: HomeAssistant) -> None:
    from homeassistant.components.conversation.agent_manager import (  # noqa: PLC0415
        get_agent_manager,
    )

    async def answer(
        user_input: ConversationInput, result: RecognizeResult
    ) -> str | None:
        return await _async_answer(hass, user_input)

    get_agent_manager(hass).register_trigger(SENTENCES, answer)
