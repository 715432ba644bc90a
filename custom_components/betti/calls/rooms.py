"""Rooms of two for person-to-person calls: who is in, who may join, what each is sent.

No Home Assistant here. The HA side gives each participant a ``send`` callable and an
``owner`` (the connection it came on), and calls ``sweep`` on a timer. Times are
monotonic seconds, passed in, so tests choose them.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

type Send = Callable[[dict[str, Any]], None]

RING_TIMEOUT = 60.0
HEARTBEAT_TIMEOUT = 30.0
MAX_CALL = 4 * 3600.0
# Ended room ids are remembered this long, so a late answer or a reused guest session
# is told the call is over rather than starting a new one.
CLOSED_MEMORY = 24 * 3600.0
# Offers, answers and candidates one session may relay: a call needs tens, renegotiations
# a few more; a guest must not be able to flood the other side.
MAX_RELAYED = 300


class Reason(StrEnum):
    """Why a call ended; sent to the other side and stored in the history."""

    HANGUP = "hangup"
    DECLINED = "declined"
    NO_ANSWER = "no_answer"
    DROPPED = "dropped"  # the websocket closed
    TIMED_OUT = "timed_out"  # no heartbeat for HEARTBEAT_TIMEOUT
    EXPIRED = "expired"  # the call ran past MAX_CALL


# The other side of these went away without saying goodbye.
PEER_LEFT = frozenset({Reason.DROPPED, Reason.TIMED_OUT})


class CallError(Exception):
    """A signaling request that cannot be done; ``code`` goes to the client."""

    def __init__(self, code: str) -> None:
        """Keep the code the client sees."""
        super().__init__(code)
        self.code = code


@dataclass(slots=True, eq=False)
class Participant:
    """One browser in a room."""

    session_id: str
    name: str
    send: Send
    owner: object
    last_seen: float
    relayed: int = 0


@dataclass(slots=True, eq=False)
class Room:
    """A call between a caller and a household member (the callee)."""

    room_id: str
    callee: str
    caller_name: str
    guest: bool
    created_at: float
    caller_user_id: str | None
    participants: list[Participant] = field(default_factory=list)
    answered_at: float | None = None

    def other(self, participant: Participant) -> Participant | None:
        """Return the participant at the other end, if there is one yet."""
        return next((p for p in self.participants if p is not participant), None)


class Rooms:
    """Every open call; each room ends once, reported through ``on_end``."""

    def __init__(
        self,
        on_ring: Callable[[Room], None],
        on_answer: Callable[[Room], None],
        on_end: Callable[[Room, Reason, float], None],
    ) -> None:
        """Call back the HA side when a room rings, is answered, or ends."""
        self._on_ring = on_ring
        self._on_answer = on_answer
        self._on_end = on_end
        self._rooms: dict[str, Room] = {}
        self._sessions: dict[str, tuple[Room, Participant]] = {}
        self._closed: dict[str, float] = {}

    def __len__(self) -> int:
        """How many rooms are open."""
        return len(self._rooms)

    def get(self, room_id: str) -> Room:
        """Return an open room; CallError if it ended or never was."""
        if (room := self._rooms.get(room_id)) is None:
            raise CallError("room_closed" if room_id in self._closed else "not_found")
        return room

    def ringing(self, callee: str) -> list[Room]:
        """Rooms calling ``callee`` that nobody has answered yet."""
        return [
            room
            for room in self._rooms.values()
            if room.callee == callee and room.answered_at is None
        ]

    def open(
        self,
        room_id: str,
        callee: str,
        caller: Participant,
        *,
        caller_user_id: str | None = None,
        guest: bool = False,
    ) -> Room:
        """Start a call: the caller waits in a new room while the callee is rung."""
        if room_id in self._rooms or room_id in self._closed:
            raise CallError("room_closed")
        room = Room(
            room_id,
            callee,
            caller.name,
            guest,
            caller.last_seen,
            caller_user_id,
            [caller],
        )
        self._rooms[room_id] = room
        self._sessions[caller.session_id] = (room, caller)
        self._on_ring(room)
        return room

    def join(self, room_id: str, participant: Participant) -> Room:
        """Answer a call; a room holds two, so a third is refused."""
        room = self.get(room_id)
        if len(room.participants) >= 2:  # noqa: PLR2004 - rooms of two
            raise CallError("room_full")
        room.participants.append(participant)
        room.answered_at = participant.last_seen
        self._sessions[participant.session_id] = (room, participant)
        for other in room.participants[:-1]:
            other.send({"type": "peer_joined", "name": participant.name})
        self._on_answer(room)
        return room

    def _session(self, session_id: str, owner: object) -> tuple[Room, Participant]:
        found = self._sessions.get(session_id)
        # A session is only usable from the connection that opened it.
        if found is None or found[1].owner is not owner:
            raise CallError("not_in_room")
        return found

    def relay(
        self, session_id: str, owner: object, message: dict[str, Any], now: float
    ) -> None:
        """Pass an offer, answer or candidate to the other participant."""
        room, participant = self._session(session_id, owner)
        participant.last_seen = now
        if (other := room.other(participant)) is None:
            raise CallError("no_peer")
        if participant.relayed >= MAX_RELAYED:
            raise CallError("relay_limit")
        participant.relayed += 1
        other.send(message)

    def heartbeat(self, session_id: str, owner: object, now: float) -> None:
        """Note that a participant is still there."""
        self._session(session_id, owner)[1].last_seen = now

    def hang_up(self, session_id: str, owner: object, now: float) -> None:
        """End the call at a participant's request."""
        room, participant = self._session(session_id, owner)
        self._end(room, Reason.HANGUP, now, participant)

    def drop(self, session_id: str, now: float) -> None:
        """End the call because a participant's connection closed (if it still runs)."""
        if (found := self._sessions.get(session_id)) is not None:
            self._end(found[0], Reason.DROPPED, now, found[1])

    def decline(self, room_id: str, now: float) -> None:
        """Refuse a ringing call on the callee's behalf."""
        room = self.get(room_id)
        if room.answered_at is not None:
            raise CallError("already_answered")
        self._end(room, Reason.DECLINED, now)

    def sweep(self, now: float) -> None:
        """End calls nobody answered, whose participant went silent, or ran too long."""
        for room in list(self._rooms.values()):
            stale = next(
                (p for p in room.participants if now - p.last_seen > HEARTBEAT_TIMEOUT),
                None,
            )
            if stale is not None:
                self._end(room, Reason.TIMED_OUT, now, stale)
            elif room.answered_at is None and now - room.created_at > RING_TIMEOUT:
                self._end(room, Reason.NO_ANSWER, now)
            elif room.answered_at is not None and now - room.answered_at > MAX_CALL:
                self._end(room, Reason.EXPIRED, now)
        for room_id, ended in list(self._closed.items()):
            if now - ended > CLOSED_MEMORY:
                del self._closed[room_id]

    def close_all(self, now: float) -> None:
        """End every call (Home Assistant is stopping)."""
        for room in list(self._rooms.values()):
            self._end(room, Reason.HANGUP, now)

    def _end(
        self, room: Room, reason: Reason, now: float, by: Participant | None = None
    ) -> None:
        del self._rooms[room.room_id]
        self._closed[room.room_id] = now
        kind = "peer_left" if reason in PEER_LEFT else "hangup"
        for participant in room.participants:
            del self._sessions[participant.session_id]
            if participant is not by:
                participant.send({"type": kind, "reason": reason})
        self._on_end(room, reason, now)
