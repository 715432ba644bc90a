"""The "Report for the doctor" button: make the last 90 days' PDF and hand its link over.

A button works in every HA frontend (a card's action cannot show an action's response); the
link is signed, because a browser opening a link sends no HA login. It goes to the presser's
own phones (the companion apps signed in as them). Without one, a profile that is not private
gets a notification instead, which Home Assistant shows every user; a private one is refused,
so its link never reaches anyone else.
"""

from homeassistant.components import persistent_notification
from homeassistant.components.button import ButtonEntity, ButtonEntityDescription
from homeassistant.util import dt as dt_util

from ..alerts.coordinator import AlertsCoordinator
from ..entity import BettiEntity
from ..household.access import validation_error
from ..household.permissions import user_phones
from ..household.privacy import is_private
from ..notifications.delivery import async_push
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
        """Make the report if the presser may see this person's data; send them its link."""
        entry = self.coordinator.config_entry
        user_id = (
            await self.async_authorized_caller("button.report_for_doctor")
        ).user_id
        phones = user_phones(self.hass, [user_id]) if user_id else []
        if not phones and is_private(entry):
            raise validation_error("report_no_phone", name=entry.title)
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
        url = signed(self.hass, path, NOTICE_LINK_VALID)
        words = {
            "name": entry.title,
            "start": dt_util.as_local(start).date().isoformat(),
            "end": dt_util.as_local(end).date().isoformat(),
            "url": url,
            "minutes": int(NOTICE_LINK_VALID.total_seconds() // 60),
        }
        for phone in phones:
            await async_push(
                self.hass,
                entry,
                phone,
                title=texts["notification_title"],
                message=texts["push_message"].format(**words),
                tag=f"betti_report_{entry.entry_id}",
                source="report",
                url=url,
            )
        if not phones:
            persistent_notification.async_create(
                self.hass,
                texts["notification_message"].format(**words),
                title=texts["notification_title"],
                notification_id=f"betti_report_{entry.entry_id}",
            )
