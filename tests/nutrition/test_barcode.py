"""Barcode look-ups through Open Food Facts, with HTTP mocked at HA's session."""

from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.test_util.aiohttp import AiohttpClientMocker

from ..conftest import db_rows

URL = "https://world.openfoodfacts.org/api/v2/product/{}.json"
NUTELLA = {
    "status": 1,
    "product": {
        "product_name": "Nutella",
        "serving_quantity": "15",
        "serving_size": "15 g",
        "nutriments": {
            "energy-kcal_100g": 539,
            "proteins_100g": 6.3,
            "carbohydrates_100g": 57.5,
            "sugars_100g": 56.3,
            "fat_100g": 30.9,
            "saturated-fat_100g": 10.6,
            "sodium_100g": 0.0428,
        },
    },
}


@pytest.fixture
async def barcodes_on(
    hass: HomeAssistant, loaded_alice: MockConfigEntry
) -> MockConfigEntry:
    hass.config_entries.async_update_entry(
        loaded_alice, options={**loaded_alice.options, "barcode_lookup": True}
    )
    assert await hass.config_entries.async_reload(loaded_alice.entry_id)
    await hass.async_block_till_done()
    return loaded_alice


async def _lookup(hass: HomeAssistant, barcode: str) -> Any:
    return await hass.services.async_call(
        "betti",
        "lookup_barcode",
        {"barcode": barcode},
        blocking=True,
        return_response=True,
    )


async def test_a_product_is_fetched_once_and_kept(
    hass: HomeAssistant,
    barcodes_on: MockConfigEntry,
    aioclient_mock: AiohttpClientMocker,
) -> None:
    aioclient_mock.get(URL.format("3017620422003"), json=NUTELLA)
    food = await _lookup(hass, "3017620422003")
    assert food["name"] == "Nutella"
    assert food["source"] == "open_food_facts"
    assert food["per_100g"]["sodium"] == 42.8  # mg, from OFF's grams
    assert food["serving"] == {"name": "15 g", "grams": 15.0}
    again = await _lookup(hass, "3017620422003")
    assert again["food"] == food["food"]
    assert aioclient_mock.call_count == 1
    # Only the barcode is sent.
    _, _, data, headers = aioclient_mock.mock_calls[0]
    assert data is None
    assert "Betti" in headers["User-Agent"]
    logged = await hass.services.async_call(
        "betti", "log_food", {"food": food["food"]}, blocking=True, return_response=True
    )
    assert logged["energy_kcal"] == pytest.approx(80.8, abs=0.1)


@pytest.mark.parametrize(
    ("response", "key"),
    [
        ({"status": 0, "status_verbose": "product not found"}, "barcode_not_found"),
        (
            {"status": 1, "product": {"product_name": "Mystery", "nutriments": {}}},
            "barcode_incomplete",
        ),
    ],
)
async def test_unknown_or_incomplete_products(
    hass: HomeAssistant,
    barcodes_on: MockConfigEntry,
    aioclient_mock: AiohttpClientMocker,
    response: dict[str, Any],
    key: str,
) -> None:
    aioclient_mock.get(URL.format("12345670"), json=response)
    with pytest.raises(ServiceValidationError) as err:
        await _lookup(hass, "12345670")
    assert err.value.translation_key == key
    assert db_rows(hass, "SELECT count(*) FROM foods") == [(0,)]


async def test_network_trouble_and_bad_barcodes(
    hass: HomeAssistant,
    barcodes_on: MockConfigEntry,
    aioclient_mock: AiohttpClientMocker,
) -> None:
    aioclient_mock.get(URL.format("12345670"), exc=TimeoutError())
    with pytest.raises(HomeAssistantError) as err:
        await _lookup(hass, "12345670")
    assert err.value.translation_key == "barcode_lookup_failed"
    with pytest.raises(ServiceValidationError) as err:
        await _lookup(hass, "not-a-barcode")
    assert err.value.translation_key == "barcode_invalid"
    assert aioclient_mock.call_count == 1
