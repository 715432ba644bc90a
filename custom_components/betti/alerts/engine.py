"""The alerting engine: raise, escalate on stored deadlines, acknowledge, clear.

Other features use the API in ``alerts.raising``, not this class directly. Each profile has
one ``AlertEngine``; it keeps one timer, for the earliest pending deadline in the database,
so a restart resumes every escalation on its original deadlines (a deadline passed while HA
was down fires once HA has started).
"""

import asyncio
from collections.abc import Callable
from datetime import datetime
import logging
import sqlite3
from typing import Any, Concatenate

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.util import dt as dt_util

from ..const import DOMAIN
from ..db.alerts import (
    acknowledge,
    add_alert,
    complete_step,
    due_steps,
    get_alert,
    next_deadline,
)
from ..db.deliveries import sent_targets
from ..db.profiles import add_audit
from ..household.access import Actor
from ..household.database import async_write
from ..models import BettiConfigEntry
from ..notifications.contacts import policy, recipients
from ..notifications.deadline import ProfileDeadline
from ..notifications.delivery import (
    async_clear,
    async_push,
    async_record_acknowledged,
)
from .answers import Answerer, async_answer_text, async_answerer, async_push_actions
from .escalation import AlertSource, Severity, Stage, Step, alert_tag, plan

_LOGGER = logging.getLogger(__name__)
SIGNAL_ALERT = f"{DOMAIN}_alert_{{}}"
DELIVERY_SOURCE = "alert"
# Who answered replaces the alert's push: logged apart, so one help call reads as one.
ANSWERED_SOURCE = "answered"


class AlertEngine(ProfileDeadline):
    """One profile's alerts: their escalation timer and acknowledgements."""

    def __init__(self, hass: HomeAssistant, entry: BettiConfigEntry) -> None:
        """Prepare; ``async_start`` resumes the escalations the database holds."""
        super().__init__(hass, entry, self._async_run_in_background)

    @callback
    def _async_run_in_background(self) -> None:
        # An entry's background tasks are cancelled when it unloads; a step cut short is
        # re-run on the next start (the tag makes a repeated push replace the first).
        self.entry.async_create_background_task(
            self.hass, self._async_run_due(), f"{DOMAIN} alerts {self.entry.entry_id}"
        )

    async def _async_write[**P, T](
        self,
        func: Callable[Concatenate[sqlite3.Connection, P], T],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T:
        return await async_write(
            self.entry.runtime_data.database, func, *args, **kwargs
        )

    def _audit(
        self,
        conn: sqlite3.Connection,
        action: str,
        alert_id: int,
        at: datetime,
        actor: Actor,
    ) -> None:
        add_audit(
            conn,
            self.entry.entry_id,
            at=at,
            user_id=actor.user_id,
            source=actor.source,
            action=action,
            detail={"id": alert_id},
        )

    def _signal(self, event_type: str, alert_id: int, **attributes: Any) -> None:
        async_dispatcher_send(
            self.hass,
            SIGNAL_ALERT.format(self.entry.entry_id),
            event_type,
            {"alert_id": alert_id, **attributes},
        )

    async def async_raise(
        self,
        *,
        source: AlertSource,
        severity: Severity,
        message: str,
        dedupe_key: str | None,
        urgent: bool,
        user_id: str | None,
    ) -> int:
        """Store a new alert with its plan and run its first stage at once."""
        now = dt_util.utcnow()
        person, contacts, household = recipients(self.hass, self.entry)
        steps = plan(
            now,
            severity=severity,
            urgent=urgent,
            policy=policy(self.entry),
            person=person,
            contacts=contacts,
            household=household,
        )

        def store(conn: sqlite3.Connection) -> tuple[int, bool]:
            alert_id, created = add_alert(
                conn,
                self.entry.entry_id,
                source=source,
                severity=severity,
                message=message,
                created_at=now,
                steps=steps,
                dedupe_key=dedupe_key,
            )
            if created:
                self._audit(conn, "alert_raised", alert_id, now, Actor(user_id, source))
            return alert_id, created

        alert_id, created = await self._async_write(store)
        if created:
            self._signal(
                "raised", alert_id, source=source, severity=severity, message=message
            )
            await self._async_run_due()
        return alert_id

    async def async_acknowledge(
        self,
        alert_id: int | None,
        *,
        user_id: str | None,
        via: str,
        target: str | None = None,
    ) -> list[int]:
        """Stop escalation of one (or every open) alert and clear its notifications.

        LookupError / AlreadyAcknowledgedError for an unknown or already answered alert.
        """
        now = dt_util.utcnow()

        def store(conn: sqlite3.Connection) -> list[int]:
            ids = acknowledge(
                conn, self.entry.entry_id, alert_id, at=now, user_id=user_id, via=via
            )
            for each in ids:
                self._audit(conn, "alert_acknowledged", each, now, Actor(user_id, via))
            return ids

        answerer = await async_answerer(
            self.hass, self.entry, user_id=user_id, via=via, target=target
        )
        async with self._lock:
            ids = await self._async_write(store)
            for each in ids:
                tag = alert_tag(each)
                await async_record_acknowledged(
                    self.entry,
                    target or via,
                    tag,
                    source=DELIVERY_SOURCE,
                    alert_id=each,
                )
                await self._async_tell_answered(each, answerer)
                self._signal("acknowledged", each, via=via)
            await self._async_reschedule()
        await self.entry.runtime_data.alerts.async_refresh()
        return ids

    async def _async_tell_answered(
        self, alert_id: int, answerer: Answerer | None
    ) -> None:
        """Clear the answerer's push; replace everyone else's with who answered."""
        database = self.entry.runtime_data.database
        tag = alert_tag(alert_id)
        reached = await database.async_read(sent_targets, alert_id)
        told = [t for t in reached if answerer and t not in answerer.phones]
        await async_clear(
            self.hass,
            self.entry,
            [t for t in reached if t not in told],
            tag,
            source=DELIVERY_SOURCE,
            alert_id=alert_id,
        )
        if answerer is None or not told:
            return
        alert = await database.async_read(get_alert, alert_id)
        text = await async_answer_text(self.hass, answerer, alert.source)
        await asyncio.gather(
            *(
                async_push(
                    self.hass,
                    self.entry,
                    target,
                    title=f"Betti · {self.entry.title}",
                    message=text,
                    tag=tag,
                    source=ANSWERED_SOURCE,
                    alert_id=alert_id,
                )
                for target in told
            )
        )

    async def _async_run_due(self) -> None:
        async with self._lock:
            database = self.entry.runtime_data.database
            while steps := await database.async_read(
                due_steps, self.entry.entry_id, dt_util.utcnow()
            ):
                for alert_id, step in steps:
                    await self._async_run_step(alert_id, step)
            await self._async_reschedule()
        await self.entry.runtime_data.alerts.async_refresh()

    async def _async_run_step(self, alert_id: int, step: Step) -> None:
        alert = await self.entry.runtime_data.database.async_read(get_alert, alert_id)
        person = [r for r in step.recipients if r.kind == "person"]
        own = {target for r in person for target in r.targets}
        actions = {
            to_person: await async_push_actions(
                self.hass, self.entry, alert_id, alert.severity, to_person=to_person
            )
            for to_person in (True, False)
        }
        await asyncio.gather(
            *(
                async_push(
                    self.hass,
                    self.entry,
                    target,
                    title=f"Betti · {self.entry.title}",
                    message=alert.message,
                    tag=alert_tag(alert_id),
                    actions=actions[target in own],
                    critical=alert.severity is Severity.CRITICAL,
                    source=DELIVERY_SOURCE,
                    alert_id=alert_id,
                )
                for target in step.targets
            )
        )
        await self._async_write(complete_step, alert_id, step, dt_util.utcnow())
        if step.stage > max(alert.stage, Stage.PERSON):
            self._signal("escalated", alert_id, stage=int(step.stage))

    async def _async_reschedule(self) -> None:
        self._deadline.async_cancel()
        deadline = await self.entry.runtime_data.database.async_read(
            next_deadline, self.entry.entry_id
        )
        self._deadline.async_set(deadline)
