"""The call service Home Assistant runs: rooms, ringing, pushes, history, ICE servers."""

import asyncio
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
import logging
import secrets
from typing import Any, Protocol

from homeassistant.components.web_rtc import async_get_ice_servers
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.helpers.event import async_track_time_interval
from homeassistant.util import dt as dt_util
from homeassistant.util.hass_dict import HassKey
from webrtc_models import RTCConfiguration, RTCIceServer

from ..const import DOMAIN
from ..db import DatabaseReadOnlyError
from ..db.calls import CallRecord, add_call
from ..models import BettiConfigEntry, BettiData
from ..notifications.contacts import normalize_target
from ..notifications.delivery import async_clear, async_push
from ..notifications.texts import async_text
from .const import (
    CONF_CALL_NOTIFY,
    CONF_CALL_OPEN_PATH,
    CONF_TURN_CREDENTIAL,
    CONF_TURN_URLS,
    CONF_TURN_USERNAME,
    SIGNAL_CALL,
)
from .rooms import CallError, Participant, Reason, Room, Rooms, Send
from .tokens import RateLimit

_LOGGER = logging.getLogger(__name__)

DATA_CALLS: HassKey[CallManager] = HassKey(f"{DOMAIN}_calls")
SWEEP_INTERVAL = timedelta(seconds=5)
DELIVERY_SOURCE = "call"


class Channel(Protocol):
    """What a signaling connection offers: HA's ActiveConnection, or a guest's socket."""

    subscriptions: dict[Any, Callable[[], Any]]

    def send_event(self, msg_id: int, event: Any | None = None) -> None:
        """Send an event of a subscription."""


def now() -> float:
    """Wall-clock seconds; rooms keep their times this way so history gets real times."""
    return dt_util.utcnow().timestamp()


def _when(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


class CallManager:
    """Every call in the household, and what happens as each rings, is answered, ends."""

    def __init__(self, hass: HomeAssistant, secret: bytes) -> None:
        """Start with no rooms; ``secret`` signs guest links."""
        self.hass = hass
        self.secret = secret
        self.rooms = Rooms(self._ringing, self._answered, self._ended)
        self.guest_limit = RateLimit(burst=10, per_minute=6)
        # Per HA user: a stuck script or a prank cannot keep the household's phones ringing.
        self.ring_limit = RateLimit(burst=5, per_minute=5)
        self._watchers: defaultdict[str, set[Send]] = defaultdict(set)
        self._unsub_sweep: CALLBACK_TYPE | None = None

    def profile(self, entry_id: str) -> BettiConfigEntry:
        """Return a loaded profile; CallError when there is none such."""
        entry: BettiConfigEntry | None = self.hass.config_entries.async_get_entry(
            entry_id
        )
        if entry is None or entry.state is not ConfigEntryState.LOADED:
            raise CallError("not_found")
        return entry

    def configuration(self, entry: BettiConfigEntry) -> dict[str, Any]:
        """ICE servers for a call to ``entry``: HA's WebRTC ones, then the profile's TURN."""
        servers = list(async_get_ice_servers(self.hass))
        if urls := entry.options.get(CONF_TURN_URLS):
            servers.append(
                RTCIceServer(
                    urls=list(urls),
                    username=entry.options.get(CONF_TURN_USERNAME),
                    credential=entry.options.get(CONF_TURN_CREDENTIAL),
                )
            )
        return RTCConfiguration(ice_servers=servers).to_dict()

    @callback
    def join(
        self,
        channel: Channel,
        msg_id: int,
        name: str,
        *,
        callee: str,
        room_id: str | None = None,
        caller_user_id: str | None = None,
        guest: bool = False,
        answer: bool = False,
    ) -> dict[str, Any]:
        """Open a room calling ``callee``, or answer ``room_id``; return the session event.

        The channel's subscription ``msg_id`` carries the other side's messages; closing
        the channel counts as dropping out of the call.
        """
        entry = self.profile(callee)
        participant = Participant(
            secrets.token_urlsafe(16),
            name,
            lambda event: channel.send_event(msg_id, event),
            channel,
            now(),
        )
        if answer and room_id is not None:
            room = self.rooms.join(room_id, participant)
        else:
            room = self.rooms.open(
                room_id or secrets.token_urlsafe(12),
                callee,
                participant,
                caller_user_id=caller_user_id,
                guest=guest,
            )
            self._start_sweeping()
        session_id = participant.session_id
        channel.subscriptions[msg_id] = lambda: self.rooms.drop(session_id, now())
        peer = room.other(participant)
        return {
            "type": "session",
            "session_id": session_id,
            "room_id": room.room_id,
            "initiator": not answer,
            "peer": peer.name if peer else entry.title,
            "configuration": self.configuration(entry),
        }

    @callback
    def watch(self, callee: str, send: Send) -> CALLBACK_TYPE:
        """Tell ``send`` of every call to ``callee`` that rings or stops ringing."""
        self._watchers[callee].add(send)
        for room in self.rooms.ringing(callee):
            send(_ring_event(room))
        return lambda: self._watchers[callee].discard(send)

    @callback
    def dial(self, caller: str, person: str) -> int:
        """Ask the call cards showing ``caller``'s calls to call ``person``; return how many.

        Assist's "call Bob": the card starts the call as if its button were pressed, so the
        call has the camera and the signed-in user of the screen the person stands at.
        """
        cards = list(self._watchers[caller])
        for send in cards:
            send({"type": "dial", "person": person})
        return len(cards)

    def _start_sweeping(self) -> None:
        if self._unsub_sweep is None:
            self._unsub_sweep = async_track_time_interval(
                self.hass,
                self._sweep,
                SWEEP_INTERVAL,
                cancel_on_shutdown=True,
            )

    @callback
    def _sweep(self, _: datetime) -> None:
        self.rooms.sweep(now())

    def _tell(self, room: Room, event: dict[str, Any], call_event: str) -> None:
        for send in list(self._watchers[room.callee]):
            send(event)
        async_dispatcher_send(
            self.hass,
            SIGNAL_CALL.format(room.callee),
            call_event,
            {"caller": room.caller_name, "room_id": room.room_id},
        )

    @callback
    def _ringing(self, room: Room) -> None:
        self._tell(room, _ring_event(room), "ringing")
        entry = self.profile(room.callee)
        self.hass.async_create_task(
            self._async_ring_phones(entry, room), eager_start=True
        )

    async def _async_ring_phones(self, entry: BettiConfigEntry, room: Room) -> None:
        # Through the delivery layer: logged, capped like any routine push; a phone that
        # fails is logged there and the call rings on the mirror all the same.
        path = (
            entry.options.get(CONF_CALL_OPEN_PATH)
            or entry.runtime_data.profile.family_view
        )
        title = await async_text(self.hass, "call_push_title")
        message = await async_text(self.hass, "call_push", caller=room.caller_name)
        answer = await async_text(self.hass, "call_push_answer")
        await asyncio.gather(
            *(
                async_push(
                    self.hass,
                    entry,
                    service,
                    title=title,
                    message=message,
                    tag=_call_tag(room),
                    actions=[("URI", answer, path)],
                    url=path,
                    source=DELIVERY_SOURCE,
                )
                for service in entry.options.get(CONF_CALL_NOTIFY, [])
            )
        )

    @callback
    def _answered(self, room: Room) -> None:
        self._stop_ringing(room, "answered")

    def _stop_ringing(self, room: Room, outcome: str) -> None:
        self._tell(
            room,
            {"type": "ring_end", "room_id": room.room_id, "reason": outcome},
            outcome,
        )
        entry = self.profile(room.callee)
        # Only the companion app knows a clear; anything else would show it as text.
        phones = [
            service
            for service in entry.options.get(CONF_CALL_NOTIFY, [])
            if normalize_target(service).startswith("notify.mobile_app_")
        ]
        if phones:
            self.hass.async_create_task(
                async_clear(
                    self.hass, entry, phones, _call_tag(room), source=DELIVERY_SOURCE
                ),
                eager_start=True,
            )

    @callback
    def _ended(self, room: Room, reason: Reason, ended: float) -> None:
        if len(self.rooms) == 0 and self._unsub_sweep is not None:
            self._unsub_sweep()
            self._unsub_sweep = None
        try:
            entry = self.profile(room.callee)
        except CallError:
            return  # the profile was removed while its call rang
        if room.answered_at is None:
            outcome = "declined" if reason is Reason.DECLINED else "missed"
            self._stop_ringing(room, outcome)
        else:
            outcome = "answered"
        record = CallRecord(
            room_id=room.room_id,
            caller=room.caller_name,
            caller_user_id=room.caller_user_id,
            guest=room.guest,
            started_at=_when(room.created_at),
            answered_at=None if room.answered_at is None else _when(room.answered_at),
            ended_at=_when(ended),
            outcome=outcome,
            end_reason=reason,
        )
        self.hass.async_create_task(
            self._async_record(entry.runtime_data, record), eager_start=False
        )

    async def _async_record(self, data: BettiData, record: CallRecord) -> None:
        # The profile's data is taken when the call ends: HA may unload it meanwhile.
        try:
            await data.database.async_write(add_call, data.profile.profile_id, record)
        except DatabaseReadOnlyError:
            _LOGGER.warning("Call history not saved: Betti's database is read-only")
            return
        await data.calls.async_refresh()


def _call_tag(room: Room) -> str:
    return f"betti_call_{room.room_id}"


def _ring_event(room: Room) -> dict[str, Any]:
    return {"type": "ring", "room_id": room.room_id, "caller": room.caller_name}
