"""Reminders, missed-dose notices, escalation and low-stock notices, each given once.

Which notices a dose is owed comes from `medications.doses.notices`; which went out is in the
store (``dose_notices``), recorded before sending so two refreshes never both send one. A
reminder missed while HA was down is sent once (the latest one owed), not once per repeat.
"""

import asyncio
from collections.abc import Iterable

from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.util import dt as dt_util

from ..alerts.escalation import AlertSource, Severity
from ..alerts.raising import async_raise_alert
from ..const import DOMAIN
from ..db.medications import Medication, add_notices, notices, set_low_stock_notified
from ..models import BettiConfigEntry
from ..notifications.contacts import own_targets
from ..notifications.delivery import async_push
from ..notifications.texts import async_text
from .doses import Dose, notices as owed_notices
from .options import critical, reminder_settings

TAKEN_PREFIX = "BETTI_DOSE_TAKEN_"
SNOOZE_PREFIX = "BETTI_DOSE_SNOOZE_"
SKIP_PREFIX = "BETTI_DOSE_SKIP_"
DELIVERY_SOURCE = "medication"


def dose_tag(dose_key: str) -> str:
    """One tag per dose: each repeat replaces the last; resolving the dose clears it."""
    return f"betti_dose_{dose_key}"


def dose_attributes(dose: Dose) -> dict[str, object]:
    """Return what the event entity carries about a dose."""
    return {
        "medication_id": dose.medication.medication_id,
        "medication": dose.medication.label,
        "due": dose.due.isoformat(),
        "dose": dose.key,
        "amount": dose.amount,
    }


async def async_give_notices(
    hass: HomeAssistant,
    entry: BettiConfigEntry,
    doses: list[Dose],
    meds: list[Medication],
) -> None:
    """Give every notice now owed and not yet given."""
    database = entry.runtime_data.database
    settings = reminder_settings(entry)
    now = dt_util.utcnow()
    since = min((dose.due for dose in doses), default=now)
    given = await database.async_read(notices, [m.medication_id for m in meds], since)
    owed: list[tuple[Dose, list[str]]] = []
    for dose in doses:
        mid = dose.medication.medication_id
        keys = [
            key
            for key, at in sorted(owed_notices(dose, settings, now), key=lambda n: n[1])
            if at <= now and (mid, dose.due, key) not in given
        ]
        if keys:
            owed.append((dose, keys))
    if owed:
        rows = [
            (d.medication.medication_id, d.due, k) for d, keys in owed for k in keys
        ]
        await database.async_write(add_notices, rows, now)
    for dose, keys in owed:
        await _async_dose_notices(hass, entry, dose, keys)
    await _async_stock(hass, entry, meds)


async def _async_dose_notices(
    hass: HomeAssistant, entry: BettiConfigEntry, dose: Dose, keys: list[str]
) -> None:
    coordinator = entry.runtime_data.medications
    reminders = [k for k in keys if k == "pre" or k.startswith("remind:")]
    if reminders:
        latest = reminders[-1]
        kind = (
            "pre_reminder"
            if latest == "pre"
            else "due"
            if latest == f"remind:{dose.due.isoformat()}:0"
            else "repeat"
        )
        coordinator.signal(kind, **dose_attributes(dose))
        await _async_remind(hass, entry, dose, pre=latest == "pre")
    if "missed" in keys:
        coordinator.signal("missed", **dose_attributes(dose))
    if "escalate" in keys:
        await async_raise_alert(
            hass,
            entry,
            source=AlertSource.MISSED_DOSE,
            severity=Severity.WARNING,
            message_key="medication_missed_alert",
            placeholders={
                "name": entry.title,
                "medication": dose.medication.label,
                "time": dose.local.strftime("%H:%M"),
            },
            dedupe_key=f"dose_{dose.key}",
        )


async def _async_dose_text(hass: HomeAssistant, dose: Dose) -> str:
    """How much to take: "2 tablet", or "2 doses" for a medicine with no form."""
    amount = f"{dose.amount:g}"
    if form := dose.medication.form:
        return f"{amount} {form}"
    key = "medication_one_dose" if dose.amount == 1 else "medication_doses"
    return await async_text(hass, key, amount=amount)


async def _async_remind(
    hass: HomeAssistant, entry: BettiConfigEntry, dose: Dose, *, pre: bool
) -> None:
    medication = dose.medication
    instructions = (medication.instructions or "").strip()
    text = await async_text(
        hass,
        "medication_pre_reminder" if pre else "medication_reminder",
        medication=medication.label,
        dose=await _async_dose_text(hass, dose),
        time=dose.local.strftime("%H:%M"),
        # "with food" reads as a sentence of its own after the dose.
        instructions=instructions[:1].upper() + instructions[1:],
    )
    message = text.strip()
    actions = [
        (f"{prefix}{dose.key}", await async_text(hass, f"medication_action_{name}"))
        for prefix, name in (
            (TAKEN_PREFIX, "taken"),
            (SNOOZE_PREFIX, "snooze"),
            (SKIP_PREFIX, "skip"),
        )
        # A dose not yet due cannot be snoozed.
        if not (pre and prefix == SNOOZE_PREFIX)
    ]
    await _async_push_all(
        hass,
        entry,
        message,
        dose_tag(dose.key),
        actions,
        critical=medication.critical or critical(entry),
    )


async def _async_push_all(
    hass: HomeAssistant,
    entry: BettiConfigEntry,
    message: str,
    tag: str,
    actions: Iterable[tuple[str, str]] = (),
    *,
    critical: bool = False,
) -> None:
    title = await async_text(hass, "medication_title", name=entry.title)
    await asyncio.gather(
        *(
            async_push(
                hass,
                entry,
                target,
                title=title,
                message=message,
                tag=tag,
                actions=list(actions),
                critical=critical,
                source=DELIVERY_SOURCE,
            )
            for target in own_targets(entry)
        )
    )


def stock_issue_id(medication_id: int) -> str:
    """Return the id of the repair issue raised while a medication runs low."""
    return f"low_stock_{medication_id}"


async def _async_stock(
    hass: HomeAssistant, entry: BettiConfigEntry, meds: list[Medication]
) -> None:
    for medication in meds:
        issue_id = stock_issue_id(medication.medication_id)
        stock, threshold = medication.stock, medication.refill_threshold
        if stock is None or threshold is None or stock > threshold:
            ir.async_delete_issue(hass, DOMAIN, issue_id)
            continue
        placeholders = {
            "name": entry.title,
            "medication": medication.label,
            "stock": f"{stock:g}",
        }
        ir.async_create_issue(
            hass,
            DOMAIN,
            issue_id,
            is_fixable=False,
            severity=ir.IssueSeverity.WARNING,
            translation_key="low_stock",
            translation_placeholders=placeholders,
        )
        if medication.low_stock_notified:
            continue
        await entry.runtime_data.database.async_write(
            set_low_stock_notified, medication.medication_id
        )
        entry.runtime_data.medications.signal(
            "low_stock", medication_id=medication.medication_id, stock=stock
        )
        # An info alert: the person's phones are told once and it stays until acknowledged.
        await async_raise_alert(
            hass,
            entry,
            source=AlertSource.LOW_STOCK,
            severity=Severity.INFO,
            message_key="medication_low_stock",
            placeholders=placeholders,
            dedupe_key=issue_id,
        )
