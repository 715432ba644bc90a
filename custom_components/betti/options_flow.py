"""Options flow: a profile's settings, one group at a time from a menu."""

from typing import Any

from homeassistant.config_entries import ConfigFlowResult, OptionsFlowWithReload
from homeassistant.helpers.selector import (
    BooleanSelector,
    SelectOptionDict,
    SelectSelector,
    SelectSelectorConfig,
)
import probatio

from .alerts.contact_list import ContactError, valid_phone
from .appointments.coordinator import (
    CONF_APPOINTMENT_REMINDERS,
    DEFAULT_REMINDERS,
    REMINDER_CHOICES,
)
from .calls.options import CALLS_SCHEMA, calls_errors
from .const import CONF_VOLUME_UNIT
from .household.permissions import CONF_SHARED_WITH, person_user
from .household.privacy import CONF_PRIVATE
from .household.profile import UNIT_CHOICES, Profile, keys_of_units, units_of_keys
from .medications.options import DEFAULTS as MEDICATION_DEFAULTS, MEDICATIONS_SCHEMA
from .notifications.contacts import (
    CONF_CAREGIVER_DELAY,
    CONF_EMERGENCY_CONTACTS,
    CONF_EVERYONE_DELAY,
    CONF_NOTIFY_TARGETS,
    CONF_PHONE,
    DEFAULT_DELAYS,
    checked_contacts,
    contacts_schema,
    notifications_schema,
    phone_app_targets,
    reaching_targets,
    unknown_target,
)
from .nutrition.options import nutrition_schema
from .vitals.options import limits_schema, shown_limits, stored_limits

APPOINTMENTS_SCHEMA = probatio.Schema(
    {
        probatio.Optional(CONF_APPOINTMENT_REMINDERS, default=[]): SelectSelector(
            SelectSelectorConfig(
                options=REMINDER_CHOICES,
                multiple=True,
                translation_key=CONF_APPOINTMENT_REMINDERS,
            )
        )
    }
)

PRIVACY_SCHEMA = probatio.Schema({probatio.Required(CONF_PRIVATE): BooleanSelector()})


def choice(key: str, options: list[str]) -> SelectSelector:
    """Return a drop-down of ``options``, labelled by the translations under ``key``."""
    return SelectSelector(SelectSelectorConfig(options=options, translation_key=key))


PREFERENCES_SCHEMA = probatio.Schema(
    {
        probatio.Required(pref): choice(pref, list(choices))
        for pref, choices in UNIT_CHOICES.items()
    }
)


class BettiOptionsFlow(OptionsFlowWithReload):
    """Change a profile's settings, one group at a time from a menu."""

    async def async_step_init(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Offer the groups of settings."""
        return self.async_show_menu(
            step_id="init",
            menu_options=[
                "units",
                "vitals",
                "medications",
                "nutrition",
                "notifications",
                "contacts",
                "appointments",
                "calls",
                "privacy",
                "sharing",
            ],
        )

    async def async_step_units(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Pick units for weight, temperature, glucose and drinks."""
        if user_input is not None:
            return self._group("units", PREFERENCES_SCHEMA, units_of_keys(user_input))
        return self.async_show_form(
            step_id="units",
            data_schema=self.add_suggested_values_to_schema(
                PREFERENCES_SCHEMA, keys_of_units(self.config_entry.options)
            ),
        )

    async def async_step_vitals(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Set the limits beyond which a reading raises an alert."""
        entry = self.config_entry
        profile = Profile.from_entry(
            entry.entry_id, entry.title, entry.data, entry.options
        )
        if user_input is not None:
            stored, crossed = stored_limits(user_input, profile)
            if crossed is None:
                return self.async_create_entry(data={**entry.options, **stored})
            return self.async_show_form(
                step_id="vitals",
                data_schema=self.add_suggested_values_to_schema(
                    limits_schema(profile), user_input
                ),
                errors={f"{crossed}_low": "limits_crossed"},
            )
        return self.async_show_form(
            step_id="vitals",
            data_schema=self.add_suggested_values_to_schema(
                limits_schema(profile), shown_limits(dict(entry.options), profile)
            ),
        )

    async def async_step_notifications(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Pick the person's own phones and how long each escalation stage waits."""
        errors: dict[str, str] = {}
        if user_input is not None:
            if unknown_target(self.hass, user_input.get(CONF_NOTIFY_TARGETS, [])):
                errors[CONF_NOTIFY_TARGETS] = "notify_target_unknown"
            elif (phone := user_input.get(CONF_PHONE)) and not valid_phone(phone):
                errors[CONF_PHONE] = "phone_invalid"
            elif user_input[CONF_EVERYONE_DELAY] <= user_input[CONF_CAREGIVER_DELAY]:
                errors[CONF_EVERYONE_DELAY] = "everyone_before_caregivers"
        return self._group(
            "notifications",
            notifications_schema(phone_app_targets(self.hass)),
            user_input,
            errors,
            defaults=DEFAULT_DELAYS,
        )

    async def async_step_contacts(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Edit the emergency contacts: an ordered list, first called first."""
        errors: dict[str, str] = {}
        placeholders = {"position": ""}
        if user_input is not None:
            try:
                user_input = {
                    CONF_EMERGENCY_CONTACTS: checked_contacts(
                        self.hass, user_input.get(CONF_EMERGENCY_CONTACTS, [])
                    )
                }
            except ContactError as err:
                errors[CONF_EMERGENCY_CONTACTS] = err.reason
                placeholders["position"] = str(err.position)
        return self._group(
            "contacts",
            contacts_schema(reaching_targets(self.hass)),
            user_input,
            errors,
            placeholders=placeholders,
        )

    async def async_step_nutrition(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Set food, water and activity goals, source sensors, reminders and barcodes."""
        volume_unit = self.config_entry.options[CONF_VOLUME_UNIT]
        return self._group("nutrition", nutrition_schema(volume_unit), user_input)

    async def async_step_medications(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Set how doses are reminded and when a missed one goes to the caregivers."""
        return self._group(
            "medications",
            MEDICATIONS_SCHEMA,
            user_input,
            defaults=MEDICATION_DEFAULTS,
            placeholders={"name": self.config_entry.title},
        )

    async def async_step_calls(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Choose which phones ring for calls, and TURN servers for calls from outside."""
        errors = calls_errors(user_input) if user_input is not None else {}
        return self._group("calls", CALLS_SCHEMA, user_input, errors)

    async def async_step_sharing(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Pick the HA users besides the person and admins who may see and act on this."""
        own = person_user(self.hass, self.config_entry)
        users = [
            SelectOptionDict(value=user.id, label=user.name or user.id)
            for user in await self.hass.auth.async_get_users()
            if not user.system_generated and not user.is_admin and user.id != own
        ]
        if not users:
            # An empty picker would leave them guessing why nobody is offered.
            return self.async_abort(
                reason="nobody_to_share_with",
                description_placeholders={"name": self.config_entry.title},
            )
        schema = probatio.Schema(
            {
                probatio.Optional(CONF_SHARED_WITH, default=[]): SelectSelector(
                    SelectSelectorConfig(options=users, multiple=True)
                )
            }
        )
        return self._group(
            "sharing",
            schema,
            user_input,
            placeholders={"name": self.config_entry.title},
        )

    async def async_step_appointments(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Pick how long before each appointment reminders go out."""
        return self._group(
            "appointments",
            APPOINTMENTS_SCHEMA,
            user_input,
            defaults={CONF_APPOINTMENT_REMINDERS: DEFAULT_REMINDERS},
        )

    async def async_step_privacy(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Keep the health data out of the entities everyone can read, or not."""
        return self._group("privacy", PRIVACY_SCHEMA, user_input)

    def _group(
        self,
        step_id: str,
        schema: probatio.Schema,
        user_input: dict[str, Any] | None,
        errors: dict[str, str] | None = None,
        *,
        defaults: dict[str, Any] | None = None,
        placeholders: dict[str, str] | None = None,
    ) -> ConfigFlowResult:
        """Show one group's form, or save it beside the other groups' options."""
        if user_input is not None and not errors:
            # A field left empty is dropped, not kept at its old value.
            fields = {str(field) for field in schema.schema}
            others = {
                key: value
                for key, value in self.config_entry.options.items()
                if key not in fields
            }
            return self.async_create_entry(data={**others, **user_input})
        return self.async_show_form(
            step_id=step_id,
            data_schema=self.add_suggested_values_to_schema(
                schema,
                (defaults or {}) | dict(self.config_entry.options) | (user_input or {}),
            ),
            errors=errors,
            description_placeholders=placeholders,
        )
