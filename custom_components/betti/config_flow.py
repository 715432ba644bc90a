"""Config flow: one entry per household member, tied to an HA person."""

from datetime import date
from typing import Any, override

from homeassistant.config_entries import (
    ConfigEntry,
    ConfigFlowResult,
    ConfigSubentryFlow,
)
from homeassistant.const import (
    CONF_NAME,
)
from homeassistant.core import callback
from homeassistant.helpers.selector import (
    DateSelector,
    EntitySelector,
    EntitySelectorConfig,
    NumberSelectorConfig,
    NumberSelectorMode,
    TextSelector,
)
from homeassistant.util import dt as dt_util
import probatio

from .const import (
    CONF_DATE_OF_BIRTH,
    CONF_HEIGHT,
    CONF_PERSON,
    CONF_SEX,
    DOMAIN,
    PROFILE_MINOR_VERSION,
    SEXES,
)
from .devices.flow import DeviceFlowMixin, DeviceOptionsFlow
from .household.privacy import CONF_PRIVATE, async_default_private
from .household.profile import (
    default_preferences,
    height_from_cm,
    height_to_cm,
    height_unit,
    units_of_keys,
)
from .medications.subentries import SUBENTRY_TYPE
from .medications.subentry_flow import MedicationSubentryFlow
from .models import is_profile_entry
from .number_selector import FiniteNumberSelector
from .options_flow import PREFERENCES_SCHEMA, BettiOptionsFlow, choice

OLDEST_BIRTH_YEAR = 1900


def _profile_schema(unit: str, *, name_required: bool) -> probatio.Schema:
    low, high = (50, 250) if unit == "cm" else (20, 100)
    name_key = (
        probatio.Required(CONF_NAME) if name_required else probatio.Optional(CONF_NAME)
    )
    return probatio.Schema(
        {
            name_key: TextSelector(),
            probatio.Required(CONF_DATE_OF_BIRTH): DateSelector(),
            probatio.Required(CONF_SEX): choice(CONF_SEX, list(SEXES)),
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
