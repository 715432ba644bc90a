"""Adding a Bluetooth health device: from discovery or from a list, then whose it is."""

from typing import Any

from homeassistant.components.bluetooth import (
    BluetoothServiceInfoBleak,
    async_discovered_service_info,
)
from homeassistant.config_entries import (
    ConfigEntryState,
    ConfigFlow,
    ConfigFlowResult,
    OptionsFlowWithReload,
)
from homeassistant.const import CONF_ADDRESS
from homeassistant.helpers.selector import (
    BooleanSelector,
    SelectOptionDict,
    SelectSelector,
    SelectSelectorConfig,
)
import probatio

from .const import CONF_DEVICE_KIND, CONF_PAIR, CONF_PROFILES, DEVICE_KINDS, DOMAIN


def device_kind(info: BluetoothServiceInfoBleak) -> str | None:
    """Name the kind of health device an advertisement is from, if it is one."""
    return next(
        (DEVICE_KINDS[uuid] for uuid in info.service_uuids if uuid in DEVICE_KINDS),
        None,
    )


def _profiles_schema(flow: ConfigFlow | OptionsFlowWithReload) -> probatio.Schema:
    people = [
        SelectOptionDict(value=entry.entry_id, label=entry.title)
        for entry in flow.hass.config_entries.async_entries(DOMAIN)
        if CONF_ADDRESS not in entry.data and entry.state is ConfigEntryState.LOADED
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


class DeviceOptionsFlow(OptionsFlowWithReload):
    """Change who uses a device and whether it is paired."""

    async def async_step_init(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Pick the people and pairing."""
        if user_input is not None and user_input[CONF_PROFILES]:
            return self.async_create_entry(
                data={**self.config_entry.options, **user_input}
            )
        return self.async_show_form(
            step_id="init",
            data_schema=self.add_suggested_values_to_schema(
                _profiles_schema(self), self.config_entry.options
            ),
            errors={CONF_PROFILES: "no_profile_chosen"} if user_input else None,
        )
