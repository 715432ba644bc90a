"""Readings nobody could be sure of: a repair asks whose they are, and files them."""

from typing import Any

from homeassistant.components.repairs import RepairsFlow, RepairsFlowResult
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.selector import (
    SelectOptionDict,
    SelectSelector,
    SelectSelectorConfig,
)
from homeassistant.util import dt as dt_util
import probatio

from .const import CONF_DEVICE_USERS, DOMAIN
from .db.devices import PendingReading, claim_pending, discard_pending, pending_reading
from .household import DATA_DATABASE
from .models import BettiConfigEntry
from .units import stored_unit

ISSUE_UNCLAIMED = "unclaimed_reading_{pending_id}"


def _summary(reading: PendingReading) -> str:
    return ", ".join(
        f"{value:g} {stored_unit(metric)}" for metric, value in reading.values.items()
    )


@callback
def async_ask_whose(hass: HomeAssistant, pending_id: int, device: str) -> None:
    """Raise the repair that asks the household whose reading this is."""
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


class WhoseReadingFlow(RepairsFlow):
    """File a reading with the person it belongs to, or throw it away."""

    def __init__(self, pending_id: int) -> None:
        """Remember which reading this is about."""
        self.pending_id = pending_id

    async def async_step_init(
        self, user_input: dict[str, Any] | None = None
    ) -> RepairsFlowResult:
        """Show the reading and ask what to do with it."""
        reading = await self._reading()
        if reading is None:
            return self.async_abort(reason="already_handled")
        return self.async_show_menu(
            step_id="init",
            menu_options=["assign", "discard"],
            description_placeholders={
                "device": reading.device,
                "reading": _summary(reading),
                "time": dt_util.as_local(reading.measured_at).strftime(
                    "%Y-%m-%d %H:%M"
                ),
            },
        )

    async def async_step_assign(
        self, user_input: dict[str, Any] | None = None
    ) -> RepairsFlowResult:
        """Pick the person."""
        if (reading := await self._reading()) is None:
            return self.async_abort(reason="already_handled")
        if user_input is not None:
            owner = user_input["owner"]
            await self.hass.data[DATA_DATABASE].async_write(
                claim_pending, self.pending_id, owner
            )
            entry: BettiConfigEntry | None = self.hass.config_entries.async_get_entry(
                owner
            )
            if entry and entry.state is ConfigEntryState.LOADED:
                entry.runtime_data.vital_statistics.async_reading_added(
                    reading.kind, reading.measured_at
                )
                await entry.runtime_data.vitals.async_refresh()
            if reading.user_id is not None:
                self._remember_user(reading.device, reading.user_id, owner)
            return self.async_create_entry(data={})
        people = [
            SelectOptionDict(value=entry.entry_id, label=entry.title)
            for entry_id in reading.candidates
            if (entry := self.hass.config_entries.async_get_entry(entry_id))
        ]
        return self.async_show_form(
            step_id="assign",
            data_schema=probatio.Schema(
                {
                    probatio.Required("owner"): SelectSelector(
                        SelectSelectorConfig(options=people)
                    )
                }
            ),
        )

    async def async_step_discard(
        self, user_input: dict[str, Any] | None = None
    ) -> RepairsFlowResult:
        """Delete it: a visitor stepped on the scale, say."""
        await self.hass.data[DATA_DATABASE].async_write(
            discard_pending, self.pending_id
        )
        return self.async_create_entry(data={})

    def _remember_user(self, address: str, user_id: int, owner: str) -> None:
        """Next time this device sends this user number, it is this person's."""
        device = self.hass.config_entries.async_entry_for_domain_unique_id(
            DOMAIN, address
        )
        if device is None:
            return
        users = {
            profile: number
            for profile, number in device.options.get(CONF_DEVICE_USERS, {}).items()
            if number != user_id
        }
        self.hass.config_entries.async_update_entry(
            device,
            options={**device.options, CONF_DEVICE_USERS: {**users, owner: user_id}},
        )

    async def _reading(self) -> PendingReading | None:
        return await self.hass.data[DATA_DATABASE].async_read(
            pending_reading, self.pending_id
        )


async def async_create_fix_flow(
    hass: HomeAssistant, issue_id: str, data: dict[str, Any] | None
) -> RepairsFlow:
    """Create the flow for an unclaimed reading."""
    return WhoseReadingFlow(int((data or {})["pending_id"]))
