"""The household's foods: the shipped starter foods and its own, searchable in memory."""

import asyncio

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.start import async_at_started
from homeassistant.util.hass_dict import HassKey

from ..const import DOMAIN
from ..db import Database
from ..db.nutrition import household_foods
from . import Food
from .catalog import load_shipped
from .search import FoodIndex, Usage

DATA_FOODS: HassKey[asyncio.Task[FoodIndex]] = HassKey(f"{DOMAIN}_foods")


async def _async_build(hass: HomeAssistant, database: Database) -> FoodIndex:
    shipped = await hass.async_add_executor_job(load_shipped)
    own = await database.async_read(household_foods)
    return await hass.async_add_executor_job(FoodIndex, [*shipped, *own])


async def _async_build_after_start(
    hass: HomeAssistant, database: Database
) -> FoodIndex:
    started = asyncio.Event()

    @callback
    def now_running(_: HomeAssistant) -> None:
        started.set()

    async_at_started(hass, now_running)
    await started.wait()  # set at once when HA is running already
    return await _async_build(hass, database)


@callback
def async_start_loading(hass: HomeAssistant, database: Database) -> None:
    """Build the food index once per start, in the background, once HA has started.

    Setup and HA's own start never wait for it; the first search does, if it comes first.
    """
    if DATA_FOODS not in hass.data:
        hass.data[DATA_FOODS] = hass.async_create_background_task(
            _async_build_after_start(hass, database), f"{DOMAIN} food index"
        )


async def async_food_index(hass: HomeAssistant) -> FoodIndex:
    """Return the food index, once it is built."""
    task = hass.data[DATA_FOODS]
    return await task


async def async_search_foods(
    hass: HomeAssistant, query: str, usage: dict[str, Usage], limit: int
) -> list[Food]:
    """Search in the executor: a search can take milliseconds, too long for the loop."""
    index = await async_food_index(hass)
    return await hass.async_add_executor_job(index.search, query, usage, limit)
