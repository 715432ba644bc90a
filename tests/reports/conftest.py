"""A household with three months' worth of Alice's records, logged through Betti's actions."""

from datetime import datetime, timedelta
from typing import Any

from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

# Noon in HA's test time zone (US/Pacific, -08:00); freeze_time makes it now.
NOW = "2026-03-02T12:00:00-08:00"
NORMAL = (115, 75)  # 08:00 on 28 to 15 days ago
HIGH = (151, 95)  # 19:00 on 14 to 1 days ago
MEDICATION_START = "2026-02-25"
# Metformin at 08:00 each day from the 25th: what became of each dose.
DOSES = {
    "2026-02-25": "taken",
    "2026-02-26": "taken",
    "2026-02-27": None,  # missed
    "2026-02-28": "taken",
    "2026-03-01": "skipped",
    "2026-03-02": "taken",
}


async def call(hass: HomeAssistant, action: str, **data: Any) -> Any:
    """Call a Betti action as an automation would (no user) and return its response."""
    return await hass.services.async_call(
        "betti",
        action,
        data,
        blocking=True,
        return_response=action
        in {"log_vital", "add_medication", "mark_dose", "create_report"},
    )


def days_ago(days: int, hour: int) -> str:
    """A local time ``days`` before now, at ``hour``."""
    now = datetime.fromisoformat(NOW)
    return (now - timedelta(days=days)).replace(hour=hour).isoformat()


@pytest.fixture
async def alice_history(
    hass: HomeAssistant, household: tuple[MockConfigEntry, MockConfigEntry]
) -> MockConfigEntry:
    """Alice's vitals, doses (one missed, one skipped) and a mood over the last month."""
    alice, _bob = household
    for days in range(28, 0, -1):
        systolic, diastolic = NORMAL if days > 14 else HIGH
        await call(
            hass,
            "log_vital",
            config_entry_id=alice.entry_id,
            kind="blood_pressure",
            systolic=systolic,
            diastolic=diastolic,
            measured_at=days_ago(days, 8 if days > 14 else 19),
        )
    for days, weight in ((20, 70.0), (2, 68.6)):
        await call(
            hass,
            "log_vital",
            config_entry_id=alice.entry_id,
            kind="weight",
            weight=weight,
            measured_at=days_ago(days, 7),
        )
    for days, glucose in ((10, 5.5), (3, 12.0)):
        await call(
            hass,
            "log_vital",
            config_entry_id=alice.entry_id,
            kind="glucose",
            glucose=glucose,
            measured_at=days_ago(days, 9),
        )
    await call(
        hass,
        "log_vital",
        config_entry_id=alice.entry_id,
        kind="temperature",
        temperature=37.2,
        measured_at=days_ago(4, 10),
    )
    # Above her limit of 120: an out-of-range alert.
    await call(
        hass,
        "log_vital",
        config_entry_id=alice.entry_id,
        kind="heart_rate",
        heart_rate=130,
        measured_at=days_ago(0, 11),
    )
    added = await call(
        hass,
        "add_medication",
        config_entry_id=alice.entry_id,
        name="Metformin",
        strength="500 mg",
        schedules=[{"type": "weekly", "times": ["08:00"], "start": MEDICATION_START}],
    )
    for day, status in DOSES.items():
        if status is not None:
            await call(
                hass,
                "mark_dose",
                config_entry_id=alice.entry_id,
                medication_id=added["medication_id"],
                status=status,
                due=f"{day}T08:00:00-08:00",
            )
    await hass.services.async_call(
        "betti",
        "log_mood",
        {"config_entry_id": alice.entry_id, "mood": 4, "note": "Zoë kwam op bezoek"},
        blocking=True,
    )
    await hass.async_block_till_done()
    return alice
