"""People on a scale's user list: register them, or check a slot set up elsewhere.

Standard scales with the User Data Service send a person's measurements only with that
person's consent code. The options flow registers a profile on the scale (or takes a slot
the person made with the scale's own app) over HA's Bluetooth, and keeps the user index
and consent code in the device entry's options for every later download.
"""

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from datetime import date
from typing import Any

from bleak.exc import BleakError
from bleak_retry_connector import BleakClientWithServiceCache, establish_connection
from homeassistant.components import bluetooth
from homeassistant.config_entries import ConfigEntry, ConfigEntryState
from homeassistant.const import CONF_ADDRESS
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util

from ..ble.client import GattClient
from ..ble.user_data import PersonData, ScaleUser, UserControlPoint, UserDataError
from ..const import (
    CONF_CONSENT_CODES,
    CONF_DATE_OF_BIRTH,
    CONF_DEVICE_USERS,
    CONF_HEIGHT,
    CONF_PAIR,
    CONF_SEX,
    CONF_USER_DATA_SERVICE,
)
from ..gatt import USER_DATA_SERVICE_UUID
from .coordinator import HealthDeviceCoordinator

type _Action[T] = Callable[[GattClient, set[str], UserControlPoint], Awaitable[T]]


def offers_user_data(hass: HomeAssistant, entry: ConfigEntry) -> bool:
    """Tell whether a device has a user list: seen when connecting, or advertised."""
    if entry.data.get(CONF_USER_DATA_SERVICE):
        return True
    info = bluetooth.async_last_service_info(
        hass, entry.data[CONF_ADDRESS], connectable=True
    )
    return info is not None and USER_DATA_SERVICE_UUID in info.service_uuids


def person_data(profile: ConfigEntry) -> PersonData:
    """Return what a scale needs to know about the profile's person."""
    return PersonData(
        date.fromisoformat(profile.data[CONF_DATE_OF_BIRTH]),
        profile.data[CONF_SEX],
        profile.data[CONF_HEIGHT],
    )


def with_user(
    options: Mapping[str, Any], profile_id: str, user: ScaleUser
) -> dict[str, Any]:
    """Return device options where the profile owns that user index and consent code.

    Whoever had the index before loses it: the scale gave it to this person now.
    """
    indexes = {
        profile: index
        for profile, index in options.get(CONF_DEVICE_USERS, {}).items()
        if index != user.user_index
    }
    codes = {
        profile: code
        for profile, code in options.get(CONF_CONSENT_CODES, {}).items()
        if profile in indexes
    }
    return {
        **options,
        CONF_DEVICE_USERS: {**indexes, profile_id: user.user_index},
        CONF_CONSENT_CODES: {**codes, profile_id: user.consent_code},
    }


async def async_register_person(
    hass: HomeAssistant, entry: ConfigEntry, person: PersonData, consent_code: int
) -> int:
    """Add the person to the scale's user list; return their user index."""

    async def register(
        client: GattClient, characteristics: set[str], control_point: UserControlPoint
    ) -> int:
        return await control_point.async_register(
            client, characteristics, consent_code, person, today=dt_util.now().date()
        )

    return await _async_connected(hass, entry, register)


async def async_check_user(
    hass: HomeAssistant, entry: ConfigEntry, user: ScaleUser
) -> None:
    """Check that the scale accepts the consent code for an existing user index."""

    async def consent(
        client: GattClient, _: set[str], control_point: UserControlPoint
    ) -> None:
        await control_point.async_consent(client, user)

    await _async_connected(hass, entry, consent)


async def _async_connected[T](
    hass: HomeAssistant, entry: ConfigEntry, action: _Action[T]
) -> T:
    """Connect through HA's Bluetooth, run the action on the user list, disconnect.

    Raises UserDataError; "not_connectable" when no adapter or proxy hears the device.
    """
    device = bluetooth.async_ble_device_from_address(
        hass, entry.data[CONF_ADDRESS], connectable=True
    )
    if device is None:
        raise UserDataError("not_connectable")
    coordinator: HealthDeviceCoordinator | None = (
        entry.runtime_data if entry.state is ConfigEntryState.LOADED else None
    )
    lock = coordinator.connection_lock if coordinator else asyncio.Lock()
    control_point = UserControlPoint()
    async with lock:
        try:
            client = await establish_connection(
                BleakClientWithServiceCache,
                device,
                entry.title,
                disconnected_callback=control_point.on_disconnect,
                pair=entry.options.get(CONF_PAIR, False),
            )
        except (BleakError, TimeoutError) as err:
            raise UserDataError("cannot_connect") from err
        try:
            characteristics = {
                char.uuid
                for service in client.services
                for char in service.characteristics
            }
            await control_point.async_start(client, characteristics)
            return await action(client, characteristics, control_point)
        except BleakError as err:
            raise UserDataError("cannot_connect") from err
        finally:
            await client.disconnect()
