"""The "Send test alert" button: reach every phone and contact once, and report who answered.

Each of the person's phones and each emergency contact gets a test push (plainly a test, not
critical) with "That reached me". A push the notify service refuses raises a repair naming
whom it was for: that is something to fix. ``ANSWER_WINDOW`` later a notification lists who
answered, who did not and what could not be sent: the result of a check someone asked for,
read once and dismissed, as HA's own one-off reports are. The wait is kept in a store, so a
restart meanwhile neither loses the answers nor the report: it comes when due, or at start.
"""

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from homeassistant.components import persistent_notification
from homeassistant.core import CALLBACK_TYPE, Event, HomeAssistant, callback
from homeassistant.exceptions import Unauthorized
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.event import async_track_point_in_utc_time
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util
from homeassistant.util.hass_dict import HassKey

from ..const import DOMAIN
from ..db.deliveries import Result
from ..household.permissions import async_authorize
from ..models import BettiConfigEntry, loaded_profiles
from ..notifications.contacts import (
    emergency_contacts,
    normalize_target,
    own_targets,
    phone_name,
)
from ..notifications.delivery import (
    async_push,
    async_record_acknowledged,
    async_register_action,
)
from ..notifications.texts import async_text

TEST_PREFIX = "BETTI_TEST_"
DELIVERY_SOURCE = "test"
ANSWER_WINDOW = timedelta(minutes=10)
STORE_VERSION = 1


@dataclass
class _Trial:
    """One profile's test under way: whom it reached, who answered, when to report."""

    due: datetime
    recipients: dict[str, str]  # target: whom it reaches, as the report names them
    failed: list[str]
    store: Store[dict[str, Any]]
    answered: set[str] = field(default_factory=set)
    unsub: CALLBACK_TYPE | None = None

    async def async_save(self) -> None:
        """Keep the test across a restart."""
        await self.store.async_save(
            {
                "due": self.due.isoformat(),
                "recipients": self.recipients,
                "failed": self.failed,
                "answered": sorted(self.answered),
            }
        )


DATA_TRIALS: HassKey[dict[str, _Trial]] = HassKey(f"{DOMAIN}_test_alerts")


def trial_store(hass: HomeAssistant, entry_id: str) -> Store[dict[str, Any]]:
    """Return the store of a profile's test alert awaiting its report."""
    return Store(hass, STORE_VERSION, f"{DOMAIN}.{entry_id}.test_alert")


def failed_issue_id(entry_id: str, target: str) -> str:
    """Return the id of the repair for a target a test push could not be sent to."""
    return f"test_alert_failed_{entry_id}_{target}"


def _tag(entry_id: str) -> str:
    return f"betti_test_alert_{entry_id}"


def _recipients(hass: HomeAssistant, entry: BettiConfigEntry) -> dict[str, str]:
    recipients = {
        normalize_target(target): f"{entry.title} ({phone_name(hass, target)})"
        for target in own_targets(entry)
    }
    for contact in emergency_contacts(entry):
        if contact.notify_target:
            recipients.setdefault(contact.notify_target, contact.name)
    return recipients


async def async_send_test_alert(hass: HomeAssistant, entry: BettiConfigEntry) -> None:
    """Send the test to everyone who would be told of an alert; report in ANSWER_WINDOW."""
    trials = hass.data.setdefault(DATA_TRIALS, {})
    if (previous := trials.pop(entry.entry_id, None)) and previous.unsub:
        previous.unsub()
    recipients = _recipients(hass, entry)
    title = await async_text(hass, "test_alert_title", name=entry.title)
    message = await async_text(hass, "test_alert_message", name=entry.title)
    action = (f"{TEST_PREFIX}{entry.entry_id}", await async_text(hass, "test_alert_ok"))
    deliveries = await asyncio.gather(
        *(
            async_push(
                hass,
                entry,
                target,
                title=title,
                message=message,
                tag=_tag(entry.entry_id),
                actions=[action],
                source=DELIVERY_SOURCE,
            )
            for target in recipients
        )
    )
    trial = _Trial(
        dt_util.utcnow() + ANSWER_WINDOW,
        recipients,
        failed=[],
        store=trial_store(hass, entry.entry_id),
    )
    for target, delivery in zip(recipients, deliveries, strict=True):
        issue_id = failed_issue_id(entry.entry_id, target)
        if delivery.result is not Result.FAILED:
            ir.async_delete_issue(hass, DOMAIN, issue_id)
            continue
        trial.failed.append(target)
        ir.async_create_issue(
            hass,
            DOMAIN,
            issue_id,
            is_fixable=False,
            severity=ir.IssueSeverity.ERROR,
            translation_key="test_alert_failed",
            translation_placeholders={
                "name": entry.title,
                "recipient": recipients[target],
                "target": target,
                "reason": delivery.reason or "",
            },
        )
    if not recipients:  # nobody to wait for: say so now
        await trial.store.async_remove()
        await _async_report(hass, entry, trial)
        return
    await trial.async_save()
    _async_wait(hass, entry, trial)


async def async_resume_test_alert(hass: HomeAssistant, entry: BettiConfigEntry) -> None:
    """Take up a test that was waiting for answers before a restart."""
    store = trial_store(hass, entry.entry_id)
    if not (stored := await store.async_load()):
        return
    trial = _Trial(
        datetime.fromisoformat(stored["due"]),
        stored["recipients"],
        failed=stored["failed"],
        store=store,
        answered=set(stored["answered"]),
    )
    _async_wait(hass, entry, trial)


@callback
def _async_wait(hass: HomeAssistant, entry: BettiConfigEntry, trial: _Trial) -> None:
    """Report at the trial's due time; one already due is reported at once."""
    trials = hass.data.setdefault(DATA_TRIALS, {})
    trials[entry.entry_id] = trial

    async def report(_now: datetime) -> None:
        trials.pop(entry.entry_id, None)
        await trial.store.async_remove()
        await _async_report(hass, entry, trial)

    trial.unsub = async_track_point_in_utc_time(hass, report, trial.due)
    entry.async_on_unload(trial.unsub)


async def _async_report(
    hass: HomeAssistant, entry: BettiConfigEntry, trial: _Trial
) -> None:
    def names(keep: Callable[[str], bool]) -> str:
        return ", ".join(name for t, name in trial.recipients.items() if keep(t))

    answered = names(lambda t: t in trial.answered)
    silent = names(lambda t: t not in trial.answered and t not in trial.failed)
    unsent = names(lambda t: t in trial.failed)
    minutes = int(ANSWER_WINDOW.total_seconds() // 60)
    if not trial.recipients:
        lines = [await async_text(hass, "test_alert_no_one", name=entry.title)]
    else:
        nobody = await async_text(hass, "test_alert_nobody")
        lines = [
            await async_text(
                hass, "test_alert_answered", minutes=minutes, names=answered or nobody
            )
        ]
        if silent:
            lines.append(await async_text(hass, "test_alert_silent", names=silent))
        if unsent:
            lines.append(await async_text(hass, "test_alert_unsent", names=unsent))
    persistent_notification.async_create(
        hass,
        "\n\n".join(lines),
        title=await async_text(hass, "test_alert_report_title", name=entry.title),
        notification_id=_tag(entry.entry_id),
    )


@callback
def async_setup_test_answers(hass: HomeAssistant) -> None:
    """Hear "That reached me" from any phone, for whichever profile's test it was."""

    async def answered(suffix: str, event: Event) -> None:
        entry = next((e for e in loaded_profiles(hass) if e.entry_id == suffix), None)
        trial = hass.data.get(DATA_TRIALS, {}).get(suffix)
        action_data = event.data.get("action_data")
        target = action_data.get("target") if isinstance(action_data, dict) else None
        if entry is None or trial is None or target not in trial.recipients:
            return
        try:
            await async_authorize(
                hass, entry, event.context, action="test answer", pushed_to=[target]
            )
        except Unauthorized:
            return  # logged by the rule
        if hass.data[DATA_TRIALS].get(suffix) is not trial:
            return  # reported meanwhile
        trial.answered.add(target)
        await trial.async_save()
        await async_record_acknowledged(
            entry, target, _tag(entry.entry_id), source=DELIVERY_SOURCE, alert_id=None
        )

    async_register_action(hass, TEST_PREFIX, answered)
