"""Medications in HA's UI: "Add medication" on a profile, and change or delete each one.

Each medication is a config subentry holding its id. The forms call the same functions as
the medication actions, so the checks, the stored row and the audit record are the same.
Stored medications get their subentry on setup; deleting a subentry removes the medication
(its dose history stays).
"""

from contextlib import suppress
import sqlite3
from typing import Any, cast

from homeassistant.config_entries import (
    SIGNAL_CONFIG_ENTRY_CHANGED,
    SOURCE_RECONFIGURE,
    ConfigEntry,
    ConfigEntryChange,
    ConfigEntryState,
    ConfigSubentryFlow,
    SubentryFlowResult,
)
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers.dispatcher import async_dispatcher_connect

from ..const import PROFILE_MINOR_VERSION
from ..db.medications import medications
from ..household.access import Actor
from ..models import BettiConfigEntry
from .codec import KINDS
from .services import (
    async_add_medication,
    async_medication,
    async_remove_medication,
    async_update_medication,
    medication_fields,
    medication_schedules,
)
from .subentries import (
    CONF_MEDICATION_ID,
    async_add_medication_subentry,
    medication_subentries,
    medication_title,
)
from .subentry_forms import (
    OPTIONAL,
    SCHEDULE_SCHEMAS,
    details_schema,
    form_error,
    raw_schedule,
    suggested_values,
)

UI = Actor(None, "ui")  # config flows carry no user; only administrators run them


class MedicationSubentryFlow(ConfigSubentryFlow):
    """Add a medication, or change one, in steps: details, then its schedules."""

    def __init__(self) -> None:
        """Start with nothing entered."""
        self._details: dict[str, Any] = {}
        self._schedules: list[dict[str, Any]] = []

    @property
    def _profile(self) -> BettiConfigEntry:
        return cast("BettiConfigEntry", self._get_entry())

    async def async_step_user(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Name, strength, form, stock and the rest of the medicine's details."""
        if self._profile.state is not ConfigEntryState.LOADED:
            return self.async_abort(reason="profile_not_loaded")
        return await self._async_details("user", user_input, editing=False)

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Change the details, pause or resume, and optionally replace the schedules."""
        if self._profile.state is not ConfigEntryState.LOADED:
            return self.async_abort(reason="profile_not_loaded")
        return await self._async_details("reconfigure", user_input, editing=True)

    async def _async_details(
        self, step_id: str, user_input: dict[str, Any] | None, *, editing: bool
    ) -> SubentryFlowResult:
        errors: dict[str, str] = {}
        placeholders: dict[str, str] = {}
        schema = details_schema(editing=editing)
        if user_input is not None:
            details = dict(user_input)
            if editing:  # a cleared field is cleared, not left as it was
                details = dict.fromkeys(OPTIONAL) | details
            try:
                medication_fields(details)
            except ServiceValidationError as err:
                errors["base"] = form_error(err)
                placeholders = dict(err.translation_placeholders or {})
            else:
                self._details = details
                if editing and not details.pop("change_schedules"):
                    return await self._async_finish()
                return await self.async_step_schedule()
            suggested: dict[str, Any] = user_input
        elif editing:
            try:
                medication = await async_medication(self._profile, self._medication_id)
            except ServiceValidationError as err:
                return self.async_abort(reason=str(err.translation_key))
            suggested = suggested_values(medication)
        else:
            suggested = {}
        return self.async_show_form(
            step_id=step_id,
            data_schema=self.add_suggested_values_to_schema(schema, suggested),
            errors=errors,
            description_placeholders=placeholders,
        )

    @property
    def _medication_id(self) -> int:
        return int(self._get_reconfigure_subentry().data[CONF_MEDICATION_ID])

    async def async_step_schedule(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Choose how the medicine is taken."""
        return self.async_show_menu(step_id="schedule", menu_options=list(KINDS))

    async def async_step_weekly(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """At set times on chosen weekdays (another schedule gives other amounts)."""
        return await self._async_schedule("weekly", user_input)

    async def async_step_every_n_days(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """At a set time every N days."""
        return await self._async_schedule("every_n_days", user_input)

    async def async_step_every_n_hours(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Every N hours from a first dose."""
        return await self._async_schedule("every_n_hours", user_input)

    async def async_step_as_needed(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """When needed, within limits."""
        return await self._async_schedule("as_needed", user_input)

    async def _async_schedule(
        self, kind: str, user_input: dict[str, Any] | None
    ) -> SubentryFlowResult:
        errors: dict[str, str] = {}
        placeholders: dict[str, str] = {}
        if user_input is not None:
            raw = raw_schedule(kind, user_input)
            try:
                medication_schedules([raw])
            except ServiceValidationError as err:
                errors["base"] = form_error(err)
                placeholders = dict(err.translation_placeholders or {})
            else:
                self._schedules.append(raw)
                return await self.async_step_more()
        return self.async_show_form(
            step_id=kind,
            data_schema=self.add_suggested_values_to_schema(
                SCHEDULE_SCHEMAS[kind], user_input or {}
            ),
            errors=errors,
            description_placeholders=placeholders,
        )

    async def async_step_more(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Add another schedule, or save."""
        return self.async_show_menu(step_id="more", menu_options=["schedule", "finish"])

    async def async_step_finish(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Store the medication."""
        return await self._async_finish()

    async def _async_finish(self) -> SubentryFlowResult:
        data = dict(self._details)
        if self._schedules:
            data["schedules"] = self._schedules
        title = medication_title(data["name"], data.get("strength"))
        try:
            if self.source == SOURCE_RECONFIGURE:
                subentry = self._get_reconfigure_subentry()
                await async_update_medication(
                    self._profile, self._medication_id, data, UI
                )
                return self.async_update_and_abort(self._profile, subentry, title=title)
            medication_id = await async_add_medication(self._profile, data, UI)
        except HomeAssistantError as err:  # checked on the forms: the store refused it
            return self.async_abort(reason=str(err.translation_key))
        return self.async_create_entry(
            title=title,
            data={CONF_MEDICATION_ID: medication_id},
            unique_id=str(medication_id),
        )


async def async_setup_medication_subentries(
    hass: HomeAssistant, entry: BettiConfigEntry
) -> None:
    """Keep medications and subentries in step; a deleted subentry removes its medication.

    Once (config entry 1.3; done here, where the database is open) every stored medication
    gets a subentry. After that, a medication without one had it deleted while the profile
    was not running, and is removed now.
    """
    try:
        usable, unusable = await entry.runtime_data.database.async_read(
            medications, entry.entry_id
        )
    except sqlite3.Error:
        # A damaged file: the profile starts with what it can read; next start tries again.
        usable, unusable = None, []
    stored = {
        m.medication_id: medication_title(m.name, m.strength) for m in usable or ()
    }
    stored.update(
        {u.medication_id: u.name for u in unusable}
    )  # deletable in the UI too
    linked = set(medication_subentries(entry).values())
    if entry.minor_version < PROFILE_MINOR_VERSION:
        for medication_id, title in stored.items():
            async_add_medication_subentry(hass, entry, medication_id, title)
        if usable is not None:
            hass.config_entries.async_update_entry(
                entry, minor_version=PROFILE_MINOR_VERSION
            )
    else:
        for medication_id in stored.keys() - linked:
            await _async_removed(entry, medication_id)
    known = medication_subentries(entry)

    @callback
    def changed(change: ConfigEntryChange, changed_entry: ConfigEntry) -> None:
        nonlocal known
        if changed_entry is not entry or change is not ConfigEntryChange.UPDATED:
            return
        current = medication_subentries(entry)
        for subentry_id, medication_id in known.items():
            if subentry_id not in current:
                entry.async_create_task(hass, _async_removed(entry, medication_id))
        known = current

    entry.async_on_unload(
        async_dispatcher_connect(hass, SIGNAL_CONFIG_ENTRY_CHANGED, changed)
    )


async def _async_removed(entry: BettiConfigEntry, medication_id: int) -> None:
    # Already removed by the action that dropped the subentry; or a store that cannot be
    # written now, when the next start removes it.
    with suppress(HomeAssistantError):
        await async_remove_medication(entry, medication_id, UI)
