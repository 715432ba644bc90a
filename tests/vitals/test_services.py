"""The vital-sign actions: who may use them, what they store, and what they refuse."""

from typing import Any

from homeassistant.const import ATTR_CONFIG_ENTRY_ID
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import ServiceValidationError, Unauthorized
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, MockUser

from ..conftest import db_rows, profile_entry


async def _call(
    hass: HomeAssistant, service: str, data: dict[str, Any], **kwargs: Any
) -> Any:
    return await hass.services.async_call(
        "betti",
        service,
        data,
        blocking=True,
        return_response=service in {"log_vital", "get_vitals"},
        **kwargs,
    )


def _written(hass: HomeAssistant) -> tuple[int, int]:
    vitals = db_rows(hass, "SELECT count(*) FROM vitals")[0][0]
    audit = db_rows(hass, "SELECT count(*) FROM audit_log")[0][0]
    return int(vitals), int(audit)  # type: ignore[call-overload]


@pytest.mark.freeze_time("2026-03-01 08:00:00+00:00")
async def test_log_get_and_delete(
    hass: HomeAssistant, loaded_alice: MockConfigEntry, alice_user: MockUser
) -> None:
    context = Context(user_id=alice_user.id)
    logged = await _call(
        hass,
        "log_vital",
        {
            "kind": "blood_pressure",
            "systolic": 131,
            "diastolic": 84,
            "note": "after a walk",
        },
        context=context,
    )
    await _call(
        hass,
        "log_vital",
        {"kind": "weight", "weight": 70.4, "measured_at": "2026-02-28T07:00:00+00:00"},
    )
    response = await _call(hass, "get_vitals", {})
    assert response == {
        "vitals": [
            {
                "vital_id": 2,
                "kind": "weight",
                "measured_at": "2026-02-27T23:00:00-08:00",
                "source": "manual",
                "note": None,
                "weight": 70.4,
                "units": {"weight": "kg"},
            },
            {
                "vital_id": logged["vital_id"],
                "kind": "blood_pressure",
                "measured_at": "2026-03-01T00:00:00-08:00",
                "source": "manual",
                "note": "after a walk",
                "systolic": 131.0,
                "diastolic": 84.0,
                "units": {"systolic": "mmHg", "diastolic": "mmHg"},
            },
        ]
    }
    only_bp = await _call(
        hass,
        "get_vitals",
        {"kind": "blood_pressure", "start": "2026-03-01T00:00:00+00:00"},
    )
    assert [vital["kind"] for vital in only_bp["vitals"]] == ["blood_pressure"]
    await _call(hass, "delete_vital", {"vital_id": logged["vital_id"]})
    assert [
        vital["kind"] for vital in (await _call(hass, "get_vitals", {}))["vitals"]
    ] == ["weight"]
    # Every change is in the audit trail, with who made it.
    assert db_rows(
        hass,
        "SELECT action, user_id FROM audit_log WHERE action LIKE 'vital%' ORDER BY id",
    ) == [
        ("vital_logged", alice_user.id),
        ("vital_logged", None),
        ("vital_deleted", None),
    ]


async def test_values_are_taken_in_the_persons_units(
    hass: HomeAssistant, persons: None
) -> None:
    entry = profile_entry()
    entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        entry, options={**entry.options, "weight_unit": "lb", "temperature_unit": "°F"}
    )
    assert await hass.config_entries.async_setup(entry.entry_id)
    await _call(hass, "log_vital", {"kind": "weight", "weight": 165})
    await _call(hass, "log_vital", {"kind": "temperature", "temperature": 99.5})
    assert db_rows(
        hass, "SELECT round(weight, 2), round(temperature, 2) FROM vitals ORDER BY id"
    ) == [
        (74.84, None),
        (None, 37.5),
    ]
    response = await _call(hass, "get_vitals", {"kind": "weight"})
    assert response["vitals"][0]["weight"] == 165.0
    assert response["vitals"][0]["units"] == {"weight": "lb"}


@pytest.mark.parametrize(
    ("data", "key", "placeholders"),
    [
        (
            {"kind": "blood_pressure", "systolic": 120},
            "vital_missing_metric",
            {"metric": "diastolic"},
        ),
        (
            {"kind": "heart_rate", "heart_rate": 60, "weight": 70},
            "vital_metric_not_for_kind",
            {"metric": "weight"},
        ),
        (
            {"kind": "temperature", "temperature": 98.6},
            "vital_implausible_value",
            {"unit": "°C"},
        ),
        (
            {"kind": "blood_pressure", "systolic": 80, "diastolic": 95},
            "vital_diastolic_not_below_systolic",
            {},
        ),
        (
            {
                "kind": "weight",
                "weight": 70,
                "measured_at": "2099-01-01T00:00:00+00:00",
            },
            "measured_in_future",
            {},
        ),
    ],
)
@pytest.mark.freeze_time("2026-03-01 08:00:00+00:00")
async def test_bad_readings_are_refused_and_nothing_is_written(
    hass: HomeAssistant,
    loaded_alice: MockConfigEntry,
    data: dict[str, Any],
    key: str,
    placeholders: dict[str, str],
) -> None:
    before = _written(hass)
    with pytest.raises(ServiceValidationError) as err:
        await _call(hass, "log_vital", data)
    assert err.value.translation_key == key
    assert placeholders.items() <= (err.value.translation_placeholders or {}).items()
    assert _written(hass) == before


async def test_unknown_reading_and_bad_range(
    hass: HomeAssistant, loaded_alice: MockConfigEntry
) -> None:
    before = _written(hass)
    with pytest.raises(ServiceValidationError) as err:
        await _call(hass, "delete_vital", {"vital_id": 999})
    assert err.value.translation_key == "vital_not_found"
    assert str(err.value) == "This profile has no reading number 999"
    assert _written(hass) == before
    with pytest.raises(ServiceValidationError) as err:
        await _call(
            hass,
            "get_vitals",
            {"start": "2026-03-02T00:00:00+00:00", "end": "2026-03-01T00:00:00+00:00"},
        )
    assert err.value.translation_key == "start_not_before_end"


async def test_only_the_person_and_admins_see_a_profile(
    hass: HomeAssistant, loaded_alice: MockConfigEntry, hass_admin_user: MockUser
) -> None:
    stranger = MockUser(name="Neighbour").add_to_hass(hass)
    with pytest.raises(Unauthorized):
        await _call(hass, "get_vitals", {}, context=Context(user_id=stranger.id))
    with pytest.raises(Unauthorized):
        await _call(
            hass,
            "log_vital",
            {"kind": "heart_rate", "heart_rate": 60},
            context=Context(user_id=stranger.id),
        )
    assert db_rows(hass, "SELECT count(*) FROM vitals") == [(0,)]
    assert await _call(
        hass, "get_vitals", {}, context=Context(user_id=hass_admin_user.id)
    ) == {"vitals": []}


async def test_two_profiles_need_a_choice(
    hass: HomeAssistant, loaded_alice: MockConfigEntry
) -> None:
    bob = profile_entry("person.bob", "Bob")
    bob.add_to_hass(hass)
    assert await hass.config_entries.async_setup(bob.entry_id)
    with pytest.raises(ServiceValidationError):
        await _call(hass, "log_vital", {"kind": "heart_rate", "heart_rate": 60})
    await _call(
        hass,
        "log_vital",
        {ATTR_CONFIG_ENTRY_ID: bob.entry_id, "kind": "heart_rate", "heart_rate": 64},
    )
    assert hass.states.get("sensor.betti_bob_heart_rate").state == "64.0"
    assert hass.states.get("sensor.betti_alice_heart_rate").state == "unknown"


async def test_reassign_a_reading(
    hass: HomeAssistant, loaded_alice: MockConfigEntry, alice_user: MockUser
) -> None:
    bob = profile_entry("person.bob", "Bob")
    bob.add_to_hass(hass)
    assert await hass.config_entries.async_setup(bob.entry_id)
    logged = await _call(
        hass,
        "log_vital",
        {ATTR_CONFIG_ENTRY_ID: loaded_alice.entry_id, "kind": "weight", "weight": 84.2},
    )
    move = {
        ATTR_CONFIG_ENTRY_ID: loaded_alice.entry_id,
        "vital_id": logged["vital_id"],
        "to_config_entry_id": bob.entry_id,
    }
    # Alice may not file data with Bob's profile: only an admin (or an automation) may.
    with pytest.raises(Unauthorized):
        await _call(
            hass, "reassign_vital", move, context=Context(user_id=alice_user.id)
        )
    await _call(hass, "reassign_vital", move)
    assert hass.states.get("sensor.betti_bob_weight").state == "84.2"
    assert hass.states.get("sensor.betti_alice_weight").state == "unknown"
    with pytest.raises(ServiceValidationError) as err:
        await _call(hass, "reassign_vital", move)  # no longer Alice's
    assert err.value.translation_key == "vital_not_found"
    with pytest.raises(ServiceValidationError) as err:
        await _call(
            hass, "reassign_vital", {**move, ATTR_CONFIG_ENTRY_ID: bob.entry_id}
        )
    assert err.value.translation_key == "reassign_to_same_profile"


@pytest.mark.freeze_time("2026-03-01 08:00:00+00:00")
async def test_a_weight_far_from_the_last_is_asked_about_before_it_is_stored(
    hass: HomeAssistant, loaded_alice: MockConfigEntry
) -> None:
    await _call(
        hass,
        "log_vital",
        {"kind": "weight", "weight": 68, "measured_at": "2026-02-27T07:00:00+00:00"},
    )
    before = _written(hass)
    with pytest.raises(ServiceValidationError) as err:
        await _call(hass, "log_vital", {"kind": "weight", "weight": 160})
    assert err.value.translation_key == "weight_far_from_usual"
    assert str(err.value) == (
        "That weight, 160 kg, is far from the last one, 68 kg."
        " If it is right, log it again with 'Unusual but right' switched on"
    )
    assert _written(hass) == before
    # Within 15 % of the last is a weight, not a mishearing.
    await _call(hass, "log_vital", {"kind": "weight", "weight": 77.5})
    await _call(
        hass,
        "log_vital",
        {"kind": "weight", "weight": 160, "confirm_unusual": True},
    )
    assert hass.states.get("sensor.betti_alice_weight").state == "160.0"


@pytest.mark.freeze_time("2026-03-01 08:00:00+00:00")
async def test_a_weight_is_compared_with_the_last_30_days_only_in_the_persons_unit(
    hass: HomeAssistant, persons: None, alice_entry: MockConfigEntry
) -> None:
    alice_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        alice_entry, options={**alice_entry.options, "weight_unit": "lb"}
    )
    assert await hass.config_entries.async_setup(alice_entry.entry_id)
    await _call(
        hass,
        "log_vital",
        {"kind": "weight", "weight": 150, "measured_at": "2026-01-20T07:00:00+00:00"},
    )
    # Six weeks on, 150 lb is no longer "her usual": 200 lb is stored.
    await _call(hass, "log_vital", {"kind": "weight", "weight": 200})
    with pytest.raises(ServiceValidationError) as err:
        await _call(hass, "log_vital", {"kind": "weight", "weight": 150})
    assert err.value.translation_placeholders == {
        "weight": "150 lb",
        "last": "200 lb",
    }
