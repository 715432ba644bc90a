"""The "Report for the doctor" button: make the last 90 days' PDF, offer it in a notification.

A button works in every HA frontend (a card's action cannot show an action's response); the
notification's link is signed, because a browser opening a link sends no HA login.
"""

from homeassistant.components import persistent_notification
from homeassistant.components.button import ButtonEntity, ButtonEntityDescription
from homeassistant.util import dt as dt_util

from ..alerts.coordinator import AlertsCoordinator
from ..entity import BettiEntity
from .services import (
    DEFAULT_SPAN,
    NOTICE_LINK_VALID,
    ReportFormat,
    async_create_report,
    async_texts,
    signed,
)

REPORT_BUTTON = ButtonEntityDescription(
    key="report_for_doctor", translation_key="report_for_doctor"
)


class ReportButton(BettiEntity[AlertsCoordinator], ButtonEntity):
    """Make the doctor's report of the last 90 days."""

    async def async_press(self) -> None:
        """Make the report if the presser may see this person's data; link it in a notice."""
        entry = self.coordinator.config_entry
        user_id = (
            await self.async_authorized_caller("button.report_for_doctor")
        ).user_id
        end = dt_util.utcnow()
        start = end - DEFAULT_SPAN
        path = await async_create_report(
            self.hass,
            entry,
            start,
            end,
            ReportFormat.PDF,
            user_id=user_id,
            source="button",
        )
        texts = await async_texts(self.hass)
        persistent_notification.async_create(
            self.hass,
            texts["notification_message"].format(
                name=entry.title,
                start=dt_util.as_local(start).date().isoformat(),
                end=dt_util.as_local(end).date().isoformat(),
                url=signed(self.hass, path, NOTICE_LINK_VALID),
                minutes=int(NOTICE_LINK_VALID.total_seconds() // 60),
            ),
            title=texts["notification_title"],
            notification_id=f"betti_report_{entry.entry_id}",
        )
