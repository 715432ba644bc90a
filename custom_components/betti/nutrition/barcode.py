"""Barcode look-ups through Open Food Facts (off unless a profile turns it on).

Only the barcode is sent. A product found is kept as a household food, so each barcode is
asked for once and works offline afterwards. Open Food Facts data is under the ODbL.
"""

from typing import Any

import aiohttp
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.util import dt as dt_util

from ..const import DOMAIN
from ..db.nutrition import add_food, food_by_barcode
from ..household.access import validation_error
from ..models import BettiConfigEntry
from . import Food, Nutrient
from .foods import async_food_index
from .log import async_write_as

PRODUCT_URL = "https://world.openfoodfacts.org/api/v2/product/{barcode}.json"
FIELDS = "product_name,nutriments,serving_size,serving_quantity"
USER_AGENT = (
    "Betti/0.1.0 (Home Assistant integration; https://github.com/betti-health/ha-betti)"
)
TIMEOUT = aiohttp.ClientTimeout(total=10)
SOURCE = "open_food_facts"
# Open Food Facts nutriment per 100 g → Betti nutrient, and the factor to Betti's unit.
NUTRIMENTS: dict[str, tuple[Nutrient, float]] = {
    "energy-kcal_100g": (Nutrient.ENERGY, 1),
    "proteins_100g": (Nutrient.PROTEIN, 1),
    "carbohydrates_100g": (Nutrient.CARBOHYDRATE, 1),
    "sugars_100g": (Nutrient.SUGARS, 1),
    "fat_100g": (Nutrient.FAT, 1),
    "saturated-fat_100g": (Nutrient.SATURATED_FAT, 1),
    "fiber_100g": (Nutrient.FIBRE, 1),
    "sodium_100g": (Nutrient.SODIUM, 1000),  # g → mg
}
REQUIRED = (Nutrient.ENERGY, Nutrient.PROTEIN, Nutrient.CARBOHYDRATE, Nutrient.FAT)


def parse_product(
    product: dict[str, Any],
) -> tuple[str, dict[Nutrient, float], float | None, str | None]:
    """Name, nutrients per 100 g, serving grams and serving name of an OFF product."""
    nutriments = product.get("nutriments") or {}
    per_100g: dict[Nutrient, float] = {}
    for field, (nutrient, factor) in NUTRIMENTS.items():
        try:
            per_100g[nutrient] = float(nutriments[field]) * factor
        except KeyError, TypeError, ValueError:
            continue
    try:
        serving_g: float | None = float(product["serving_quantity"])
    except KeyError, TypeError, ValueError:
        serving_g = None
    serving_g = serving_g if serving_g and serving_g > 0 else None
    name = str(product.get("product_name") or "").strip()
    return name, per_100g, serving_g, product.get("serving_size") if serving_g else None


async def _async_fetch(hass: HomeAssistant, barcode: str) -> dict[str, Any] | None:
    # Imported here: the helper pulls in HA's network stack, which setup need not wait for.
    from homeassistant.helpers.aiohttp_client import (  # noqa: PLC0415
        async_get_clientsession,
    )

    session = async_get_clientsession(hass)
    try:
        async with session.get(
            PRODUCT_URL.format(barcode=barcode),
            params={"fields": FIELDS},
            headers={"User-Agent": USER_AGENT},
            timeout=TIMEOUT,
        ) as response:
            if response.status == 404:  # noqa: PLR2004
                return None
            response.raise_for_status()
            body = await response.json()
    except (aiohttp.ClientError, TimeoutError, ValueError) as err:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="barcode_lookup_failed",
            translation_placeholders={"error": str(err) or type(err).__name__},
        ) from err
    if body.get("status") != 1 or not isinstance(body.get("product"), dict):
        return None
    product: dict[str, Any] = body["product"]
    return product


async def async_lookup_barcode(
    hass: HomeAssistant, entry: BettiConfigEntry, barcode: str, user_id: str | None
) -> Food:
    """Return the food with a barcode: known already, or fetched from Open Food Facts and kept."""
    database = entry.runtime_data.database
    if (known := await database.async_read(food_by_barcode, barcode)) is not None:
        return known
    product = await _async_fetch(hass, barcode)
    if product is None:
        raise validation_error("barcode_not_found", barcode=barcode)
    name, per_100g, serving_g, serving_name = parse_product(product)
    if not name or any(nutrient not in per_100g for nutrient in REQUIRED):
        raise validation_error("barcode_incomplete", barcode=barcode)
    food = await async_write_as(
        entry,
        user_id,
        "service",
        "food_added",
        add_food,
        name=name,
        source=SOURCE,
        per_100g=per_100g,
        serving_name=serving_name,
        serving_g=serving_g,
        density=1.0,
        at=dt_util.utcnow(),
        barcode=barcode,
    )
    index = await async_food_index(hass)
    await hass.async_add_executor_job(index.add, food)  # waits for a search in progress
    return food
