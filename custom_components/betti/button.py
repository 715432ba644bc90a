"""Buttons: call for help, "I'm fine", a test alert, +1 glass of water, the doctor's report."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from homeassistant.components.button import ButtonEntity, ButtonEntityDescription
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.util import dt as dt_util

from .alerts.coordinator import AlertsCoordinator
from .alerts.raising import async_acknowledge_alert, async_call_for_help
from .alerts.trial import async_send_test_alert
from .entity import BettiEntity
from .models import BettiConfigEntry
from .nutrition.coordinator import NutritionCoordinator
from .nutrition.log import async_log_water
from .reports.button import REPORT_BUTTON, ReportButton

PARALLEL_UPDATES = 1


@dataclass(frozen=True, kw_only=True)
class AlertButtonDescription(ButtonEntityDescription):
    """A button and what pressing it does (given the entry and the presser's user id)."""

    press_fn: Callable[[BettiConfigEntry, str | None], Awaitable[object]]


async def _acknowledge(entry: BettiConfigEntry, user_id: str | None) -> list[int]:
    return await async_acknowledge_alert(entry, user_id=user_id, via="mirror")


async def _send_test_alert(entry: BettiConfigEntry, _user_id: str | None) -> None:
    await async_send_test_alert(entry.runtime_data.alerts.hass, entry)


GLASS_OF_WATER = ButtonEntityDescription(
    key="glass_of_water", translation_key="glass_of_water"
)
BUTTONS = (
    AlertButtonDescription(
        key="call_for_help",
        translation_key="call_for_help",
        press_fn=async_call_for_help,
    ),
    AlertButtonDescription(
        key="acknowledge_alerts",
        translation_key="acknowledge_alerts",
        press_fn=_acknowledge,
    ),
    AlertButtonDescription(
        key="send_test_alert",
        translation_key="send_test_alert",
        entity_category=EntityCategory.CONFIG,
        press_fn=_send_test_alert,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: BettiConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a profile's mirror buttons."""
    async_add_entities(
        AlertButton(entry.runtime_data.alerts, description) for description in BUTTONS
    )
    async_add_entities(
        [GlassOfWaterButton(entry.runtime_data.nutrition, GLASS_OF_WATER)]
    )
    # A private profile's link goes only to the presser's phone (reports/button.py).
    async_add_entities([ReportButton(entry.runtime_data.alerts, REPORT_BUTTON)])


class AlertButton(BettiEntity[AlertsCoordinator], ButtonEntity):
    """A mirror button."""

    entity_description: AlertButtonDescription

    async def async_press(self) -> None:
        """Act for whoever pressed it (the mirror's user, or an automation), if they may."""
        caller = await self.async_authorized_caller(
            f"button.{self.entity_description.key}"
        )
        await self.entity_description.press_fn(
            self.coordinator.config_entry, caller.user_id
        )


class GlassOfWaterButton(BettiEntity[NutritionCoordinator], ButtonEntity):
    """Log one glass of water, of the size set in the profile's options."""

    async def async_press(self) -> None:
        """Log the glass."""
        caller = await self.async_authorized_caller("button.glass_of_water")
        await async_log_water(
            self.coordinator.config_entry,
            self.coordinator.settings.glass_ml,
            at=dt_util.utcnow(),
            user_id=caller.user_id,
            source="button",
        )
