"""Sending pushes to phones, and hearing back from them; every attempt is recorded.

The one place Betti talks to notify services: alerts and help, dose, appointment and drink
reminders, incoming calls and "Was this you?" all push through it:

- ``await async_push(hass, entry, "notify.mobile_app_alices_phone", title=…, message=…,
  tag=…, actions=[("TAKEN_12", "Taken")], critical=False, source="medication")``
  sends one push (a push with the same ``tag`` replaces the previous one on the phone) and
  returns the recorded ``Delivery`` (sent, failed with the error, or capped).
- ``await async_clear(hass, entry, targets, tag, source=…)`` removes a tag's notification.
- ``async_register_action(hass, "TAKEN_", handler)`` routes the phone's action buttons:
  ``handler(suffix, event)`` runs for every ``mobile_app_notification_action`` whose action id
  starts with the prefix (``suffix`` is the rest of the id).

Each target may receive ``DAILY_PUSH_CAP`` notifications per day, so a runaway automation
cannot use up the phone's push quota. Only what shows something new counts: clears, and pushes
that replace a notification already shown today (same tag), do not. Critical pushes (help,
critical alerts and their escalation, critical dose reminders) are never capped. Pushes over
the cap are recorded as ``capped``; the first one of the day logs a warning and tells the
profile's carers (its contacts and shared users) on their other phones, with a critical push;
each raises or updates a repair issue naming the phone and how many were held back, removed at
midnight. Every recorded push sends ``SIGNAL_PUSHED``, so the views of the log stay current.

The day is HA's local day: a household reads "100 today" as its own day, and a cap that
reset at 1 a.m. or 4 p.m. would free a burst of held-back pushes at a surprising hour.
HA's mobile app push relay allows 500 pushes per device per UTC day; a local day spans at most
two UTC days, so even then Betti's routine pushes stay under it, and uncapped critical pushes
still count toward the cap so routine pushes stop first. Should the relay refuse anyway,
HA's mobile_app logs a warning and returns normally (notify.py swallows its
``rate_limit_exceeded_sending_notification`` error), so Betti cannot see it; an error that does
reach Betti (a phone without push) is recorded as ``failed`` and logged as a warning.
"""

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime, timedelta
import logging
from typing import Any

from homeassistant.const import EVENT_HOMEASSISTANT_STOP
from homeassistant.core import CALLBACK_TYPE, Event, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.helpers.event import async_track_point_in_utc_time
from homeassistant.util import dt as dt_util
from homeassistant.util.hass_dict import HassKey

from ..const import DOMAIN
from ..db.deliveries import (
    Delivery,
    Result,
    add_delivery,
    cap_usage,
    capped_since,
)
from ..models import BettiConfigEntry
from .contacts import NOTIFY_DOMAIN, carer_targets, normalize_target, target_names
from .payload import PushAction, push_data
from .texts import async_text

_LOGGER = logging.getLogger(__name__)

DAILY_PUSH_CAP = 100
HELD_SOURCE = "pushes_held"
EVENT_NOTIFICATION_ACTION = "mobile_app_notification_action"
type ActionHandler = Callable[[str, Event], Awaitable[None]]
DATA_DELIVERY: HassKey[Delivering] = HassKey(f"{DOMAIN}_delivery")
# Sent (no arguments) when a push was recorded or a new day began: the log's views read it again.
SIGNAL_PUSHED = f"{DOMAIN}_pushed"


class Delivering:
    """Household-wide delivery state: per-target locks and the action prefixes."""

    def __init__(self) -> None:
        """Start with no prefixes registered."""
        self.locks: dict[str, asyncio.Lock] = {}
        self.handlers: dict[str, ActionHandler] = {}
        # Phones with a "pushes held back" repair today, and the midnight that removes them.
        self.held: set[str] = set()
        self.unsub_midnight: CALLBACK_TYPE | None = None

    def lock(self, target: str) -> asyncio.Lock:
        """One push at a time per target, so the cap count cannot race."""
        return self.locks.setdefault(target, asyncio.Lock())


@callback
def async_setup_delivery(hass: HomeAssistant) -> None:
    """Listen for phone notification actions, once for the household."""
    delivering = hass.data[DATA_DELIVERY] = Delivering()

    async def dispatch(event: Event) -> None:
        action = event.data.get("action")
        if not isinstance(action, str):
            return
        for prefix, handler in delivering.handlers.items():
            if action.startswith(prefix):
                await handler(action.removeprefix(prefix), event)
                return

    @callback
    def stop(_event: Event) -> None:
        if delivering.unsub_midnight is not None:
            delivering.unsub_midnight()

    hass.bus.async_listen(EVENT_NOTIFICATION_ACTION, dispatch)
    hass.bus.async_listen_once(EVENT_HOMEASSISTANT_STOP, stop)


@callback
def async_register_action(
    hass: HomeAssistant, prefix: str, handler: ActionHandler
) -> CALLBACK_TYPE:
    """Route phone actions whose id starts with ``prefix`` to ``handler``; return an undo."""
    handlers = hass.data[DATA_DELIVERY].handlers
    if prefix in handlers:
        raise ValueError(prefix)
    handlers[prefix] = handler

    @callback
    def unregister() -> None:
        handlers.pop(prefix, None)

    return unregister


def held_issue_id(target: str) -> str:
    """Return the id of the repair raised while pushes to a phone are held back."""
    return f"pushes_held_{target}"


async def _async_tell_capped(
    hass: HomeAssistant, entry: BettiConfigEntry, target: str
) -> None:
    """Tell the household (once a day per phone, then keep the count current)."""
    held = await entry.runtime_data.database.async_read(
        capped_since, target, dt_util.start_of_local_day()
    )
    if held == 1:
        _LOGGER.warning(
            "Pushes to %s are held back until midnight: its daily cap of %s is reached"
            " (help, critical alerts and critical reminders still go through)",
            target,
            DAILY_PUSH_CAP,
        )
        # Later, outside this phone's lock: a carer's phone may be waiting on its own.
        hass.async_create_task(
            _async_tell_carers(hass, entry, target), eager_start=False
        )
    ir.async_create_issue(
        hass,
        DOMAIN,
        held_issue_id(target),
        is_fixable=False,
        severity=ir.IssueSeverity.WARNING,
        translation_key="pushes_held",
        translation_placeholders={"phone": target, "held": str(held)},
    )
    delivering = hass.data[DATA_DELIVERY]
    delivering.held.add(target)
    if delivering.unsub_midnight is None:

        @callback
        def new_day(_now: datetime) -> None:
            delivering.unsub_midnight = None
            for phone in delivering.held:
                ir.async_delete_issue(hass, DOMAIN, held_issue_id(phone))
            delivering.held.clear()
            async_dispatcher_send(hass, SIGNAL_PUSHED)

        delivering.unsub_midnight = async_track_point_in_utc_time(
            hass,
            new_day,
            dt_util.as_utc(
                dt_util.start_of_local_day(dt_util.now() + timedelta(days=1))
            ),
        )


async def _async_tell_carers(
    hass: HomeAssistant, entry: BettiConfigEntry, target: str
) -> None:
    """Tell the carers' other phones, once a day per held phone; critical, so never held."""
    phone = target_names(hass, entry).get(target, target.removeprefix("notify."))
    title = await async_text(hass, "held_push_title")
    message = await async_text(hass, "held_push", name=entry.title, phone=phone)
    await asyncio.gather(
        *(
            async_push(
                hass,
                entry,
                carer,
                title=title,
                message=message,
                tag=f"betti_held_{target}",
                critical=True,
                source=HELD_SOURCE,
            )
            for carer in carer_targets(hass, entry)
            if carer != target
        )
    )


async def _async_send(
    hass: HomeAssistant, target: str, service_data: dict[str, Any]
) -> str | None:
    """Call the notify service; return why it failed, or None."""
    service = target.removeprefix(f"{NOTIFY_DOMAIN}.")
    try:
        await hass.services.async_call(
            NOTIFY_DOMAIN, service, service_data, blocking=True
        )
    except (HomeAssistantError, ValueError, TimeoutError) as err:
        return str(err) or type(err).__name__
    return None


async def _async_record(
    entry: BettiConfigEntry, target: str, **fields: Any
) -> Delivery:
    return await entry.runtime_data.database.async_write(
        add_delivery, entry.entry_id, target=target, at=dt_util.utcnow(), **fields
    )


async def async_push(
    hass: HomeAssistant,
    entry: BettiConfigEntry,
    target: str,
    *,
    title: str,
    message: str,
    tag: str,
    actions: Iterable[PushAction] = (),
    critical: bool = False,
    source: str,
    alert_id: int | None = None,
    url: str | None = None,
) -> Delivery:
    """Send one push to a notify target and record the attempt.

    Routine pushes are held back (``capped``) past the daily cap; ``critical`` ones never.
    """
    target = normalize_target(target)
    record = {"source": source, "tag": tag, "alert_id": alert_id}
    data = push_data(tag, actions, critical=critical, target=target, url=url)
    async with hass.data[DATA_DELIVERY].lock(target):
        shown, replacing = await entry.runtime_data.database.async_read(
            cap_usage, target, tag, dt_util.start_of_local_day()
        )
        if not critical and not replacing and shown >= DAILY_PUSH_CAP:
            delivery = await _async_record(
                entry,
                target,
                result=Result.CAPPED,
                reason=f"daily cap {DAILY_PUSH_CAP}",
                **record,
            )
            await _async_tell_capped(hass, entry, target)
        elif error := await _async_send(
            hass, target, {"title": title, "message": message, "data": data}
        ):
            _LOGGER.warning("Push to %s failed: %s", target, error)
            delivery = await _async_record(
                entry, target, result=Result.FAILED, reason=error, **record
            )
        else:
            delivery = await _async_record(entry, target, result=Result.SENT, **record)
    async_dispatcher_send(hass, SIGNAL_PUSHED)
    return delivery


async def async_clear(
    hass: HomeAssistant,
    entry: BettiConfigEntry,
    targets: Iterable[str],
    tag: str,
    *,
    source: str,
    alert_id: int | None = None,
) -> list[Delivery]:
    """Remove a tag's notification from each target; record each attempt."""
    deliveries = []
    for target in map(normalize_target, targets):
        async with hass.data[DATA_DELIVERY].lock(target):
            error = await _async_send(
                hass, target, {"message": "clear_notification", "data": {"tag": tag}}
            )
        deliveries.append(
            await _async_record(
                entry,
                target,
                result=Result.FAILED if error else Result.CLEARED,
                reason=error,
                source=source,
                tag=tag,
                alert_id=alert_id,
            )
        )
    return deliveries


async def async_record_acknowledged(
    entry: BettiConfigEntry, target: str, tag: str, *, source: str, alert_id: int | None
) -> Delivery:
    """Record that someone answered a notification (from a phone, the mirror or an action)."""
    return await _async_record(
        entry,
        target,
        result=Result.ACKNOWLEDGED,
        source=source,
        tag=tag,
        alert_id=alert_id,
    )
