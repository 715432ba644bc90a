"""Fixtures shared by Betti's tests."""

from collections.abc import Callable, Generator
from contextlib import closing, contextmanager
import sqlite3
import sys
import threading
import time
from typing import Any

from bleak.backends.device import BLEDevice
from bleak.backends.scanner import AdvertisementData
from homeassistant.components.bluetooth import BluetoothServiceInfoBleak
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.exceptions import HomeAssistantError
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, MockUser

# Import our package before HA starts: HA's loader imports `custom_components` once, and
# whichever package answers first is searched for integrations (the test plugin ships one).
import custom_components.betti

# Betti imports ical at the first calendar change; pydantic builds ical's models from the
# datetime class present then, and under a frozen clock that is freezegun's, which stays for the
# rest of the session (parsing real datetimes fails after). Import it before any clock freezes.
import custom_components.betti.appointments.book  # noqa: F401
from custom_components.betti.const import (
    CONF_DATE_OF_BIRTH,
    CONF_GLUCOSE_UNIT,
    CONF_HEIGHT,
    CONF_PERSON,
    CONF_SEX,
    CONF_TEMPERATURE_UNIT,
    CONF_VOLUME_UNIT,
    CONF_WEIGHT_UNIT,
    DOMAIN,
)
from custom_components.betti.household.privacy import CONF_PRIVATE


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add ``--betti-clock``: run the suite as if it were a chosen instant."""
    parser.addoption(
        "--betti-clock",
        metavar="ISO_INSTANT",
        help="start every test that does not freeze time itself at this instant "
        "(e.g. 2026-03-08T01:59:30-08:00); the clock then ticks",
    )


@pytest.hookimpl(tryfirst=True)  # before pytest-freezer turns the marker into `freezer`
def pytest_collection_modifyitems(
    config: pytest.Config, items: list[pytest.Item]
) -> None:
    """With ``--betti-clock``, start each test's clock at that instant.

    Tests with their own ``freeze_time`` mark run the same at any instant: they are left out.
    Tests that take ``freezer`` unmarked froze the machine's time; they now freeze this
    instant instead (still not ticking). All others get a clock that starts there and ticks.
    """
    if not (clock := config.getoption("--betti-clock")):
        return
    pinned = [item for item in items if item.get_closest_marker("freeze_time")]
    config.hook.pytest_deselected(items=pinned)
    items[:] = [item for item in items if item not in pinned]
    for item in items:
        takes_freezer = "freezer" in getattr(item, "fixturenames", ())
        item.add_marker(pytest.mark.freeze_time(clock, tick=not takes_freezer))


@pytest.fixture(autouse=True)
def hass_with_betti(request: pytest.FixtureRequest) -> None:
    """Let HA load Betti from this checkout, with a mocked Bluetooth adapter.

    Tests marked ``own_hass`` start their own Home Assistants (one at a time, as a real
    restart would) and get the mocked Bluetooth scanner only; tests that use no Home
    Assistant get nothing.
    """
    if request.node.get_closest_marker("own_hass"):
        request.getfixturevalue("mock_bleak_scanner_start")
        return
    if "hass" not in request.fixturenames:
        return  # a test of code without Home Assistant
    if "recorder_mock" in request.fixturenames:
        request.getfixturevalue("recorder_mock")  # HA's test recorder must come first
    request.getfixturevalue("enable_custom_integrations")
    if "base_url" in request.fixturenames:
        # A real listening HTTP server must come before Bluetooth pulls ``http`` in.
        request.getfixturevalue("base_url")
    request.getfixturevalue("enable_bluetooth")


@pytest.fixture
def hass_config_dir(hass_tmp_config_dir: str) -> str:
    """Give every test its own config dir, so each gets a fresh database file."""
    return hass_tmp_config_dir


@pytest.fixture
async def alice_user(hass: HomeAssistant) -> MockUser:
    """Alice's HA user (not an administrator)."""
    return MockUser(name="Alice").add_to_hass(hass)


@pytest.fixture
async def persons(hass: HomeAssistant, alice_user: MockUser) -> None:
    """Two people live here: Alice (with an HA login) and Bob."""
    assert await async_setup_component(
        hass,
        "person",
        {
            "person": [
                {"id": "alice", "name": "Alice", "user_id": alice_user.id},
                {"id": "bob", "name": "Bob"},
            ]
        },
    )
    await hass.async_block_till_done()


def profile_entry(
    person: str = "person.alice",
    title: str = "Alice",
    *,
    entry_id: str | None = None,
    **options: Any,
) -> MockConfigEntry:
    """A profile entry as the config flow would have created it, with ``options`` chosen since."""
    return MockConfigEntry(
        domain=DOMAIN,
        entry_id=entry_id,
        title=title,
        unique_id=person,
        data={
            CONF_PERSON: person,
            CONF_DATE_OF_BIRTH: "1948-03-14",
            CONF_SEX: "female",
            CONF_HEIGHT: 162.0,
        },
        options={
            CONF_WEIGHT_UNIT: "kg",
            CONF_TEMPERATURE_UNIT: "°C",
            CONF_GLUCOSE_UNIT: "mmol/L",
            CONF_VOLUME_UNIT: "mL",
            # As the config flow decides where nobody else signs in to HA.
            CONF_PRIVATE: False,
            **options,
        },
        minor_version=2,
    )


@pytest.fixture
def alice_entry() -> MockConfigEntry:
    """Alice's profile entry, not yet added."""
    return profile_entry()


@pytest.fixture
async def loaded_alice(
    hass: HomeAssistant, persons: None, alice_entry: MockConfigEntry
) -> MockConfigEntry:
    """Alice's profile, set up."""
    alice_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(alice_entry.entry_id)
    await hass.async_block_till_done()
    return alice_entry


@pytest.fixture
async def household(
    hass: HomeAssistant, loaded_alice: MockConfigEntry
) -> tuple[MockConfigEntry, MockConfigEntry]:
    """Alice and Bob, both with profiles set up (they share devices in the vitals tests)."""
    bob = profile_entry("person.bob", "Bob")
    bob.add_to_hass(hass)
    assert await hass.config_entries.async_setup(bob.entry_id)
    return loaded_alice, bob


def db_rows(hass: HomeAssistant, sql: str, *args: object) -> list[tuple[object, ...]]:
    """Read the household database the way an outside tool would."""
    with closing(sqlite3.connect(hass.config.path("betti/betti.db"))) as conn:
        return [tuple(row) for row in conn.execute(sql, args)]


@contextmanager
def threads_running(function: Callable[..., object]) -> Generator[list[int]]:
    """Collect the thread of every call of ``function`` (sys.monitoring observes only)."""
    threads: list[int] = []
    tool = (
        sys.monitoring.PROFILER_ID + 1
    )  # 3: not used by coverage, debuggers or profilers
    code = function.__code__  # type: ignore[attr-defined]
    sys.monitoring.use_tool_id(tool, "betti test: which thread")
    try:
        sys.monitoring.register_callback(
            tool,
            sys.monitoring.events.PY_START,
            lambda *_: threads.append(threading.get_ident()),
        )
        sys.monitoring.set_local_events(tool, code, sys.monitoring.events.PY_START)
        yield threads
    finally:
        sys.monitoring.set_local_events(tool, code, 0)
        sys.monitoring.free_tool_id(tool)


def health_advertisement(
    address: str = "A4:C1:38:00:00:01",
    name: str = "BLESmart_0000021F",
    service_uuid: str = "00001810-0000-1000-8000-00805f9b34fb",
    *,
    seconds_later: float = 0,
) -> BluetoothServiceInfoBleak:
    """What a standard health device advertises right after a measurement."""
    return BluetoothServiceInfoBleak(
        name=name,
        address=address,
        rssi=-61,
        manufacturer_data={},
        service_data={},
        service_uuids=[service_uuid],
        source="local",
        device=BLEDevice(address, name, None),
        advertisement=AdvertisementData(name, {}, {}, [service_uuid], None, -61, ()),
        connectable=True,
        time=time.monotonic() + seconds_later,
        tx_power=None,
    )


# What the phones got: (notify target, service data) per push.
type Pushes = list[tuple[str, dict[str, Any]]]

PHONES = ("alice_phone", "bob_phone", "carol_phone", "hal_phone")
ALICE_PHONE, BOB_PHONE, CAROL_PHONE, HAL_PHONE = (
    f"notify.mobile_app_{phone}" for phone in PHONES
)


def register_phones(hass: HomeAssistant) -> Pushes:
    """Register companion-app notify services (HA's boundary) that capture what they get.

    ``notify.mobile_app_broken_phone`` fails the way an unreachable push service does.
    """
    pushes: Pushes = []

    async def capture(call: ServiceCall) -> None:
        pushes.append((f"notify.{call.service}", dict(call.data)))

    async def fail(call: ServiceCall) -> None:
        raise HomeAssistantError("push service unreachable")

    for phone in PHONES:
        hass.services.async_register("notify", f"mobile_app_{phone}", capture)
    hass.services.async_register("notify", "mobile_app_broken_phone", fail)
    return pushes


@pytest.fixture
def phones(hass: HomeAssistant) -> Pushes:
    """The household's phones; the list fills with (target, service data) per push."""
    return register_phones(hass)


async def stop_home_assistant(hass: HomeAssistant) -> None:
    """Stop a test's own HA as the ``hass`` fixture does: unload entries, then stop.

    Unloading first stops what entries started (the Bluetooth scanner's watchdog, say),
    so nothing of one HA lingers into the next.
    """
    for entry in hass.config_entries.async_entries():
        if entry.state is ConfigEntryState.LOADED:
            await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_stop()
