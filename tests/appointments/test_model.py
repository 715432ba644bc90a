"""The appointment model on its own: edits, recurrence, DST and reminder times (no HA)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from ical.calendar import Calendar
import pytest

from custom_components.betti.appointments import AppointmentError, Fields
from custom_components.betti.appointments.book import (
    add,
    dump,
    load,
    remove,
    starting_after,
    update,
)
from custom_components.betti.appointments.reminders import (
    due_reminders,
    next_reminder,
)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
UTC = ZoneInfo("UTC")
OFFSETS = [timedelta(days=1), timedelta(hours=2)]


def _weekly_physio() -> tuple[str, str]:
    """Six Mondays at 09:00 Amsterdam time from 16 March 2026 (DST starts 29 March)."""
    calendar = load("")
    uid = add(
        calendar,
        Fields(
            title="Physio",
            start=datetime(2026, 3, 16, 9, 0, tzinfo=AMSTERDAM),
            location="Clinic",
            provider="Ms de Vries",
            rrule="FREQ=WEEKLY;COUNT=6",
        ),
        AMSTERDAM,
    )
    return dump(calendar), uid


def _occurrences(ics: str) -> list[tuple[str, str | None, str | None]]:
    """(UTC start, title, location) of each occurrence in March-April 2026."""
    timeline = load(ics).timeline_tz(AMSTERDAM)
    return [
        (
            event.start.replace(tzinfo=AMSTERDAM)
            .astimezone(UTC)
            .strftime("%m-%d %H:%M"),  # type: ignore[call-arg]
            event.summary,
            event.location,
        )
        for event in timeline.overlapping(
            datetime(2026, 3, 1, tzinfo=AMSTERDAM),
            datetime(2026, 5, 1, tzinfo=AMSTERDAM),
        )
    ]


def test_weekly_stays_at_nine_local_through_dst() -> None:
    ics, _ = _weekly_physio()
    # 09:00 CET is 08:00 UTC; from 29 March, 09:00 CEST is 07:00 UTC.
    assert [start for start, _, _ in _occurrences(ics)] == [
        "03-16 08:00",
        "03-23 08:00",
        "03-30 07:00",
        "04-06 07:00",
        "04-13 07:00",
        "04-20 07:00",
    ]


def test_one_occurrence_and_this_and_following() -> None:
    ics, uid = _weekly_physio()
    calendar = load(ics)
    # The one after DST moves to 10:00; the week before is cancelled.
    update(
        calendar,
        uid,
        Fields(start=datetime(2026, 3, 30, 10, 0, tzinfo=AMSTERDAM)),
        AMSTERDAM,
        recurrence_id="20260330T090000",
    )
    remove(calendar, uid, recurrence_id="20260323T090000")
    # From 13 April the sessions are at the new clinic.
    update(
        calendar,
        uid,
        Fields(location="New clinic"),
        AMSTERDAM,
        recurrence_id="20260413T090000",
        this_and_following=True,
    )
    assert _occurrences(dump(calendar)) == [
        ("03-16 08:00", "Physio", "Clinic"),
        ("03-30 08:00", "Physio", "Clinic"),
        ("04-06 07:00", "Physio", "Clinic"),
        ("04-13 07:00", "Physio", "New clinic"),
        ("04-20 07:00", "Physio", "New clinic"),
    ]
    # This and following, removed: the series ends before 6 April.
    remove(calendar, uid, recurrence_id="20260406T090000", this_and_following=True)
    assert [start for start, _, _ in _occurrences(dump(calendar))] == [
        "03-16 08:00",
        "03-30 08:00",
    ]


def test_whole_series_change_keeps_other_fields_and_length() -> None:
    ics, uid = _weekly_physio()
    calendar = load(ics)
    update(calendar, uid, Fields(title="Physiotherapy"), AMSTERDAM)
    event = next(iter(calendar.timeline))
    assert (event.summary, event.location, event.contacts) == (
        "Physiotherapy",
        "Clinic",
        ["Ms de Vries"],
    )
    assert event.end - event.start == timedelta(hours=1)  # type: ignore[operator]


def test_all_day_appointment() -> None:
    calendar = load("")
    add(calendar, Fields(title="Hospital stay", start=date(2026, 5, 4)), AMSTERDAM)
    event = next(iter(calendar.timeline))
    assert (event.start, event.end) == (date(2026, 5, 4), date(2026, 5, 5))


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        (
            Fields(title="X", start=datetime(2026, 3, 1, 9), rrule="FREQ=SOMETIMES"),
            "appointment_bad_rrule",
        ),
        (
            Fields(
                title="X", start=datetime(2026, 3, 1, 9), end=datetime(2026, 3, 1, 8)
            ),
            "appointment_end_before_start",
        ),
        (
            Fields(title="X", start=datetime(2026, 3, 1, 9), end=date(2026, 3, 2)),
            "appointment_mixed_all_day",
        ),
        (Fields(title="", start=datetime(2026, 3, 1, 9)), "appointment_no_title"),
    ],
)
def test_bad_input_is_refused(fields: Fields, reason: str) -> None:
    calendar = load("")
    with pytest.raises(AppointmentError) as err:
        add(calendar, fields, AMSTERDAM)
    assert err.value.reason == reason
    assert list(calendar.timeline) == []


def test_unknown_appointment_or_occurrence() -> None:
    ics, uid = _weekly_physio()
    calendar = load(ics)
    for call in (
        lambda: remove(calendar, "nope"),
        lambda: remove(calendar, uid, recurrence_id="20260324T090000"),  # a Tuesday
        lambda: update(
            calendar, uid, Fields(title="X"), AMSTERDAM, recurrence_id="garbage"
        ),
    ):
        with pytest.raises(AppointmentError) as err:
            call()
        assert err.value.reason == "appointment_not_found"
    assert dump(calendar) == ics


def _next(
    calendar: Calendar, offsets: list[timedelta], after: datetime
) -> datetime | None:
    upcoming = starting_after(calendar, AMSTERDAM, after)
    return next_reminder(upcoming, AMSTERDAM, offsets, after=after)


def test_reminder_times() -> None:
    ics, _ = _weekly_physio()
    calendar = load(ics)
    before = datetime(2026, 3, 14, 12, 0, tzinfo=AMSTERDAM)
    # A day before the first session, then two hours before it.
    first = _next(calendar, OFFSETS, before)
    assert first == datetime(2026, 3, 15, 9, 0, tzinfo=AMSTERDAM)
    assert first is not None
    second = _next(calendar, OFFSETS, first)
    assert second == datetime(2026, 3, 16, 7, 0, tzinfo=AMSTERDAM)
    # After DST the day-before reminder is at 09:00 local too.
    after_dst = _next(calendar, OFFSETS, datetime(2026, 3, 29, 0, 0, tzinfo=AMSTERDAM))
    assert after_dst == datetime(2026, 3, 29, 9, 0, tzinfo=AMSTERDAM)
    assert _next(calendar, [], before) is None


def test_due_reminders_one_per_occurrence() -> None:
    ics, _ = _weekly_physio()
    calendar = load(ics)
    # HA was down from Saturday until 08:00 Monday: both reminders of the first session
    # were missed; one (the nearest) is due, and none for sessions already over.
    saturday = datetime(2026, 3, 14, 12, 0, tzinfo=AMSTERDAM)
    due = due_reminders(
        starting_after(calendar, AMSTERDAM, saturday),
        AMSTERDAM,
        OFFSETS,
        after=saturday,
        now=datetime(2026, 3, 16, 8, 0, tzinfo=AMSTERDAM),
    )
    assert [(r.start, r.at) for r in due] == [
        (
            datetime(2026, 3, 16, 9, 0, tzinfo=AMSTERDAM),
            datetime(2026, 3, 16, 7, 0, tzinfo=AMSTERDAM),
        )
    ]
    over = due_reminders(
        starting_after(calendar, AMSTERDAM, saturday),
        AMSTERDAM,
        OFFSETS,
        after=saturday,
        now=datetime(2026, 3, 16, 11, 0, tzinfo=AMSTERDAM),
    )
    assert over == []
