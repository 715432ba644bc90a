"""A Bluetooth health device: download when it wakes up, hand each reading to its owner.

Health devices advertise only for a short while after a measurement. Each advertisement is a
chance to connect (through a local adapter or an ESPHome proxy), collect what the device
stores, and disconnect; readings are stored as they arrive, and stored ones are recognised
when a device sends them again, so a dropped connection loses and repeats nothing.
"""

import asyncio
from collections.abc import Mapping
from datetime import timedelta
import logging
from typing import Any

from bleak_retry_connector import BleakClientWithServiceCache, establish_connection
from homeassistant.components import bluetooth
from homeassistant.components.bluetooth.active_update_coordinator import (
    ActiveBluetoothDataUpdateCoordinator,
)
from homeassistant.config_entries import ConfigEntry, ConfigEntryState
from homeassistant.const import CONF_ADDRESS
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util

from ..ble.readings import DeviceReading
from ..ble.session import DownloadSession
from ..ble.user_data import ScaleUser
from ..const import (
    CONF_CONSENT_CODES,
    CONF_DEVICE_USERS,
    CONF_PAIR,
    CONF_PROFILES,
    CONF_USER_DATA_SERVICE,
)
from ..db import Database
from ..db.devices import SyncState, save_sync, sync_state
from ..gatt import USER_CONTROL_POINT_UUID
from ..models import BettiConfigEntry
from ..vitals.intake import async_file_from_device

_LOGGER = logging.getLogger(__name__)

# A device that just sent everything has nothing new for a while.
POLL_COOLDOWN = timedelta(seconds=30)

type BettiDeviceEntry = ConfigEntry[HealthDeviceCoordinator]


class HealthDeviceCoordinator(ActiveBluetoothDataUpdateCoordinator[SyncState]):
    """Downloads from one device whenever it advertises."""

    def __init__(
        self, hass: HomeAssistant, entry: BettiDeviceEntry, database: Database
    ) -> None:
        """Watch one device's advertisements."""
        self.entry = entry
        self.database = database
        # Devices take one connection at a time: downloads and registrations take turns.
        self.connection_lock = asyncio.Lock()
        self._downloads = 0
        super().__init__(
            hass,
            _LOGGER,
            address=entry.data[CONF_ADDRESS],
            mode=bluetooth.BluetoothScanningMode.ACTIVE,
            needs_poll_method=self._needs_poll,
            poll_method=self._async_download,
        )

    def _needs_poll(
        self, service_info: bluetooth.BluetoothServiceInfoBleak, seconds: float | None
    ) -> bool:
        return (
            (seconds is None or seconds > POLL_COOLDOWN.total_seconds())
            and not self.connection_lock.locked()
            and bluetooth.async_address_present(
                self.hass, self.address, connectable=True
            )
        )

    async def _async_download(
        self, service_info: bluetooth.BluetoothServiceInfoBleak
    ) -> SyncState:
        async with self.connection_lock:
            return await self._async_download_now(service_info)

    async def _async_download_now(
        self, service_info: bluetooth.BluetoothServiceInfoBleak
    ) -> SyncState:
        device = (
            bluetooth.async_ble_device_from_address(self.hass, self.address)
            or service_info.device
        )
        session = DownloadSession()
        client = await establish_connection(
            BleakClientWithServiceCache,
            device,
            self.entry.title,
            disconnected_callback=session.on_disconnect,
            pair=self.entry.options.get(CONF_PAIR, False),
        )
        try:
            characteristics = {
                char.uuid
                for service in client.services
                for char in service.characteristics
            }
            self._note_user_data_service(characteristics)
            state = await self.database.async_read(sync_state, self.address)
            result = await session.async_run(
                client,
                characteristics,
                self._async_store,
                now=dt_util.now(),
                after_sequence=state.last_sequence,
                users=self._scale_users(),
            )
        finally:
            await client.disconnect()
            # Devices advertise the same bytes after every measurement: let the next
            # advertisement count as news, or HA would not tell us the device woke again.
            bluetooth.async_clear_advertisement_history(self.hass, self.address)
        synced = SyncState(result.last_sequence, dt_util.utcnow(), result.battery)
        await self.database.async_write(save_sync, self.address, synced)
        _LOGGER.debug("%s: %d readings downloaded", self.address, result.readings)
        return synced

    def _note_user_data_service(self, characteristics: set[str]) -> None:
        """Remember a user list, so the options offer to register people on it."""
        if USER_CONTROL_POINT_UUID in characteristics and not self.entry.data.get(
            CONF_USER_DATA_SERVICE
        ):
            self.hass.config_entries.async_update_entry(
                self.entry, data={**self.entry.data, CONF_USER_DATA_SERVICE: True}
            )

    def _scale_users(self) -> list[ScaleUser]:
        """Return the registered people, starting with a different one each download.

        If a scale drops the link after the first consent, the others still get their
        turn on the following weigh-ins.
        """
        users = registered_users(self.entry.options)
        self._downloads += 1
        start = self._downloads % len(users) if users else 0
        return users[start:] + users[:start]

    def _profiles(self) -> list[BettiConfigEntry]:
        return [
            entry
            for entry_id in self.entry.options.get(CONF_PROFILES, [])
            if (entry := self.hass.config_entries.async_get_entry(entry_id))
            and entry.state is ConfigEntryState.LOADED
        ]

    async def _async_store(self, reading: DeviceReading) -> None:
        """Store one reading with its owner, or ask the household whose it is."""
        await async_file_from_device(
            self.hass,
            self.database,
            reading,
            device=self.address,
            device_name=self.entry.title,
            profiles=self._profiles(),
            users=self.entry.options.get(CONF_DEVICE_USERS, {}),
        )


def registered_users(options: Mapping[str, Any]) -> list[ScaleUser]:
    """Return the people registered on a device's user list, in user index order."""
    indexes = options.get(CONF_DEVICE_USERS, {})
    codes = options.get(CONF_CONSENT_CODES, {})
    return sorted(
        ScaleUser(indexes[profile_id], code)
        for profile_id, code in codes.items()
        if profile_id in indexes and profile_id in options.get(CONF_PROFILES, [])
    )


async def async_create_coordinator(
    hass: HomeAssistant, entry: BettiDeviceEntry, database: Database
) -> HealthDeviceCoordinator:
    """Prepare a device's coordinator with what the last download left."""
    coordinator = HealthDeviceCoordinator(hass, entry, database)
    coordinator.data = await database.async_read(sync_state, coordinator.address)
    return coordinator
