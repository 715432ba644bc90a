"""Which notices a dose is owed, and when the coordinator must wake next (no HA)."""

import datetime as dt
from zoneinfo import ZoneInfo

from custom_components.betti.db.medications import Medication
from custom_components.betti.medications.doses import (
    Dose,
    ReminderSettings,
    days_of_supply,
    doses,
    notices,
    wake_up,
)
from custom_components.betti.medications.schedule import (
    DoseEvent,
    DoseEventKind,
    DoseTime,
    WeeklySchedule,
)

UTC = dt.UTC
LONDON = ZoneInfo("Europe/London")
DUE = dt.datetime(2026, 3, 2, 8, tzinfo=UTC)
SETTINGS = ReminderSettings(
    lead=dt.timedelta(minutes=15),
    repeat_every=dt.timedelta(minutes=10),
    repeat_cap=2,
    escalate_after=dt.timedelta(minutes=30),
)


def medication(**changes: object) -> Medication:
    fields: dict[str, object] = {
        "medication_id": 1,
        "name": "Aspirin",
        "strength": None,
        "form": None,
        "instructions": None,
        "colour": None,
        "shape": None,
        "stock": 14.0,
        "refill_threshold": None,
        "grace_minutes": 60,
        "remind": True,
        "critical": False,
        "schedules": (
            WeeklySchedule(
                times=(DoseTime(dt.time(8)), DoseTime(dt.time(20), 2)),
                start=dt.date(2026, 3, 1),
            ),
        ),
        "not_before": dt.datetime(2026, 3, 1, tzinfo=UTC),
        "created_at": dt.datetime(2026, 3, 1, tzinfo=UTC),
        "low_stock_notified": False,
    } | changes
    return Medication(**fields)  # type: ignore[arg-type]


def the_dose(now: dt.datetime, *events: DoseEvent) -> Dose:
    found = doses(
        [medication()],
        {(1, DUE): list(events)},
        SETTINGS,
        LONDON,
        (DUE, DUE + dt.timedelta(hours=1)),
        now=now,
    )
    assert len(found) == 1
    return found[0]


def test_reminders_repeat_up_to_the_cap_and_escalate() -> None:
    now = DUE + dt.timedelta(minutes=1)
    planned = notices(the_dose(now), SETTINGS, now)
    anchor = DUE.isoformat()
    assert planned == [
        (f"remind:{anchor}:0", DUE),
        (f"remind:{anchor}:1", DUE + dt.timedelta(minutes=10)),
        (f"remind:{anchor}:2", DUE + dt.timedelta(minutes=20)),
        ("escalate", DUE + dt.timedelta(minutes=30)),
    ]
    assert wake_up([the_dose(now)], SETTINGS, now) == DUE + dt.timedelta(minutes=10)


def test_pre_reminder_before_due() -> None:
    now = DUE - dt.timedelta(minutes=20)
    assert notices(the_dose(now), SETTINGS, now) == [
        ("pre", DUE - dt.timedelta(minutes=15))
    ]


def test_a_finished_snooze_starts_the_reminders_again() -> None:
    snooze = DoseEvent(
        DoseEventKind.SNOOZED,
        DUE + dt.timedelta(minutes=2),
        DUE + dt.timedelta(minutes=12),
    )
    during = DUE + dt.timedelta(minutes=5)
    assert [k for k, _ in notices(the_dose(during, snooze), SETTINGS, during)] == [
        "escalate"
    ]
    after = DUE + dt.timedelta(minutes=13)
    keys = [k for k, _ in notices(the_dose(after, snooze), SETTINGS, after)]
    assert keys[0] == f"remind:{(DUE + dt.timedelta(minutes=12)).isoformat()}:0"


def test_taken_doses_are_owed_nothing() -> None:
    taken = DoseEvent(DoseEventKind.TAKEN, DUE + dt.timedelta(minutes=3))
    now = DUE + dt.timedelta(hours=3)
    assert notices(the_dose(now, taken), SETTINGS, now) == []
    assert wake_up([the_dose(now, taken)], SETTINGS, now) is None


def test_days_of_supply_follow_the_scheduled_use() -> None:
    now = dt.datetime(2026, 3, 2, 12, tzinfo=UTC)
    assert days_of_supply(medication(), LONDON, now) == 4.7  # 14 tablets at 1 + 2 a day
    assert days_of_supply(medication(stock=None), LONDON, now) is None
