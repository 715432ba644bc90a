"""The household's foods: the shipped starter foods and its own, searchable in memory."""

import asyncio

from homeassistant.core import HomeAssistant
from homeassistant.util.hass_dict import HassKey

from ..const import DOMAIN
from ..db import Database
from ..db.nutrition import household_foods
from ..household.database import DATA_DATABASE
from . import Food
from .catalog import load_shipped
from .search import FoodIndex, Usage

DATA_FOODS: HassKey[asyncio.Task[FoodIndex]] = HassKey(f"{DOMAIN}_foods")


async def _async_build(hass: HomeAssistant, database: Database) -> FoodIndex:
    shipped = await hass.async_add_executor_job(load_shipped)
    own = await database.async_read(household_foods)
    return await hass.async_add_executor_job(FoodIndex, [*shipped, *own])


async def async_food_index(hass: HomeAssistant) -> FoodIndex:
    """Return the food index, built at the first search or log of a food of this run.

    Not at start: its ~6,600 shipped foods hold some 15 MB that a household that logs no
    food by name never needs.
    """
    if (task := hass.data.get(DATA_FOODS)) is None:
        task = hass.data[DATA_FOODS] = hass.async_create_background_task(
            _async_build(hass, hass.data[DATA_DATABASE]), f"{DOMAIN} food index"
        )
    return await task


async def async_search_foods(
    hass: HomeAssistant, query: str, usage: dict[str, Usage], limit: int
) -> list[Food]:
    """Search in the executor: a search can take milliseconds, too long for the loop."""
    index = await async_food_index(hass)
    return await hass.async_add_executor_job(index.search, query, usage, limit)
