"""Asking whose a reading is: the repair, and the "Was this you?" push on each candidate's phones.

Each person it may belong to gets the question on their own phones, with the reading in their
own units (it may be theirs, so they may see it). One tag per unclaimed reading, so settling it
in any way clears it from every phone. The buttons' ids name the reading and the person asked,
so an answer tapped after a restart needs nothing but the database. A phone of someone who
may not answer for that person (a relative's phone that gets her alerts, her profile not shared
with them) is not asked: the question shows her reading.
"""

import asyncio
from collections.abc import Coroutine, Iterable
from datetime import datetime
from typing import Any

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir
from homeassistant.util import dt as dt_util

from ..const import DOMAIN
from ..db.deliveries import Delivery
from ..db.devices import PendingReading, pending_reading
from ..household.database import DATA_DATABASE
from ..household.permissions import may_act, phone_user
from ..models import BettiConfigEntry, is_profile_entry
from ..notifications.contacts import own_targets
from ..notifications.delivery import async_clear, async_push
from ..notifications.texts import async_text
from .units import preferred_unit, to_preferred

MINE_PREFIX = "BETTI_VITAL_MINE_"
NOT_MINE_PREFIX = "BETTI_VITAL_NOT_MINE_"
DELIVERY_SOURCE = "vitals"


ISSUE_UNCLAIMED = "unclaimed_reading_{pending_id}"


def profiles_of(hass: HomeAssistant, ids: Iterable[str]) -> list[BettiConfigEntry]:
    """Return the loaded profiles among ``ids``."""
    return [
        entry
        for entry_id in ids
        if (entry := hass.config_entries.async_get_entry(entry_id))
        and entry.state is ConfigEntryState.LOADED
        and is_profile_entry(entry)
    ]


@callback
def async_ask_whose(hass: HomeAssistant, pending_id: int, device: str) -> None:
    """Raise the repair, and ask each candidate on their phones in the background."""
    ir.async_create_issue(
        hass,
        DOMAIN,
        ISSUE_UNCLAIMED.format(pending_id=pending_id),
        is_fixable=True,
        is_persistent=True,
        severity=ir.IssueSeverity.WARNING,
        translation_key="unclaimed_reading",
        translation_placeholders={"device": device},
        data={"pending_id": pending_id},
    )
    # Not while the device is still connected and sending.
    hass.async_create_background_task(
        _async_push(hass, pending_id, device), f"{DOMAIN} ask whose {pending_id}"
    )


async def _async_push(hass: HomeAssistant, pending_id: int, device: str) -> None:
    reading = await hass.data[DATA_DATABASE].async_read(pending_reading, pending_id)
    if reading is not None:
        entries = profiles_of(hass, reading.candidates)
        await async_ask_candidates(hass, reading, entries, device)


def whose_tag(pending_id: int) -> str:
    """Return the tag of the question about one unclaimed reading."""
    return f"betti_unclaimed_{pending_id}"


def answer_action(prefix: str, pending_id: int, profile_id: str) -> str:
    """Return a button's action id: the answer, the reading and who was asked."""
    return f"{prefix}{pending_id}_{profile_id}"


async def _reading_text(
    hass: HomeAssistant, reading: PendingReading, entry: BettiConfigEntry
) -> str:
    profile = entry.runtime_data.profile
    parts = [
        f"{await async_text(hass, f'metric_{metric}')} "
        f"{round(to_preferred(metric, value, profile), 1):g} "
        f"{preferred_unit(metric, profile)}"
        for metric, value in reading.values.items()
    ]
    text = ", ".join(parts)
    return text[:1].upper() + text[1:]


def _when(measured_at: datetime) -> str:
    local = dt_util.as_local(measured_at)
    # Devices also hand over readings kept for days: those need their date.
    if local.date() == dt_util.now().date():
        return local.strftime("%H:%M")
    return local.strftime("%Y-%m-%d %H:%M")


async def _async_answering_phones(
    hass: HomeAssistant, entry: BettiConfigEntry
) -> list[str]:
    """Return the person's phones, less those of a user who may not act for her.

    A target no companion app names a user for (a text-message service) is hers by her
    own settings and stays.
    """
    phones = []
    for target in own_targets(entry):
        user_id = phone_user(hass, target)
        user = await hass.auth.async_get_user(user_id) if user_id else None
        if user_id is None or (user is not None and may_act(hass, user, entry)):
            phones.append(target)
    return phones


async def async_ask_candidates(
    hass: HomeAssistant,
    reading: PendingReading,
    entries: list[BettiConfigEntry],
    device: str,
) -> None:
    """Ask each of ``entries`` on their own phones whether the reading is theirs."""
    title = await async_text(hass, "vital_whose_title")
    yes = await async_text(hass, "vital_whose_mine")
    no = await async_text(hass, "vital_whose_not_mine")
    pushes: list[Coroutine[Any, Any, Delivery]] = []
    for entry in entries:
        message = await async_text(
            hass,
            "vital_whose_message",
            reading=await _reading_text(hass, reading, entry),
            time=_when(reading.measured_at),
            device=device,
        )
        actions = [
            (answer_action(MINE_PREFIX, reading.pending_id, entry.entry_id), yes),
            (answer_action(NOT_MINE_PREFIX, reading.pending_id, entry.entry_id), no),
        ]
        pushes.extend(
            async_push(
                hass,
                entry,
                target,
                title=title,
                message=message,
                tag=whose_tag(reading.pending_id),
                actions=actions,
                source=DELIVERY_SOURCE,
            )
            for target in await _async_answering_phones(hass, entry)
        )
    await asyncio.gather(*pushes)


async def async_clear_question(
    hass: HomeAssistant, pending_id: int, entries: list[BettiConfigEntry]
) -> None:
    """Remove the question from the phones of each of ``entries``."""
    await asyncio.gather(
        *(
            async_clear(
                hass,
                entry,
                own_targets(entry),
                whose_tag(pending_id),
                source=DELIVERY_SOURCE,
            )
            for entry in entries
        )
    )
