"""Whether a profile is private: decided when it is made, changed in its options."""

from homeassistant.auth.const import GROUP_ID_USER
from homeassistant.config_entries import SOURCE_USER
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.betti.const import DOMAIN
from custom_components.betti.household.privacy import CONF_PRIVATE

from ..conftest import profile_entry
from ..test_config_flow import ALICE

pytestmark = pytest.mark.usefixtures("persons")


async def _create_alice(hass: HomeAssistant) -> MockConfigEntry:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "profile"}
    )
    result = await hass.config_entries.flow.async_configure(result["flow_id"], ALICE)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    return result["result"]


async def test_private_when_someone_else_signs_in(hass: HomeAssistant) -> None:
    # Only Alice herself and the (admin) owner: nobody else could read her entities.
    await hass.auth.async_create_user("Owner", group_ids=["system-admin"])
    alice = await _create_alice(hass)
    assert alice.options[CONF_PRIVATE] is False
    await hass.config_entries.async_remove(alice.entry_id)

    await hass.auth.async_create_user("Mirror", group_ids=[GROUP_ID_USER])
    alice = await _create_alice(hass)
    assert alice.options[CONF_PRIVATE] is True


async def test_turned_off_in_the_options(hass: HomeAssistant) -> None:
    alice = profile_entry()
    alice.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        alice, options={**alice.options, CONF_PRIVATE: True}
    )
    result = await hass.config_entries.options.async_init(alice.entry_id)
    assert "privacy" in result["menu_options"]
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "privacy"}
    )
    assert result["step_id"] == "privacy"
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_PRIVATE: False}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert alice.options[CONF_PRIVATE] is False
    assert alice.options["weight_unit"] == "kg"  # the other settings stay


@pytest.mark.parametrize(("others", "private"), [(False, False), (True, True)])
async def test_profiles_made_before_get_the_same_default(
    hass: HomeAssistant, others: bool, private: bool
) -> None:
    if others:
        await hass.auth.async_create_user("Carer", group_ids=[GROUP_ID_USER])
    made_before = profile_entry()
    old = MockConfigEntry(
        domain=DOMAIN,
        title=made_before.title,
        unique_id=made_before.unique_id,
        data=dict(made_before.data),
        options={k: v for k, v in made_before.options.items() if k != CONF_PRIVATE},
    )
    old.add_to_hass(hass)
    assert await hass.config_entries.async_setup(old.entry_id)
    await hass.async_block_till_done()
    assert old.minor_version == 3
    assert old.options[CONF_PRIVATE] is private
    assert (hass.states.get("sensor.betti_alice_systolic") is None) is private
