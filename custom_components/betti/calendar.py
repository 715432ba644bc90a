"""The "Appointments" calendar of each profile: HA's calendar panel, triggers and actions.

Its ``event`` (the current or next appointment) is what the mirror shows.
"""

from datetime import datetime
from typing import Any

from homeassistant.components.calendar import (
    CalendarEntity,
    CalendarEntityDescription,
    CalendarEvent,
)
from homeassistant.components.calendar.const import (
    EVENT_DESCRIPTION,
    EVENT_END,
    EVENT_LOCATION,
    EVENT_RRULE,
    EVENT_START,
    EVENT_SUMMARY,
    CalendarEntityFeature,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.util import dt as dt_util

from .appointments import Add, Fields, Remove, Update
from .appointments.calendar_events import calendar_event, local_when
from .appointments.coordinator import AppointmentsCoordinator, async_change_appointments
from .entity import BettiEntity
from .household.privacy import is_private
from .models import BettiConfigEntry

PARALLEL_UPDATES = 1
THIS_AND_FUTURE = "THISANDFUTURE"

APPOINTMENTS = CalendarEntityDescription(
    key="appointments", translation_key="appointments"
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: BettiConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a profile's appointments calendar, unless the profile is private.

    HA's calendar APIs show every event to every user, so a private profile has none.
    """
    if is_private(entry):
        return
    async_add_entities(
        [AppointmentsCalendar(entry.runtime_data.appointments, APPOINTMENTS)]
    )


def fields_from_ha(event: dict[str, Any]) -> Fields:
    """Betti's fields from the event HA's calendar actions and panel send."""
    return Fields(
        title=event.get(EVENT_SUMMARY),
        start=event.get(EVENT_START),
        end=event.get(EVENT_END),
        location=event.get(EVENT_LOCATION),
        notes=event.get(EVENT_DESCRIPTION),
        rrule=event.get(EVENT_RRULE),
    )


class AppointmentsCalendar(BettiEntity[AppointmentsCoordinator], CalendarEntity):
    """A household member's appointments."""

    _attr_supported_features = (
        CalendarEntityFeature.CREATE_EVENT
        | CalendarEntityFeature.UPDATE_EVENT
        | CalendarEntityFeature.DELETE_EVENT
    )

    @property
    def event(self) -> CalendarEvent | None:
        """The appointment under way, or else the next one."""
        now = dt_util.now()
        tz = dt_util.get_default_time_zone()
        for event in self.coordinator.data.upcoming:
            if local_when(event.end, tz) > (
                now if isinstance(event.end, datetime) else now.date()
            ):
                return calendar_event(event, tz)
        return None

    async def async_get_events(
        self, hass: HomeAssistant, start_date: datetime, end_date: datetime
    ) -> list[CalendarEvent]:
        """Every occurrence overlapping the range (recurrences expanded off the loop)."""
        tz = dt_util.get_default_time_zone()
        events = await self.coordinator.async_events(start_date, end_date)
        return [calendar_event(event, tz) for event in events]

    async def async_create_event(self, **kwargs: Any) -> None:
        """Add an appointment from HA's calendar panel or ``calendar.create_event``."""
        caller = await self.async_authorized_caller("calendar.create_event")
        await async_change_appointments(
            self.hass,
            self.coordinator.config_entry,
            Add(fields=fields_from_ha(kwargs)),
            user_id=caller.user_id,
            source="calendar",
        )

    async def async_update_event(
        self,
        uid: str,
        event: dict[str, Any],
        recurrence_id: str | None = None,
        recurrence_range: str | None = None,
    ) -> None:
        """Change an appointment, one occurrence, or this and the following."""
        caller = await self.async_authorized_caller("calendar.update_event")
        await async_change_appointments(
            self.hass,
            self.coordinator.config_entry,
            Update(
                uid=uid,
                fields=fields_from_ha(event),
                recurrence_id=recurrence_id,
                this_and_following=recurrence_range == THIS_AND_FUTURE,
            ),
            user_id=caller.user_id,
            source="calendar",
        )

    async def async_delete_event(
        self,
        uid: str,
        recurrence_id: str | None = None,
        recurrence_range: str | None = None,
    ) -> None:
        """Remove an appointment, one occurrence, or this and the following."""
        caller = await self.async_authorized_caller("calendar.delete_event")
        await async_change_appointments(
            self.hass,
            self.coordinator.config_entry,
            Remove(
                uid=uid,
                recurrence_id=recurrence_id,
                this_and_following=recurrence_range == THIS_AND_FUTURE,
            ),
            user_id=caller.user_id,
            source="calendar",
        )
