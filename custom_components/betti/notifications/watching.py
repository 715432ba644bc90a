"""Once a day, "Betti is watching": tell the carers when a person's phones went silent.

Optional (``watching`` option, off by default). At 10:00 HA time, if none of the person's
companion-app phones was heard from in 24 h (the app reported any entity of its device, or a
Betti push to it was answered), each carer gets a critical push (never capped), again each day
the silence lasts, and a repair stays up until a phone reports. Other targets (SMS, e-mail)
cannot be checked: they count neither way.
"""

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from homeassistant.const import (
    EVENT_STATE_CHANGED,
    EVENT_STATE_REPORTED,
    STATE_UNAVAILABLE,
)
from homeassistant.core import CALLBACK_TYPE, Event, HomeAssistant, callback
from homeassistant.helpers import (
    device_registry as dr,
    entity_registry as er,
    issue_registry as ir,
)
from homeassistant.helpers.event import async_track_time_change
from homeassistant.util import dt as dt_util

from ..const import DOMAIN
from ..db.deliveries import last_acknowledged
from ..household.permissions import phone_entry
from ..models import BettiConfigEntry
from .contacts import CONF_WATCHING, carer_targets, normalize_target, own_targets
from .delivery import async_push
from .texts import async_short_date, async_text

SOURCE = "watching"
SILENCE = timedelta(hours=24)


def _app_phones(hass: HomeAssistant, entry: BettiConfigEntry) -> dict[str, list[str]]:
    """Map the person's companion-app targets to their devices' entity ids."""
    devices, entities = dr.async_get(hass), er.async_get(hass)
    phones = {}
    for target in map(normalize_target, own_targets(entry)):
        if app := phone_entry(hass, target):
            phones[target] = [
                entity.entity_id
                for device in dr.async_entries_for_config_entry(devices, app.entry_id)
                for entity in er.async_entries_for_device(entities, device.id)
            ]
    return phones


class PhoneWatch:
    """The daily check of one profile, and the repair it keeps while the phones are silent."""

    def __init__(self, hass: HomeAssistant, entry: BettiConfigEntry) -> None:
        """Prepare; nothing runs before ``async_start``."""
        self.hass = hass
        self.entry = entry
        self._issue_id = f"phones_silent_{entry.entry_id}"
        self._unsubs: list[CALLBACK_TYPE] = []

    @callback
    def async_start(self) -> CALLBACK_TYPE:
        """Check every day at 10:00 local; return the stop, for ``entry.async_on_unload``."""
        unsub_daily = async_track_time_change(
            self.hass, self.async_check, hour=10, minute=0, second=0
        )

        @callback
        def stop() -> None:
            unsub_daily()
            self._all_well()

        return stop

    async def async_check(self, _now: datetime | None = None) -> None:
        """Tell the carers if the option is on and no app phone was heard from in 24 h."""
        phones = _app_phones(self.hass, self.entry)
        watching = self.entry.options.get(CONF_WATCHING) and phones
        if watching and (silent_since := await self._async_silence(phones)):
            await self._async_tell(phones, silent_since)
        else:
            self._all_well()

    async def _async_silence(self, phones: dict[str, list[str]]) -> datetime | None:
        """Return since when no phone was heard from, or None if one was within 24 h."""
        answered = await self.entry.runtime_data.database.async_read(
            last_acknowledged, list(phones)
        )
        states = [self.hass.states.get(e) for ids in phones.values() for e in ids]
        # "unavailable" is HA's own word when the app is gone, not the phone reporting.
        heard = [s.last_reported for s in states if s and s.state != STATE_UNAVAILABLE]
        last = max([*heard, answered] if answered else heard, default=None)
        # Never heard from (a phone added while off): the silence is known to last 24 h.
        silence = dt_util.utcnow() - SILENCE
        return None if last is not None and last >= silence else last or silence

    async def _async_tell(self, phones: dict[str, list[str]], last: datetime) -> None:
        """Raise the repair, listen for a phone to report, push to each carer."""
        self._all_well()  # yesterday's listener makes way for today's
        entity_ids = {entity_id for ids in phones.values() for entity_id in ids}

        @callback
        def from_phone(data: Mapping[str, Any]) -> bool:
            # A removed entity (no new state) or an unavailable one is no report.
            state = getattr(data.get("new_state"), "state", STATE_UNAVAILABLE)
            return data["entity_id"] in entity_ids and state != STATE_UNAVAILABLE

        @callback
        def reported(_event: Event[Any]) -> None:
            self._all_well()

        bus = self.hass.bus
        self._unsubs = [
            bus.async_listen(EVENT_STATE_CHANGED, reported, event_filter=from_phone),
            bus.async_listen(EVENT_STATE_REPORTED, reported, event_filter=from_phone),
        ]
        name, tag = self.entry.title, f"betti_watching_{self.entry.entry_id}"
        since = await async_short_date(self.hass, dt_util.as_local(last), clock=True)
        ir.async_create_issue(
            self.hass,
            DOMAIN,
            self._issue_id,
            is_fixable=False,
            severity=ir.IssueSeverity.WARNING,
            translation_key="phones_silent",
            translation_placeholders={"name": name, "since": since},
        )
        title = await async_text(self.hass, "watching_title")
        message = await async_text(self.hass, "watching", name=name, since=since)
        for carer in carer_targets(self.hass, self.entry):
            if carer not in phones:  # a shared user's own silent phone would not hear
                await async_push(
                    self.hass,
                    self.entry,
                    carer,
                    title=title,
                    message=message,
                    tag=tag,
                    critical=True,
                    source=SOURCE,
                )

    @callback
    def _all_well(self) -> None:
        while self._unsubs:
            self._unsubs.pop()()
        ir.async_delete_issue(self.hass, DOMAIN, self._issue_id)
