"""'Was this you?': a scale reading nobody is sure of is asked about on the phones."""

from typing import Any

from homeassistant.components.repairs import repairs_flow_manager
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import ServiceValidationError, Unauthorized
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, MockUser

from custom_components.betti.const import DOMAIN

from ..ble.fake_device import FakeHealthDevice
from ..ble.frames import WEIGHT, weight
from ..conftest import db_rows, profile_entry
from ..devices.test_coordinator import SCALE, add_device, wake

type Pushes = list[tuple[str, dict[str, Any]]]

ALICE_PHONE = "notify.mobile_app_alice_phone"
BOB_PHONE = "notify.mobile_app_bob_phone"
HAL_PHONE = "notify.mobile_app_hal_phone"
ALICE = "alice_entry"
BOB = "bob_entry"
TAG = "betti_unclaimed_1"
ISSUE = "unclaimed_reading_1"

# 07:12 in the tests' time zone (US/Pacific); the scale sends no time of its own.
pytestmark = pytest.mark.freeze_time("2026-03-02 15:12:00+00:00")


def person_entry(person: str, title: str, entry_id: str, **options: Any) -> Any:
    """A profile with a fixed id (the phones' buttons name it) and its own options."""
    base = profile_entry(person, title)
    return MockConfigEntry(
        domain=DOMAIN,
        entry_id=entry_id,
        title=title,
        unique_id=person,
        data=dict(base.data),
        options={**base.options, **options},
    )


@pytest.fixture
async def asked(hass: HomeAssistant, persons: None, phones: Pushes) -> Pushes:
    """Alice (61 kg, her phone) and Bob (84 kg, in pounds, his phone) share a scale.

    72.4 kg is close to neither: the reading waits, and both are asked.
    """
    for entry, kilos in (
        (
            person_entry("person.alice", "Alice", ALICE, notify_targets=[ALICE_PHONE]),
            61,
        ),
        (
            person_entry(
                "person.bob", "Bob", BOB, notify_targets=[BOB_PHONE], weight_unit="lb"
            ),
            185,  # pounds: 83.9 kg
        ),
    ):
        entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.services.async_call(
            DOMAIN,
            "log_vital",
            {"config_entry_id": entry.entry_id, "kind": "weight", "weight": kilos},
            blocking=True,
        )
    await add_device(hass, SCALE, "scale", {"profiles": [ALICE, BOB]})
    await wake(hass, SCALE, FakeHealthDevice({WEIGHT: [weight(72.4, user=4)]}))
    return phones


def _tap(hass: HomeAssistant, answer: str, profile: str, user: str | None) -> None:
    """The companion app reports a button, with the phone's user as the context."""
    hass.bus.async_fire(
        "mobile_app_notification_action",
        {"action": f"BETTI_VITAL_{answer}_1_{profile}"},
        context=Context(user_id=user),
    )


def _cleared(pushes: Pushes) -> list[str]:
    return sorted(
        target for target, data in pushes if data["message"] == "clear_notification"
    )


def _weights(hass: HomeAssistant, profile: str) -> list[tuple[object, ...]]:
    return db_rows(
        hass,
        "SELECT round(weight, 1) FROM vitals WHERE profile_id = ? ORDER BY id",
        profile,
    )


def _question(profile: str, message: str) -> dict[str, Any]:
    return {
        "title": "Was this you?",
        "message": message,
        "tag": TAG,
        "actions": [
            {"action": f"BETTI_VITAL_MINE_1_{profile}", "title": "Yes, it's mine"},
            {"action": f"BETTI_VITAL_NOT_MINE_1_{profile}", "title": "Not me"},
        ],
    }


async def test_each_candidate_is_asked_in_their_own_units(asked: Pushes) -> None:
    assert sorted(
        (
            target,
            {
                "title": pushed["title"],
                "message": pushed["message"],
                "tag": pushed["data"]["tag"],
                "actions": pushed["data"]["actions"],
            },
        )
        for target, pushed in asked
    ) == [
        (ALICE_PHONE, _question(ALICE, "Weight 72.4 kg at 07:12 on Scale.")),
        (BOB_PHONE, _question(BOB, "Weight 159.6 lb at 07:12 on Scale.")),
    ]


async def test_yes_files_it_clears_every_phone_and_the_repair(
    hass: HomeAssistant,
    asked: Pushes,
    alice_user: MockUser,
    issue_registry: ir.IssueRegistry,
) -> None:
    assert issue_registry.async_get_issue(DOMAIN, ISSUE) is not None
    asked.clear()
    _tap(hass, "MINE", ALICE, alice_user.id)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert _weights(hass, ALICE) == [(61.0,), (72.4,)]
    assert hass.states.get("sensor.betti_alice_weight").state == "72.4"
    assert _cleared(asked) == [ALICE_PHONE, BOB_PHONE]
    assert issue_registry.async_get_issue(DOMAIN, ISSUE) is None
    assert db_rows(hass, "SELECT count(*) FROM pending_vitals") == [(0,)]
    assert db_rows(
        hass,
        "SELECT profile_id, user_id, source FROM audit_log WHERE action = 'vital_assigned'",
    ) == [(ALICE, alice_user.id, "phone")]
    # The scale's user number is hers from now on.
    device = hass.config_entries.async_entry_for_domain_unique_id(DOMAIN, SCALE.address)
    assert device is not None
    assert device.options["device_users"] == {ALICE: 4}
    # A second tap, on a phone that missed the clearing, changes nothing.
    asked.clear()
    _tap(hass, "MINE", BOB, None)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert _weights(hass, BOB) == [(83.9,)]
    assert asked == []


async def test_not_me_from_everyone_leaves_it_to_an_admin(
    hass: HomeAssistant,
    asked: Pushes,
    alice_user: MockUser,
    hass_admin_user: MockUser,
    issue_registry: ir.IssueRegistry,
) -> None:
    asked.clear()
    _tap(hass, "NOT_MINE", ALICE, alice_user.id)
    await hass.async_block_till_done(wait_background_tasks=True)
    # Only her question goes; Bob's stays on his phone, and nobody is asked again.
    assert asked == [
        (ALICE_PHONE, {"message": "clear_notification", "data": {"tag": TAG}})
    ]
    # Having said no, she can no longer say yes.
    _tap(hass, "MINE", ALICE, alice_user.id)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert _weights(hass, ALICE) == [(61.0,)]
    # Bob has no login; the admin answers on his behalf.
    _tap(hass, "NOT_MINE", BOB, hass_admin_user.id)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert _cleared(asked) == [ALICE_PHONE, BOB_PHONE]
    assert db_rows(hass, "SELECT candidates FROM pending_vitals") == [("[]",)]
    assert issue_registry.async_get_issue(DOMAIN, ISSUE) is not None
    # The admin can still give it to anyone the scale is for.
    assert await async_setup_component(hass, "repairs", {})
    manager = repairs_flow_manager(hass)
    assert manager is not None
    result = await manager.async_init(DOMAIN, data={"issue_id": ISSUE})
    result = await manager.async_configure(
        result["flow_id"], {"next_step_id": "assign"}
    )
    assert [
        o["value"] for o in result["data_schema"].schema["owner"].config["options"]
    ] == [
        ALICE,
        BOB,
    ]
    result = await manager.async_configure(result["flow_id"], {"owner": BOB})
    assert result["type"] == "create_entry"
    assert _weights(hass, BOB) == [(83.9,), (72.4,)]


async def test_repair_flow_answer_clears_the_phones(
    hass: HomeAssistant, asked: Pushes, issue_registry: ir.IssueRegistry
) -> None:
    asked.clear()
    assert await async_setup_component(hass, "repairs", {})
    manager = repairs_flow_manager(hass)
    assert manager is not None
    result = await manager.async_init(DOMAIN, data={"issue_id": ISSUE})
    assert result["description_placeholders"]["pending_id"] == "1"
    result = await manager.async_configure(
        result["flow_id"], {"next_step_id": "discard"}
    )
    assert result["type"] == "create_entry"
    assert _cleared(asked) == [ALICE_PHONE, BOB_PHONE]
    assert db_rows(hass, "SELECT count(*) FROM pending_vitals") == [(0,)]
    assert issue_registry.async_get_issue(DOMAIN, ISSUE) is None
    assert db_rows(
        hass,
        "SELECT profile_id, source FROM audit_log WHERE action = 'pending_vital_deleted'",
    ) == [(ALICE, "repair"), (BOB, "repair")]


async def test_strangers_and_other_people_cannot_claim_it(
    hass: HomeAssistant,
    asked: Pushes,
    alice_user: MockUser,
    issue_registry: ir.IssueRegistry,
) -> None:
    carol = MockUser(name="Carol").add_to_hass(hass)
    asked.clear()
    # Carol is no candidate; Alice may answer only for herself.
    _tap(hass, "MINE", ALICE, carol.id)
    _tap(hass, "NOT_MINE", BOB, carol.id)
    _tap(hass, "MINE", BOB, alice_user.id)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert asked == []
    assert _weights(hass, ALICE) == [(61.0,)]
    assert _weights(hass, BOB) == [(83.9,)]
    assert db_rows(hass, "SELECT candidates FROM pending_vitals") == [
        (f'["{ALICE}", "{BOB}"]',)
    ]
    assert issue_registry.async_get_issue(DOMAIN, ISSUE) is not None
    with pytest.raises(Unauthorized):
        await hass.services.async_call(
            DOMAIN,
            "assign_vital",
            {"config_entry_id": BOB, "pending_id": 1},
            blocking=True,
            context=Context(user_id=alice_user.id),
        )
    with pytest.raises(Unauthorized):
        await hass.services.async_call(
            DOMAIN,
            "delete_vital",
            {"config_entry_id": ALICE, "pending_id": 1},
            blocking=True,
            context=Context(user_id=alice_user.id),
        )
    assert db_rows(hass, "SELECT count(*) FROM pending_vitals") == [(1,)]


async def test_assign_vital_action_files_it_for_the_caller(
    hass: HomeAssistant,
    asked: Pushes,
    alice_user: MockUser,
    issue_registry: ir.IssueRegistry,
) -> None:
    asked.clear()
    response = await hass.services.async_call(
        DOMAIN,
        "assign_vital",
        {"config_entry_id": ALICE, "pending_id": 1},
        blocking=True,
        return_response=True,
        context=Context(user_id=alice_user.id),
    )
    assert response == {"vital_id": 3}
    assert _weights(hass, ALICE) == [(61.0,), (72.4,)]
    assert _cleared(asked) == [ALICE_PHONE, BOB_PHONE]
    assert issue_registry.async_get_issue(DOMAIN, ISSUE) is None
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            DOMAIN,
            "assign_vital",
            {"config_entry_id": BOB, "pending_id": 1},
            blocking=True,
        )
    assert err.value.translation_key == "pending_vital_not_found"
    assert _weights(hass, BOB) == [(83.9,)]


async def test_delete_vital_action_throws_an_unclaimed_reading_away(
    hass: HomeAssistant,
    asked: Pushes,
    hass_admin_user: MockUser,
    issue_registry: ir.IssueRegistry,
) -> None:
    asked.clear()
    with pytest.raises(ServiceValidationError, match="exactly one of"):
        await hass.services.async_call(
            DOMAIN, "delete_vital", {"vital_id": 1, "pending_id": 1}, blocking=True
        )
    assert asked == []
    await hass.services.async_call(
        DOMAIN,
        "delete_vital",
        {"pending_id": 1},
        blocking=True,
        context=Context(user_id=hass_admin_user.id),
    )
    assert _cleared(asked) == [ALICE_PHONE, BOB_PHONE]
    assert issue_registry.async_get_issue(DOMAIN, ISSUE) is None
    assert db_rows(hass, "SELECT count(*) FROM pending_vitals") == [(0,)]
    assert db_rows(
        hass,
        "SELECT profile_id, user_id FROM audit_log"
        " WHERE action = 'pending_vital_deleted'",
    ) == [(ALICE, hass_admin_user.id), (BOB, hass_admin_user.id)]


@pytest.mark.parametrize("shared", [False, True])
async def test_only_phones_whose_user_may_answer_are_asked(
    hass: HomeAssistant,
    persons: None,
    phones: Pushes,
    alice_user: MockUser,
    *,
    shared: bool,
) -> None:
    """Hal's phone gets Alice's pushes, but a reading of hers is only his to see if she shares."""
    hal = MockUser(name="Hal").add_to_hass(hass)
    for device, user in (("Alice phone", alice_user), ("Hal phone", hal)):
        MockConfigEntry(
            domain="mobile_app",
            data={"device_name": device, "user_id": user.id, "webhook_id": device},
        ).add_to_hass(hass)
    options: dict[str, Any] = {"notify_targets": [ALICE_PHONE, HAL_PHONE]}
    if shared:
        options["shared_with"] = [hal.id]
    for entry, kilos in (
        (person_entry("person.alice", "Alice", ALICE, **options), 61),
        (person_entry("person.bob", "Bob", BOB, notify_targets=[BOB_PHONE]), 84),
    ):
        entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.services.async_call(
            DOMAIN,
            "log_vital",
            {"config_entry_id": entry.entry_id, "kind": "weight", "weight": kilos},
            blocking=True,
        )
    await add_device(hass, SCALE, "scale", {"profiles": [ALICE, BOB]})
    await wake(hass, SCALE, FakeHealthDevice({WEIGHT: [weight(72.4, user=4)]}))
    asked = sorted(target for target, _ in phones)
    assert asked == sorted([ALICE_PHONE, BOB_PHONE, *([HAL_PHONE] if shared else [])])
