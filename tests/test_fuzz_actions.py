"""Every Betti action, fed random well-shaped and hostile payloads: success or a translated refusal.

Payloads come from hypothesis with a fixed seed (``derandomize``), so a run is repeatable; the
actions are enumerated from ``hass.services``, so a new action is fuzzed without touching this
file. A refusal must leave every table of the database as it was. CI runs a small budget; set
``BETTI_FUZZ_EXAMPLES`` (say 5000) for a longer run.
"""

from datetime import date, datetime, timedelta
from enum import Enum
import os
from typing import Any

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import Context, HomeAssistant, SupportsResponse
from homeassistant.exceptions import HomeAssistantError, Unauthorized
from hypothesis import HealthCheck, given, settings, strategies as st
import probatio
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, MockUser

from .test_hostile_input import database_digest

EXAMPLES = int(os.environ.get("BETTI_FUZZ_EXAMPLES", "1000"))
NOW = datetime(2026, 3, 2, 16, 30)

HOSTILE: list[Any] = [
    None,
    True,
    0,
    -1,
    2**63,
    -(2**63) - 1,
    10**400,
    1e308,
    float("nan"),
    float("inf"),
    -float("inf"),
    "nan",
    "inf",
    "-inf",
    "1e999",
    "",
    " ",
    "²",
    "a\ud800b",
    "\x00",
    "x" * 5000,
    [],
    [1],
    {},
    {"days": 10**9},
    "0001-01-01",
    "0001-01-01T00:00:00",
    "9999-12-31",
    "9999-12-31T23:59:59-12:00",
    "2026-02-30",
    "25:61",
]
TIMES = {
    "measured_at",
    "start",
    "end",
    "due",
    "at",
    "eaten_at",
    "drunk_at",
    "started_at",
}
DAYS = {"day"}
FLAGS = {"remind", "critical", "paused", "force", "this_and_following"}
WORDS = ["banana", "walk", "oatmeal", "user:1", "usda:Banana, raw", "Ramipril", "x"]
# What a person would type into each number field (vitals in Alice's units: kg, °C, mmol/L).
SANE: dict[str, tuple[float, float]] = {
    "systolic": (100, 160),
    "diastolic": (60, 95),
    "mean_arterial_pressure": (70, 110),
    "pulse": (50, 100),
    "heart_rate": (50, 100),
    "temperature": (36, 38),
    "spo2": (90, 100),
    "weight": (40, 120),
    "bmi": (18, 30),
    "body_fat": (10, 40),
    "glucose": (4, 10),
    "amount": (1, 500),
    "stock": (0, 100),
    "refill_threshold": (0, 10),
    "grace_minutes": (5, 120),
    "mood": (1, 5),
    "limit": (1, 50),
    "valid_hours": (1, 168),
    "steps": (1, 20000),
    "active_energy": (1, 1000),
    "active_minutes": (1, 300),
    "distance_km": (0, 50),
    "energy_kcal": (0, 900),
    "protein": (0, 30),
    "carbohydrate": (0, 30),
    "fat": (0, 30),
    "sugars": (0, 10),
    "saturated_fat": (0, 10),
    "fibre": (0, 10),
    "sodium": (0, 1000),
    "serving_g": (1, 500),
}
TEXTS = {
    "barcode": ["3017620422003", "12345678", "x"],
    "rrule": ["FREQ=WEEKLY;BYDAY=MO", "FREQ=DAILY;COUNT=3", "FREQ=SECONDLY", "x"],
    "recurrence_id": ["20260310T090000", "x"],
    "phone": ["+44 7700 900123"],
}


def _moments() -> st.SearchStrategy[Any]:
    instants = st.datetimes(NOW - timedelta(days=400), NOW + timedelta(days=30))
    return st.one_of(
        instants.map(lambda moment: moment.isoformat()),
        instants.map(lambda moment: moment.isoformat() + "+00:00"),
        st.dates(date(1900, 1, 1), date(2100, 12, 31)).map(str),
    )


def _schedule() -> st.SearchStrategy[dict[str, Any]]:
    times = st.lists(
        st.one_of(
            st.times().map(lambda time: time.strftime("%H:%M")),
            st.fixed_dictionaries(
                {"time": st.sampled_from(["08:00", "20:00", "x"])},
                optional={
                    "amount": st.one_of(st.floats(), st.sampled_from(HOSTILE)),
                    "weekdays": st.lists(st.sampled_from(["mon", "sun", 3, 9, "x"])),
                },
            ),
            st.sampled_from(HOSTILE),
        ),
        max_size=4,
    )
    number = st.one_of(st.integers(-2, 400), st.floats(), st.sampled_from(HOSTILE))
    return st.fixed_dictionaries(
        {
            "type": st.sampled_from(
                ["weekly", "every_n_days", "every_n_hours", "as_needed", "x"]
            )
        },
        optional={
            "times": times,
            "every_days": number,
            "every_hours": number,
            "anchor": st.one_of(_moments(), st.sampled_from(HOSTILE)),
            "amount": number,
            "max_per_day": number,
            "max_per_24h": number,
            "min_hours_between": number,
            "start": st.one_of(_moments(), st.sampled_from(HOSTILE)),
            "end": st.one_of(_moments(), st.sampled_from(HOSTILE)),
            "pauses": st.one_of(
                st.lists(
                    st.one_of(
                        st.fixed_dictionaries(
                            {"start": _moments()}, optional={"end": _moments()}
                        ),
                        st.sampled_from(HOSTILE),
                    ),
                    max_size=3,
                ),
                st.sampled_from(HOSTILE),
            ),
        },
    )


WELL_FORMED: dict[str, st.SearchStrategy[Any]] = {
    "schedules": st.one_of(
        st.fixed_dictionaries(
            {
                "type": st.just("weekly"),
                "times": st.lists(
                    st.sampled_from(["07:00", "08:00", "13:30", "20:00"]),
                    min_size=1,
                    max_size=3,
                    unique=True,
                ),
            }
        ),
        st.fixed_dictionaries(
            {
                "type": st.just("every_n_days"),
                "every_days": st.integers(1, 30),
                "times": st.just(["08:00"]),
            }
        ),
        st.fixed_dictionaries(
            {
                "type": st.just("every_n_hours"),
                "every_hours": st.integers(1, 24),
                "anchor": st.just("2026-03-01T08:00:00+00:00"),
            }
        ),
        st.fixed_dictionaries(
            {"type": st.just("as_needed")}, optional={"max_per_day": st.integers(1, 6)}
        ),
    ),
    "items": st.fixed_dictionaries(
        {"food": st.sampled_from(WORDS[:3])},
        optional={"amount": st.integers(1, 300), "unit": st.just("g")},
    ),
    "contacts": st.just({"name": "Bob", "phone": "+44 7700 900123"}),
}


def _nested(field: str, *, hostile: bool) -> st.SearchStrategy[Any] | None:
    """Lists of what the actions that take them expect; if ``hostile``, often broken."""
    if field not in WELL_FORMED:
        return None
    well_formed = st.lists(WELL_FORMED[field], min_size=1, max_size=3)
    if not hostile:
        return well_formed
    word = st.one_of(st.sampled_from(WORDS), st.text(max_size=12))
    shapes = {
        "schedules": _schedule(),
        "items": st.fixed_dictionaries(
            {"food": word},
            optional={
                "amount": st.one_of(st.floats(), st.sampled_from(HOSTILE)),
                "unit": st.sampled_from(["g", "ml", "serving", "x"]),
            },
        ),
        "contacts": st.fixed_dictionaries(
            {"name": word},
            optional={
                "relation": word,
                "phone": st.sampled_from(["+44 7700 900123", "x", "1" * 300]),
                "notify_target": st.sampled_from(
                    ["notify.notify", "notify.mobile_app_x", "light.x"]
                ),
            },
        ),
    }
    return st.one_of(
        well_formed,
        st.lists(st.one_of(shapes[field], st.sampled_from(HOSTILE)), max_size=4),
        st.sampled_from(HOSTILE),
    )


def _choices(validator: Any) -> list[Any]:
    """The options of an enum or In field, so valid payloads reach past the schema."""
    kind = getattr(validator, "type", None)
    if isinstance(kind, type) and issubclass(kind, Enum):
        return [member.value for member in kind]
    return list(getattr(validator, "container", None) or [])


def _valid(  # noqa: PLR0911 - one kind of field per return
    field: str, validator: Any, profiles: list[str]
) -> st.SearchStrategy[Any]:
    """What a caller who means well sends in a field."""
    if field.endswith("config_entry_id"):
        return st.sampled_from(profiles)
    if (nested := _nested(field, hostile=False)) is not None:
        return nested
    if choices := _choices(validator):
        return st.sampled_from(choices)
    if field in SANE:
        low, high = SANE[field]
        return st.one_of(st.integers(int(low), int(high)), st.floats(low, high))
    if field.endswith("_id"):
        return st.integers(1, 6)
    if field in TIMES:
        return _moments()
    if field in DAYS:
        return _moments().map(lambda moment: moment[:10])
    if field in FLAGS:
        return st.booleans()
    if field == "duration":
        return st.sampled_from(["00:30:00", "01:00", "30:00:00", "00:00:00"])
    printable = st.characters(exclude_categories=["Cc", "Cs"])
    return st.one_of(
        st.sampled_from(TEXTS.get(field, WORDS)), st.text(printable, max_size=20)
    )


def _hostile(field: str, validator: Any, profiles: list[str]) -> st.SearchStrategy[Any]:
    """The well-meant values, the values of other fields, and the hostile ones."""
    if (nested := _nested(field, hostile=True)) is not None:
        return nested
    return st.one_of(
        _valid(field, validator, profiles),
        st.sampled_from(HOSTILE),
        st.integers(-(2**65), 2**65),
        st.floats(),
        st.text(max_size=40),
        st.fixed_dictionaries({"minutes": st.integers(-10, 10**6)}),
    )


def _fields(schema: Any) -> dict[str, tuple[Any, bool]]:
    """Each field an action's schema names, with its validator and whether it is required."""
    inner = getattr(schema, "schema", None)
    if isinstance(inner, probatio.All):
        inner = inner.validators[0]
    if isinstance(inner, probatio.Schema):
        inner = inner.schema
    if not isinstance(inner, dict):
        return {}
    return {
        str(getattr(key, "schema", key)): (value, isinstance(key, probatio.Required))
        for key, value in inner.items()
    }


def _payloads(
    hass: HomeAssistant, profiles: list[str]
) -> list[tuple[str, dict[str, Any], bool]]:
    """Draw (action, payload, as Alice?) triples, repeatably."""
    services = hass.services.async_services_for_domain("betti")
    fields = {name: _fields(service.schema) for name, service in services.items()}

    def payload(name: str, *, hostile: bool) -> st.SearchStrategy[dict[str, Any]]:
        value = _hostile if hostile else _valid
        strategies = {
            field: value(field, validator, profiles)
            for field, (validator, _) in fields[name].items()
        }
        required = {
            field: strategies.pop(field)
            for field, (_, needed) in fields[name].items()
            if not hostile and (needed or field == "config_entry_id")
        }
        if hostile:
            strategies["unknown_field"] = st.just(1)
        return st.fixed_dictionaries(required, optional=strategies)

    drawn: list[tuple[str, dict[str, Any], bool]] = []

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.data())
    def draw(data: st.DataObject) -> None:
        name = data.draw(st.sampled_from(sorted(services)))
        hostile = data.draw(st.booleans())
        drawn.append(
            (name, data.draw(payload(name, hostile=hostile)), data.draw(st.booleans()))
        )

    draw()
    return drawn


async def _seed(hass: HomeAssistant, alice: str, bob: str) -> None:
    """A few rows of each kind, so payloads naming small ids find something."""
    daily = [{"type": "weekly", "times": ["08:00"]}]
    for profile in (alice, bob):
        for service, data in (
            ("add_medication", {"name": "Ramipril", "schedules": daily}),
            ("log_vital", {"kind": "weight", "weight": 70}),
            ("log_water", {"amount": 200}),
            ("log_workout", {"kind": "walk", "duration": "00:30:00"}),
            ("log_food", {"food": "banana"}),
            ("log_mood", {"mood": 4}),
            ("add_appointment", {"title": "Dentist", "start": "2026-03-10T09:00"}),
        ):
            await hass.services.async_call(
                "betti", service, {"config_entry_id": profile, **data}, blocking=True
            )
    await hass.services.async_call(
        "betti",
        "add_food",
        {
            "config_entry_id": alice,
            "name": "Soup",
            "energy_kcal": 40,
            "protein": 2,
            "carbohydrate": 5,
            "fat": 1,
        },
        blocking=True,
        return_response=True,
    )


def _translated(err: Exception) -> bool:
    return isinstance(err, Unauthorized) or (
        isinstance(err, HomeAssistantError) and err.translation_key is not None
    )


@pytest.mark.freeze_time(NOW.isoformat() + "+00:00")
async def test_every_action_succeeds_or_refuses_in_words(
    hass: HomeAssistant,
    household: tuple[MockConfigEntry, MockConfigEntry],
    alice_user: MockUser,
) -> None:
    alice, bob = household
    await _seed(hass, alice.entry_id, bob.entry_id)
    services = hass.services.async_services_for_domain("betti")
    assert len(services) >= 34  # every action, not a few
    payloads = _payloads(hass, [alice.entry_id, bob.entry_id])
    assert {name for name, _, _ in payloads} == set(services)
    failures: list[str] = []
    succeeded = 0
    for name, payload, as_alice in payloads:
        await hass.async_block_till_done()
        before = database_digest(hass)
        try:
            await hass.services.async_call(
                "betti",
                name,
                payload,
                blocking=True,
                context=Context(user_id=alice_user.id) if as_alice else None,
                return_response=services[name].supports_response
                is not SupportsResponse.NONE,
            )
        except Exception as err:  # noqa: BLE001 - any other exception is the finding
            if not _translated(err):
                failures.append(f"{name} {payload!r}: {type(err).__name__}: {err}")
            elif database_digest(hass) != before:
                failures.append(f"{name} {payload!r}: refused but the database changed")
        else:
            succeeded += 1
    assert failures == []
    # Well-shaped payloads get past the checks: the fuzz reaches the code behind them.
    assert succeeded > len(payloads) // 10
    # Nothing accepted takes a profile down when it is read back.
    for entry in (alice, bob):
        assert await hass.config_entries.async_reload(entry.entry_id)
        assert entry.state is ConfigEntryState.LOADED
