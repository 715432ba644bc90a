"""Registering a person on a standard scale's user list from the device's options."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from unittest.mock import patch

from bleak.exc import BleakError
from homeassistant.components import bluetooth
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.betti.const import DOMAIN

from ..ble.fake_scale import (
    DATE_OF_BIRTH,
    GENDER,
    HEIGHT,
    USER_CONTROL_POINT,
    FakeUserDataScale,
)
from ..conftest import health_advertisement

USER_DATA_SERVICE = "0000181c-0000-1000-8000-00805f9b34fb"
# Awake after a step on it, advertising its user list.
SCALE = health_advertisement("A4:C1:38:00:00:02", "Scale", USER_DATA_SERVICE)


def _scale_entry(
    hass: HomeAssistant, profiles: list[str], **options: Any
) -> MockConfigEntry:
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id=SCALE.address,
        title="Scale",
        data={"address": SCALE.address, "device_kind": "body_composition_scale"},
        options={"profiles": profiles, "pair": False, **options},
    )
    entry.add_to_hass(hass)
    return entry


def _connect_to(scale: FakeUserDataScale | Exception) -> Callable[..., Any]:
    async def establish_connection(
        client_class: type, device: Any, name: str, **kwargs: Any
    ) -> FakeUserDataScale:
        if isinstance(scale, Exception):
            raise scale
        scale.on_disconnect = kwargs["disconnected_callback"]
        return scale

    return establish_connection


@contextmanager
def _awake(scale: FakeUserDataScale | Exception) -> Iterator[None]:
    """Connections (the flow's, and the reloaded device's download) reach this scale."""
    with (
        patch(
            "custom_components.betti.devices.scale_users.establish_connection",
            _connect_to(scale),
        ),
        patch(
            "custom_components.betti.devices.coordinator.establish_connection",
            _connect_to(scale),
        ),
    ):
        yield


async def _submit(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    step: str,
    scale: FakeUserDataScale | Exception,
    user_input: dict[str, Any],
) -> dict[str, Any]:
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert result["type"] is FlowResultType.MENU
    assert result["menu_options"] == ["people", "register_user", "existing_user"]
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": step}
    )
    assert result["step_id"] == step
    with _awake(scale):
        result = await hass.config_entries.options.async_configure(
            result["flow_id"], user_input
        )
        await hass.async_block_till_done(wait_background_tasks=True)
    return dict(result)


async def test_register_a_person_on_the_scale(
    hass: HomeAssistant, household: tuple[MockConfigEntry, MockConfigEntry]
) -> None:
    alice, bob = household
    entry = _scale_entry(hass, [alice.entry_id, bob.entry_id])
    bluetooth.async_get_advertisement_callback(hass)(SCALE)
    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "register_user"}
    )
    schema = result["data_schema"].schema
    assert schema["profile"].config["options"] == [
        {"value": alice.entry_id, "label": "Alice"},
        {"value": bob.entry_id, "label": "Bob"},
    ]
    # The suggested consent code is a random four-digit number the person may change.
    (code_key,) = [key for key in schema if key == "consent_code"]
    assert 1000 <= code_key.default() <= 9999

    scale = FakeUserDataScale(users={0: 1111}, weights={1: [61.2]}, leave_after=2)
    result = await _submit(
        hass,
        entry,
        "register_user",
        scale,
        {"profile": alice.entry_id, "consent_code": 4821},
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options["device_users"] == {alice.entry_id: 1}
    assert entry.options["consent_codes"] == {alice.entry_id: 4821}
    assert scale.users == {0: 1111, 1: 4821}
    # The scale knows Alice's date of birth, sex and height for body composition.
    assert (DATE_OF_BIRTH, bytes.fromhex("9c07 03 0e")) in scale.writes
    assert (GENDER, b"\x01") in scale.writes
    assert (HEIGHT, bytes.fromhex("a200")) in scale.writes
    # The reloaded device downloaded with Alice's consent: her weight is hers.
    assert hass.states.get("sensor.betti_alice_weight").state == "61.2"


@pytest.mark.parametrize(
    ("scale", "error"),
    [
        (FakeUserDataScale(users=dict.fromkeys(range(4), 1)), "scale_operation_failed"),
        (BleakError("Device disappeared"), "scale_cannot_connect"),
        (None, "scale_not_connectable"),
    ],
)
async def test_registering_fails_with_a_reason(
    hass: HomeAssistant,
    loaded_alice: MockConfigEntry,
    scale: FakeUserDataScale | Exception | None,
    error: str,
) -> None:
    entry = _scale_entry(hass, [loaded_alice.entry_id])
    # A user list seen at an earlier download; asleep now unless it advertises.
    hass.config_entries.async_update_entry(
        entry, data={**entry.data, "user_data_service": True}
    )
    if scale is not None:
        bluetooth.async_get_advertisement_callback(hass)(SCALE)
    result = await _submit(
        hass,
        entry,
        "register_user",
        scale or FakeUserDataScale(),
        {"profile": loaded_alice.entry_id, "consent_code": 4821},
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": error}
    assert "consent_codes" not in entry.options


async def test_use_an_existing_user_slot(
    hass: HomeAssistant, household: tuple[MockConfigEntry, MockConfigEntry]
) -> None:
    alice, bob = household
    # Bob had user 3; the scale's own app has since given it to Alice.
    entry = _scale_entry(
        hass,
        [alice.entry_id, bob.entry_id],
        device_users={bob.entry_id: 3},
        consent_codes={bob.entry_id: 1234},
    )
    bluetooth.async_get_advertisement_callback(hass)(SCALE)
    scale = FakeUserDataScale(users={3: 2580}, leave_after=2)
    result = await _submit(
        hass,
        entry,
        "existing_user",
        scale,
        {"profile": alice.entry_id, "user_index": 3, "consent_code": 1234},
    )
    assert result["errors"] == {"base": "scale_not_authorized"}
    with _awake(scale):
        result = await hass.config_entries.options.async_configure(
            result["flow_id"],
            {"profile": alice.entry_id, "user_index": 3, "consent_code": 2580},
        )
        await hass.async_block_till_done(wait_background_tasks=True)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options["device_users"] == {alice.entry_id: 3}
    assert entry.options["consent_codes"] == {alice.entry_id: 2580}
    # Nothing registered or overwritten: the slot and its data stay the app's.
    assert scale.users == {3: 2580}
    assert {uuid for uuid, _ in scale.writes} == {USER_CONTROL_POINT}
    assert scale.consented == [3, 3]  # checked, then downloaded after the reload
