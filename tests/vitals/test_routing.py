"""Whose reading is it."""

from custom_components.betti.vitals import Metric, VitalKind
from custom_components.betti.vitals.routing import Candidate, route

BP = {Metric.SYSTOLIC: 130.0, Metric.DIASTOLIC: 80.0}


def test_device_user_number_decides() -> None:
    people = [Candidate("alice", frozenset({1})), Candidate("bob", frozenset({2}))]
    assert route(VitalKind.BLOOD_PRESSURE, BP, 2, people) == "bob"


def test_only_user_of_a_device() -> None:
    assert route(VitalKind.BLOOD_PRESSURE, BP, None, [Candidate("alice")]) == "alice"


def test_unknown_user_number_with_two_people_is_unsure() -> None:
    people = [Candidate("alice", frozenset({1})), Candidate("bob")]
    assert route(VitalKind.BLOOD_PRESSURE, BP, 3, people) == ["alice", "bob"]


def test_weight_goes_to_the_person_it_is_close_to() -> None:
    people = [
        Candidate("alice", recent_weight=62.0),
        Candidate("bob", recent_weight=84.0),
    ]
    assert route(VitalKind.WEIGHT, {Metric.WEIGHT: 83.1}, None, people) == "bob"
    # 3 % of 62 kg is under 2 kg, so the 2 kg floor applies.
    assert route(VitalKind.WEIGHT, {Metric.WEIGHT: 63.9}, None, people) == "alice"
    assert route(VitalKind.WEIGHT, {Metric.WEIGHT: 73.0}, None, people) == [
        "alice",
        "bob",
    ]


def test_people_away_are_left_out() -> None:
    people = [Candidate("alice", at_home=False), Candidate("bob")]
    assert route(VitalKind.BLOOD_PRESSURE, BP, None, people) == "bob"
    twins = [
        Candidate("alice", recent_weight=70.0),
        Candidate("bob", recent_weight=70.5, at_home=False),
    ]
    assert route(VitalKind.WEIGHT, {Metric.WEIGHT: 70.2}, None, twins) == "alice"


def test_close_to_two_people_is_unsure() -> None:
    people = [
        Candidate("alice", recent_weight=70.0),
        Candidate("bob", recent_weight=71.0),
        Candidate("carol", recent_weight=90.0),
    ]
    assert route(VitalKind.WEIGHT, {Metric.WEIGHT: 70.5}, None, people) == [
        "alice",
        "bob",
    ]


def test_everyone_away_still_counts() -> None:
    people = [Candidate("alice", at_home=False), Candidate("bob", at_home=False)]
    assert route(VitalKind.BLOOD_PRESSURE, BP, None, people) == ["alice", "bob"]
