"""The food actions: logging, searching, adding, editing; and what they refuse."""

from datetime import date, timedelta
from typing import Any

from homeassistant.core import Context, CoreState, HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, MockUser
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.betti.nutrition.search import FoodIndex

from ..conftest import db_rows, threads_running


async def _call(
    hass: HomeAssistant, service: str, data: dict[str, Any], **kwargs: Any
) -> Any:
    return await hass.services.async_call(
        "betti", service, data, blocking=True, return_response=True, **kwargs
    )


async def _do(hass: HomeAssistant, service: str, data: dict[str, Any]) -> None:
    await hass.services.async_call("betti", service, data, blocking=True)


def _count(hass: HomeAssistant, table: str) -> int:
    return int(db_rows(hass, f"SELECT count(*) FROM {table}")[0][0])  # type: ignore[call-overload]  # noqa: S608


@pytest.mark.freeze_time("2026-03-02 16:30:00+00:00")  # 08:30 in HA's test time zone
async def test_log_food_by_name_and_read_the_day_back(
    hass: HomeAssistant, loaded_alice: MockConfigEntry, alice_user: MockUser
) -> None:
    logged = await _call(
        hass, "log_food", {"food": "banana"}, context=Context(user_id=alice_user.id)
    )
    assert logged == {
        "item_id": 1,
        "meal": "breakfast",
        "food": "usda:Banana, raw",
        "name": "Banana, raw",
        "amount": 1,
        "unit": "serving",
        "grams": 118.0,
        "energy_kcal": 114.5,
        "protein": 0.9,
        "carbohydrate": 26.8,
        "sugars": 18.6,
        "fat": 0.3,
        "saturated_fat": 0.1,
        "fibre": 2.0,
        "sodium": 0.0,
    }
    meal = await _call(
        hass,
        "log_meal",
        {
            "meal": "lunch",
            "items": [
                {"food": "usda:Oatmeal, NFS", "amount": 1, "unit": "serving"},
                {"food": "yoghurt plain whole", "amount": 150, "unit": "g"},
            ],
        },
    )
    assert [item["name"] for item in meal["items"]] == [
        "Oatmeal, NFS",
        "Yogurt, plain, whole milk",
    ]
    assert meal["totals"]["energy_kcal"] == pytest.approx(
        sum(item["energy_kcal"] for item in meal["items"]), abs=0.2
    )
    day = await _call(hass, "get_nutrition", {})
    summary = day["days"]["2026-03-02"]
    assert summary["totals"]["energy_kcal"] == pytest.approx(
        logged["energy_kcal"] + meal["totals"]["energy_kcal"], abs=0.6
    )
    assert [item["name"] for item in day["meals"]["breakfast"]] == ["Banana, raw"]
    assert len(day["meals"]["lunch"]) == 2
    # Alice has no weight logged: energy has no computed goal, water has EFSA's.
    assert "energy_kcal" not in summary["goals"]
    assert summary["goals"]["water"] == 1600
    # A range returns each day, empty days too.
    week = await _call(
        hass, "get_nutrition", {"start": "2026-02-24", "end": "2026-03-02"}
    )
    assert len(week["days"]) == 7
    assert week["days"]["2026-02-24"]["totals"]["water"] == 0
    assert "meals" not in week
    # A year comes back whole: each day once, in order, today's as the day showed it.
    year = await _call(
        hass, "get_nutrition", {"start": "2025-03-03", "end": "2026-03-02"}
    )
    assert list(year["days"]) == [
        (date(2025, 3, 3) + timedelta(days=offset)).isoformat() for offset in range(365)
    ]
    assert year["days"]["2026-03-02"] == summary
    audit = db_rows(
        hass,
        "SELECT user_id, source, action FROM audit_log WHERE action = 'meal_logged'",
    )
    assert audit == [
        (alice_user.id, "service", "meal_logged"),
        (None, "service", "meal_logged"),
    ]


async def test_recent_foods_come_first_in_search(
    hass: HomeAssistant, loaded_alice: MockConfigEntry
) -> None:
    before = await _call(hass, "search_foods", {"query": "banana", "limit": 3})
    assert before["foods"][0]["name"] == "Banana, raw"
    await _call(
        hass, "log_food", {"food": "usda:Banana chips", "amount": 30, "unit": "g"}
    )
    after = await _call(hass, "search_foods", {"query": "banana", "limit": 3})
    assert after["foods"][0]["name"] == "Banana chips"
    assert after["foods"][0]["per_100g"]["energy_kcal"] > 400
    recent = await _call(hass, "search_foods", {})
    assert [food["name"] for food in recent["foods"]] == ["Banana chips"]


async def test_search_answers_while_home_assistant_is_still_starting(
    hass: HomeAssistant, persons: None, alice_entry: MockConfigEntry
) -> None:
    # The food index is built by the first search, not once HA has started.
    hass.set_state(CoreState.starting)
    alice_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(alice_entry.entry_id)
    found = await _call(hass, "search_foods", {"query": "banana", "limit": 1})
    assert found["foods"][0]["name"] == "Banana, raw"


async def test_household_foods_and_edits(
    hass: HomeAssistant, loaded_alice: MockConfigEntry
) -> None:
    food = await _call(
        hass,
        "add_food",
        {
            "name": "Granny's flapjack",
            "energy_kcal": 450,
            "protein": 6,
            "carbohydrate": 55,
            "fat": 22,
            "serving_name": "square",
            "serving_g": 60,
        },
    )
    assert food["food"] == "user:1"
    assert food["serving"] == {"name": "square", "grams": 60}
    found = await _call(hass, "search_foods", {"query": "flapjak"})
    assert found["foods"][0]["food"] == "user:1"
    item = await _call(
        hass, "log_food", {"food": "user:1", "amount": 2, "meal": "snack"}
    )
    assert item["energy_kcal"] == 540
    await _do(hass, "edit_meal_item", {"item_id": item["item_id"], "amount": 1})
    day = await _call(hass, "get_nutrition", {})
    assert day["meals"]["snack"][0]["energy_kcal"] == 270
    assert hass.states.get("sensor.betti_alice_energy_today").state == "270.0"
    # Deleting the food keeps what was eaten.
    await _do(hass, "delete_food", {"food": "user:1"})
    assert (await _call(hass, "search_foods", {"query": "flapjack"}))["foods"] == []
    assert _count(hass, "meal_items") == 1
    await _do(hass, "delete_meal_item", {"item_id": item["item_id"]})
    assert _count(hass, "meal_items") == 0
    assert hass.states.get("sensor.betti_alice_energy_today").state == "0.0"


async def test_search_runs_off_the_event_loop(
    hass: HomeAssistant, loaded_alice: MockConfigEntry
) -> None:
    with threads_running(FoodIndex.search) as threads:
        found = await _call(hass, "search_foods", {"query": "banana"})
        await _call(hass, "log_food", {"food": "banana"})
    assert found["foods"][0]["name"] == "Banana, raw"
    assert len(threads) == 2
    assert hass.loop_thread_id not in threads


@pytest.mark.parametrize(
    ("service", "data", "key"),
    [
        ("log_food", {"food": "xqzvw"}, "food_not_found"),
        ("log_food", {"food": "usda:No such food"}, "food_not_found"),
        ("log_food", {"food": "banana", "amount": 0}, "amount_not_positive"),
        (
            "log_food",
            {"food": "banana", "amount": -100, "unit": "g"},
            "number_out_of_range",
        ),
        (
            "log_food",
            {"food": "usda:Banana chips", "amount": 1, "unit": "serving"},
            "food_has_no_serving",
        ),
        (
            "log_food",
            {"food": "banana", "eaten_at": "2099-01-01T08:00:00"},
            "logged_in_future",
        ),
        (
            "log_meal",
            {"meal": "lunch", "items": [{"food": "banana"}, {"food": "xqzvw"}]},
            "food_not_found",
        ),
        ("log_meal", {"meal": "lunch", "items": []}, "meal_without_items"),
        ("search_foods", {"query": "banana " * 40}, "food_query_too_long"),
        # The field's own length limit refuses it before any search.
        ("log_food", {"food": "b" * 200_000}, "text_too_long"),
        (
            "log_meal",
            {"meal": "lunch", "items": [{"food": "banana"}, {"food": "b" * 201}]},
            "text_too_long",
        ),
        (
            "add_food",
            {
                "name": "x",
                "energy_kcal": 100,
                "protein": 60,
                "carbohydrate": 60,
                "fat": 1,
            },
            "nutrients_over_100g",
        ),
        (
            "add_food",
            {"name": "x", "energy_kcal": -1, "protein": 1, "carbohydrate": 1, "fat": 1},
            "number_out_of_range",
        ),
        ("delete_food", {"food": "usda:Banana, raw"}, "only_own_foods"),
        ("edit_meal_item", {"item_id": 99, "amount": 1}, "item_not_found"),
        ("delete_meal_item", {"item_id": 99}, "item_not_found"),
        (
            "get_nutrition",
            {"start": "2026-03-02", "end": "2026-03-01"},
            "start_not_before_end",
        ),
        (
            "get_nutrition",
            {"start": "2024-01-01", "end": "2026-03-01"},
            "range_too_long",
        ),
        ("lookup_barcode", {"barcode": "3017620422003"}, "barcode_lookup_off"),
    ],
)
async def test_bad_input_is_refused_and_nothing_is_written(
    hass: HomeAssistant,
    loaded_alice: MockConfigEntry,
    service: str,
    data: dict[str, Any],
    key: str,
) -> None:
    audit = _count(hass, "audit_log")
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            "betti",
            service,
            data,
            blocking=True,
            return_response=service
            not in ("delete_food", "edit_meal_item", "delete_meal_item"),
        )
    assert err.value.translation_key == key
    assert str(err.value)  # the translated message, not an empty string
    assert _count(hass, "meal_items") == 0
    assert _count(hass, "foods") == 0
    assert _count(hass, "audit_log") == audit


@pytest.mark.freeze_time("2026-03-02 20:30:00+00:00")  # 12:30 in HA's test time zone
async def test_a_meal_logged_over_rest_without_a_meal_is_the_one_at_that_hour(
    hass: HomeAssistant,
    loaded_alice: MockConfigEntry,
    hass_client: ClientSessionGenerator,
) -> None:
    assert await async_setup_component(hass, "api", {})
    client = await hass_client()
    response = await client.post(
        "/api/services/betti/log_meal?return_response",
        json={"items": [{"food": "banana"}]},
    )
    assert response.status == 200, await response.text()
    assert (await response.json())["service_response"]["meal"] == "lunch"
    assert db_rows(hass, "SELECT meal FROM meals") == [("lunch",)]


def _numbers(value: Any) -> list[float]:
    """Every number in a response."""
    if isinstance(value, int | float):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return [number for item in value for number in _numbers(item)]
    return []


@pytest.mark.freeze_time("2026-03-02 16:30:00+00:00")
async def test_get_nutrition_returns_numbers_a_person_can_read(
    hass: HomeAssistant, loaded_alice: MockConfigEntry
) -> None:
    await _call(hass, "log_food", {"food": "banana", "amount": 0.7})
    await _call(
        hass, "log_food", {"food": "yoghurt plain whole", "amount": 33, "unit": "g"}
    )
    await _call(hass, "log_food", {"food": "usda:Oatmeal, NFS", "amount": 1.3})
    await _call(hass, "log_water", {"amount": 3.3, "unit": "fl_oz"})
    day = await _call(hass, "get_nutrition", {})
    totals = day["days"]["2026-03-02"]["totals"]
    # Whole kcal, mg and ml; grams to a tenth.
    assert (totals["energy_kcal"], totals["sodium"], totals["water"]) == (337, 260, 98)
    assert (totals["protein"], totals["fat"]) == (8.5, 9.7)
    banana = day["meals"]["breakfast"][0]
    assert (banana["energy_kcal"], banana["sugars"], banana["grams"]) == (
        80,
        13.1,
        82.6,
    )
    assert day["meals"]["breakfast"][1]["sugars"] is None  # unknown stays unknown
    assert not [n for n in _numbers(day) if len(repr(n).partition(".")[2]) > 1]
    # What is stored keeps its precision: the day's totals add it up.
    assert db_rows(hass, "SELECT energy_kcal FROM meal_items WHERE id = 1") == [
        (80.122,)
    ]
