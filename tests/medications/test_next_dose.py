"""What "Next dose" and "Doses left today" show once a dose is missed.

A missed dose of today is still to take: it stays the next dose (overdue first) and counts as
left until it is taken or skipped, until its medication's next dose falls due (taking both
would double the dose), or until the day ends.
"""

from datetime import datetime, timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.util import dt as dt_util
import pytest

from ..conftest import Pushes
from .test_medications import DUE, add, advance, alice, call  # noqa: F401

NEXT_DOSE = "sensor.betti_alice_next_dose"
LEFT_TODAY = "sensor.betti_alice_doses_left_today"

pytestmark = pytest.mark.freeze_time("2026-03-02 07:00:00+00:00")


def shown(hass: HomeAssistant) -> tuple[datetime | None, str, str, str]:
    """Next dose (when, which, its status) and the doses left today, as the mirror shows."""
    state = hass.states.get(NEXT_DOSE)
    left = hass.states.get(LEFT_TODAY)
    assert state is not None
    assert left is not None
    return (
        dt_util.parse_datetime(state.state),
        state.attributes.get("medication", ""),
        state.attributes.get("status", ""),
        left.state,
    )


@pytest.mark.usefixtures("alice")
async def test_a_missed_dose_stays_next_until_taken_or_its_next_dose_is_due(
    hass: HomeAssistant, phones: Pushes, freezer: FrozenDateTimeFactory
) -> None:
    aspirin = await add(hass)  # daily 08:00, 60 minutes' grace
    await add(
        hass,
        name="Metformin",
        strength="500 mg",
        grace_minutes=30,
        schedules=[{"type": "weekly", "times": ["08:00", "13:00"]}],
    )
    one_pm = DUE + timedelta(hours=5)
    assert shown(hass) == (DUE, "Aspirin 100 mg", "scheduled", "3")

    await advance(hass, freezer, 125)  # 09:05: both morning doses missed
    assert shown(hass) == (DUE, "Aspirin 100 mg", "missed", "3")

    await call(hass, "mark_dose", medication_id=aspirin, status="taken")
    assert shown(hass) == (DUE, "Metformin 500 mg", "missed", "2")

    await advance(hass, freezer, 236)  # 13:01: Metformin's next dose is due
    assert shown(hass) == (one_pm, "Metformin 500 mg", "due", "1")

    await advance(hass, freezer, 30)  # 13:31: missed too, and nothing else is due today
    assert shown(hass) == (one_pm, "Metformin 500 mg", "missed", "1")

    await advance(hass, freezer, 10 * 60 + 30)  # 00:01: a new day
    assert shown(hass) == (
        DUE + timedelta(days=1),
        "Aspirin 100 mg",
        "scheduled",
        "3",
    )


@pytest.mark.usefixtures("alice")
async def test_a_skipped_dose_is_no_longer_next(
    hass: HomeAssistant, phones: Pushes, freezer: FrozenDateTimeFactory
) -> None:
    aspirin = await add(hass)
    await advance(hass, freezer, 125)
    await call(hass, "mark_dose", medication_id=aspirin, status="skipped")
    assert shown(hass) == (
        DUE + timedelta(days=1),
        "Aspirin 100 mg",
        "scheduled",
        "0",
    )


@pytest.mark.usefixtures("alice")
async def test_taken_without_a_due_time_marks_the_dose_shown_as_next(
    hass: HomeAssistant, phones: Pushes, freezer: FrozenDateTimeFactory
) -> None:
    metformin = await add(
        hass,
        name="Metformin",
        strength="500 mg",
        grace_minutes=30,
        schedules=[{"type": "weekly", "times": ["08:00", "13:00"]}],
    )
    await advance(hass, freezer, 361)  # 13:01: the morning dose was missed
    one_pm = DUE + timedelta(hours=5)
    assert shown(hass)[:3] == (one_pm, "Metformin 500 mg", "due")
    marked = await call(hass, "mark_dose", medication_id=metformin, status="taken")
    assert dt_util.parse_datetime(marked["due"]) == one_pm
    assert shown(hass) == (
        DUE + timedelta(days=1),
        "Metformin 500 mg",
        "scheduled",
        "0",
    )


@pytest.mark.usefixtures("alice")
async def test_taken_twice_without_a_due_time_never_takes_tomorrows_dose(
    hass: HomeAssistant, phones: Pushes, freezer: FrozenDateTimeFactory
) -> None:
    """A double tap at 07:00 takes today's 08:00 dose once; tomorrow's stays to take."""
    aspirin = await add(hass)  # daily 08:00
    marked = await call(hass, "mark_dose", medication_id=aspirin, status="taken")
    assert dt_util.parse_datetime(marked["due"]) == DUE
    with pytest.raises(ServiceValidationError) as refusal:
        await call(hass, "mark_dose", medication_id=aspirin, status="taken")
    assert refusal.value.translation_key == "no_dose_due"
    assert shown(hass) == (DUE + timedelta(days=1), "Aspirin 100 mg", "scheduled", "0")
