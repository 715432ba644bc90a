"""Unclaimed readings: asking whose they are, and settling them however the answer comes.

A reading a shared device could not give to one person is parked (``pending_vitals``) and
asked about twice: a repair for the household's admins, and a "Was this you?" push to each
person it may belong to. Every answer (phone button, repair flow, action) goes through the
functions here, so each stores the reading the same way, writes an audit row, and takes the
question off every phone and out of Repairs.
"""

import logging
import sqlite3

from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import issue_registry as ir
from homeassistant.util import dt as dt_util

from ..const import CONF_DEVICE_USERS, CONF_PROFILES, DOMAIN
from ..db.devices import (
    PendingReading,
    claim_pending,
    decline_pending,
    discard_pending,
    pending_reading,
)
from ..db.profiles import add_audit
from ..household.database import DATA_DATABASE, async_write
from ..household.permissions import may_act
from ..models import BettiConfigEntry
from ..notifications.delivery import ActionHandler, async_register_action
from .intake import async_reading_filed
from .pushes import (
    ISSUE_UNCLAIMED,
    MINE_PREFIX,
    NOT_MINE_PREFIX,
    async_clear_question,
    profiles_of,
)

_LOGGER = logging.getLogger(__name__)


class ClaimError(Exception):
    """A reading cannot go to that profile; ``reason`` is a translation key."""

    def __init__(self, reason: str) -> None:
        """Keep the reason."""
        super().__init__(reason)
        self.reason = reason


def device_profiles(hass: HomeAssistant, address: str) -> list[BettiConfigEntry]:
    """Return the profiles a device feeds: whom an admin may give its readings to."""
    device = hass.config_entries.async_entry_for_domain_unique_id(DOMAIN, address)
    return profiles_of(hass, device.options.get(CONF_PROFILES, []) if device else [])


async def async_may_answer(
    hass: HomeAssistant,
    user_id: str | None,
    entry: BettiConfigEntry,
    reading: PendingReading,
) -> bool:
    """Whether a user may answer for ``entry`` (the access rule) while it is asked; admins may always.

    No user means an automation or Home Assistant itself, which act for the household.
    """
    if user_id is None:
        return True
    user = await hass.auth.async_get_user(user_id)
    if user is None:
        return False
    return user.is_admin or (
        may_act(hass, user, entry) and entry.entry_id in reading.candidates
    )


async def async_assign(
    hass: HomeAssistant,
    reading: PendingReading,
    owner: BettiConfigEntry,
    *,
    user_id: str | None,
    source: str,
) -> int:
    """File a parked reading as ``owner``'s; return its new id.

    ClaimError if the device does not feed ``owner``, LookupError if someone settled the
    reading meanwhile; nothing is written then.
    """
    if owner.entry_id not in {
        e.entry_id for e in device_profiles(hass, reading.device)
    }:
        raise ClaimError("pending_vital_not_for_profile")

    def write(conn: sqlite3.Connection) -> int:
        vital_id = claim_pending(conn, reading.pending_id, owner.entry_id)
        add_audit(
            conn,
            owner.entry_id,
            at=dt_util.utcnow(),
            user_id=user_id,
            source=source,
            action="vital_assigned",
            detail={"id": vital_id, "pending_id": reading.pending_id},
        )
        return vital_id

    vital_id = await async_write(hass.data[DATA_DATABASE], write)
    if reading.user_id is not None:
        _remember_user(hass, reading.device, reading.user_id, owner.entry_id)
    await _async_settled(hass, reading)
    await async_reading_filed(
        hass, owner, reading.kind, reading.measured_at, reading.values
    )
    return vital_id


async def async_discard(
    hass: HomeAssistant, reading: PendingReading, *, user_id: str | None, source: str
) -> None:
    """Delete a parked reading nobody here owns; the candidates' audit logs say who did."""
    asked = profiles_of(hass, reading.candidates)

    def write(conn: sqlite3.Connection) -> None:
        discard_pending(conn, reading.pending_id)
        for entry in asked:
            add_audit(
                conn,
                entry.entry_id,
                at=dt_util.utcnow(),
                user_id=user_id,
                source=source,
                action="pending_vital_deleted",
                detail={"pending_id": reading.pending_id},
            )

    await async_write(hass.data[DATA_DATABASE], write)
    await _async_settled(hass, reading)


async def async_decline(
    hass: HomeAssistant,
    reading: PendingReading,
    entry: BettiConfigEntry,
    *,
    user_id: str | None,
) -> None:
    """Stop asking a person who says the reading is not theirs.

    The others are not asked again: the question is still on their phones, unchanged, and
    one "not me" does not make it theirs (a visitor's, say). When nobody is left, the
    repair stays for an admin to decide.
    """
    if entry.entry_id not in reading.candidates:
        return

    def write(conn: sqlite3.Connection) -> list[str]:
        left = decline_pending(conn, reading.pending_id, entry.entry_id)
        add_audit(
            conn,
            entry.entry_id,
            at=dt_util.utcnow(),
            user_id=user_id,
            source="phone",
            action="vital_declined",
            detail={"pending_id": reading.pending_id},
        )
        return left

    left = await async_write(hass.data[DATA_DATABASE], write)
    await async_clear_question(hass, reading.pending_id, [entry])
    if not left:
        _LOGGER.debug("Nobody claims reading %s; the repair waits", reading.pending_id)


async def _async_settled(hass: HomeAssistant, reading: PendingReading) -> None:
    ir.async_delete_issue(
        hass, DOMAIN, ISSUE_UNCLAIMED.format(pending_id=reading.pending_id)
    )
    await async_clear_question(
        hass, reading.pending_id, profiles_of(hass, reading.candidates)
    )


def _remember_user(hass: HomeAssistant, address: str, user_id: int, owner: str) -> None:
    """Next time this device sends this user number, it is this person's."""
    device = hass.config_entries.async_entry_for_domain_unique_id(DOMAIN, address)
    if device is None:
        return
    users = {
        profile: number
        for profile, number in device.options.get(CONF_DEVICE_USERS, {}).items()
        if number != user_id
    }
    hass.config_entries.async_update_entry(
        device, options={**device.options, CONF_DEVICE_USERS: {**users, owner: user_id}}
    )


@callback
def async_setup_vital_actions(hass: HomeAssistant) -> None:
    """Handle the "Yes, it's mine" and "Not me" buttons, whenever they are tapped."""

    def handler(*, mine: bool) -> ActionHandler:
        async def answer(suffix: str, event: Event) -> None:
            pending_id, _, profile_id = suffix.partition("_")
            entries = profiles_of(hass, [profile_id])
            if not pending_id.isdecimal() or not entries:
                return
            entry = entries[0]
            reading = await hass.data[DATA_DATABASE].async_read(
                pending_reading, int(pending_id)
            )
            user_id = event.context.user_id
            if reading is None or not await async_may_answer(
                hass, user_id, entry, reading
            ):
                _LOGGER.debug("Answer %s is late or not the user's to give", suffix)
                return
            try:
                if mine:
                    await async_assign(
                        hass, reading, entry, user_id=user_id, source="phone"
                    )
                else:
                    await async_decline(hass, reading, entry, user_id=user_id)
            except (ClaimError, LookupError, HomeAssistantError) as err:
                _LOGGER.warning(
                    "Answer about reading %s not filed: %r", pending_id, err
                )

        return answer

    async_register_action(hass, MINE_PREFIX, handler(mine=True))
    async_register_action(hass, NOT_MINE_PREFIX, handler(mine=False))
