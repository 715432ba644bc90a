"""Vital-sign sensors: latest values, in each person's units, with when they were measured."""

from homeassistant.const import ATTR_UNIT_OF_MEASUREMENT, STATE_UNKNOWN
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.template import Template
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
)

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
    assert hass.states.get("sensor.betti_alice_bmi").state == "26.7"


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
    # As a person would: keep what the form shows, change the weight unit.
    shown = {
        str(key): key.description["suggested_value"]
        for key in result["data_schema"].schema
    }
    await hass.config_entries.options.async_configure(
        result["flow_id"], {**shown, "weight_unit": "lb"}
    )
    await hass.async_block_till_done()
    weight = hass.states.get("sensor.betti_alice_weight")
    assert weight.attributes[ATTR_UNIT_OF_MEASUREMENT] == "lb"
    assert float(weight.state) == pytest.approx(154.32, abs=0.01)


@pytest.mark.freeze_time("2026-03-01 20:00:00+00:00")
async def test_numbers_are_shown_rounded(
    hass: HomeAssistant,
    loaded_alice: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    await _log(hass, kind="weight", weight=64.8)
    await hass.services.async_call(
        "betti", "log_water", {"amount": 786.5882365}, blocking=True
    )
    await hass.services.async_call(
        "betti",
        "add_medication",
        {
            "name": "Aspirin",
            "stock": 5,
            "schedules": [{"type": "weekly", "times": ["08:00", "20:00"]}],
        },
        blocking=True,
        return_response=True,
    )
    await hass.async_block_till_done()

    def shown(entity_id: str) -> str:
        """The state as HA's frontend, Assist and templates show it."""
        return str(
            Template(
                "{{ states(entity_id, rounded=True, with_unit=True) }}", hass
            ).async_render({"entity_id": entity_id})
        )

    # BMI worked out from weight and height has no more precision than the scale's own.
    assert hass.states.get("sensor.betti_alice_bmi").state == "24.7"
    assert shown("sensor.betti_alice_bmi") == "24.7 kg/m²"
    assert shown("sensor.betti_alice_water_today") == "787 mL"
    assert shown("sensor.betti_alice_water_goal_progress") == "49 %"
    assert shown("sensor.aspirin_alice_days_of_supply") == "2.5 d"
    unrounded = [
        entry.entity_id
        for entry in er.async_entries_for_config_entry(
            entity_registry, loaded_alice.entry_id
        )
        if entry.domain == "sensor"
        and (state := hass.states.get(entry.entity_id)) is not None
        and {"state_class", ATTR_UNIT_OF_MEASUREMENT} & state.attributes.keys()
        and "suggested_display_precision" not in entry.options.get("sensor", {})
    ]
    assert unrounded == []


async def test_a_restart_with_the_same_units_leaves_the_entity_registry_alone(
    hass: HomeAssistant, loaded_alice: MockConfigEntry
) -> None:
    """Nothing to write on a Pi's SD card at each start when no unit preference changed."""
    updates = async_capture_events(hass, er.EVENT_ENTITY_REGISTRY_UPDATED)
    assert await hass.config_entries.async_reload(loaded_alice.entry_id)
    await hass.async_block_till_done()
    assert [event.data for event in updates if event.data["action"] == "update"] == []
