"""Medications managed in HA's UI: each one a config subentry of the person's profile."""

from datetime import UTC, datetime
import json
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import SOURCE_RECONFIGURE, SOURCE_USER
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResult, FlowResultType, InvalidData
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.betti.config_flow import BettiConfigFlow
from custom_components.betti.db.medications import add_medication
from custom_components.betti.medications.codec import decode

from .conftest import db_rows

DETAILS = {
    "name": "Aspirin",
    "strength": "100 mg",
    "form": "tablet",
    "instructions": "With food",
    "stock": 30,
    "refill_threshold": 5,
    "critical": True,
}
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri"]

pytestmark = pytest.mark.freeze_time("2026-03-02 07:00:00+00:00")  # a Monday


@pytest.fixture
async def alice(hass: HomeAssistant, loaded_alice: MockConfigEntry) -> MockConfigEntry:
    """Alice's profile, loaded, in London."""
    await hass.config.async_set_time_zone("Europe/London")
    return loaded_alice


async def start(
    hass: HomeAssistant, entry: MockConfigEntry, subentry_id: str | None = None
) -> FlowResult:
    """Open "Add medication", or "Change medication" on one."""
    context: dict[str, Any] = {"source": SOURCE_USER}
    if subentry_id:
        context = {"source": SOURCE_RECONFIGURE, "subentry_id": subentry_id}
    return await hass.config_entries.subentries.async_init(
        (entry.entry_id, "medication"), context=context
    )


async def step(hass: HomeAssistant, result: FlowResult, data: Any) -> FlowResult:
    """Submit a form, or pick a menu option by its name."""
    if isinstance(data, str):
        data = {"next_step_id": data}
    return await hass.config_entries.subentries.async_configure(result["flow_id"], data)


async def add_through_ui(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    *schedules: tuple[str, dict[str, Any]],
    details: dict[str, Any] = DETAILS,
) -> FlowResult:
    """Fill "Add medication": details, then each schedule, then save."""
    result = await step(hass, await start(hass, entry), details)
    for kind, form in schedules:
        assert result["step_id"] in ("schedule", "more")
        if result["step_id"] == "more":
            result = await step(hass, result, "schedule")
        result = await step(hass, result, kind)
        assert result["type"] is FlowResultType.FORM, result
        result = await step(hass, result, form)
        assert result["type"] is FlowResultType.MENU, result.get("errors")
    result = await step(hass, result, "finish")
    await hass.async_block_till_done()
    return result


def stored_schedules(hass: HomeAssistant) -> list[dict[str, Any]]:
    """The schedules of the one current medication, as stored."""
    [(raw,)] = db_rows(
        hass, "SELECT schedules FROM medications WHERE removed_at IS NULL"
    )
    return json.loads(str(raw))


def medication_subentries(entry: MockConfigEntry) -> list[tuple[str, Any, str]]:
    """(title, medication id, unique id) of each medication subentry."""
    return [
        (s.title, s.data["medication_id"], s.unique_id)
        for s in entry.subentries.values()
        if s.subentry_type == "medication"
    ]


async def test_add_a_medication_taken_at_set_times_with_weekend_amounts(
    hass: HomeAssistant,
    alice: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
) -> None:
    result = await add_through_ui(
        hass,
        alice,
        ("weekly", {"time": "08:00:00", "amount": 1, "weekdays": WEEKDAYS}),
        ("weekly", {"time": "09:00:00", "amount": 2, "weekdays": ["sat", "sun"]}),
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    [(med_id,)] = db_rows(hass, "SELECT id FROM medications")
    assert medication_subentries(alice) == [("Aspirin 100 mg", med_id, str(med_id))]
    assert db_rows(
        hass,
        "SELECT name, strength, form, instructions, stock, refill_threshold, critical"
        " FROM medications",
    ) == [("Aspirin", "100 mg", "tablet", "With food", 30.0, 5.0, 1)]
    assert [(s["type"], s["times"]) for s in stored_schedules(hass)] == [
        ("weekly", [{"time": "08:00:00", "amount": 1.0, "weekdays": WEEKDAYS}]),
        ("weekly", [{"time": "09:00:00", "amount": 2.0, "weekdays": ["sat", "sun"]}]),
    ]
    # Written once, with the audit record the action writes.
    assert db_rows(
        hass, "SELECT source, action FROM audit_log WHERE action LIKE 'med%'"
    ) == [("ui", "medication_added")]
    next_dose = hass.states.get("sensor.betti_alice_next_dose")
    assert next_dose.state == "2026-03-02T08:00:00+00:00"
    assert next_dose.attributes["amount"] == 1.0
    # The medication is a device under Alice's, holding its days of supply.
    supply = entity_registry.async_get("sensor.aspirin_100_mg_alice_days_of_supply")
    [subentry_id] = alice.subentries
    assert supply.config_subentry_id == subentry_id
    device = device_registry.async_get(supply.device_id)
    person = device_registry.async_get_device_by_identifier(
        ("betti", alice.entry_id), alice.entry_id
    )
    assert device.via_device_id == person.id
    assert (device.config_entry_id, device.config_subentry_id) == (
        alice.entry_id,
        subentry_id,
    )
    # 30 tablets at 5x1 + 2x2 = 9 a week
    assert hass.states.get(supply.entity_id).state == "23.3"


@pytest.mark.parametrize(
    ("kind", "form", "stored"),
    [
        (
            "every_n_days",
            {"every_days": 3, "time": "20:00:00", "amount": 0.5, "start": "2026-03-01"},
            {
                "type": "every_n_days",
                "every_days": 3,
                "start": "2026-03-01",
                "end": None,
                "times": [
                    {
                        "time": "20:00:00",
                        "amount": 0.5,
                        "weekdays": [*WEEKDAYS, "sat", "sun"],
                    }
                ],
            },
        ),
        (
            "every_n_hours",
            {
                "every_hours": 8,
                "first_dose": "2026-03-02 06:00:00",
                "amount": 1,
                "end": "2026-03-09",
            },
            {
                "type": "every_n_hours",
                "every_hours": 8,
                "anchor": "2026-03-02T06:00:00+00:00",
                "amount": 1.0,
                "end": "2026-03-09",
            },
        ),
        (
            "as_needed",
            {"amount": 2, "max_per_day": 4, "max_per_24h": 6, "min_hours_between": 4},
            {
                "type": "as_needed",
                "amount": 2.0,
                "max_per_day": 4,
                "max_per_24h": 6,
                "min_hours_between": 4.0,
                "end": None,
            },
        ),
    ],
)
async def test_add_a_medication_of_every_other_schedule_kind(
    hass: HomeAssistant,
    alice: MockConfigEntry,
    kind: str,
    form: dict[str, Any],
    stored: dict[str, Any],
) -> None:
    result = await add_through_ui(hass, alice, (kind, form))
    assert result["type"] is FlowResultType.CREATE_ENTRY
    [schedule] = stored_schedules(hass)
    assert {key: schedule.get(key) for key in stored} == stored


@pytest.mark.parametrize(
    ("kind", "form", "error"),
    [
        (
            "weekly",
            {"time": "08:00:00", "amount": 0, "weekdays": WEEKDAYS},
            "amount_not_positive",
        ),
        ("weekly", {"time": "08:00:00", "amount": 1, "weekdays": []}, "no_weekdays"),
        (
            "every_n_days",
            {
                "every_days": 2,
                "time": "08:00:00",
                "amount": 1,
                "start": "2026-03-05",
                "end": "2026-03-01",
            },
            "end_before_start",
        ),
        (
            "every_n_hours",
            {"every_hours": 8, "first_dose": "2026-03-02 06:00:00", "amount": 0},
            "amount_not_positive",
        ),
        ("as_needed", {"amount": 1, "min_hours_between": 0}, "limit_not_positive"),
    ],
)
async def test_a_wrong_schedule_is_shown_on_its_form_and_nothing_is_written(
    hass: HomeAssistant,
    alice: MockConfigEntry,
    kind: str,
    form: dict[str, Any],
    error: str,
) -> None:
    result = await step(hass, await start(hass, alice), DETAILS)
    result = await step(hass, await step(hass, result, kind), form)
    assert result["type"] is FlowResultType.FORM
    assert (result["step_id"], result["errors"]) == (kind, {"base": error})
    assert db_rows(hass, "SELECT count(*) FROM medications") == [(0,)]
    assert medication_subentries(alice) == []


async def test_wrong_details_are_shown_on_the_form_and_nothing_is_written(
    hass: HomeAssistant, alice: MockConfigEntry
) -> None:
    result = await start(hass, alice)
    # HA's form itself refuses a negative stock.
    with pytest.raises(InvalidData):
        await step(hass, result, DETAILS | {"stock": -1})
    result = await step(hass, result, DETAILS | {"name": "  "})
    assert (result["step_id"], result["errors"]) == (
        "user",
        {"base": "medication_name_empty"},
    )
    assert db_rows(hass, "SELECT count(*) FROM medications") == [(0,)]
    # Corrected, it goes on.
    result = await step(hass, result, DETAILS)
    assert result["step_id"] == "schedule"


async def test_medications_stored_before_the_update_appear_as_subentries(
    hass: HomeAssistant, alice: MockConfigEntry, entity_registry: er.EntityRegistry
) -> None:
    today = datetime(2026, 3, 2, tzinfo=UTC)
    schedules = [decode({"type": "weekly", "times": ["08:00"]}, today.date())]
    for name in ("Aspirin", "Metformin"):
        med_id = await alice.runtime_data.database.async_write(
            add_medication,
            alice.entry_id,
            {"name": name, "grace_minutes": 60, "stock": 10},
            schedules,
            not_before=today,
            created_at=today,
        )
    # Unusable rows get one too, so they can be deleted in the UI.
    await alice.runtime_data.database.async_write(
        lambda conn: conn.execute(
            "UPDATE medications SET schedules = '[{}]' WHERE id = ?", (med_id,)
        )
    )
    assert medication_subentries(alice) == []
    # As the version before subentries left the profile.
    hass.config_entries.async_update_entry(alice, minor_version=2)
    assert await hass.config_entries.async_reload(alice.entry_id)
    await hass.async_block_till_done()
    assert alice.minor_version == 3
    assert sorted(medication_subentries(alice)) == [
        ("Aspirin", med_id - 1, str(med_id - 1)),
        ("Metformin", med_id, str(med_id)),
    ]
    supply = entity_registry.async_get("sensor.aspirin_alice_days_of_supply")
    assert supply.config_subentry_id == next(
        sid for sid, s in alice.subentries.items() if s.title == "Aspirin"
    )
    # Once is enough: a restart adds no more.
    assert await hass.config_entries.async_reload(alice.entry_id)
    assert len(medication_subentries(alice)) == 2


async def test_deleting_a_subentry_removes_the_medication_and_keeps_its_history(
    hass: HomeAssistant,
    alice: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
) -> None:
    await add_through_ui(
        hass,
        alice,
        ("weekly", {"time": "07:00:00", "amount": 1, "weekdays": WEEKDAYS}),
    )
    [(med_id,)] = db_rows(hass, "SELECT id FROM medications")
    await hass.services.async_call(
        "betti",
        "mark_dose",
        {"medication_id": med_id, "status": "taken"},
        blocking=True,
        return_response=True,
    )
    [subentry_id] = alice.subentries
    supply = entity_registry.async_get("sensor.aspirin_100_mg_alice_days_of_supply")
    assert hass.config_entries.async_remove_subentry(alice, subentry_id)
    await hass.async_block_till_done()
    assert db_rows(hass, "SELECT removed_at IS NOT NULL FROM medications") == [(1,)]
    assert db_rows(hass, "SELECT medication_id, kind FROM dose_events") == [
        (med_id, "taken")
    ]
    assert db_rows(
        hass, "SELECT source, action FROM audit_log WHERE action LIKE 'medication_%'"
    )[-1] == (
        "ui",
        "medication_removed",
    )
    assert entity_registry.async_get(supply.entity_id) is None
    assert device_registry.async_get(supply.device_id) is None
    assert hass.states.get("sensor.betti_alice_next_dose").state == "unknown"
    # Nothing brings it back on the next start.
    assert await hass.config_entries.async_reload(alice.entry_id)
    assert medication_subentries(alice) == []


async def test_a_subentry_deleted_while_the_profile_was_off_removes_the_medication(
    hass: HomeAssistant, alice: MockConfigEntry
) -> None:
    await add_through_ui(hass, alice, ("as_needed", {"amount": 1}))
    [(med_id,)] = db_rows(hass, "SELECT id FROM medications")
    await hass.services.async_call(
        "betti",
        "mark_dose",
        {"medication_id": med_id, "status": "taken"},
        blocking=True,
        return_response=True,
    )
    assert await hass.config_entries.async_unload(alice.entry_id)
    hass.config_entries.async_remove_subentry(alice, next(iter(alice.subentries)))
    assert db_rows(hass, "SELECT removed_at IS NULL FROM medications") == [(1,)]
    assert await hass.config_entries.async_setup(alice.entry_id)
    await hass.async_block_till_done()
    assert db_rows(hass, "SELECT removed_at IS NULL FROM medications") == [(0,)]
    assert db_rows(hass, "SELECT count(*) FROM dose_events") == [(1,)]
    assert medication_subentries(alice) == []


async def test_the_actions_keep_the_subentries_in_step(
    hass: HomeAssistant, alice: MockConfigEntry
) -> None:
    response = await hass.services.async_call(
        "betti",
        "add_medication",
        {"name": "Aspirin", "schedules": [{"type": "weekly", "times": ["08:00"]}]},
        blocking=True,
        return_response=True,
    )
    med_id = response["medication_id"]
    await hass.async_block_till_done()
    assert medication_subentries(alice) == [("Aspirin", med_id, str(med_id))]
    assert hass.states.get("sensor.aspirin_alice_days_of_supply") is not None
    await hass.services.async_call(
        "betti",
        "update_medication",
        {"medication_id": med_id, "strength": "300 mg"},
        blocking=True,
    )
    assert medication_subentries(alice) == [("Aspirin 300 mg", med_id, str(med_id))]
    await hass.services.async_call(
        "betti", "remove_medication", {"medication_id": med_id}, blocking=True
    )
    await hass.async_block_till_done()
    assert medication_subentries(alice) == []
    assert db_rows(
        hass, "SELECT action FROM audit_log WHERE action LIKE 'medication_%'"
    ) == [
        ("medication_added",),
        ("medication_updated",),
        ("medication_removed",),
    ]


async def test_reconfigure_changes_the_schedule_and_pauses_and_resumes(
    hass: HomeAssistant, alice: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    await add_through_ui(
        hass,
        alice,
        ("weekly", {"time": "08:00:00", "amount": 1, "weekdays": WEEKDAYS}),
    )
    [subentry_id] = alice.subentries
    result = await start(hass, alice, subentry_id)
    assert result["step_id"] == "reconfigure"
    # The form shows what is stored.
    shown = {
        key.schema: key.description["suggested_value"]
        for key in result["data_schema"].schema
        if key.description
    }
    assert shown["name"] == "Aspirin"
    assert shown["stock"] == 30.0
    result = await step(
        hass,
        result,
        DETAILS | {"strength": "300 mg", "paused": False, "change_schedules": True},
    )
    result = await step(
        hass,
        await step(hass, result, "every_n_days"),
        {"every_days": 2, "time": "21:00:00", "amount": 1},
    )
    result = await step(hass, result, "finish")
    assert (result["type"], result["reason"]) == (
        FlowResultType.ABORT,
        "reconfigure_successful",
    )
    [schedule] = stored_schedules(hass)
    assert (schedule["type"], schedule["every_days"]) == ("every_n_days", 2)
    assert medication_subentries(alice)[0][0] == "Aspirin 300 mg"
    # Paused: no dose is next; resumed: the doses come back. The schedule stays.
    for paused, next_dose in ((True, "unknown"), (False, "2026-03-02T21:00:00+00:00")):
        freezer.tick(60)
        result = await start(hass, alice, subentry_id)
        result = await step(
            hass, result, DETAILS | {"paused": paused, "change_schedules": False}
        )
        assert result["reason"] == "reconfigure_successful"
        await hass.async_block_till_done()
        assert hass.states.get("sensor.betti_alice_next_dose").state == next_dose
        assert stored_schedules(hass)[0]["every_days"] == 2


async def test_a_cleared_field_is_cleared(
    hass: HomeAssistant, alice: MockConfigEntry
) -> None:
    await add_through_ui(hass, alice, ("as_needed", {"amount": 1}))
    [subentry_id] = alice.subentries
    details = {k: v for k, v in DETAILS.items() if k not in ("strength", "stock")}
    result = await step(
        hass,
        await start(hass, alice, subentry_id),
        details | {"paused": False, "change_schedules": False},
    )
    assert result["reason"] == "reconfigure_successful"
    assert db_rows(hass, "SELECT strength, stock FROM medications") == [(None, None)]
    assert medication_subentries(alice)[0][0] == "Aspirin"


async def test_diagnostics_name_no_medication(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    alice: MockConfigEntry,
) -> None:
    assert await async_setup_component(hass, "diagnostics", {})
    await add_through_ui(hass, alice, ("as_needed", {"amount": 1}))
    result = await get_diagnostics_for_config_entry(hass, hass_client, alice)
    assert len(result["entry"]["subentries"]) == 1
    assert "Aspirin" not in json.dumps(result)


async def test_a_medication_betti_cannot_use_can_only_be_deleted(
    hass: HomeAssistant, alice: MockConfigEntry
) -> None:
    await add_through_ui(hass, alice, ("as_needed", {"amount": 1}))
    await alice.runtime_data.database.async_write(
        lambda conn: conn.execute("UPDATE medications SET schedules = '[{}]'")
    )
    result = await start(hass, alice, next(iter(alice.subentries)))
    assert (result["type"], result["reason"]) == (
        FlowResultType.ABORT,
        "medication_unusable",
    )


async def test_health_devices_offer_no_medications(hass: HomeAssistant) -> None:
    device = MockConfigEntry(domain="betti", data={"address": "AA:BB:CC:DD:EE:FF"})
    assert BettiConfigFlow.async_get_supported_subentry_types(device) == {}
    assert "medication" in BettiConfigFlow.async_get_supported_subentry_types(
        MockConfigEntry(domain="betti", data={"person": "person.alice"})
    )
