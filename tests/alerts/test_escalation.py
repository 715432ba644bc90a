"""The escalation plan and contact checks, without Home Assistant."""

from datetime import UTC, datetime, timedelta

import pytest

from custom_components.betti.alerts.contact_list import (
    ContactError,
    parse_contacts,
)
from custom_components.betti.alerts.escalation import (
    Policy,
    Recipient,
    Severity,
    Stage,
    plan,
)

T0 = datetime(2026, 3, 1, 8, tzinfo=UTC)
POLICY = Policy(
    caregiver_delay=timedelta(minutes=5),
    contact_interval=timedelta(minutes=2),
    everyone_delay=timedelta(minutes=15),
)
ALICE = Recipient("person", "Alice", ("notify.alice",))
CONTACTS = tuple(
    Recipient("contact", name, (f"notify.{name.lower()}",))
    for name in ("Bob", "Carol", "Dan", "Eve", "Fay", "Gus")
)
HOUSE = (Recipient("household", "Hal", ("notify.hal", "notify.alice")),)


def _timeline(**kwargs: object) -> list[tuple[int, Stage, tuple[str, ...]]]:
    steps = plan(
        T0,
        policy=POLICY,
        person=ALICE,
        household=HOUSE,
        **kwargs,  # type: ignore[arg-type]
    )
    return [
        (int((step.due_at - T0).total_seconds() // 60), step.stage, step.targets)
        for step in steps
    ]


def test_contacts_one_by_one_then_everyone() -> None:
    # Six contacts two minutes apart from minute 5: Gus (minute 15) is left to stage 3.
    assert _timeline(severity=Severity.WARNING, urgent=False, contacts=CONTACTS) == [
        (0, Stage.PERSON, ("notify.alice",)),
        (5, Stage.CAREGIVERS, ("notify.bob",)),
        (7, Stage.CAREGIVERS, ("notify.carol",)),
        (9, Stage.CAREGIVERS, ("notify.dan",)),
        (11, Stage.CAREGIVERS, ("notify.eve",)),
        (13, Stage.CAREGIVERS, ("notify.fay",)),
        (
            15,
            Stage.EVERYONE,
            (
                "notify.alice",
                *(f"notify.{c.label.lower()}" for c in CONTACTS),
                "notify.hal",
            ),
        ),
    ]


def test_urgent_tells_contacts_at_once() -> None:
    timeline = _timeline(severity=Severity.CRITICAL, urgent=True, contacts=CONTACTS[:2])
    assert timeline == [
        (0, Stage.PERSON, ("notify.alice",)),
        (0, Stage.CAREGIVERS, ("notify.bob", "notify.carol")),
        (
            5,
            Stage.EVERYONE,
            ("notify.alice", "notify.bob", "notify.carol", "notify.hal"),
        ),
    ]


def test_info_stays_with_the_person() -> None:
    assert _timeline(severity=Severity.INFO, urgent=False, contacts=CONTACTS) == [
        (0, Stage.PERSON, ("notify.alice",))
    ]


def test_zero_interval_is_all_contacts_together() -> None:
    policy = Policy(timedelta(minutes=5), timedelta(0), timedelta(minutes=15))
    steps = plan(
        T0,
        severity=Severity.WARNING,
        urgent=False,
        policy=policy,
        person=ALICE,
        contacts=CONTACTS[:3],
        household=(),
    )
    assert [step.due_at - T0 for step in steps if step.stage is Stage.CAREGIVERS] == [
        timedelta(minutes=5)
    ] * 3


def test_policy_refuses_everyone_before_caregivers() -> None:
    with pytest.raises(ValueError, match="delays_out_of_order"):
        Policy(timedelta(minutes=10), timedelta(0), timedelta(minutes=10))


def test_contacts_are_cleaned() -> None:
    assert [
        c.as_dict()
        for c in parse_contacts(
            [
                {"name": " Bob ", "phone": "+44 7700 900123"},
                {"name": "Carol", "notify_target": "notify.mobile_app_carol"},
            ]
        )
    ] == [
        {
            "name": "Bob",
            "relation": "",
            "phone": "+44 7700 900123",
            "notify_target": "",
        },
        {
            "name": "Carol",
            "relation": "",
            "phone": "",
            "notify_target": "notify.mobile_app_carol",
        },
    ]


@pytest.mark.parametrize(
    ("contacts", "reason", "position"),
    [
        ("Bob", "contacts_not_a_list", 0),
        ([{"name": "Bob", "phone": "1"}] * 11, "too_many_contacts", 11),
        ([{"name": "Bob", "phone": "123", "email": "b@x"}], "contact_malformed", 1),
        (
            [{"name": "Bob", "phone": "123"}, {"name": " ", "phone": "123"}],
            "contact_name_invalid",
            2,
        ),
        ([{"name": "Bob", "phone": "call me"}], "contact_phone_invalid", 1),
        (
            [{"name": "Bob", "notify_target": "light.kitchen"}],
            "contact_target_invalid",
            1,
        ),
        ([{"name": "Bob", "relation": "son"}], "contact_unreachable", 1),
        ([{"name": 7, "phone": "123"}], "contact_malformed", 1),
    ],
)
def test_bad_contacts(contacts: object, reason: str, position: int) -> None:
    with pytest.raises(ContactError) as err:
        parse_contacts(contacts)
    assert (err.value.reason, err.value.position) == (reason, position)
