"""Assist: log food and water and ask about water by voice, for whoever is speaking."""

from pathlib import Path
import re

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.util import dt as dt_util

from ..assist.answers import async_refusal, async_say
from ..assist.registry import Said, async_add_sentences
from ..assist.speaker import async_speaker_profile
from ..models import BettiConfigEntry
from . import AmountUnit, Nutrient, fl_oz_to_ml
from .log import async_find_food, async_log_items, async_log_water, eaten
from .voice import food_phrase, number, readable, water_said

GRAMS_WITHOUT_SERVING = 100


async def async_water_today(said: Said, entry: BettiConfigEntry) -> str:
    """How much water today, against the goal if there is one."""
    day = entry.runtime_data.nutrition.data
    unit = entry.runtime_data.profile.volume_unit
    had = water_said(day.totals.water_ml, unit)
    if day.goals.water_ml:
        goal = water_said(day.goals.water_ml, unit)
        return await async_say(said, "water_today_goal", had=had, goal=goal)
    return await async_say(said, "water_today", had=had)


async def _ask_water(said: Said) -> str:
    return await async_water_today(said, await async_speaker_profile(said))


async def _log_water(said: Said) -> str:
    entry = await async_speaker_profile(said)
    if said.intent == "water_glasses":
        glasses = number(said.slots.get("count", "1"), said.words)
        ml = (
            None
            if glasses is None
            else entry.runtime_data.nutrition.settings.glass_ml * glasses
        )
    else:
        amount = number(said.slots["amount"], said.words)
        ml = (
            amount
            if amount is None or said.intent == "water_ml"
            else fl_oz_to_ml(amount)
        )
    if not ml or ml <= 0:
        raise await async_refusal(said, "amount_unclear")
    await async_log_water(
        entry,
        ml,
        at=dt_util.utcnow(),
        user_id=said.user_input.context.user_id,
        source="voice",
    )
    logged = await async_say(
        said,
        "water_logged",
        amount=water_said(ml, entry.runtime_data.profile.volume_unit),
    )
    return f"{logged} {await async_water_today(said, entry)}"


async def _log_food(said: Said) -> str:
    command = food_phrase(said.slots["food"], said.words)
    if command is None:
        raise await async_refusal(said, "food_unclear")
    entry = await async_speaker_profile(said)
    try:
        food = await async_find_food(entry, command.food)
    except ServiceValidationError as err:
        raise await async_refusal(said, "food_not_found", food=command.food) from err
    amount, unit = command.amount, command.unit
    if unit is AmountUnit.SERVINGS and not food.serving_g:
        amount, unit = (amount or 1) * GRAMS_WITHOUT_SERVING, AmountUnit.GRAMS
    item = eaten(food, amount, unit)
    meal, _ = await async_log_items(
        entry,
        [item],
        meal=command.meal,
        at=dt_util.utcnow(),
        user_id=said.user_input.context.user_id,
        source="voice",
    )
    meal_name = await async_say(said, f"meal_{meal}")
    # The food names are USDA's English ones: another language hears its own word back.
    # (as they said it: German nouns keep their capital).
    heard = re.search(re.escape(command.food), said.slots["food"], re.IGNORECASE)
    name = (
        readable(food.name)
        if said.language.startswith("en")
        else heard[0]
        if heard
        else command.food
    )
    return await async_say(
        said,
        "food_logged",
        grams=f"{item.grams:.0f}",
        food=name,
        meal=meal_name,
        kcal=f"{item.nutrients.get(Nutrient.ENERGY, 0):.0f}",
    )


async def async_setup_voice(hass: HomeAssistant) -> None:
    """Add the food and water sentences, after every other feature's (they catch all)."""
    await async_add_sentences(
        hass,
        Path(__file__).parent / "sentences",
        {
            "ask_water": _ask_water,
            "water_glasses": _log_water,
            "water_ml": _log_water,
            "water_fl_oz": _log_water,
            "food": _log_food,
        },
        last=True,
    )
