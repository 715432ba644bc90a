"""A health device wakes up, Betti downloads, and each reading reaches its owner."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components import bluetooth
from homeassistant.components.repairs import repairs_flow_manager
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.betti.const import DOMAIN

from ..ble.fake_device import FakeHealthDevice
from ..ble.fake_scale import FakeUserDataScale
from ..ble.frames import BLOOD_PRESSURE, WEIGHT, bp, weight
from ..conftest import db_rows, health_advertisement

CUFF = health_advertisement()
SCALE = health_advertisement(
    "A4:C1:38:00:00:02", "Scale", "0000181d-0000-1000-8000-00805f9b34fb"
)


async def add_device(
    hass: HomeAssistant, advert: Any, kind: str, options: dict[str, Any]
) -> MockConfigEntry:
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id=advert.address,
        title=advert.name,
        data={"address": advert.address, "device_kind": kind},
        options=options,
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry


def _connecting_to(
    device: FakeHealthDevice, calls: list[dict[str, Any]]
) -> Callable[..., Any]:
    async def establish_connection(
        client_class: type, ble_device: Any, name: str, **kwargs: Any
    ) -> FakeHealthDevice:
        calls.append(kwargs)
        device.on_disconnect = kwargs["disconnected_callback"]
        device.sent = 0
        return device

    return establish_connection


async def wake(
    hass: HomeAssistant, advert: Any, device: FakeHealthDevice, seconds_later: float = 0
) -> list[dict[str, Any]]:
    """The device advertises after a measurement; Betti connects and downloads."""
    calls: list[dict[str, Any]] = []
    info = health_advertisement(
        advert.address,
        advert.name,
        advert.service_uuids[0],
        seconds_later=seconds_later,
    )
    with patch(
        "custom_components.betti.devices.coordinator.establish_connection",
        _connecting_to(device, calls),
    ):
        bluetooth.async_get_advertisement_callback(hass)(info)
        await hass.async_block_till_done(wait_background_tasks=True)
    return calls


async def test_cuff_readings_go_to_the_user_number_owner(
    hass: HomeAssistant, household: tuple[MockConfigEntry, MockConfigEntry]
) -> None:
    alice, bob = household
    device = await add_device(
        hass,
        CUFF,
        "blood_pressure_monitor",
        {
            "profiles": [alice.entry_id, bob.entry_id],
            "pair": True,
            "device_users": {alice.entry_id: 1, bob.entry_id: 2},
        },
    )
    cuff = FakeHealthDevice(
        {BLOOD_PRESSURE: [bp(131, 84, user=1), bp(142, 91, user=2, minute=35)]}
    )
    calls = await wake(hass, CUFF, cuff)
    assert calls[0]["pair"] is True
    assert cuff.disconnects == 1
    assert hass.states.get("sensor.betti_alice_systolic").state == "131.0"
    assert hass.states.get("sensor.betti_bob_systolic").state == "142.0"
    # The cuff's clock says 07:30 local time (US/Pacific in tests): stored as that instant.
    assert db_rows(
        hass,
        "SELECT measured_at, source, device FROM vitals WHERE profile_id = ?",
        alice.entry_id,
    ) == [("2026-03-01T15:30:00+00:00", "bluetooth", CUFF.address)]
    sync = hass.states.get("sensor.blood_pressure_monitor_last_download")
    assert sync is not None
    assert sync.state != "unknown"
    del device


async def test_a_dropped_download_resumes_without_duplicates(
    hass: HomeAssistant, loaded_alice: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    await add_device(
        hass, CUFF, "blood_pressure_monitor", {"profiles": [loaded_alice.entry_id]}
    )
    cuff = FakeHealthDevice(
        {BLOOD_PRESSURE: [bp(131, 84), bp(128, 80, minute=40), bp(125, 79, minute=50)]},
        drop_after=2,
    )
    await wake(hass, CUFF, cuff)
    assert db_rows(hass, "SELECT count(*) FROM vitals") == [(2,)]
    # Next measurement: the cuff sends everything it holds again, this time to the end.
    cuff.drop_after = None
    freezer.tick(timedelta(seconds=40))
    async_fire_time_changed(hass)
    await wake(hass, CUFF, cuff, seconds_later=40)
    assert db_rows(hass, "SELECT systolic FROM vitals ORDER BY measured_at") == [
        (131.0,),
        (128.0,),
        (125.0,),
    ]
    assert hass.states.get("sensor.betti_alice_systolic").state == "125.0"


async def test_scale_weight_goes_to_the_closest_person_or_asks(
    hass: HomeAssistant,
    household: tuple[MockConfigEntry, MockConfigEntry],
    issue_registry: ir.IssueRegistry,
    freezer: FrozenDateTimeFactory,
) -> None:
    alice, bob = household
    for entry, kilos in ((alice, 61.0), (bob, 84.0)):
        await hass.services.async_call(
            DOMAIN,
            "log_vital",
            {"config_entry_id": entry.entry_id, "kind": "weight", "weight": kilos},
            blocking=True,
        )
    await add_device(hass, SCALE, "scale", {"profiles": [alice.entry_id, bob.entry_id]})
    await wake(hass, SCALE, FakeHealthDevice({WEIGHT: [weight(83.2, user=3)]}))
    assert hass.states.get("sensor.betti_bob_weight").state == "83.2"
    # 72 kg is close to nobody: Betti asks, and the answer teaches it the scale's user number.
    freezer.tick(timedelta(seconds=40))
    async_fire_time_changed(hass)
    await wake(
        hass,
        SCALE,
        FakeHealthDevice({WEIGHT: [weight(72.0, user=4)]}),
        seconds_later=40,
    )
    assert hass.states.get("sensor.betti_alice_weight").state == "61.0"
    issues = [
        issue
        for (domain, _), issue in issue_registry.issues.items()
        # Bob's profile is not private and Alice signs in: that repair is another matter.
        if domain == DOMAIN and issue.translation_key != "readable"
    ]
    assert [issue.translation_key for issue in issues] == ["unclaimed_reading"]
    assert await async_setup_component(hass, "repairs", {})
    manager = repairs_flow_manager(hass)
    assert manager is not None
    result = await manager.async_init(DOMAIN, data={"issue_id": issues[0].issue_id})
    assert result["type"] == "menu"
    assert result["description_placeholders"]["reading"] == "72 kg"
    result = await manager.async_configure(
        result["flow_id"], {"next_step_id": "assign"}
    )
    result = await manager.async_configure(result["flow_id"], {"owner": alice.entry_id})
    assert result["type"] == "create_entry"
    assert hass.states.get("sensor.betti_alice_weight").state == "72.0"
    device = hass.config_entries.async_entry_for_domain_unique_id(DOMAIN, SCALE.address)
    assert device is not None
    assert device.options["device_users"] == {alice.entry_id: 4}


async def test_scale_consents_for_registered_people_and_files_their_weights(
    hass: HomeAssistant, household: tuple[MockConfigEntry, MockConfigEntry]
) -> None:
    alice, bob = household
    device = await add_device(
        hass,
        SCALE,
        "body_composition_scale",
        {
            "profiles": [alice.entry_id, bob.entry_id],
            "device_users": {alice.entry_id: 1, bob.entry_id: 2},
            "consent_codes": {alice.entry_id: 1234, bob.entry_id: 5678},
        },
    )
    # Similar weights: without the scale's user numbers Betti could not tell them apart.
    scale = FakeUserDataScale(users={1: 1234, 2: 5678}, weights={1: [70.4], 2: [71.0]})
    await wake(hass, SCALE, scale)
    assert sorted(scale.consented) == [1, 2]
    assert hass.states.get("sensor.betti_alice_weight").state == "70.4"
    assert hass.states.get("sensor.betti_bob_weight").state == "71.0"
    # The options now offer to register people on this scale's user list.
    assert device.data["user_data_service"] is True


async def test_a_scale_that_hangs_up_after_one_consent_serves_everyone_in_turn(
    hass: HomeAssistant,
    household: tuple[MockConfigEntry, MockConfigEntry],
    freezer: FrozenDateTimeFactory,
) -> None:
    alice, bob = household
    await add_device(
        hass,
        SCALE,
        "body_composition_scale",
        {
            "profiles": [alice.entry_id, bob.entry_id],
            "device_users": {alice.entry_id: 1, bob.entry_id: 2},
            "consent_codes": {alice.entry_id: 1234, bob.entry_id: 5678},
        },
    )
    scale = FakeUserDataScale(
        users={1: 1234, 2: 5678}, weights={1: [70.4], 2: [71.0]}, leave_after=1
    )
    await wake(hass, SCALE, scale)
    freezer.tick(timedelta(seconds=40))
    async_fire_time_changed(hass)
    scale.leave_after = 2
    await wake(hass, SCALE, scale, seconds_later=40)
    assert sorted(scale.consented) == [1, 2]
    assert hass.states.get("sensor.betti_alice_weight").state == "70.4"
    assert hass.states.get("sensor.betti_bob_weight").state == "71.0"


async def test_a_scale_s_weight_far_from_the_last_is_stored_as_measured(
    hass: HomeAssistant, loaded_alice: MockConfigEntry
) -> None:
    """Only a weight given by hand or voice is asked about; a scale measured it."""
    await hass.services.async_call(
        DOMAIN,
        "log_vital",
        {"kind": "weight", "weight": 68},
        blocking=True,
        return_response=True,
    )
    await add_device(hass, SCALE, "scale", {"profiles": [loaded_alice.entry_id]})
    await wake(hass, SCALE, FakeHealthDevice({WEIGHT: [weight(90.0)]}))
    assert hass.states.get("sensor.betti_alice_weight").state == "90.0"
    assert db_rows(hass, "SELECT weight, source FROM vitals ORDER BY id") == [
        (68.0, "manual"),
        (90.0, "bluetooth"),
    ]
