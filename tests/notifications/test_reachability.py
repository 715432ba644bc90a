"""Every emergency contact can be reached: refused at configuration, a repair when it stops."""

from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import issue_registry as ir
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from ..conftest import BOB_PHONE, Pushes, profile_entry

ISSUE_ID = "contacts_unreachable_alice_entry"


def _alice(contacts: list[dict[str, str]]) -> MockConfigEntry:
    return profile_entry(entry_id="alice_entry", emergency_contacts=contacts)


def _contact(name: str, target: str = "", phone: str = "") -> dict[str, str]:
    return {"name": name, "relation": "", "phone": phone, "notify_target": target}


async def test_contact_with_only_a_phone_number_is_refused(
    hass: HomeAssistant, persons: None, phones: Pushes
) -> None:
    entry = _alice([])
    entry.add_to_hass(hass)
    # An SMS gateway integration's notify service: not a phone app, but it reaches Carol.
    hass.services.async_register("notify", "sms_gateway", lambda _: None)
    # HA's notify.notify sends to whatever it was set up for: nobody in particular.
    hass.services.async_register("notify", "notify", lambda _: None)
    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "contacts"}
    )
    fields = result["data_schema"].schema["emergency_contacts"].config["fields"]
    offered = [
        o["value"] for o in fields["notify_target"]["selector"].config["options"]
    ]
    assert "notify.sms_gateway" in offered
    assert "notify.notify" not in offered
    assert BOB_PHONE in offered
    carol = {"name": "Carol", "phone": "0161 496 0000"}
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"emergency_contacts": [_contact("Bob", BOB_PHONE), carol]}
    )
    assert result["errors"] == {"emergency_contacts": "contact_no_notify"}
    assert result["description_placeholders"] == {"position": "2"}
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {"emergency_contacts": [{**carol, "notify_target": "notify.sms_gateway"}]},
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options["emergency_contacts"][0]["notify_target"] == (
        "notify.sms_gateway"
    )


async def test_action_refuses_a_contact_betti_cannot_reach(
    hass: HomeAssistant, loaded_alice: MockConfigEntry, phones: Pushes
) -> None:
    with pytest.raises(ServiceValidationError, match="Contact 1 has only a phone"):
        await hass.services.async_call(
            "betti",
            "set_emergency_contacts",
            {"contacts": [{"name": "Carol", "phone": "0161 496 0000"}]},
            blocking=True,
        )
    assert "emergency_contacts" not in loaded_alice.options


async def test_repair_while_a_contact_cannot_be_reached(
    hass: HomeAssistant, persons: None, phones: Pushes
) -> None:
    bob_phone_calls: list[ServiceCall] = []
    entry = _alice(
        [
            _contact("Bob", BOB_PHONE),
            # Saved before contacts needed a notify service.
            _contact("Dora", phone="0161 496 0000"),
        ]
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    issues = ir.async_get(hass)
    issue = issues.async_get_issue("betti", ISSUE_ID)
    assert issue is not None
    assert issue.translation_key == "contacts_unreachable"
    assert issue.translation_placeholders == {"name": "Alice", "contacts": "Dora"}

    # Bob's phone is removed from the companion app (its notify service goes).
    hass.services.async_remove("notify", "mobile_app_bob_phone")
    await hass.async_block_till_done()
    issue = issues.async_get_issue("betti", ISSUE_ID)
    assert issue.translation_placeholders["contacts"] == "Bob, Dora"

    # Dora gets a notify service; Bob's phone comes back: nothing left to repair.
    # (Bob's phone is still gone: the action would refuse him, so he is left out now.)
    await hass.services.async_call(
        "betti",
        "set_emergency_contacts",
        {"contacts": [_contact("Dora", "notify.mobile_app_carol_phone")]},
        blocking=True,
    )
    assert issues.async_get_issue("betti", ISSUE_ID) is None
    hass.config_entries.async_update_entry(
        entry,
        options={
            **entry.options,
            "emergency_contacts": [
                _contact("Bob", BOB_PHONE),
                _contact("Dora", "notify.mobile_app_carol_phone"),
            ],
        },
    )
    # As a restart would find them: checked at setup.
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert (
        issues.async_get_issue("betti", ISSUE_ID).translation_placeholders["contacts"]
        == "Bob"
    )
    hass.services.async_register(
        "notify", "mobile_app_bob_phone", bob_phone_calls.append
    )
    await hass.async_block_till_done()
    assert issues.async_get_issue("betti", ISSUE_ID) is None
