"""Medication reminders, repeats, phone actions, missed doses, escalation, to-do and stock."""

from contextlib import closing
from datetime import UTC, datetime, timedelta
import json
import sqlite3
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import ServiceValidationError, Unauthorized
from homeassistant.helpers import entity_registry as er, issue_registry as ir
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    MockUser,
    async_fire_time_changed,
)

from ..conftest import ALICE_PHONE, BOB_PHONE, Pushes, db_rows, profile_entry

OPTIONS = {
    "notify_targets": [ALICE_PHONE],
    "emergency_contacts": [
        {"name": "Bob", "relation": "Son", "phone": "", "notify_target": BOB_PHONE}
    ],
    "caregiver_delay": 5,
    "contact_interval": 2,
    "everyone_delay": 15,
    "reminder_repeat": 10,
    "reminder_repeat_cap": 2,
    "missed_dose_escalation": 30,
}
DUE = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # a Monday; London is on UTC in March
DAILY_8AM = [{"type": "weekly", "times": ["08:00"]}]
TODO = "todo.betti_alice_medications_today"
OVERDUE = "binary_sensor.betti_alice_dose_overdue"
REMINDER_EVENT = "event.betti_alice_medication_reminder"

pytestmark = pytest.mark.freeze_time("2026-03-02 07:00:00+00:00")


def medication_entry(entry_id: str = "alice_entry", **options: Any) -> MockConfigEntry:
    """Alice's profile with her phone, Bob as her contact and reminder settings."""
    return profile_entry(entry_id=entry_id, **(OPTIONS | options))


@pytest.fixture
async def alice(hass: HomeAssistant, persons: None, phones: Pushes) -> MockConfigEntry:
    """Alice's profile, loaded, in London."""
    await hass.config.async_set_time_zone("Europe/London")
    entry = medication_entry()
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry


async def call(
    hass: HomeAssistant, action: str, context: Context | None = None, **data: Any
) -> Any:
    """Call a Betti action and return its response."""
    response = action in {"add_medication", "get_medication_history", "mark_dose"}
    return await hass.services.async_call(
        "betti",
        action,
        data,
        blocking=True,
        context=context,
        return_response=response,
    )


async def add(hass: HomeAssistant, **data: Any) -> int:
    """Add a medication (daily at 08:00 unless told); return its id."""
    fields = {"name": "Aspirin", "strength": "100 mg", "form": "tablet"} | data
    fields.setdefault("schedules", DAILY_8AM)
    response = await call(hass, "add_medication", **fields)
    return int(response["medication_id"])


async def advance(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, minutes: float
) -> None:
    """Let time pass and HA's timers fire."""
    freezer.tick(timedelta(minutes=minutes))
    async_fire_time_changed(hass)
    # The alert engine sends its pushes from background tasks.
    await hass.async_block_till_done(wait_background_tasks=True)


def reminders(pushes: Pushes, tag: str) -> list[dict[str, Any]]:
    """Reminder pushes (not clears) with this tag."""
    return [
        data
        for _, data in pushes
        if data["data"].get("tag") == tag and data["message"] != "clear_notification"
    ]


def cleared(pushes: Pushes, tag: str) -> list[str]:
    """The targets told to remove this tag's notification."""
    return [
        target
        for target, data in pushes
        if data["message"] == "clear_notification" and data["data"]["tag"] == tag
    ]


def tag(medication_id: int, due: datetime = DUE) -> str:
    """The tag of one dose's notifications."""
    return f"betti_dose_{medication_id}_{int(due.timestamp())}"


async def test_reminder_repeats_up_to_the_cap_and_taken_clears_it(
    hass: HomeAssistant,
    alice: MockConfigEntry,
    phones: Pushes,
    freezer: FrozenDateTimeFactory,
) -> None:
    med = await add(hass, instructions="with food", stock=30)
    await advance(hass, freezer, 59)
    assert reminders(phones, tag(med)) == []
    await advance(hass, freezer, 1)  # 08:00
    [first] = reminders(phones, tag(med))
    assert first["message"] == "Time for Aspirin 100 mg: 1 tablet at 08:00. With food"
    assert [a["action"] for a in first["data"]["actions"]] == [
        f"BETTI_DOSE_TAKEN_{med}_{int(DUE.timestamp())}",
        f"BETTI_DOSE_SNOOZE_{med}_{int(DUE.timestamp())}",
        f"BETTI_DOSE_SKIP_{med}_{int(DUE.timestamp())}",
    ]
    assert hass.states.get(REMINDER_EVENT).attributes["event_type"] == "due"
    await advance(hass, freezer, 10)
    await advance(hass, freezer, 10)
    await advance(hass, freezer, 10)  # a third repeat would be over the cap of 2
    assert len(reminders(phones, tag(med))) == 3
    assert hass.states.get(REMINDER_EVENT).attributes["event_type"] == "repeat"
    assert hass.states.get(OVERDUE).state == "on"

    # The person taps "Taken" on the phone, as the companion app reports it.
    hass.bus.async_fire(
        "mobile_app_notification_action",
        {"action": f"BETTI_DOSE_TAKEN_{med}_{int(DUE.timestamp())}"},
        context=Context(user_id=None),
    )
    await hass.async_block_till_done()
    assert cleared(phones, tag(med)) == [ALICE_PHONE]
    assert hass.states.get(OVERDUE).state == "off"
    assert hass.states.get(REMINDER_EVENT).attributes["event_type"] == "taken"
    assert db_rows(hass, "SELECT kind, source FROM dose_events") == [("taken", "phone")]
    assert db_rows(hass, "SELECT stock FROM medications") == [(29.0,)]
    await advance(hass, freezer, 60)
    assert len(reminders(phones, tag(med))) == 3  # nothing more for a taken dose


async def test_pre_reminder(
    hass: HomeAssistant, persons: None, phones: Pushes, freezer: FrozenDateTimeFactory
) -> None:
    await hass.config.async_set_time_zone("Europe/London")
    entry = medication_entry(reminder_lead=15)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    med = await add(hass)
    await advance(hass, freezer, 45)  # 07:45
    [pre] = reminders(phones, tag(med))
    assert pre["message"].startswith("Coming up at 08:00: Aspirin 100 mg")
    # A dose not yet due cannot be snoozed, so the early reminder offers no Snooze.
    assert [action["action"] for action in pre["data"]["actions"]] == [
        f"BETTI_DOSE_TAKEN_{med}_{int(DUE.timestamp())}",
        f"BETTI_DOSE_SKIP_{med}_{int(DUE.timestamp())}",
    ]
    await advance(hass, freezer, 15)
    assert (
        len(reminders(phones, tag(med))) == 2
    )  # the due reminder replaces it (one tag)


async def test_a_medicine_without_a_form_reads_naturally(
    hass: HomeAssistant, persons: None, phones: Pushes, freezer: FrozenDateTimeFactory
) -> None:
    await hass.config.async_set_time_zone("Europe/London")
    entry = medication_entry(reminder_lead=15)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    one, two = [
        (
            await call(
                hass,
                "add_medication",
                name=name,
                strength="5 mg",
                schedules=[
                    {"type": "weekly", "times": [{"time": "08:00", "amount": amount}]}
                ],
            )
        )["medication_id"]
        for name, amount in (("Pill A", 1), ("Pill B", 2))
    ]
    await advance(hass, freezer, 45)  # 07:45
    [pre] = reminders(phones, tag(one))
    assert pre["message"] == "Coming up at 08:00: Pill A 5 mg, 1 dose."
    await advance(hass, freezer, 15)
    assert reminders(phones, tag(two))[-1]["message"] == (
        "Time for Pill B 5 mg: 2 doses at 08:00."
    )


async def test_missed_after_grace_escalates_to_the_caregiver(
    hass: HomeAssistant,
    alice: MockConfigEntry,
    phones: Pushes,
    freezer: FrozenDateTimeFactory,
) -> None:
    med = await add(hass, grace_minutes=45)
    await advance(hass, freezer, 60)  # due
    await advance(hass, freezer, 29)
    assert db_rows(hass, "SELECT source FROM alerts") == []
    await advance(hass, freezer, 1)  # 30 minutes after due: stage 1 of the alert
    assert db_rows(hass, "SELECT source, dedupe_key, message FROM alerts") == [
        (
            "missed_dose",
            f"dose_{med}_{int(DUE.timestamp())}",
            "Alice has not taken Aspirin 100 mg (due 08:00).",
        )
    ]
    await advance(hass, freezer, 5)  # the alert engine's caregiver stage
    assert BOB_PHONE in [target for target, _ in phones]
    await advance(hass, freezer, 10)  # 08:45: past the grace window
    assert hass.states.get(REMINDER_EVENT).attributes["event_type"] == "missed"
    assert hass.states.get(OVERDUE).state == "on"
    # Taking it late still counts, and settles the caregivers' alert.
    await call(hass, "mark_dose", medication_id=med, status="taken")
    assert db_rows(hass, "SELECT acknowledged_via FROM alerts") == [("service",)]
    assert hass.states.get(OVERDUE).state == "off"
    await advance(hass, freezer, 60)
    assert len(db_rows(hass, "SELECT id FROM alerts")) == 1  # raised once per dose


async def test_snooze_from_the_phone_reminds_again(
    hass: HomeAssistant,
    alice: MockConfigEntry,
    phones: Pushes,
    freezer: FrozenDateTimeFactory,
) -> None:
    med = await add(hass)
    await advance(hass, freezer, 60)
    hass.bus.async_fire(
        "mobile_app_notification_action",
        {"action": f"BETTI_DOSE_SNOOZE_{med}_{int(DUE.timestamp())}"},
    )
    await hass.async_block_till_done()
    assert cleared(phones, tag(med)) == [ALICE_PHONE]
    assert hass.states.get(REMINDER_EVENT).attributes["event_type"] == "snoozed"
    await advance(hass, freezer, 9)
    assert len(reminders(phones, tag(med))) == 1
    await advance(hass, freezer, 1)  # the default 10-minute snooze is over
    assert len(reminders(phones, tag(med))) == 2


async def test_a_dose_not_yet_due_cannot_be_snoozed(
    hass: HomeAssistant,
    alice: MockConfigEntry,
    phones: Pushes,
    freezer: FrozenDateTimeFactory,
) -> None:
    med = await add(hass)  # due at 08:00; it is 07:00
    with pytest.raises(ServiceValidationError) as err:
        await call(
            hass, "mark_dose", medication_id=med, status="snoozed", due=DUE.isoformat()
        )
    assert err.value.translation_key == "dose_not_due_yet"
    assert str(err.value) == (
        "Aspirin 100 mg isn't due yet; you can snooze it once it is due"
    )
    with pytest.raises(ServiceValidationError):
        await call(hass, "mark_dose", medication_id=med, status="snoozed")
    hass.bus.async_fire(
        "mobile_app_notification_action",
        {"action": f"BETTI_DOSE_SNOOZE_{med}_{int(DUE.timestamp())}"},
    )
    await hass.async_block_till_done()
    assert db_rows(hass, "SELECT count(*) FROM dose_events") == [(0,)]
    # Once due, snoozing works.
    await advance(hass, freezer, 60)
    await call(hass, "mark_dose", medication_id=med, status="snoozed")
    assert db_rows(hass, "SELECT count(*) FROM dose_events") == [(1,)]


async def test_todo_check_off_and_undo(
    hass: HomeAssistant, alice: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    med = await add(
        hass, stock=10, schedules=[{"type": "weekly", "times": ["08:00", "20:00"]}]
    )
    items = await hass.services.async_call(
        "todo",
        "get_items",
        {},
        target={"entity_id": TODO},
        blocking=True,
        return_response=True,
    )
    summaries = [item["summary"] for item in items[TODO]["items"]]
    assert summaries == ["08:00 Aspirin 100 mg", "20:00 Aspirin 100 mg"]
    assert hass.states.get(TODO).state == "2"
    await advance(hass, freezer, 65)
    uid = f"{med}_{int(DUE.timestamp())}"
    await hass.services.async_call(
        "todo",
        "update_item",
        {"item": uid, "status": "completed"},
        target={"entity_id": TODO},
        blocking=True,
    )
    assert hass.states.get(TODO).state == "1"
    assert hass.states.get("sensor.betti_alice_doses_left_today").state == "1"
    assert db_rows(hass, "SELECT stock FROM medications") == [(9.0,)]
    # Unchecking corrects a mistaken tap: a new "reset" event, the stock comes back.
    await hass.services.async_call(
        "todo",
        "update_item",
        {"item": uid, "status": "needs_action"},
        target={"entity_id": TODO},
        blocking=True,
    )
    assert db_rows(hass, "SELECT kind, source FROM dose_events ORDER BY id") == [
        ("taken", "todo"),
        ("reset", "todo"),
    ]
    assert db_rows(hass, "SELECT stock FROM medications") == [(10.0,)]


async def test_stock_counts_down_to_a_low_stock_alert_and_a_repair(
    hass: HomeAssistant,
    alice: MockConfigEntry,
    phones: Pushes,
    freezer: FrozenDateTimeFactory,
) -> None:
    med = await add(hass, stock=4, refill_threshold=3)
    supply = "sensor.aspirin_100_mg_alice_days_of_supply"
    assert hass.states.get(supply).state == "4.0"
    await advance(hass, freezer, 60)
    await call(hass, "mark_dose", medication_id=med, status="taken")
    assert hass.states.get(supply).state == "3.0"
    issue = ir.async_get(hass).async_get_issue("betti", f"low_stock_{med}")
    assert issue is not None
    low = "Aspirin 100 mg is running low: 3 left."
    assert db_rows(hass, "SELECT source, severity, message FROM alerts") == [
        ("low_stock", "info", low)
    ]
    assert [target for target, d in phones if d["message"] == low] == [ALICE_PHONE]
    assert hass.states.get("sensor.betti_alice_last_alert").attributes["source"] == (
        "low_stock"
    )
    await advance(hass, freezer, 60 * 24)  # told once, not on every refresh
    assert db_rows(hass, "SELECT count(*) FROM alerts WHERE source = 'low_stock'") == [
        (1,)
    ]
    assert len([d for _, d in phones if d["message"] == low]) == 1
    assert (await call(hass, "refill_medication", medication_id=med, amount=30)) is None
    assert ir.async_get(hass).async_get_issue("betti", f"low_stock_{med}") is None
    assert hass.states.get(supply).state == "33.0"
    # Acknowledged, then low again: a new crossing, a new alert.
    await call(hass, "acknowledge_alert")
    await call(hass, "update_medication", medication_id=med, stock=2)
    assert db_rows(
        hass, "SELECT message FROM alerts WHERE source = 'low_stock' ORDER BY id"
    ) == [(low,), ("Aspirin 100 mg is running low: 2 left.",)]


async def test_supply_sensors_come_and_go_with_medications(
    hass: HomeAssistant, alice: MockConfigEntry, entity_registry: er.EntityRegistry
) -> None:
    med = await add(hass, name="Metformin", strength="500 mg", stock=60)
    await add(hass, stock=20)
    assert (
        hass.states.get("sensor.metformin_500_mg_alice_days_of_supply").state == "60.0"
    )
    await call(hass, "remove_medication", medication_id=med)
    await hass.async_block_till_done()
    assert (
        entity_registry.async_get("sensor.metformin_500_mg_alice_days_of_supply")
        is None
    )
    assert hass.states.get("sensor.aspirin_100_mg_alice_days_of_supply").state == "20.0"
    # Its history stays.
    assert db_rows(
        hass, "SELECT name FROM medications WHERE removed_at IS NOT NULL"
    ) == [("Metformin",)]


async def test_as_needed_limits_are_enforced_unless_forced(
    hass: HomeAssistant, alice: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    med = await add(
        hass,
        name="Paracetamol",
        strength="500 mg",
        stock=16,
        schedules=[
            {"type": "as_needed", "amount": 2, "max_per_day": 4, "min_hours_between": 4}
        ],
    )
    await call(hass, "mark_dose", medication_id=med, status="taken")
    await advance(hass, freezer, 60)
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, "mark_dose", medication_id=med, status="taken")
    assert err.value.translation_key == "prn_limit"
    assert str(err.value) == (
        "Paracetamol 500 mg cannot be taken now (4 hours must pass between doses);"
        " the next dose is allowed from 2026-03-02 11:00. Use force to record it anyway"
    )
    assert len(db_rows(hass, "SELECT id FROM dose_events")) == 1
    await call(
        hass, "mark_dose", medication_id=med, status="taken", force=True, source="voice"
    )
    assert db_rows(hass, "SELECT stock FROM medications") == [(12.0,)]
    history = await call(hass, "get_medication_history", medication_id=med)
    assert [(e["status"], e["source"]) for e in history["events"]] == [
        ("taken", "service"),
        ("taken", "voice"),
    ]


async def test_a_refused_dose_says_which_limit_in_words(
    hass: HomeAssistant, alice: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    med = await add(
        hass, name="Ibuprofen", schedules=[{"type": "as_needed", "max_per_day": 1}]
    )
    await call(hass, "mark_dose", medication_id=med, status="taken")
    await advance(hass, freezer, 60)
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, "mark_dose", medication_id=med, status="taken")
    assert "Ibuprofen 100 mg cannot be taken now (at most 1 a day);" in str(err.value)


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({"name": "X", "schedules": []}, "schedules_missing"),
        (
            {"name": "X", "schedules": [{"type": "weekly", "times": ["8 am"]}]},
            "schedule_invalid",
        ),
        ({"name": "X", "stock": -1, "schedules": DAILY_8AM}, "number_out_of_range"),
        (
            {"name": "X", "grace_minutes": 0, "schedules": DAILY_8AM},
            "grace_out_of_range",
        ),
        ({"name": " ", "schedules": DAILY_8AM}, "medication_name_empty"),
    ],
)
async def test_bad_medication_writes_nothing(
    hass: HomeAssistant, alice: MockConfigEntry, data: dict[str, Any], key: str
) -> None:
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, "add_medication", **data)
    assert err.value.translation_key == key
    assert db_rows(hass, "SELECT count(*) FROM medications") == [(0,)]


async def test_bad_dose_marks_write_nothing(
    hass: HomeAssistant, alice: MockConfigEntry
) -> None:
    med = await add(hass)
    for data, key in (
        ({"medication_id": 999, "status": "taken"}, "medication_not_found"),
        (
            {
                "medication_id": med,
                "status": "taken",
                "due": "2026-03-02T09:00:00+00:00",
            },
            "dose_not_found",
        ),
        (
            {
                "medication_id": med,
                "status": "taken",
                "at": "2026-03-03T09:00:00+00:00",
            },
            "dose_in_future",
        ),
    ):
        with pytest.raises(ServiceValidationError) as err:
            await call(hass, "mark_dose", **data)
        assert err.value.translation_key == key
    assert db_rows(hass, "SELECT count(*) FROM dose_events") == [(0,)]


async def test_only_admins_and_the_person_may_manage_medications(
    hass: HomeAssistant, alice: MockConfigEntry, alice_user: MockUser
) -> None:
    bob = profile_entry("person.bob", "Bob")
    bob.add_to_hass(hass)
    assert await hass.config_entries.async_setup(bob.entry_id)
    await call(
        hass,
        "add_medication",
        Context(user_id=alice_user.id),
        config_entry_id=alice.entry_id,
        name="Aspirin",
        schedules=DAILY_8AM,
    )
    with pytest.raises(Unauthorized):
        await call(
            hass,
            "add_medication",
            Context(user_id=alice_user.id),
            config_entry_id=bob.entry_id,
            name="Aspirin",
            schedules=DAILY_8AM,
        )
    assert db_rows(hass, "SELECT profile_id FROM medications") == [(alice.entry_id,)]


async def test_pause_and_resume(
    hass: HomeAssistant,
    alice: MockConfigEntry,
    phones: Pushes,
    freezer: FrozenDateTimeFactory,
) -> None:
    med = await add(hass)
    await call(hass, "update_medication", medication_id=med, paused=True)
    await advance(hass, freezer, 61)
    assert reminders(phones, tag(med)) == []
    assert hass.states.get(TODO).state == "0"
    await call(hass, "update_medication", medication_id=med, paused=False)
    tomorrow = DUE + timedelta(days=1)
    assert hass.states.get("sensor.betti_alice_next_dose").state == tomorrow.isoformat()


async def test_history_entered_afterwards_raises_no_alarms(
    hass: HomeAssistant, alice: MockConfigEntry, phones: Pushes
) -> None:
    # Added at 07:00 with a start date last week: yesterday's open dose is history.
    med = await add(hass, schedules=[{**DAILY_8AM[0], "start": "2026-02-23"}])
    assert reminders(phones, tag(med, DUE - timedelta(days=1))) == []
    assert db_rows(hass, "SELECT count(*) FROM alerts") == [(0,)]
    assert hass.states.get("sensor.betti_alice_adherence_7_days").state == "0.0"
    await call(
        hass,
        "mark_dose",
        medication_id=med,
        status="taken",
        due="2026-03-01T08:00:00",
        at="2026-03-01T08:05:00",
    )
    # One of the seven settled doses in the last seven days was taken.
    assert hass.states.get("sensor.betti_alice_adherence_7_days").state == "14.3"


async def test_reminder_options(hass: HomeAssistant, alice: MockConfigEntry) -> None:
    result = await hass.config_entries.options.async_init(alice.entry_id)
    assert "medications" in result["menu_options"]
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "medications"}
    )
    assert result["step_id"] == "medications"
    settings = {
        "reminder_lead": 15,
        "reminder_repeat": 5,
        "reminder_repeat_cap": 6,
        "snooze_minutes": 20,
        "missed_dose_escalation": 90,
        "reminder_critical": True,
    }
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], settings
    )
    await hass.async_block_till_done()
    assert alice.options.items() >= settings.items()
    assert alice.options["notify_targets"] == [ALICE_PHONE]  # other groups untouched


async def test_critical_reminders_break_through(
    hass: HomeAssistant,
    alice: MockConfigEntry,
    phones: Pushes,
    freezer: FrozenDateTimeFactory,
) -> None:
    med = await add(hass, critical=True)
    await advance(hass, freezer, 60)
    [reminder] = reminders(phones, tag(med))
    assert reminder["data"]["push"]["interruption-level"] == "critical"
    assert reminder["data"]["channel"] == "Betti alarms"


async def test_skip_from_the_phone(
    hass: HomeAssistant,
    alice: MockConfigEntry,
    phones: Pushes,
    freezer: FrozenDateTimeFactory,
) -> None:
    med = await add(hass, stock=5)
    await advance(hass, freezer, 60)
    hass.bus.async_fire(
        "mobile_app_notification_action",
        {"action": f"BETTI_DOSE_SKIP_{med}_{int(DUE.timestamp())}"},
    )
    # A button for a dose that does not exist is ignored.
    hass.bus.async_fire(
        "mobile_app_notification_action", {"action": f"BETTI_DOSE_SKIP_{med}_12345"}
    )
    await hass.async_block_till_done()
    assert db_rows(hass, "SELECT kind, source FROM dose_events") == [
        ("skipped", "phone")
    ]
    assert db_rows(hass, "SELECT stock FROM medications") == [(5.0,)]
    assert cleared(phones, tag(med)) == [ALICE_PHONE]
    await advance(hass, freezer, 120)
    assert db_rows(hass, "SELECT count(*) FROM alerts") == [(0,)]


async def test_history_range(hass: HomeAssistant, alice: MockConfigEntry) -> None:
    med = await add(hass, schedules=[{**DAILY_8AM[0], "start": "2026-02-23"}])
    for day in ("2026-02-24", "2026-02-28"):
        await call(
            hass,
            "mark_dose",
            medication_id=med,
            status="taken",
            due=f"{day}T08:00:00",
            at=f"{day}T08:10:00",
        )
    history = await call(
        hass,
        "get_medication_history",
        start="2026-02-27T00:00:00",
        end="2026-03-01T00:00:00",
    )
    assert [(e["due"], e["status"], e["source"]) for e in history["events"]] == [
        ("2026-02-28T08:00:00+00:00", "taken", "service")
    ]
    with pytest.raises(ServiceValidationError) as err:
        await call(
            hass,
            "get_medication_history",
            start="2026-03-01T00:00:00",
            end="2026-02-27T00:00:00",
        )
    assert err.value.translation_key == "start_not_before_end"


async def test_update_changes_details_and_schedule(
    hass: HomeAssistant,
    alice: MockConfigEntry,
    phones: Pushes,
    freezer: FrozenDateTimeFactory,
) -> None:
    med = await add(hass)
    await call(
        hass,
        "update_medication",
        medication_id=med,
        strength="75 mg",
        schedules=[{"type": "weekly", "times": ["07:30"]}],
    )
    await advance(hass, freezer, 30)  # 07:30
    [reminder] = reminders(phones, tag(med, DUE - timedelta(minutes=30)))
    assert reminder["message"].startswith("Time for Aspirin 75 mg")
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, "update_medication", medication_id=med, schedules=[{}])
    assert err.value.translation_key == "schedule_invalid"
    assert db_rows(hass, "SELECT strength FROM medications") == [("75 mg",)]


async def test_a_stored_medication_betti_cannot_use_is_skipped_and_can_be_removed(
    hass: HomeAssistant, alice: MockConfigEntry
) -> None:
    """Rows written before today's checks (or damaged) must not take the profile down."""
    metformin = await add(hass, name="Metformin", strength="500 mg", stock=60)
    forever = await add(hass, name="Forever")
    garbled = await add(hass, name="Garbled")
    assert await hass.config_entries.async_unload(alice.entry_id)
    with closing(sqlite3.connect(hass.config.path("betti/betti.db"))) as conn, conn:
        conn.execute(
            "UPDATE medications SET schedules = ? WHERE id = ?",
            (
                json.dumps(
                    [{"type": "every_n_days", "every_days": 10**12, "times": ["08:00"]}]
                ),
                forever,
            ),
        )
        conn.execute(
            "UPDATE medications SET schedules = '[{\"type\": ' WHERE id = ?",
            (garbled,),
        )
    assert await hass.config_entries.async_setup(alice.entry_id)
    await hass.async_block_till_done()

    assert alice.state is ConfigEntryState.LOADED
    assert hass.states.get(TODO).state == "1"  # Metformin's 08:00 dose
    assert (
        hass.states.get("sensor.metformin_500_mg_alice_days_of_supply").state == "60.0"
    )
    marked = await call(hass, "mark_dose", medication_id=metformin, status="taken")
    assert marked["medication_id"] == metformin
    issues = ir.async_get(hass)
    for med, name in ((forever, "Forever"), (garbled, "Garbled")):
        issue = issues.async_get_issue("betti", f"unusable_medication_{med}")
        assert issue is not None
        assert issue.translation_placeholders == {
            "name": "Alice",
            "medication": name,
            "medication_id": str(med),
        }
        with pytest.raises(ServiceValidationError) as refused:
            await call(hass, "mark_dose", medication_id=med, status="taken")
        assert refused.value.translation_key == "medication_unusable"
    await call(hass, "remove_medication", medication_id=garbled)
    assert issues.async_get_issue("betti", f"unusable_medication_{garbled}") is None
    assert db_rows(
        hass, "SELECT name FROM medications WHERE removed_at IS NOT NULL"
    ) == [("Garbled",)]
    # Removing the whole profile takes its repairs with it.
    await hass.config_entries.async_remove(alice.entry_id)
    assert issues.async_get_issue("betti", f"unusable_medication_{forever}") is None
