"""The profile config flow, its reconfigure step and the options flow."""

from collections.abc import Generator
from unittest.mock import patch

from homeassistant.config_entries import SOURCE_USER, ConfigFlowResult
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType, InvalidData
from homeassistant.helpers.translation import async_get_translations
from homeassistant.util.unit_system import US_CUSTOMARY_SYSTEM
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.betti.const import DOMAIN

ALICE = {
    "person": "person.alice",
    "date_of_birth": "1948-03-14",
    "sex": "female",
    "height": 162,
    "weight_unit": "kg",
    "temperature_unit": "celsius",
    "glucose_unit": "mmol_l",
    "volume_unit": "ml",
}

pytestmark = pytest.mark.usefixtures("persons")


@pytest.fixture(autouse=True)
def no_setup() -> Generator[None]:
    """Flows are tested on their own; setting up entries is test_init's business."""
    with patch("custom_components.betti.async_setup_entry", return_value=True):
        yield


async def _start(hass: HomeAssistant) -> ConfigFlowResult:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    assert result["type"] is FlowResultType.MENU
    assert result["menu_options"] == ["profile", "device"]
    return await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "profile"}
    )


async def test_the_integration_page_offers_to_add_a_household_member(
    hass: HomeAssistant,
) -> None:
    """HA's frontend labels its add button with this, not "Add hub" (the manifest's type)."""
    texts = await async_get_translations(hass, "en", "config", [DOMAIN])
    assert texts[f"component.{DOMAIN}.config.initiate_flow.user"] == (
        "Add household member"
    )


async def test_create_profile(hass: HomeAssistant) -> None:
    result = await _start(hass)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "profile"
    result = await hass.config_entries.flow.async_configure(result["flow_id"], ALICE)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    # With no display name the person's own name is used.
    assert result["title"] == "Alice"
    assert result["result"].unique_id == "person.alice"
    assert result["data"] == {
        "person": "person.alice",
        "date_of_birth": "1948-03-14",
        "sex": "female",
        "height": 162.0,
    }
    # Stored as the units HA shows: what entries made before the keys changed hold too.
    assert result["options"] == {
        "weight_unit": "kg",
        "temperature_unit": "°C",
        "glucose_unit": "mmol/L",
        "volume_unit": "mL",
        "private": False,  # nobody but Alice signs in (see test_privacy_options)
    }


async def test_units_follow_the_unit_system(hass: HomeAssistant) -> None:
    """In a US-customary home the form asks for inches and suggests US units."""
    hass.config.units = US_CUSTOMARY_SYSTEM
    result = await _start(hass)
    schema = result["data_schema"].schema
    suggested = {
        str(key): key.description["suggested_value"]
        for key in schema
        if key.description
    }
    assert suggested == {
        "weight_unit": "lb",
        "temperature_unit": "fahrenheit",
        "glucose_unit": "mg_dl",
        "volume_unit": "fl_oz",
    }
    height = next(value for key, value in schema.items() if str(key) == "height")
    assert height.config["unit_of_measurement"] == "in"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {**ALICE, "height": 64, "name": "Granny"}
    )
    assert result["title"] == "Granny"
    assert result["data"]["height"] == 162.6


async def test_one_profile_per_person(hass: HomeAssistant) -> None:
    """The picker leaves out people with a profile, so no form is filled in vain."""
    MockConfigEntry(domain=DOMAIN, unique_id="person.alice").add_to_hass(hass)
    result = await _start(hass)
    [person] = [k for k in result["data_schema"].schema if str(k) == "person"]
    picker = result["data_schema"].schema[person]
    assert picker.config["exclude_entities"] == ["person.alice"]
    with pytest.raises(InvalidData):
        await hass.config_entries.flow.async_configure(result["flow_id"], ALICE)
    assert len(hass.config_entries.async_entries(DOMAIN)) == 1


async def test_person_that_vanished(hass: HomeAssistant) -> None:
    result = await _start(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {**ALICE, "person": "person.carol"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"person": "person_not_found"}
    result = await hass.config_entries.flow.async_configure(result["flow_id"], ALICE)
    assert result["type"] is FlowResultType.CREATE_ENTRY


@pytest.mark.parametrize("born", ["2999-01-01", "1850-06-01"])
async def test_impossible_birth_date_then_fixed(hass: HomeAssistant, born: str) -> None:
    result = await _start(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {**ALICE, "date_of_birth": born}
    )
    assert result["errors"] == {"date_of_birth": "invalid_date_of_birth"}
    result = await hass.config_entries.flow.async_configure(result["flow_id"], ALICE)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"]["date_of_birth"] == "1948-03-14"


async def test_reconfigure(hass: HomeAssistant, alice_entry: MockConfigEntry) -> None:
    alice_entry.add_to_hass(hass)
    result = await alice_entry.start_reconfigure_flow(hass)
    assert result["step_id"] == "reconfigure"
    assert result["description_placeholders"] == {"name": "Alice"}
    new = {
        "name": "Granny",
        "date_of_birth": "1948-03-15",
        "sex": "female",
        "height": 160,
    }
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {**new, "date_of_birth": "3000-01-01"}
    )
    assert result["errors"] == {"date_of_birth": "invalid_date_of_birth"}
    result = await hass.config_entries.flow.async_configure(result["flow_id"], new)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert alice_entry.title == "Granny"
    assert alice_entry.data == {
        "person": "person.alice",
        "date_of_birth": "1948-03-15",
        "sex": "female",
        "height": 160.0,
    }


async def test_options(hass: HomeAssistant, alice_entry: MockConfigEntry) -> None:
    alice_entry.add_to_hass(hass)
    result = await hass.config_entries.options.async_init(alice_entry.entry_id)
    assert result["type"] is FlowResultType.MENU
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "units"}
    )
    assert result["step_id"] == "units"
    # The entry holds HA's units ("°C", "mL"); the form shows them as the options' keys.
    assert {
        str(key): key.description["suggested_value"]
        for key in result["data_schema"].schema
    } == {
        "weight_unit": "kg",
        "temperature_unit": "celsius",
        "glucose_unit": "mmol_l",
        "volume_unit": "ml",
    }
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {
            "weight_unit": "lb",
            "temperature_unit": "fahrenheit",
            "glucose_unit": "mg_dl",
            "volume_unit": "ml",
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert alice_entry.options == {
        "weight_unit": "lb",
        "temperature_unit": "°F",
        "glucose_unit": "mg/dL",
        "volume_unit": "mL",
        "private": False,
    }


async def test_options_notifications_and_contacts(
    hass: HomeAssistant, alice_entry: MockConfigEntry
) -> None:
    alice_entry.add_to_hass(hass)
    hass.services.async_register("notify", "mobile_app_alice_phone", lambda _: None)
    hass.services.async_register("notify", "mobile_app_bob_phone", lambda _: None)

    async def group(step: str) -> ConfigFlowResult:
        result = await hass.config_entries.options.async_init(alice_entry.entry_id)
        return await hass.config_entries.options.async_configure(
            result["flow_id"], {"next_step_id": step}
        )

    result = await group("notifications")
    schema = result["data_schema"].schema
    targets = next(
        value for key, value in schema.items() if str(key) == "notify_targets"
    )
    # The picker lists the phones' notify services.
    assert [option["value"] for option in targets.config["options"]] == [
        "notify.mobile_app_alice_phone",
        "notify.mobile_app_bob_phone",
    ]
    settings = {
        "notify_targets": ["notify.mobile_app_alice_phone"],
        "caregiver_delay": 10,
        "contact_interval": 0,
        "everyone_delay": 10,
    }
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], settings
    )
    assert result["errors"] == {"everyone_delay": "everyone_before_caregivers"}
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {**settings, "notify_targets": ["notify.nowhere"]}
    )
    assert result["errors"] == {"notify_targets": "notify_target_unknown"}
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {**settings, "everyone_delay": 20, "phone": "call me"}
    )
    assert result["errors"] == {"phone": "phone_invalid"}
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {**settings, "everyone_delay": 20}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert alice_entry.options["everyone_delay"] == 20
    assert alice_entry.options["weight_unit"] == "kg"  # other groups are kept

    result = await group("contacts")
    bob = {
        "name": "Bob",
        "relation": "Son",
        "notify_target": "notify.mobile_app_bob_phone",
    }
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"emergency_contacts": [bob, {"name": "Carol"}]}
    )
    assert result["errors"] == {"emergency_contacts": "contact_unreachable"}
    assert result["description_placeholders"] == {"position": "2"}
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {
            "emergency_contacts": [
                {
                    "name": "Carol",
                    "phone": "123",
                    "notify_target": "notify.mobile_app_alice_phone",
                },
                bob,
            ]
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert [c["name"] for c in alice_entry.options["emergency_contacts"]] == [
        "Carol",
        "Bob",
    ]
    assert alice_entry.options["everyone_delay"] == 20


@pytest.mark.parametrize("height", ["nan", "inf", float("nan")])
async def test_height_must_be_a_finite_number(
    hass: HomeAssistant, height: str | float
) -> None:
    """NaN passes every "at least / at most" check; it must not become a height."""
    result = await _start(hass)
    with pytest.raises(InvalidData):
        await hass.config_entries.flow.async_configure(
            result["flow_id"], {**ALICE, "height": height}
        )
    assert hass.config_entries.async_entries(DOMAIN) == []
