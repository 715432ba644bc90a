"""Vital-sign sensors: latest values, in each person's units, with when they were measured."""

from homeassistant.const import ATTR_UNIT_OF_MEASUREMENT, STATE_UNKNOWN
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from .conftest import profile_entry


async def _log(hass: HomeAssistant, **data: object) -> None:
    await hass.services.async_call("betti", "log_vital", data, blocking=True)


@pytest.mark.freeze_time("2026-03-01 07:30:00+00:00")
async def test_sensors_follow_the_latest_reading(
    hass: HomeAssistant, loaded_alice: MockConfigEntry
) -> None:
    assert hass.states.get("sensor.betti_alice_systolic").state == STATE_UNKNOWN
    await _log(hass, kind="blood_pressure", systolic=142, diastolic=88, pulse=71)
    systolic = hass.states.get("sensor.betti_alice_systolic")
    assert systolic.state == "142.0"
    assert systolic.attributes[ATTR_UNIT_OF_MEASUREMENT] == "mmHg"
    assert systolic.attributes["measured_at"] == "2026-03-01T07:30:00+00:00"
    assert hass.states.get("sensor.betti_alice_diastolic").state == "88.0"
    assert hass.states.get("sensor.betti_alice_pulse").state == "71.0"
    assert (
        hass.states.get("sensor.betti_alice_blood_pressure_category").state
        == "hypertension_stage_2"
    )
    # An older reading entered later does not replace the newer one.
    await _log(
        hass,
        kind="blood_pressure",
        systolic=118,
        diastolic=76,
        measured_at="2026-02-28T20:00:00+00:00",
    )
    assert hass.states.get("sensor.betti_alice_systolic").state == "142.0"


async def test_units_follow_the_profile(hass: HomeAssistant, persons: None) -> None:
    entry = profile_entry()
    entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        entry,
        options={
            **entry.options,
            "weight_unit": "lb",
            "temperature_unit": "°F",
            "glucose_unit": "mg/dL",
        },
    )
    assert await hass.config_entries.async_setup(entry.entry_id)
    await _log(hass, kind="weight", weight=154.3)
    await _log(hass, kind="temperature", temperature=100.4)
    await _log(hass, kind="glucose", glucose=108)
    weight = hass.states.get("sensor.betti_alice_weight")
    assert weight.attributes[ATTR_UNIT_OF_MEASUREMENT] == "lb"
    assert float(weight.state) == pytest.approx(154.3)
    temperature = hass.states.get("sensor.betti_alice_temperature")
    assert temperature.attributes[ATTR_UNIT_OF_MEASUREMENT] == "°F"
    assert float(temperature.state) == pytest.approx(100.4)
    glucose = hass.states.get("sensor.betti_alice_blood_glucose_concentration")
    assert glucose.attributes[ATTR_UNIT_OF_MEASUREMENT] == "mg/dL"
    assert float(glucose.state) == pytest.approx(108)
    # 154.3 lb is 69.99 kg; Alice is 162 cm tall.
    assert float(hass.states.get("sensor.betti_alice_bmi").state) == pytest.approx(
        26.67, abs=0.01
    )


async def test_glucose_in_mmol(
    hass: HomeAssistant, loaded_alice: MockConfigEntry
) -> None:
    await _log(hass, kind="glucose", glucose=6.2)
    glucose = hass.states.get("sensor.betti_alice_blood_glucose_concentration")
    assert glucose.attributes[ATTR_UNIT_OF_MEASUREMENT] == "mmol/L"
    assert float(glucose.state) == pytest.approx(6.2)


async def test_bmi_from_the_scale_wins(
    hass: HomeAssistant, loaded_alice: MockConfigEntry
) -> None:
    await _log(hass, kind="weight", weight=70, bmi=25.9)
    assert hass.states.get("sensor.betti_alice_bmi").state == "25.9"


async def test_rarely_used_sensors_start_disabled(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    loaded_alice: MockConfigEntry,
) -> None:
    disabled = {
        entry.entity_id
        for entry in er.async_entries_for_config_entry(
            entity_registry, loaded_alice.entry_id
        )
        if entry.disabled_by is not None
    }
    assert disabled == {
        "sensor.betti_alice_mean_arterial_pressure",
        "sensor.betti_alice_body_fat",
        "sensor.betti_alice_active_energy_today",
    }


async def test_changing_the_unit_preference_reaches_existing_sensors(
    hass: HomeAssistant, loaded_alice: MockConfigEntry
) -> None:
    await _log(hass, kind="weight", weight=70)
    assert (
        hass.states.get("sensor.betti_alice_weight").attributes[
            ATTR_UNIT_OF_MEASUREMENT
        ]
        == "kg"
    )
    result = await hass.config_entries.options.async_init(loaded_alice.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "units"}
    )
    await hass.config_entries.options.async_configure(
        result["flow_id"],
        {
            "weight_unit": "lb",
            "temperature_unit": "°C",
            "glucose_unit": "mmol/L",
            "volume_unit": "mL",
        },
    )
    await hass.async_block_till_done()
    weight = hass.states.get("sensor.betti_alice_weight")
    assert weight.attributes[ATTR_UNIT_OF_MEASUREMENT] == "lb"
    assert float(weight.state) == pytest.approx(154.32, abs=0.01)
