"""Config flow: one entry per household member, tied to an HA person."""

from datetime import date
from typing import Any, override

from homeassistant.config_entries import (
    ConfigEntry,
    ConfigFlowResult,
    ConfigSubentryFlow,
    OptionsFlowWithReload,
)
from homeassistant.const import (
    CONF_NAME,
)
from homeassistant.core import callback
from homeassistant.helpers.selector import (
    BooleanSelector,
    DateSelector,
    EntitySelector,
    EntitySelectorConfig,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectOptionDict,
    SelectSelector,
    SelectSelectorConfig,
    TextSelector,
)
from homeassistant.util import dt as dt_util
import probatio

from .alerts.contact_list import ContactError, valid_phone
from .appointments.coordinator import (
    CONF_APPOINTMENT_REMINDERS,
    DEFAULT_REMINDERS,
    REMINDER_CHOICES,
)
from .calls.options import CALLS_SCHEMA, calls_errors
from .const import (
    CONF_DATE_OF_BIRTH,
    CONF_HEIGHT,
    CONF_PERSON,
    CONF_SEX,
    CONF_VOLUME_UNIT,
    DOMAIN,
    PROFILE_MINOR_VERSION,
    SEXES,
)
from .devices.flow import DeviceFlowMixin, DeviceOptionsFlow
from .household.permissions import CONF_SHARED_WITH, person_user
from .household.privacy import CONF_PRIVATE, async_default_private
from .household.profile import (
    UNIT_CHOICES,
    Profile,
    default_preferences,
    height_from_cm,
    height_to_cm,
    height_unit,
    keys_of_units,
    units_of_keys,
)
from .medications.options import DEFAULTS as MEDICATION_DEFAULTS, MEDICATIONS_SCHEMA
from .medications.subentries import SUBENTRY_TYPE
from .medications.subentry_flow import MedicationSubentryFlow
from .models import is_profile_entry
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
from .number_selector import FiniteNumberSelector
from .nutrition.options import nutrition_schema
from .vitals.options import limits_schema, shown_limits, stored_limits

OLDEST_BIRTH_YEAR = 1900
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


def _select(key: str, options: list[str]) -> SelectSelector:
    return SelectSelector(SelectSelectorConfig(options=options, translation_key=key))


PREFERENCES_SCHEMA = probatio.Schema(
    {
        probatio.Required(pref): _select(pref, list(choices))
        for pref, choices in UNIT_CHOICES.items()
    }
)


def _profile_schema(unit: str, *, name_required: bool) -> probatio.Schema:
    low, high = (50, 250) if unit == "cm" else (20, 100)
    name_key = (
        probatio.Required(CONF_NAME) if name_required else probatio.Optional(CONF_NAME)
    )
    return probatio.Schema(
        {
            name_key: TextSelector(),
            probatio.Required(CONF_DATE_OF_BIRTH): DateSelector(),
            probatio.Required(CONF_SEX): _select(CONF_SEX, list(SEXES)),
            probatio.Required(CONF_HEIGHT): FiniteNumberSelector(
                NumberSelectorConfig(
                    min=low,
                    max=high,
                    step=0.5,
                    unit_of_measurement=unit,
                    mode=NumberSelectorMode.BOX,
                )
            ),
        }
    )


def _profile_errors(user_input: dict[str, Any], today: date) -> dict[str, str]:
    born = date.fromisoformat(user_input[CONF_DATE_OF_BIRTH])
    if born > today or born.year < OLDEST_BIRTH_YEAR:
        return {CONF_DATE_OF_BIRTH: "invalid_date_of_birth"}
    return {}


class BettiConfigFlow(DeviceFlowMixin, domain=DOMAIN):
    """Add a household member, or a Bluetooth health device they use."""

    VERSION = 1
    MINOR_VERSION = PROFILE_MINOR_VERSION

    @staticmethod
    @callback
    @override
    def async_get_options_flow(
        config_entry: ConfigEntry,
    ) -> BettiOptionsFlow | DeviceOptionsFlow:
        """Return the flow for a profile's settings or a device's people."""
        if not is_profile_entry(config_entry):
            return DeviceOptionsFlow()
        return BettiOptionsFlow()

    @classmethod
    @callback
    @override
    def async_get_supported_subentry_types(
        cls, config_entry: ConfigEntry
    ) -> dict[str, type[ConfigSubentryFlow]]:
        """Offer medications on a profile; a health device has none."""
        if not is_profile_entry(config_entry):
            return {}
        return {SUBENTRY_TYPE: MedicationSubentryFlow}

    def _profile_data(self, user_input: dict[str, Any]) -> dict[str, Any]:
        unit = height_unit(self.hass.config.units)
        return {
            CONF_DATE_OF_BIRTH: user_input[CONF_DATE_OF_BIRTH],
            CONF_SEX: user_input[CONF_SEX],
            CONF_HEIGHT: height_to_cm(user_input[CONF_HEIGHT], unit),
        }

    @override
    async def async_step_user(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Offer to add a person or a device."""
        return self.async_show_menu(step_id="user", menu_options=["profile", "device"])

    async def async_step_profile(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask who the profile is for and what Betti needs to know about them."""
        errors: dict[str, str] = {}
        if user_input is not None:
            person = user_input[CONF_PERSON]
            await self.async_set_unique_id(person)
            self._abort_if_unique_id_configured()
            state = self.hass.states.get(person)
            errors = _profile_errors(user_input, dt_util.now().date())
            if state is None:
                errors[CONF_PERSON] = "person_not_found"
            elif not errors:
                return self.async_create_entry(
                    title=user_input.get(CONF_NAME) or state.name,
                    data={CONF_PERSON: person, **self._profile_data(user_input)},
                    options={
                        **units_of_keys(user_input),
                        CONF_PRIVATE: await async_default_private(self.hass, person),
                    },
                )
        schema = probatio.Schema(
            {
                # Who has a profile is not offered (so no form is filled in vain).
                probatio.Required(CONF_PERSON): EntitySelector(
                    EntitySelectorConfig(
                        domain="person",
                        exclude_entities=sorted(
                            str(uid)
                            for uid in self._async_current_ids(include_ignore=False)
                        ),
                    )
                )
            }
        ).extend(
            _profile_schema(
                height_unit(self.hass.config.units), name_required=False
            ).schema
        )
        schema = schema.extend(PREFERENCES_SCHEMA.schema)
        suggested = default_preferences(self.hass.config.units) | (user_input or {})
        return self.async_show_form(
            step_id="profile",
            data_schema=self.add_suggested_values_to_schema(schema, suggested),
            errors=errors,
        )

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Correct a profile's name, birth date, sex or height."""
        entry = self._get_reconfigure_entry()
        if not is_profile_entry(entry):
            return self.async_abort(reason="nothing_to_reconfigure")
        unit = height_unit(self.hass.config.units)
        errors: dict[str, str] = {}
        if user_input is not None:
            errors = _profile_errors(user_input, dt_util.now().date())
            if not errors:
                return self.async_update_reload_and_abort(
                    entry,
                    title=user_input[CONF_NAME],
                    data_updates=self._profile_data(user_input),
                )
        current = {
            **entry.data,
            CONF_NAME: entry.title,
            CONF_HEIGHT: height_from_cm(entry.data[CONF_HEIGHT], unit),
        }
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=self.add_suggested_values_to_schema(
                _profile_schema(unit, name_required=True), user_input or current
            ),
            errors=errors,
            description_placeholders={"name": entry.title},
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
