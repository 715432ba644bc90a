"""The calendar cut down to what can still show: the same occurrences from the cut on."""

from datetime import datetime
from zoneinfo import ZoneInfo

from ical.calendar import Calendar

from custom_components.betti.appointments import Fields
from custom_components.betti.appointments.book import add, dump, load, update
from custom_components.betti.appointments.window import events_since

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
CUT = datetime(2026, 3, 1)  # floating, as the calendar's times


def _at(*args: int) -> datetime:
    return datetime(*args, tzinfo=AMSTERDAM)  # type: ignore[misc]


def _add(calendar: Calendar, title: str, start: datetime, rrule: str = "") -> str:
    return add(calendar, Fields(title=title, start=start, rrule=rrule), AMSTERDAM)


def _household() -> Calendar:
    """Five years of appointments, ended and ongoing, with edited occurrences."""
    calendar = load("")
    _add(calendar, "Old dentist", _at(2021, 5, 3, 10))
    _add(calendar, "Flu jab", _at(2026, 3, 10, 9))
    _add(calendar, "Eye test", _at(2026, 2, 27, 14))  # within the margin
    _add(calendar, "Weekly physio", _at(2021, 1, 4, 9), "FREQ=WEEKLY;BYDAY=MO")
    _add(
        calendar,
        "Ended course",
        _at(2022, 1, 3, 9),
        "FREQ=WEEKLY;UNTIL=20220301T090000",
    )
    _add(calendar, "Counted course", _at(2023, 1, 3, 9), "FREQ=DAILY;COUNT=10")
    _add(calendar, "Monthly on the 31st", _at(2025, 1, 31, 9), "FREQ=MONTHLY;COUNT=3")
    # An ended series whose last occurrence was moved into the period still shown ...
    moved_later = _add(
        calendar, "Hearing aid", _at(2024, 1, 8, 11), "FREQ=WEEKLY;COUNT=4"
    )
    update(
        calendar,
        moved_later,
        Fields(start=_at(2026, 3, 20, 11)),
        AMSTERDAM,
        recurrence_id="20240129T110000",
    )
    # ... and an ongoing one whose coming occurrence was moved into the past.
    moved_earlier = _add(
        calendar, "Chiropodist", _at(2025, 1, 6, 15), "FREQ=MONTHLY;BYDAY=1MO"
    )
    update(
        calendar,
        moved_earlier,
        Fields(start=_at(2026, 2, 1, 15)),
        AMSTERDAM,
        recurrence_id="20260302T150000",
    )
    return calendar


def _occurrences(calendar: Calendar, start: datetime, end: datetime) -> list[tuple]:
    return sorted(
        (event.summary, event.start, event.recurrence_id)
        for event in calendar.timeline_tz(AMSTERDAM).overlapping(start, end)
    )


def test_the_cut_calendar_shows_the_same_from_the_cut_on() -> None:
    full = _household()
    cut = load(events_since(dump(full), CUT))
    for start, end in (
        (_at(2026, 3, 1), _at(2026, 4, 1)),
        (_at(2026, 3, 1), _at(2031, 1, 1)),
    ):
        assert _occurrences(cut, start, end) == _occurrences(full, start, end)
    march = [title for title, *_ in _occurrences(cut, _at(2026, 3, 1), _at(2026, 4, 1))]
    # The moved occurrence shows once, where it was moved to; its series' slot is empty.
    assert march.count("Chiropodist") == 0
    assert "Hearing aid" in march
    assert "Flu jab" in march


def test_what_ended_before_the_cut_is_left_out() -> None:
    cut = load(events_since(dump(_household()), CUT))
    titles = {event.summary for event in cut.events}
    assert titles == {
        "Flu jab",
        "Eye test",
        "Weekly physio",
        "Monthly on the 31st",  # COUNT on a day some months lack: not bounded, kept
        "Hearing aid",
        "Chiropodist",
    }


def test_text_the_scan_does_not_understand_is_kept() -> None:
    ics = (
        "BEGIN:VCALENDAR\nPRODID:-//x//EN\nVERSION:2.0\n"
        "BEGIN:VEVENT\nDTSTAMP:20200101T000000Z\nUID:a\nDTSTART:20200101T100000\n"
        "DURATION:PT1H\nSUMMARY:Has a duration\nEND:VEVENT\n"
        "BEGIN:VEVENT\nDTSTAMP:20200101T000000Z\nUID:b\nDTSTART:20200101T100000\n"
        "RRULE:FREQ=MONTHLY;BYMONTHDAY=15,31;COUNT=2\nSUMMARY:Rule by month day\n"
        "END:VEVENT\n"
        "BEGIN:VEVENT\nDTSTAMP:20200101T000000Z\nUID:d\nDTSTART:20200101T100000\n"
        "DTEND:2020010\n 1T110000\nSUMMARY:Folded end\nEND:VEVENT\n"
        "BEGIN:VEVENT\nDTSTAMP:20200101T000000Z\nUID:c\nDTSTART;VALUE=DATE:20200101\n"
        "SUMMARY:Past all-day\nEND:VEVENT\nEND:VCALENDAR\n"
    )
    assert {event.summary for event in load(events_since(ics, CUT)).events} == {
        "Has a duration",
        "Rule by month day",
    }


def test_an_occurrence_moved_before_the_cut_still_hides_its_slot() -> None:
    # Written by another program: the series names no EXDATE for the moved occurrence.
    ics = (
        "BEGIN:VCALENDAR\nPRODID:-//x//EN\nVERSION:2.0\n"
        "BEGIN:VEVENT\nDTSTAMP:20200101T000000Z\nUID:s\nDTSTART:20200106T100000\n"
        "DTEND:20200106T110000\nRRULE:FREQ=WEEKLY\nSUMMARY:Walk\nEND:VEVENT\n"
        "BEGIN:VEVENT\nDTSTAMP:20200101T000000Z\nUID:s\nRECURRENCE-ID:20260309T100000\n"
        "DTSTART:20260201T100000\nDTEND:20260201T110000\nSUMMARY:Walk\nEND:VEVENT\n"
        "END:VCALENDAR\n"
    )
    march = (_at(2026, 3, 1), _at(2026, 4, 1))
    assert _occurrences(load(events_since(ics, CUT)), *march) == _occurrences(
        load(ics), *march
    )
