"""Input no person means: each refused with a translated error naming the field, nothing stored.

One case per value the fuzz of issue 14 found breaking an action (an unexpected exception, or
a value stored that broke the profile later).
"""

from contextlib import closing
import hashlib
import sqlite3
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from .conftest import db_rows

HUGE_ID = 2**63
YEAR_1 = "0001-01-01T00:00:00"
YEAR_9999 = "9999-12-31T23:30:00"
SURROGATE = "a\ud800b"
RESPONDS = {
    "add_medication",
    "refill_medication",
    "log_vital",
    "get_vitals",
    "get_alerts",
    "log_water",
    "log_food",
    "log_workout",
    "add_food",
    "get_nutrition",
    "get_medication_history",
    "add_appointment",
    "mark_dose",
    "assign_vital",
    "search_foods",
    "create_call_link",
}


def database_digest(hass: HomeAssistant) -> str:
    """A checksum of every row of every table, to show a refusal wrote nothing."""
    with closing(sqlite3.connect(hass.config.path("betti/betti.db"))) as conn:
        return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()


async def call(hass: HomeAssistant, service: str, data: dict[str, Any]) -> Any:
    """Call a Betti action the way automations do."""
    return await hass.services.async_call(
        "betti", service, data, blocking=True, return_response=service in RESPONDS
    )


@pytest.fixture
async def medication_id(hass: HomeAssistant, loaded_alice: MockConfigEntry) -> int:
    """Alice takes one tablet a day."""
    added = await call(
        hass,
        "add_medication",
        {"name": "Ramipril", "schedules": [{"type": "weekly", "times": ["08:00"]}]},
    )
    return int(added["medication_id"])


CASES: list[tuple[str, dict[str, Any], str]] = [
    # Numbers that are not numbers, or no amount anyone drinks, eats or walks.
    ("log_water", {"amount": "inf"}, "amount"),
    ("log_water", {"amount": "nan"}, "amount"),
    ("log_water", {"amount": 1e308}, "amount"),
    ("log_food", {"food": "banana", "amount": "inf"}, "amount"),
    ("log_food", {"food": "banana", "amount": 1e308}, "amount"),
    ("log_food", {"food": "banana", "amount": "nan"}, "amount"),
    ("log_meal", {"meal": "lunch", "items": [{"food": "banana", "amount": "nan"}]}, "items.0.amount"),
    ("log_activity", {"steps": "inf"}, "steps"),
    ("log_activity", {"steps": "nan"}, "steps"),
    ("log_activity", {"active_energy": 1e308}, "active_energy"),
    ("add_food", {"name": "x", "energy_kcal": 1e308, "protein": 1, "carbohydrate": 1, "fat": 1}, "energy_kcal"),
    ("add_food", {"name": "x", "energy_kcal": "nan", "protein": 1, "carbohydrate": 1, "fat": 1}, "energy_kcal"),
    ("add_food", {"name": "x", "energy_kcal": 100, "protein": 1, "carbohydrate": 1, "fat": 1, "sodium": "inf"}, "sodium"),
    ("log_workout", {"kind": "walk", "duration": "00:30:00", "energy_kcal": "inf"}, "energy_kcal"),
    ("log_workout", {"kind": "walk", "duration": "00:30:00", "distance_km": "nan"}, "distance_km"),
    ("log_workout", {"kind": "walk", "duration": 1e300}, "duration"),
    ("log_workout", {"kind": "walk", "duration": {"days": 1000000000}}, "duration"),
    ("log_vital", {"kind": "weight", "weight": "nan"}, "weight"),
    ("log_vital", {"kind": "weight", "weight": "1e999"}, "weight"),
    ("log_mood", {"mood": 1e300}, "mood"),
    ("search_foods", {"query": "banana", "limit": "inf"}, "limit"),
    ("create_call_link", {"guest_name": "Carol", "valid_hours": 1e300}, "valid_hours"),
    # Ids beyond SQLite's 64-bit integers.
    ("delete_vital", {"vital_id": HUGE_ID}, "vital_id"),
    ("delete_vital", {"pending_id": HUGE_ID}, "pending_id"),
    ("reassign_vital", {"vital_id": HUGE_ID, "to_config_entry_id": "x"}, "vital_id"),
    ("assign_vital", {"pending_id": HUGE_ID}, "pending_id"),
    ("acknowledge_alert", {"alert_id": HUGE_ID}, "alert_id"),
    ("remove_medication", {"medication_id": HUGE_ID}, "medication_id"),
    ("mark_dose", {"medication_id": HUGE_ID, "status": "taken"}, "medication_id"),
    ("get_medication_history", {"medication_id": HUGE_ID}, "medication_id"),
    ("delete_water", {"water_id": HUGE_ID}, "water_id"),
    ("delete_workout", {"workout_id": HUGE_ID}, "workout_id"),
    ("edit_meal_item", {"item_id": HUGE_ID, "amount": 10}, "item_id"),
    ("delete_meal_item", {"item_id": HUGE_ID}, "item_id"),
    # Times from year 1 or 9999, and a naive start with an aware end.
    ("log_vital", {"kind": "weight", "weight": 70, "measured_at": YEAR_1}, "measured_at"),
    ("get_vitals", {"start": YEAR_1}, "start"),
    # ciso8601, HA's date parser, crashes the process on a lone surrogate.
    ("get_vitals", {"start": "2026-01-01T\ud800"}, "start"),
    ("get_nutrition", {"day": "\ud800"}, "day"),
    ("get_alerts", {"end": YEAR_9999}, "end"),
    ("mark_dose", {"medication_id": 1, "status": "taken", "at": YEAR_1}, "at"),
    ("mark_dose", {"medication_id": 1, "status": "taken", "due": YEAR_9999}, "due"),
    ("get_medication_history", {"end": YEAR_9999}, "end"),
    ("log_food", {"food": "banana", "eaten_at": YEAR_1}, "eaten_at"),
    ("log_water", {"drunk_at": YEAR_1}, "drunk_at"),
    ("log_workout", {"kind": "walk", "duration": "00:30:00", "started_at": YEAR_1}, "started_at"),
    ("log_activity", {"day": "0001-01-01", "steps": 100}, "day"),
    ("get_nutrition", {"day": "9999-12-31"}, "day"),
    ("get_nutrition", {"start": "0001-01-01"}, "start"),
    ("add_appointment", {"title": "Dentist", "start": YEAR_9999}, "start"),
    ("add_appointment", {"title": "Dentist", "start": "9999-12-31"}, "start"),
    # Text that cannot be stored, or no one types.
    ("log_vital", {"kind": "weight", "weight": 70, "note": SURROGATE}, "note"),
    ("add_appointment", {"title": SURROGATE, "start": "2026-03-10T09:00:00"}, "title"),
    ("add_medication", {"name": SURROGATE, "schedules": [{"type": "as_needed"}]}, "name"),
    ("log_workout", {"kind": "walk", "duration": "00:30:00", "note": "x" * 100_000}, "note"),
    ("add_food", {"name": "x" * 200_000, "energy_kcal": 1, "protein": 1, "carbohydrate": 1, "fat": 1}, "name"),
    ("log_mood", {"mood": 3, "note": "\x00"}, "note"),
]  # fmt: skip


@pytest.mark.parametrize(("service", "data", "field"), CASES)
async def test_refused_naming_the_field(
    hass: HomeAssistant,
    household: tuple[MockConfigEntry, MockConfigEntry],
    service: str,
    data: dict[str, Any],
    field: str,
) -> None:
    alice, _ = household
    data = {"config_entry_id": alice.entry_id, **data}
    if "to_config_entry_id" in data:
        data["to_config_entry_id"] = household[1].entry_id
    before = database_digest(hass)
    with pytest.raises(ServiceValidationError) as refused:
        await call(hass, service, data)
    assert refused.value.translation_domain == "betti"
    assert refused.value.translation_placeholders["field"] == field
    assert database_digest(hass) == before


async def test_naive_and_aware_ends_of_one_range(
    hass: HomeAssistant, loaded_alice: MockConfigEntry
) -> None:
    """A time without a zone is in HA's zone, so it can be compared with one with a zone."""
    for service in ("get_vitals", "get_alerts", "get_medication_history"):
        found = await call(
            hass,
            service,
            {"start": "2026-03-01T00:00:00", "end": "2026-03-02T00:00:00+00:00"},
        )
        assert isinstance(found, dict)


@pytest.mark.freeze_time("2026-03-02 16:30:00+00:00")
async def test_reading_before_birth_or_far_ahead_refused(
    hass: HomeAssistant, loaded_alice: MockConfigEntry
) -> None:
    before = database_digest(hass)
    for measured_at, key in (
        ("1948-03-13T12:00:00+00:00", "measured_before_birth"),
        ("2026-03-02T16:40:00+00:00", "measured_in_future"),
    ):
        with pytest.raises(ServiceValidationError) as refused:
            await call(
                hass,
                "log_vital",
                {"kind": "weight", "weight": 70, "measured_at": measured_at},
            )
        assert refused.value.translation_key == key
    assert database_digest(hass) == before
    await call(
        hass,
        "log_vital",
        {"kind": "weight", "weight": 70, "measured_at": "1990-05-01T08:00:00+00:00"},
    )


@pytest.mark.parametrize(
    "schedule",
    [
        {"type": "every_n_days", "every_days": 1000000000000, "times": ["08:00"]},
        {"type": "every_n_days", "every_days": 366, "times": ["08:00"]},
        {"type": "every_n_hours", "every_hours": 10**12, "anchor": "2026-03-01T08:00:00+00:00"},
        {"type": "weekly", "times": ["08:00"], "pauses": [1]},
        {"type": "weekly", "times": ["08:00"], "pauses": [{"start": "0001-01-01T00:00:00+00:00"}]},
        {"type": "weekly", "times": ["08:00"], "start": "0001-01-01"},
        {"type": "weekly", "times": ["08:00"], "end": "9999-12-31"},
        {"type": "weekly", "times": [{"time": "08:00", "amount": 1e300}]},
        {"type": "as_needed", "max_per_day": float("inf")},
        {"type": "as_needed", "max_per_24h": 10**12},
        {"type": "as_needed", "min_hours_between": 1e300},
        {"type": "as_needed", "amount": "nan"},
    ],
)  # fmt: skip
async def test_schedule_out_of_bounds_refused(
    hass: HomeAssistant, loaded_alice: MockConfigEntry, schedule: dict[str, Any]
) -> None:
    """The every-1e12-days schedule used to be stored and take the whole profile down."""
    before = database_digest(hass)
    with pytest.raises(ServiceValidationError) as refused:
        await call(hass, "add_medication", {"name": "x", "schedules": [schedule]})
    assert refused.value.translation_key == "schedule_invalid"
    assert database_digest(hass) == before
    await hass.config_entries.async_reload(loaded_alice.entry_id)
    assert loaded_alice.state is ConfigEntryState.LOADED


async def test_amount_bounds_of_refills_and_medications(
    hass: HomeAssistant, loaded_alice: MockConfigEntry, medication_id: int
) -> None:
    before = database_digest(hass)
    for service, data, field in (
        ("refill_medication", {"amount": "1e999"}, "amount"),
        ("refill_medication", {"amount": "nan"}, "amount"),
        ("update_medication", {"stock": "inf"}, "stock"),
        ("update_medication", {"grace_minutes": 1e300}, "grace_minutes"),
    ):
        with pytest.raises(ServiceValidationError) as refused:
            await call(hass, service, {"medication_id": medication_id, **data})
        assert refused.value.translation_placeholders["field"] == field
    with pytest.raises(ServiceValidationError):
        await call(hass, "add_medication", {"name": "x", "schedules": [{}] * 11})
    assert database_digest(hass) == before


async def test_delete_food_with_a_digit_python_cannot_read(
    hass: HomeAssistant, loaded_alice: MockConfigEntry
) -> None:
    before = database_digest(hass)
    with pytest.raises(ServiceValidationError) as refused:
        await call(hass, "delete_food", {"food": "user:²"})
    assert refused.value.translation_key == "only_own_foods"
    assert database_digest(hass) == before


@pytest.mark.freeze_time("2026-03-02 16:30:00+00:00")
async def test_pause_and_resume_at_the_same_instant(
    hass: HomeAssistant, medication_id: int, freezer: FrozenDateTimeFactory
) -> None:
    """Resuming in the instant of pausing leaves no pause, rather than an empty one."""
    for paused in (True, False):
        await call(
            hass,
            "update_medication",
            {"medication_id": medication_id, "paused": paused},
        )
    history = await call(hass, "get_medication_history", {})
    assert history["medications"][0]["paused"] is False
    (schedules,) = db_rows(
        hass, "SELECT schedules FROM medications WHERE id = ?", medication_id
    )[0]
    assert '"pauses": []' in str(schedules)


@pytest.mark.parametrize("rrule", ["FREQ=SECONDLY", "FREQ=MINUTELY", "FREQ=HOURLY"])
async def test_appointment_repeating_more_than_daily_refused(
    hass: HomeAssistant, loaded_alice: MockConfigEntry, rrule: str
) -> None:
    """HA's calendar cannot show such a series: accepting one broke the person's calendar."""
    before = database_digest(hass)
    with pytest.raises(ServiceValidationError) as refused:
        await call(
            hass,
            "add_appointment",
            {"title": "Nurse", "start": "2026-03-10T09:00:00", "rrule": rrule},
        )
    assert refused.value.translation_key == "appointment_rrule_frequency"
    assert database_digest(hass) == before
