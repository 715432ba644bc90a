"""Rooms of two, without Home Assistant: relay, limits, expiry and drops."""

from typing import Any

import pytest

from custom_components.betti.calls.rooms import (
    HEARTBEAT_TIMEOUT,
    MAX_CALL,
    RING_TIMEOUT,
    CallError,
    Participant,
    Reason,
    Room,
    Rooms,
)


class Phone:
    """A participant's connection, keeping what it was sent."""

    def __init__(self, name: str, at: float = 0.0) -> None:
        self.inbox: list[dict[str, Any]] = []
        self.participant = Participant(f"s-{name}", name, self.inbox.append, self, at)


class Log:
    def __init__(self) -> None:
        self.rung: list[str] = []
        self.answered: list[str] = []
        self.ended: list[tuple[str, Reason, float]] = []

    def rooms(self) -> Rooms:
        return Rooms(
            lambda room: self.rung.append(room.room_id),
            lambda room: self.answered.append(room.room_id),
            lambda room, reason, at: self.ended.append((room.room_id, reason, at)),
        )


@pytest.fixture
def log() -> Log:
    return Log()


def _call(rooms: Rooms, answer_at: float = 1.0) -> tuple[Room, Phone, Phone]:
    caller, callee = Phone("Tom"), Phone("Alice", answer_at)
    room = rooms.open("r1", "alice", caller.participant)
    rooms.join("r1", callee.participant)
    return room, caller, callee


def test_messages_are_relayed_both_ways(log: Log) -> None:
    rooms = log.rooms()
    _, caller, callee = _call(rooms)
    assert log.rung == log.answered == ["r1"]
    assert caller.inbox == [{"type": "peer_joined", "name": "Alice"}]
    rooms.relay("s-Tom", caller, {"type": "offer", "offer": "sdp-o"}, 2)
    rooms.relay("s-Alice", callee, {"type": "answer", "answer": "sdp-a"}, 2)
    rooms.relay(
        "s-Tom", caller, {"type": "candidate", "candidate": {"candidate": "c"}}, 2
    )
    assert callee.inbox == [
        {"type": "offer", "offer": "sdp-o"},
        {"type": "candidate", "candidate": {"candidate": "c"}},
    ]
    assert caller.inbox[-1] == {"type": "answer", "answer": "sdp-a"}


def test_a_third_participant_is_refused(log: Log) -> None:
    rooms = log.rooms()
    room, _, _ = _call(rooms)
    with pytest.raises(CallError, match="room_full"):
        rooms.join("r1", Phone("Bob").participant)
    assert len(room.participants) == 2


def test_a_session_only_works_from_its_own_connection(log: Log) -> None:
    rooms = log.rooms()
    _, _, callee = _call(rooms)
    with pytest.raises(CallError, match="not_in_room"):
        rooms.relay("s-Tom", callee, {"type": "offer", "offer": "x"}, 2)
    with pytest.raises(CallError, match="not_in_room"):
        rooms.hang_up("s-Tom", object(), 2)


def test_nothing_to_relay_to_before_an_answer(log: Log) -> None:
    rooms = log.rooms()
    caller = Phone("Tom")
    rooms.open("r1", "alice", caller.participant)
    with pytest.raises(CallError, match="no_peer"):
        rooms.relay("s-Tom", caller, {"type": "offer", "offer": "x"}, 1)


def test_hang_up_tells_the_other_side_and_ends_once(log: Log) -> None:
    rooms = log.rooms()
    _, caller, callee = _call(rooms)
    rooms.hang_up("s-Alice", callee, 30)
    assert caller.inbox[-1] == {"type": "hangup", "reason": "hangup"}
    assert callee.inbox == []
    rooms.drop("s-Tom", 31)  # the caller's socket closing afterwards changes nothing
    assert log.ended == [("r1", Reason.HANGUP, 30)]
    assert len(rooms) == 0


def test_a_dropped_connection_is_noticed(log: Log) -> None:
    rooms = log.rooms()
    _, caller, _ = _call(rooms)
    rooms.drop("s-Alice", 5)
    assert caller.inbox[-1] == {"type": "peer_left", "reason": "dropped"}
    assert log.ended == [("r1", Reason.DROPPED, 5)]


def test_a_silent_participant_times_out(log: Log) -> None:
    rooms = log.rooms()
    _, caller, callee = _call(rooms)
    rooms.heartbeat("s-Tom", caller, HEARTBEAT_TIMEOUT)
    rooms.sweep(HEARTBEAT_TIMEOUT)  # both heard from recently enough
    assert log.ended == []
    rooms.sweep(HEARTBEAT_TIMEOUT + 2)  # Alice has been silent since she answered at 1
    assert caller.inbox[-1] == {"type": "peer_left", "reason": "timed_out"}
    assert callee.inbox == []
    assert log.ended[0][1] is Reason.TIMED_OUT


def test_an_unanswered_call_expires(log: Log) -> None:
    rooms = log.rooms()
    caller = Phone("Tom")
    rooms.open("r1", "alice", caller.participant)
    for second in range(0, int(RING_TIMEOUT) + 10, 5):
        rooms.heartbeat("s-Tom", caller, second)
        rooms.sweep(second)
    assert caller.inbox == [{"type": "hangup", "reason": "no_answer"}]
    assert log.ended[0][1] is Reason.NO_ANSWER
    with pytest.raises(
        CallError, match="room_closed"
    ):  # a late answer is told it is over
        rooms.join("r1", Phone("Alice").participant)


def test_a_call_cannot_run_forever(log: Log) -> None:
    rooms = log.rooms()
    _, caller, callee = _call(rooms)
    end = 1 + MAX_CALL + 1
    caller.participant.last_seen = callee.participant.last_seen = end
    rooms.sweep(end)
    assert (
        caller.inbox[-1] == callee.inbox[-1] == {"type": "hangup", "reason": "expired"}
    )


def test_a_declined_call_and_its_room_id_are_done(log: Log) -> None:
    rooms = log.rooms()
    caller = Phone("Tom")
    rooms.open("r1", "alice", caller.participant)
    rooms.decline("r1", 3)
    assert caller.inbox == [{"type": "hangup", "reason": "declined"}]
    with pytest.raises(CallError, match="room_closed"):
        rooms.open("r1", "alice", Phone("Tom").participant)
    with pytest.raises(CallError, match="not_found"):
        rooms.get("never")


def test_an_answered_call_cannot_be_declined(log: Log) -> None:
    rooms = log.rooms()
    _call(rooms)
    with pytest.raises(CallError, match="already_answered"):
        rooms.decline("r1", 2)


def test_ringing_lists_only_unanswered_calls_for_the_callee(log: Log) -> None:
    rooms = log.rooms()
    rooms.open("r2", "bob", Phone("Tim").participant)
    rooms.open("r3", "alice", Phone("Ann").participant)
    _call(rooms)
    assert [room.room_id for room in rooms.ringing("alice")] == ["r3"]
    rooms.close_all(9)
    assert len(rooms) == 0
    assert {room_id for room_id, _, _ in log.ended} == {"r1", "r2", "r3"}
