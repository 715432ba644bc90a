"""Adding a Bluetooth health device: from discovery or from a list, then whose it is."""

from collections.abc import Awaitable, Callable
import secrets
from typing import Any

from homeassistant.components.bluetooth import (
    BluetoothServiceInfoBleak,
    async_discovered_service_info,
)
from homeassistant.config_entries import (
    ConfigEntry,
    ConfigEntryState,
    ConfigFlow,
    ConfigFlowResult,
    OptionsFlowWithReload,
)
from homeassistant.const import CONF_ADDRESS
from homeassistant.helpers.selector import (
    BooleanSelector,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectOptionDict,
    SelectSelector,
    SelectSelectorConfig,
)
import probatio

from ..ble.user_data import ScaleUser, UserDataError
from ..const import CONF_DEVICE_KIND, CONF_PAIR, CONF_PROFILES, DEVICE_KINDS
from ..gatt import MAX_CONSENT_CODE, MAX_USER_INDEX
from ..models import loaded_profiles
from ..number_selector import FiniteNumberSelector
from .scale_users import (
    async_check_user,
    async_register_person,
    offers_user_data,
    person_data,
    with_user,
)

CONF_PROFILE = "profile"
CONF_CONSENT_CODE = "consent_code"
CONF_USER_INDEX = "user_index"


def device_kind(info: BluetoothServiceInfoBleak) -> str | None:
    """Name the kind of health device an advertisement is from, if it is one."""
    return next(
        (DEVICE_KINDS[uuid] for uuid in info.service_uuids if uuid in DEVICE_KINDS),
        None,
    )


def _profiles_schema(flow: ConfigFlow | OptionsFlowWithReload) -> probatio.Schema:
    people = [
        SelectOptionDict(value=entry.entry_id, label=entry.title)
        for entry in loaded_profiles(flow.hass)
    ]
    return probatio.Schema(
        {
            probatio.Required(CONF_PROFILES): SelectSelector(
                SelectSelectorConfig(options=people, multiple=True)
            ),
            probatio.Required(CONF_PAIR, default=False): BooleanSelector(),
        }
    )


class DeviceFlowMixin(ConfigFlow):
    """The config flow steps for health devices."""

    _discovered: BluetoothServiceInfoBleak

    async def async_step_bluetooth(
        self, discovery_info: BluetoothServiceInfoBleak
    ) -> ConfigFlowResult:
        """Handle a standard health device that advertised itself."""
        await self.async_set_unique_id(discovery_info.address)
        self._abort_if_unique_id_configured()
        if device_kind(discovery_info) is None:
            return self.async_abort(reason="not_supported")
        self._discovered = discovery_info
        self.context["title_placeholders"] = {"name": discovery_info.name}
        return await self.async_step_device_profiles()

    async def async_step_device(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Pick one of the health devices seen nearby."""
        configured = self._async_current_ids(include_ignore=False)
        found = {
            info.address: info
            for info in async_discovered_service_info(self.hass)
            if device_kind(info) and info.address not in configured
        }
        if user_input is not None:
            return await self.async_step_bluetooth(found[user_input[CONF_ADDRESS]])
        if not found:
            return self.async_abort(reason="no_devices_found")
        options = [
            SelectOptionDict(value=address, label=f"{info.name} ({address})")
            for address, info in found.items()
        ]
        return self.async_show_form(
            step_id="device",
            data_schema=probatio.Schema(
                {
                    probatio.Required(CONF_ADDRESS): SelectSelector(
                        SelectSelectorConfig(options=options)
                    )
                }
            ),
        )

    async def async_step_device_profiles(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Say who uses the device; Betti files each reading with the right one."""
        schema = _profiles_schema(self)
        if not schema.schema[CONF_PROFILES].config["options"]:
            return self.async_abort(reason="no_profiles")
        info = self._discovered
        if user_input is not None and user_input[CONF_PROFILES]:
            return self.async_create_entry(
                title=info.name,
                data={CONF_ADDRESS: info.address, CONF_DEVICE_KIND: device_kind(info)},
                options=user_input,
            )
        return self.async_show_form(
            step_id="device_profiles",
            data_schema=schema,
            errors={CONF_PROFILES: "no_profile_chosen"} if user_input else None,
            description_placeholders={"name": info.name},
        )


def _number(maximum: int) -> NumberSelector:
    return FiniteNumberSelector(
        NumberSelectorConfig(min=0, max=maximum, step=1, mode=NumberSelectorMode.BOX)
    )


class DeviceOptionsFlow(OptionsFlowWithReload):
    """Change who uses a device and whether it is paired; register people on scales."""

    async def async_step_init(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Offer the user list steps to devices that have one."""
        if offers_user_data(self.hass, self.config_entry):
            return self.async_show_menu(
                step_id="init",
                menu_options=["people", "register_user", "existing_user"],
            )
        return await self.async_step_people(user_input)

    async def async_step_people(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Pick the people and pairing."""
        if user_input is not None and user_input[CONF_PROFILES]:
            return self.async_create_entry(
                data={**self.config_entry.options, **user_input}
            )
        return self.async_show_form(
            step_id="people",
            data_schema=self.add_suggested_values_to_schema(
                _profiles_schema(self), self.config_entry.options
            ),
            errors={CONF_PROFILES: "no_profile_chosen"} if user_input else None,
        )

    async def async_step_register_user(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Add a person to the scale's user list with a consent code."""

        async def register(
            profile: ConfigEntry, user_input: dict[str, Any]
        ) -> ScaleUser:
            code = int(user_input[CONF_CONSENT_CODE])
            index = await async_register_person(
                self.hass, self.config_entry, person_data(profile), code
            )
            return ScaleUser(index, code)

        # A fresh random code each time: four digits, as the scale's own app would pick.
        fields = {
            probatio.Required(
                CONF_CONSENT_CODE, default=1000 + secrets.randbelow(9000)
            ): _number(MAX_CONSENT_CODE)
        }
        return await self._user_step("register_user", fields, user_input, register)

    async def async_step_existing_user(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Take a user slot the person set up with the scale's own app."""

        async def check(_: ConfigEntry, user_input: dict[str, Any]) -> ScaleUser:
            user = ScaleUser(
                int(user_input[CONF_USER_INDEX]), int(user_input[CONF_CONSENT_CODE])
            )
            await async_check_user(self.hass, self.config_entry, user)
            return user

        fields = {
            probatio.Required(CONF_USER_INDEX): _number(MAX_USER_INDEX),
            probatio.Required(CONF_CONSENT_CODE): _number(MAX_CONSENT_CODE),
        }
        return await self._user_step("existing_user", fields, user_input, check)

    async def _user_step(
        self,
        step_id: str,
        fields: dict[probatio.Required, NumberSelector],
        user_input: dict[str, Any] | None,
        connect: Callable[[ConfigEntry, dict[str, Any]], Awaitable[ScaleUser]],
    ) -> ConfigFlowResult:
        """Ask whose slot it is, then talk to the scale; its refusal shows in the form."""
        profiles = {
            entry_id: entry
            for entry_id in self.config_entry.options.get(CONF_PROFILES, [])
            if (entry := self.hass.config_entries.async_get_entry(entry_id))
            and entry.state is ConfigEntryState.LOADED
        }
        errors: dict[str, str] = {}
        if user_input is not None:
            profile_id = user_input[CONF_PROFILE]
            try:
                user = await connect(profiles[profile_id], user_input)
            except UserDataError as err:
                errors["base"] = f"scale_{err.reason}"
            else:
                return self.async_create_entry(
                    data=with_user(self.config_entry.options, profile_id, user)
                )
        schema = probatio.Schema(
            {
                probatio.Required(CONF_PROFILE): SelectSelector(
                    SelectSelectorConfig(
                        options=[
                            SelectOptionDict(value=entry_id, label=entry.title)
                            for entry_id, entry in profiles.items()
                        ]
                    )
                ),
                **fields,
            }
        )
        return self.async_show_form(
            step_id=step_id,
            data_schema=self.add_suggested_values_to_schema(schema, user_input or {}),
            errors=errors,
            description_placeholders={"name": self.config_entry.title},
        )
