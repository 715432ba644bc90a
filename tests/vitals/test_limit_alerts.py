"""A reading beyond a person's limits alerts them (and then their contacts) and fires an event."""

from datetime import timedelta
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers.translation import async_get_translations
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.betti.const import DOMAIN

from ..conftest import db_rows, profile_entry

pytestmark = pytest.mark.freeze_time("2026-03-01 08:00:00+00:00")
PHONE = "notify.mobile_app_alice_phone"
EVENT = "event.betti_alice_vital_out_of_range"


@pytest.fixture
async def alice(
    hass: HomeAssistant, persons: None, phones: list[tuple[str, dict[str, Any]]]
) -> MockConfigEntry:
    """Alice, with her phone to be told on."""
    entry = profile_entry()
    entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        entry, options={**entry.options, "notify_targets": [PHONE]}
    )
    assert await hass.config_entries.async_setup(entry.entry_id)
    return entry


async def _log(hass: HomeAssistant, **data: Any) -> None:
    await hass.services.async_call(DOMAIN, "log_vital", data, blocking=True)


async def test_high_blood_pressure_alerts_and_fires_an_event(
    hass: HomeAssistant,
    alice: MockConfigEntry,
    phones: list[tuple[str, dict[str, Any]]],
) -> None:
    await _log(hass, kind="blood_pressure", systolic=172, diastolic=88)
    event = hass.states.get(EVENT)
    assert event.attributes["event_type"] == "high"
    assert event.attributes["metric"] == "systolic"
    assert event.attributes["value"] == 172
    assert event.attributes["limit"] == 160
    assert event.attributes["critical"] is False
    assert [(target, data["message"]) for target, data in phones] == [
        (PHONE, "Alice's systolic is high: 172 mmHg (limit 160 mmHg).")
    ]
    assert db_rows(hass, "SELECT source, severity FROM alerts") == [
        ("vital_threshold", "warning")
    ]
    # Another high reading while the alert is open does not alert again.
    await _log(hass, kind="blood_pressure", systolic=168, diastolic=88)
    assert len(phones) == 1


async def test_crisis_is_critical(hass: HomeAssistant, alice: MockConfigEntry) -> None:
    await _log(hass, kind="blood_pressure", systolic=190, diastolic=124)
    assert db_rows(hass, "SELECT severity FROM alerts ORDER BY id") == [
        ("critical",),
        ("critical",),
    ]


async def test_old_readings_are_history_not_alarms(
    hass: HomeAssistant,
    alice: MockConfigEntry,
    phones: list[tuple[str, dict[str, Any]]],
) -> None:
    two_days_ago = (dt_util.utcnow() - timedelta(days=2)).isoformat()
    await _log(
        hass,
        kind="blood_pressure",
        systolic=172,
        diastolic=88,
        measured_at=two_days_ago,
    )
    assert phones == []
    assert db_rows(hass, "SELECT count(*) FROM alerts") == [(0,)]


async def test_limits_in_the_persons_units(
    hass: HomeAssistant, alice: MockConfigEntry
) -> None:
    hass.config_entries.async_update_entry(
        alice, options={**alice.options, "temperature_unit": "°F"}
    )
    await hass.async_block_till_done()
    result = await hass.config_entries.options.async_init(alice.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "vitals"}
    )
    shown = {
        str(key): key.description["suggested_value"]
        for key in result["data_schema"].schema
    }
    assert shown["temperature_high"] == 100.4  # 38.0 °C
    crossed = await hass.config_entries.options.async_configure(
        result["flow_id"], {**shown, "systolic_low": 170, "systolic_high": 150}
    )
    assert crossed["errors"] == {"systolic_low": "limits_crossed"}
    done = await hass.config_entries.options.async_configure(
        crossed["flow_id"], {**shown, "temperature_high": 99.5, "systolic_high": 170}
    )
    assert done["type"] is FlowResultType.CREATE_ENTRY
    assert alice.options["temperature_high"] == pytest.approx(37.5)
    assert alice.options["systolic_high"] == 170
    await hass.async_block_till_done()
    await _log(hass, kind="blood_pressure", systolic=165, diastolic=88)
    assert db_rows(hass, "SELECT count(*) FROM alerts") == [(0,)]
    await _log(hass, kind="temperature", temperature=99.9)
    assert db_rows(hass, "SELECT message FROM alerts") == [
        ("Alice's temperature is high: 99.9 °F (limit 99.5 °F).",)
    ]


async def test_each_limit_steps_as_its_unit_is_read_and_says_what_it_means(
    hass: HomeAssistant, alice: MockConfigEntry
) -> None:
    async def steps() -> dict[str, float]:
        result = await hass.config_entries.options.async_init(alice.entry_id)
        result = await hass.config_entries.options.async_configure(
            result["flow_id"], {"next_step_id": "vitals"}
        )
        return {
            str(key): selector.config["step"]
            for key, selector in result["data_schema"].schema.items()
        }

    shown = await steps()
    # Whole mmHg, beats and percent; tenths of a degree and of a mmol/L.
    assert {key: shown[key] for key in ("systolic_high", "pulse_low", "spo2_low")} == {
        "systolic_high": 1,
        "pulse_low": 1,
        "spo2_low": 1,
    }
    assert (shown["temperature_high"], shown["glucose_low"]) == (0.1, 0.1)
    hass.config_entries.async_update_entry(
        alice, options={**alice.options, "glucose_unit": "mg/dL"}
    )
    await hass.async_block_till_done()
    assert (await steps())["glucose_low"] == 1
    texts = await async_get_translations(hass, "en", "options", [DOMAIN])
    described = f"component.{DOMAIN}.options.step.vitals.data_description."
    assert [key for key in shown if described + key not in texts] == []
