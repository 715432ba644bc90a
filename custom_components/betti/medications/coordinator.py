"""The medications coordinator: every dose's state, derived afresh on each refresh.

Nothing about a dose's state is kept in memory between refreshes; the store holds the
medications, the dose events and which notices went out. After each refresh the coordinator
gives the notices now owed (reminders, missed, escalation, low stock) and sets ONE timer for
the next instant anything changes, so a restart resumes exactly where HA stopped, and doses
that fell due while it was down are notified as soon as it has started.
"""

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, time, timedelta
import logging
import sqlite3
from zoneinfo import ZoneInfo

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.util import dt as dt_util

from ..const import DOMAIN
from ..coordinator import BettiCoordinator
from ..db import Database
from ..db.dose_history import dose_events
from ..db.medications import (
    Medication,
    UnusableMedication,
    medications,
)
from ..models import BettiConfigEntry
from ..notifications.deadline import DeadlineTimer
from .doses import (
    Dose,
    ReminderSettings,
    adherence,
    days_of_supply,
    doses,
    events_by_dose,
    still_to_take,
    wake_up,
)
from .notices import async_give_notices
from .options import reminder_settings

_LOGGER = logging.getLogger(__name__)
SIGNAL_MEDICATION = f"{DOMAIN}_medication_{{}}"
HISTORY = timedelta(days=30)
# Notices are given for doses due this recently; older ones are history only.
NOTICE_WINDOW = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class MedicationsState:
    """A profile's medications and doses as of ``now``."""

    now: datetime
    medications: list[Medication]
    doses: list[Dose]
    """Scheduled doses due from 30 days ago to the end of tomorrow, in due order."""
    today: list[Dose]
    day_start: datetime
    """Today's local midnight, in UTC."""
    adherence_7d: float | None
    adherence_30d: float | None
    supply: dict[int, float | None]

    @property
    def noticeable(self) -> list[Dose]:
        """Doses owed notices: recent, and due after their medication was added."""
        since = self.now - NOTICE_WINDOW
        return [d for d in self.doses if d.due >= max(since, d.medication.created_at)]

    @property
    def to_take(self) -> list[Dose]:
        """Doses still to take: pending ones, and today's missed ones (see ``still_to_take``)."""
        return still_to_take(self.doses, self.now, self.day_start)

    @property
    def next_dose(self) -> Dose | None:
        """The first dose still to take (an overdue one before a later one)."""
        return next(iter(self.to_take), None)

    @property
    def left_today(self) -> int:
        """How many of today's doses are still to take."""
        keys = {dose.key for dose in self.to_take}
        return sum(dose.key in keys for dose in self.today)


def local_midnight(day_offset: int, now: datetime, tz: ZoneInfo) -> datetime:
    """Midnight at the start of today + ``day_offset`` days, in UTC."""
    day = now.astimezone(tz).date() + timedelta(days=day_offset)
    return datetime.combine(day, time(), tzinfo=tz).astimezone(dt_util.UTC)


def unusable_issue_id(medication_id: int) -> str:
    """Return the id of the repair issue raised while a medication cannot be used."""
    return f"unusable_medication_{medication_id}"


type _WorkedOut = tuple[Medication, list[Dose], float | None] | UnusableMedication


def _work_out(
    conn: sqlite3.Connection,
    profile_id: str,
    settings: ReminderSettings,
    tz: ZoneInfo,
    now: datetime,
) -> Iterator[list[_WorkedOut]]:
    """Read the medications and work out each one's doses and supply, one a batch.

    In the executor, a medication a job: each is a millisecond or two of Python, which the
    loop would otherwise run or wait through (see ``Database.async_read_batches``).
    """
    end = local_midnight(2, now, tz)
    stored, unusable = medications(conn, profile_id)
    events = events_by_dose(
        dose_events(conn, profile_id, now - HISTORY - timedelta(days=1), end)
    )
    yield list(unusable)
    for medication in stored:
        # One medication whose schedule cannot be worked out (a stored interval
        # beyond the calendar, say) must not take the others down with it.
        worked: _WorkedOut
        try:
            worked = (
                medication,
                doses(
                    [medication], events, settings, tz, (now - HISTORY, end), now=now
                ),
                days_of_supply(medication, tz, now),
            )
        except ArithmeticError, ValueError:
            worked = UnusableMedication(medication.medication_id, medication.name)
        yield [worked]


class MedicationsCoordinator(BettiCoordinator[MedicationsState]):
    """Doses and their states; refreshing also gives the notices now owed."""

    def __init__(
        self, hass: HomeAssistant, entry: BettiConfigEntry, database: Database
    ) -> None:
        """Set up for one profile."""
        super().__init__(hass, entry, database, "medications")
        self._lock = asyncio.Lock()
        self._deadline = DeadlineTimer(
            hass,
            self.async_refresh,
            # A removed profile's repairs go with it.
            on_stop=lambda: self._report_unusable([]),
        )
        self._unusable: set[int] = set()

    @property
    def tz(self) -> ZoneInfo:
        """The household's time zone, where wall-clock dose times live."""
        return ZoneInfo(self.hass.config.time_zone)

    async def _async_update_data(self) -> MedicationsState:
        now = dt_util.utcnow()
        tz = self.tz
        worked_out = await self.async_read_batches(
            _work_out,
            self.config_entry.entry_id,
            reminder_settings(self.config_entry),
            tz,
            now,
        )
        unusable: list[UnusableMedication] = []
        meds: list[Medication] = []
        found: list[Dose] = []
        supply: dict[int, float | None] = {}
        for worked in worked_out:
            if isinstance(worked, UnusableMedication):
                unusable.append(worked)
                continue
            medication, its_doses, its_supply = worked
            supply[medication.medication_id] = its_supply
            meds.append(medication)
            found.extend(its_doses)
        found.sort(key=lambda dose: (dose.due, dose.medication.medication_id))
        self._report_unusable(unusable)
        today_start, tomorrow = local_midnight(0, now, tz), local_midnight(1, now, tz)
        return MedicationsState(
            now=now,
            medications=meds,
            doses=found,
            today=[d for d in found if today_start <= d.due < tomorrow],
            day_start=today_start,
            adherence_7d=adherence(found, now - timedelta(days=7)),
            adherence_30d=adherence(found, now - HISTORY),
            supply=supply,
        )

    def _report_unusable(self, unusable: list[UnusableMedication]) -> None:
        """Raise a repair naming each medication skipped; clear those removed since."""
        for medication in unusable:
            if medication.medication_id not in self._unusable:
                _LOGGER.warning(
                    "Medication %s of %s cannot be used and is skipped; see Repairs",
                    medication.medication_id,
                    self.config_entry.title,
                )
            ir.async_create_issue(
                self.hass,
                DOMAIN,
                unusable_issue_id(medication.medication_id),
                is_fixable=False,
                is_persistent=False,  # raised again by the first refresh after a start
                severity=ir.IssueSeverity.ERROR,
                translation_key="unusable_medication",
                translation_placeholders={
                    "name": self.config_entry.title,
                    "medication": medication.name,
                    "medication_id": str(medication.medication_id),
                },
            )
        now_unusable = {medication.medication_id for medication in unusable}
        for medication_id in self._unusable - now_unusable:
            ir.async_delete_issue(self.hass, DOMAIN, unusable_issue_id(medication_id))
        self._unusable = now_unusable

    @callback
    def async_start(self) -> CALLBACK_TYPE:
        """Give what is owed once HA has started; return the stop."""
        return self._deadline.async_start()

    async def async_refresh(self) -> None:
        """Derive the doses again, give the notices now owed and set the next timer."""
        await super().async_refresh()
        if not self.last_update_success or not self._deadline.started:
            return
        async with self._lock:
            state = self.data
            if not self.database.read_only:
                await async_give_notices(
                    self.hass,
                    self.config_entry,
                    state.noticeable,
                    state.medications,
                )
            if self._deadline.started:
                self._reschedule(state)

    def _reschedule(self, state: MedicationsState) -> None:
        settings = reminder_settings(self.config_entry)
        recent = state.noticeable
        # Midnight changes what "today" is even when no dose changes.
        instants = [local_midnight(1, state.now, self.tz)]
        if (changes := wake_up(recent, settings, state.now)) is not None:
            instants.append(changes)
        self._deadline.async_set(min(instants))

    def signal(self, event_type: str, **attributes: object) -> None:
        """Tell the event entity (and so automations) what happened to a dose."""
        async_dispatcher_send(
            self.hass,
            SIGNAL_MEDICATION.format(self.config_entry.entry_id),
            event_type,
            attributes,
        )
