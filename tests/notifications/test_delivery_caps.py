"""The daily push cap never silences help, and when it holds something back people are told."""

from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.betti.alerts.escalation import AlertSource, Severity
from custom_components.betti.alerts.raising import async_raise_alert
from custom_components.betti.notifications import delivery

from ..conftest import ALICE_PHONE, BOB_PHONE, Pushes, db_rows, profile_entry
from ..medications.test_medications import (
    add,
    advance,
    medication_entry,
    reminders,
    tag,
)

ENTRY_ID = "alice_entry"
ISSUE_ID = f"pushes_held_{ALICE_PHONE}"

# Noon in HA's test time zone (US/Pacific), 20:00 UTC.
pytestmark = pytest.mark.freeze_time("2026-03-01 20:00:00+00:00")


@pytest.fixture
async def alice(hass: HomeAssistant, persons: None, phones: Pushes) -> MockConfigEntry:
    """Alice with her phone and her son Bob as emergency contact (5/15-minute escalation)."""
    entry = profile_entry(
        entry_id=ENTRY_ID,
        notify_targets=[ALICE_PHONE],
        emergency_contacts=[
            {"name": "Bob", "relation": "Son", "phone": "", "notify_target": BOB_PHONE}
        ],
        caregiver_delay=5,
        contact_interval=0,
        everyone_delay=15,
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    return entry


async def _raise(
    hass: HomeAssistant, entry: MockConfigEntry, key: str, **kwargs: Any
) -> int:
    return await async_raise_alert(
        hass,
        entry,
        source=kwargs.pop("source", AlertSource.LOW_STOCK),
        severity=kwargs.pop("severity", Severity.WARNING),
        message=kwargs.pop("message", "Metformin is running low"),
        dedupe_key=key,
        **kwargs,
    )


async def _acknowledge(hass: HomeAssistant) -> None:
    await hass.services.async_call(
        "betti", "acknowledge_alert", {"config_entry_id": ENTRY_ID}, blocking=True
    )


def _alice_got(pushes: Pushes) -> list[str]:
    """The messages Alice's phone showed (clears left out), emptying the list."""
    got = [
        data["message"]
        for target, data in pushes
        if target == ALICE_PHONE and data["message"] != "clear_notification"
    ]
    pushes.clear()
    return got


@pytest.mark.freeze_time("2026-03-02 07:00:00+00:00")
async def test_help_cycles_leave_room_for_dose_reminders(
    hass: HomeAssistant, persons: None, phones: Pushes, freezer: FrozenDateTimeFactory
) -> None:
    await hass.config.async_set_time_zone("Europe/London")
    entry = medication_entry()
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    med = await add(hass)  # Aspirin daily at 08:00
    for _ in range(60):
        await _raise(
            hass,
            entry,
            "panic",
            source=AlertSource.PANIC,
            severity=Severity.CRITICAL,
            message="Alice asks for help",
            urgent=True,
        )
        await _acknowledge(hass)
    assert _alice_got(phones) == ["Alice asks for help"] * 60
    await advance(hass, freezer, 60)
    assert len(reminders(phones, tag(med))) == 1


@pytest.mark.freeze_time("2026-03-02 07:00:00+00:00")
async def test_critical_dose_reminder_past_the_cap_arrives(
    hass: HomeAssistant,
    persons: None,
    phones: Pushes,
    freezer: FrozenDateTimeFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(delivery, "DAILY_PUSH_CAP", 0)
    await hass.config.async_set_time_zone("Europe/London")
    entry = medication_entry()
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    routine = await add(hass)
    critical = await add(hass, name="Insulin", critical=True)
    await advance(hass, freezer, 60)
    assert reminders(phones, tag(routine)) == []
    assert len(reminders(phones, tag(critical))) == 1


async def test_clears_and_replacements_do_not_count(
    hass: HomeAssistant,
    alice: MockConfigEntry,
    phones: Pushes,
    freezer: FrozenDateTimeFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(delivery, "DAILY_PUSH_CAP", 2)
    await _raise(hass, alice, "first")
    await _acknowledge(hass)
    await _raise(hass, alice, "second", message="Blood pressure high")
    assert _alice_got(phones) == ["Metformin is running low", "Blood pressure high"]
    # Stage 3 pushes the same notification again: it replaces the one on the phone.
    freezer.tick(15 * 60)
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert _alice_got(phones) == ["Blood pressure high"]


async def test_critical_push_past_the_cap_arrives(
    hass: HomeAssistant,
    alice: MockConfigEntry,
    phones: Pushes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(delivery, "DAILY_PUSH_CAP", 1)
    await _raise(hass, alice, "stock")
    await _raise(hass, alice, "pressure", message="Blood pressure high")
    await _raise(
        hass,
        alice,
        "panic",
        source=AlertSource.PANIC,
        severity=Severity.CRITICAL,
        message="Alice asks for help",
        urgent=True,
    )
    await _raise(
        hass,
        alice,
        "heart",
        source=AlertSource.VITAL_THRESHOLD,
        severity=Severity.CRITICAL,
        message="Heart rate 190",
    )
    assert _alice_got(phones) == [
        "Metformin is running low",
        "Alice asks for help",
        "Heart rate 190",
    ]


async def test_capped_push_raises_one_repair_for_the_day(
    hass: HomeAssistant,
    *,
    alice: MockConfigEntry,
    phones: Pushes,
    freezer: FrozenDateTimeFactory,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(delivery, "DAILY_PUSH_CAP", 1)
    registry = ir.async_get(hass)
    await _raise(hass, alice, "stock")
    assert registry.async_get_issue("betti", ISSUE_ID) is None
    await _raise(hass, alice, "pressure", message="Blood pressure 190/120")
    await _raise(hass, alice, "weight", message="Weight 80 kg")
    assert _alice_got(phones) == ["Metformin is running low"]
    held = [
        issue
        for (domain, _), issue in registry.issues.items()
        if domain == "betti" and issue.translation_key == "pushes_held"
    ]
    assert len(held) == 1
    assert held[0].issue_id == ISSUE_ID
    assert held[0].translation_placeholders == {"phone": ALICE_PHONE, "held": "2"}
    told = [r.getMessage() for r in caplog.records if "held back" in r.getMessage()]
    assert len(told) == 1
    assert ALICE_PHONE in told[0]
    assert "190" not in caplog.text
    await _acknowledge(hass)  # so no escalation pushes the old alerts again
    # 17:00 in Alice's time zone (01:00 UTC the next day): still her day, still capped.
    freezer.move_to("2026-03-02 01:00:00+00:00")
    await _raise(hass, alice, "sugar", message="Glucose 3.1")
    assert _alice_got(phones) == []
    assert registry.async_get_issue("betti", ISSUE_ID).translation_placeholders == {
        "phone": ALICE_PHONE,
        "held": "3",
    }
    await _acknowledge(hass)
    # Her midnight: a new day, the repair goes and pushes flow again.
    freezer.move_to("2026-03-02 08:00:01+00:00")
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert registry.async_get_issue("betti", ISSUE_ID) is None
    await _raise(hass, alice, "water", message="Drink some water")
    assert _alice_got(phones) == ["Drink some water"]
    assert db_rows(hass, "SELECT count(*) FROM deliveries WHERE result = 'capped'") == [
        (3,)
    ]
