"""One timer for the next deadline: escalation steps, dose notices, appointment reminders.

Deadlines live in the database, so nothing is lost when the timer stops: the owner works out
what is due once HA has started (the phones' notify services exist by then) and again at each
deadline it sets. HA's stop does not unload entries, so the timer also stops with HA, and
cuts short a run still going (a push to a phone that does not answer must not hold the stop).
"""

import asyncio
from collections.abc import Callable, Coroutine
from datetime import datetime
from typing import Any

from homeassistant.const import EVENT_HOMEASSISTANT_STOP
from homeassistant.core import CALLBACK_TYPE, Event, HassJob, HomeAssistant, callback
from homeassistant.helpers.event import async_track_point_in_utc_time
from homeassistant.helpers.start import async_at_started

from ..models import BettiConfigEntry

type Due = Callable[[], Coroutine[Any, Any, None] | None]


class DeadlineTimer:
    """Run ``due`` once HA has started and at the deadline last set, until stopped."""

    def __init__(
        self,
        hass: HomeAssistant,
        due: Due,
        on_stop: Callable[[], None] | None = None,
    ) -> None:
        """Prepare; ``on_stop`` runs when the timer stops (unload or HA's stop)."""
        self.hass = hass
        self._job = HassJob(due)
        self._on_stop = on_stop
        self._unsubs: list[CALLBACK_TYPE] = []
        self._timer: CALLBACK_TYPE | None = None
        self._running: set[asyncio.Future[Any]] = set()
        self.started = False

    @callback
    def async_start(self) -> CALLBACK_TYPE:
        """Start; return the stop, for ``entry.async_on_unload``."""

        @callback
        def started(_hass: HomeAssistant) -> None:
            self.started = True
            self._async_run()

        @callback
        def ha_stopping(_event: Event) -> None:
            self._unsubs.remove(unsub_stop)  # HA has already dropped its once-listener
            self.async_stop()

        unsub_stop = self.hass.bus.async_listen_once(
            EVENT_HOMEASSISTANT_STOP, ha_stopping
        )
        self._unsubs.append(unsub_stop)
        self._unsubs.append(async_at_started(self.hass, started))
        return self.async_stop

    @callback
    def async_stop(self) -> None:
        """Stop the timer, what waits for HA's start, and a run still going."""
        self.started = False
        for unsub in self._unsubs:
            unsub()
        self._unsubs.clear()
        self.async_cancel()
        for task in self._running - {asyncio.current_task()}:
            task.cancel()  # what it did not finish is worked out again at the next start
        if self._on_stop is not None:
            self._on_stop()

    @callback
    def async_set(self, deadline: datetime | None) -> None:
        """Run ``due`` at ``deadline`` (instead of any deadline set before); None: never."""
        self.async_cancel()
        if deadline is not None:
            self._timer = async_track_point_in_utc_time(
                self.hass, self._async_fired, deadline
            )

    @callback
    def async_cancel(self) -> None:
        """Forget the deadline set."""
        if self._timer is not None:
            self._timer()
            self._timer = None

    @callback
    def _async_fired(self, _now: datetime) -> None:
        self._timer = None
        self._async_run()

    @callback
    def _async_run(self) -> None:
        if (task := self.hass.async_run_hass_job(self._job)) is not None:
            self._running.add(task)
            task.add_done_callback(self._running.discard)


class ProfileDeadline:
    """A profile's owner of one deadline timer: its runs take turns under one lock.

    A read-only database sets no timer: what is due would be written back.
    """

    def __init__(self, hass: HomeAssistant, entry: BettiConfigEntry, due: Due) -> None:
        """Prepare; ``async_start`` runs ``due`` once HA has started."""
        self.hass = hass
        self.entry = entry
        self._lock = asyncio.Lock()
        self._deadline = DeadlineTimer(hass, due)

    @callback
    def async_start(self) -> CALLBACK_TYPE:
        """Catch up once HA has started (what is due stays stored); return the stop."""
        if not self.entry.runtime_data.database.read_only:
            self._deadline.async_start()
        return self._deadline.async_stop
