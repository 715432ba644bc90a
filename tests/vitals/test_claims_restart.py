"""A "Was this you?" answered after Home Assistant restarted still files the reading."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

from homeassistant import loader
from homeassistant.core import Context, HomeAssistant
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    MockUser,
    async_test_home_assistant,
)

from custom_components.betti.const import DOMAIN
from custom_components.betti.db.devices import add_pending
from custom_components.betti.household.database import DATA_DATABASE
from custom_components.betti.vitals import Metric, VitalKind
from custom_components.betti.vitals.pushes import async_ask_whose

from ..conftest import db_rows, register_phones, stop_home_assistant
from ..devices.test_coordinator import SCALE
from .test_claims import ALICE, ALICE_PHONE, BOB, BOB_PHONE, person_entry

type Pushes = list[tuple[str, dict[str, Any]]]

pytestmark = pytest.mark.own_hass
ALICE_USER = "alice-user-id"


@asynccontextmanager
async def running_ha(config_dir: str) -> AsyncIterator[tuple[HomeAssistant, Pushes]]:
    """Start HA with Alice, Bob and their scale as stored; stop it at the end."""
    async with async_test_home_assistant(config_dir=config_dir) as hass:
        hass.data.pop(loader.DATA_CUSTOM_COMPONENTS)
        MockUser(id=ALICE_USER, name="Alice").add_to_hass(hass)
        assert await async_setup_component(
            hass,
            "person",
            {
                "person": [
                    {"id": "alice", "name": "Alice", "user_id": ALICE_USER},
                    {"id": "bob", "name": "Bob"},
                ]
            },
        )
        pushes = register_phones(hass)
        # The scale's entry only says whom it feeds; it need not be awake for an answer.
        MockConfigEntry(
            domain=DOMAIN,
            unique_id=SCALE.address,
            title="Scale",
            data={"address": SCALE.address, "device_kind": "scale"},
            options={"profiles": [ALICE, BOB]},
        ).add_to_hass(hass)
        for person, title, entry_id, phone in (
            ("person.alice", "Alice", ALICE, ALICE_PHONE),
            ("person.bob", "Bob", BOB, BOB_PHONE),
        ):
            entry = person_entry(person, title, entry_id, notify_targets=[phone])
            entry.add_to_hass(hass)
            assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
        yield hass, pushes
        await stop_home_assistant(hass)


async def test_answer_after_a_restart(hass_tmp_config_dir: str) -> None:
    async with running_ha(hass_tmp_config_dir) as (first, pushes):
        # What the scale's coordinator does with a reading it cannot place.
        pending_id = await first.data[DATA_DATABASE].async_write(
            add_pending,
            device=SCALE.address,
            kind=VitalKind.WEIGHT,
            measured_at=datetime(2026, 3, 2, 7, 12, tzinfo=UTC),
            values={Metric.WEIGHT: 72.4},
            candidates=[ALICE, BOB],
            user_id=None,
            dedupe_key="scale-72.4",
        )
        async_ask_whose(first, pending_id, "Scale")
        await first.async_block_till_done(wait_background_tasks=True)
        assert sorted(target for target, _ in pushes) == [ALICE_PHONE, BOB_PHONE]
    async with running_ha(hass_tmp_config_dir) as (second, pushes):
        second.bus.async_fire(
            "mobile_app_notification_action",
            {"action": f"BETTI_VITAL_MINE_{pending_id}_{ALICE}"},
            context=Context(user_id=ALICE_USER),
        )
        await second.async_block_till_done(wait_background_tasks=True)
        assert db_rows(
            second, "SELECT profile_id, weight FROM vitals WHERE source = 'bluetooth'"
        ) == [(ALICE, 72.4)]
        assert sorted(
            target for target, data in pushes if data["message"] == "clear_notification"
        ) == [ALICE_PHONE, BOB_PHONE]
