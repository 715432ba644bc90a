"""Dose states: the clock, events overriding it, snoozes, the next change and adherence."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings, strategies as st

from custom_components.betti.medications.schedule import (
    AsNeededSchedule,
    DoseEvent,
    DoseEventKind,
    DosePolicy,
    DoseState,
    DoseStatus,
    DoseTime,
    WeeklySchedule,
    adherence,
    dose_state,
    next_state_change,
)

BERLIN = ZoneInfo("Europe/Berlin")
DUE = datetime(2025, 6, 2, 8, tzinfo=BERLIN)
POLICY = DosePolicy(grace=timedelta(hours=1), reminder_lead=timedelta(minutes=15))
TAKEN, SKIPPED, SNOOZED, RESET = DoseEventKind


def clock(hour: int, minute: int = 0) -> datetime:
    return DUE.replace(hour=hour, minute=minute)


def status(
    events: list[DoseEvent], now: datetime, policy: DosePolicy = POLICY
) -> DoseStatus:
    return dose_state(DUE, policy, events, now).status


def test_with_no_events_the_clock_moves_a_dose_from_scheduled_to_missed() -> None:
    timeline = {
        clock(7): DoseStatus.SCHEDULED,
        clock(7, 45): DoseStatus.UPCOMING,
        clock(8): DoseStatus.DUE,
        clock(8, 59): DoseStatus.DUE,
        clock(9): DoseStatus.MISSED,
    }
    assert {now: status([], now) for now in timeline} == timeline
    no_reminder = DosePolicy(grace=timedelta(hours=1))
    assert status([], clock(7, 50), no_reminder) is DoseStatus.SCHEDULED


def test_taken_and_skipped_hold_whenever_they_happen() -> None:
    assert status([DoseEvent(TAKEN, clock(7, 50))], clock(7, 55)) is DoseStatus.TAKEN
    assert status([DoseEvent(TAKEN, clock(11))], clock(12)) is DoseStatus.TAKEN
    assert status([DoseEvent(SKIPPED, clock(8, 10))], clock(20)) is DoseStatus.SKIPPED


def test_a_mistaken_taken_is_corrected_by_a_later_event() -> None:
    mistaken = DoseEvent(TAKEN, clock(8, 5))
    assert (
        status([mistaken, DoseEvent(RESET, clock(8, 10))], clock(8, 20))
        is DoseStatus.DUE
    )
    # Reset puts the dose back on the clock, original deadline included.
    assert (
        status([mistaken, DoseEvent(RESET, clock(8, 10))], clock(9, 30))
        is DoseStatus.MISSED
    )
    assert (
        status([mistaken, DoseEvent(SKIPPED, clock(8, 10))], clock(8, 20))
        is DoseStatus.SKIPPED
    )
    # Order is by event time, not by position, except that a tie goes to the later one.
    assert (
        status([DoseEvent(SKIPPED, clock(8, 10)), mistaken], clock(8, 20))
        is DoseStatus.SKIPPED
    )
    assert (
        status([mistaken, DoseEvent(SKIPPED, clock(8, 5))], clock(8, 20))
        is DoseStatus.SKIPPED
    )


def test_a_snooze_holds_until_it_expires_then_the_deadline_follows_it() -> None:
    snooze = DoseEvent(SNOOZED, clock(8, 5), until=clock(8, 50))
    assert dose_state(DUE, POLICY, [snooze], clock(8, 20)) == DoseState(
        DoseStatus.SNOOZED, clock(8, 50)
    )
    assert status([snooze], clock(8, 50)) is DoseStatus.DUE
    # Due + grace would be 09:00; the snooze moved it to 09:50.
    assert status([snooze], clock(9, 30)) is DoseStatus.DUE
    assert status([snooze], clock(9, 50)) is DoseStatus.MISSED
    # Snoozing the pre-reminder ends before the dose is due: the deadline stays at due + grace.
    early = DoseEvent(SNOOZED, clock(7, 46), until=clock(7, 55))
    assert status([early], clock(7, 50)) is DoseStatus.SNOOZED
    assert status([early], clock(7, 55)) is DoseStatus.UPCOMING
    assert status([early], clock(8, 59)) is DoseStatus.DUE
    assert status([early], clock(9)) is DoseStatus.MISSED


def test_a_snooze_can_be_answered_by_taking_the_dose() -> None:
    events = [
        DoseEvent(SNOOZED, clock(8, 5), until=clock(8, 50)),
        DoseEvent(TAKEN, clock(8, 20)),
    ]
    assert status(events, clock(8, 30)) is DoseStatus.TAKEN


def test_events_after_now_do_not_count_yet() -> None:
    assert status([DoseEvent(TAKEN, clock(10))], clock(9, 30)) is DoseStatus.MISSED


def test_next_change_walks_the_clock_and_stops_when_final() -> None:
    changes = []
    now = clock(6)
    while (change := next_state_change(DUE, POLICY, [], now)) is not None:
        changes.append(change)
        now = change
    assert changes == [clock(7, 45), clock(8), clock(9)]
    assert (
        next_state_change(DUE, POLICY, [DoseEvent(TAKEN, clock(8, 2))], clock(8, 3))
        is None
    )


def test_next_change_of_a_snoozed_dose_is_its_expiry_then_the_moved_deadline() -> None:
    events = [DoseEvent(SNOOZED, clock(8, 5), until=clock(8, 50))]
    assert next_state_change(DUE, POLICY, events, clock(8, 10)) == clock(8, 50)
    assert next_state_change(DUE, POLICY, events, clock(8, 50)) == clock(9, 50)


times_of_day = st.builds(
    lambda m: clock(6) + timedelta(minutes=m), st.integers(0, 5 * 60)
)
events = st.one_of(
    st.builds(DoseEvent, st.sampled_from([TAKEN, SKIPPED, RESET]), times_of_day),
    st.builds(
        lambda at, minutes: DoseEvent(
            SNOOZED, at, until=at + timedelta(minutes=minutes)
        ),
        times_of_day,
        st.integers(1, 90),
    ),
)


@settings(max_examples=200, deadline=None)
@given(
    history=st.lists(events, max_size=4),
    now=times_of_day,
    probes=st.lists(st.integers(1, 10**6), max_size=8),
)
def test_next_change_is_exactly_when_the_state_first_changes(
    history: list[DoseEvent], now: datetime, probes: list[int]
) -> None:
    current = dose_state(DUE, POLICY, history, now)
    change = next_state_change(DUE, POLICY, history, now)
    end = clock(14) if change is None else change
    assert end > now
    if change is not None:
        assert dose_state(DUE, POLICY, history, change) != current
    # Nothing changes in between: probe spread over (now, end).
    for probe in probes:
        between = now + (end - now) * (probe / (10**6 + 1))
        assert dose_state(DUE, POLICY, history, between) == current


def test_adherence_counts_settled_doses_in_the_window() -> None:
    schedule = WeeklySchedule(times=(DoseTime(time(8)),), start=date(2025, 6, 1))
    dues = [datetime(2025, 6, day, 6, tzinfo=UTC) for day in range(1, 7)]
    history = {
        dues[0]: [DoseEvent(TAKEN, dues[0])],
        dues[1]: [
            DoseEvent(TAKEN, dues[1]),
            DoseEvent(RESET, dues[1] + timedelta(minutes=1)),
        ],  # then missed
        dues[2]: [DoseEvent(SKIPPED, dues[2])],
        dues[3]: [DoseEvent(TAKEN, dues[3] + timedelta(minutes=30))],
        # dues[4] missed; dues[5] still due at `now`.
    }
    now = dues[5] + timedelta(minutes=10)
    window = {
        "start": datetime(2025, 6, 1, tzinfo=BERLIN),
        "end": datetime(2025, 6, 8, tzinfo=BERLIN),
        "now": now,
    }
    result = adherence(schedule, BERLIN, POLICY, history, **window)
    assert (result.taken, result.skipped, result.missed) == (2, 1, 2)
    assert result.percent == 40
    # Judged before anything was due, nothing is settled.
    early = window | {"now": dues[0] - timedelta(hours=1)}
    assert adherence(schedule, BERLIN, POLICY, history, **early).percent is None
    # As-needed doses are never due, so they never count.
    prn = adherence(
        AsNeededSchedule(start=date(2025, 6, 1)), BERLIN, POLICY, history, **window
    )
    assert (prn.taken, prn.skipped, prn.missed, prn.percent) == (0, 0, 0, None)
