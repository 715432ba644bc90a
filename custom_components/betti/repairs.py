"""Readings nobody could be sure of: a repair asks whose they are, and files them.

Raised by ``vitals.pushes.async_ask_whose``; assigning and deleting go through
``vital_claims`` too, so the phones' "Was this you?" question is cleared either way.
"""

from contextlib import suppress
from typing import Any

from homeassistant.components.repairs import RepairsFlow, RepairsFlowResult
from homeassistant.core import HomeAssistant
from homeassistant.helpers.selector import (
    SelectOptionDict,
    SelectSelector,
    SelectSelectorConfig,
)
from homeassistant.util import dt as dt_util
import probatio

from .db.devices import PendingReading, pending_reading
from .household.database import DATA_DATABASE
from .vitals.claims import async_assign, async_discard, device_profiles
from .vitals.units import stored_unit


def _summary(reading: PendingReading) -> str:
    return ", ".join(
        f"{value:g} {stored_unit(metric)}" for metric, value in reading.values.items()
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
                "pending_id": str(reading.pending_id),
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
        people = device_profiles(self.hass, reading.device)
        if user_input is not None:
            owner = next((e for e in people if e.entry_id == user_input["owner"]), None)
            # Their profile went away, or someone else settled it, meanwhile.
            with suppress(LookupError):
                if owner is not None:
                    await async_assign(
                        self.hass, reading, owner, user_id=None, source="repair"
                    )
                    return self.async_create_entry(data={})
            return self.async_abort(reason="already_handled")
        options = [
            SelectOptionDict(value=entry.entry_id, label=entry.title)
            for entry in people
        ]
        return self.async_show_form(
            step_id="assign",
            data_schema=probatio.Schema(
                {
                    probatio.Required("owner"): SelectSelector(
                        SelectSelectorConfig(options=options)
                    )
                }
            ),
        )

    async def async_step_discard(
        self, user_input: dict[str, Any] | None = None
    ) -> RepairsFlowResult:
        """Delete it: a visitor stepped on the scale, say."""
        if (reading := await self._reading()) is not None:
            await async_discard(self.hass, reading, user_id=None, source="repair")
        return self.async_create_entry(data={})

    async def _reading(self) -> PendingReading | None:
        return await self.hass.data[DATA_DATABASE].async_read(
            pending_reading, self.pending_id
        )


async def async_create_fix_flow(
    hass: HomeAssistant, issue_id: str, data: dict[str, Any] | None
) -> RepairsFlow:
    """Create the flow for an unclaimed reading."""
    return WhoseReadingFlow(int((data or {})["pending_id"]))
