"""HA's backup gets a consistent database: checkpointed, with writes held until it is done."""

import asyncio

from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.betti import backup
from custom_components.betti.db.profiles import add_audit

from .conftest import db_rows


async def test_backup_holds_writes_until_it_ends(
    hass: HomeAssistant, loaded_alice: MockConfigEntry
) -> None:
    database = loaded_alice.runtime_data.database
    await backup.async_pre_backup(hass)
    wal = database.path.with_name("betti.db-wal")
    assert wal.stat().st_size == 0
    write = hass.async_create_task(
        database.async_write(
            add_audit,
            loaded_alice.entry_id,
            at=dt_util.utcnow(),
            user_id=None,
            source="test",
            action="during_backup",
        )
    )
    await asyncio.sleep(0.05)
    assert not write.done()
    assert db_rows(hass, "SELECT action FROM audit_log") == [("profile_created",)]
    await backup.async_post_backup(hass)
    await write
    assert db_rows(hass, "SELECT action FROM audit_log ORDER BY id") == [
        ("profile_created",),
        ("during_backup",),
    ]
