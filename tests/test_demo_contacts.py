"""The demo household's contacts are reachable the way scripts/develop sets them up.

Betti refuses a contact it cannot reach, so the demo's contacts get notify services of their
own: scripts/develop-configuration.yaml's command_line services, which write what they are sent
to a file (the demo's "phones"). This builds the demo through HA's HTTP API, as scripts/develop
does, with that configuration, and sends the test alert to see it arrive.
"""

from pathlib import Path

from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockUser
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
import yaml

from custom_components.betti import PROFILE_PLATFORMS
from scripts import demo_household

DEVELOP_CONFIGURATION = Path(__file__).parents[1] / "scripts/develop-configuration.yaml"


async def test_the_demo_contacts_are_reached(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    hass_admin_user: MockUser,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    outbox = tmp_path / "demo-notifications.txt"
    monkeypatch.setenv("BETTI_DEMO_OUTBOX", str(outbox))
    develop = yaml.safe_load(DEVELOP_CONFIGURATION.read_text())
    assert await async_setup_component(
        hass, "command_line", {"command_line": develop["command_line"]}
    )
    for component in ("http", "api", "config", "person", "betti", *PROFILE_PLATFORMS):
        assert await async_setup_component(hass, component, {})
    await hass.async_block_till_done()
    refresh = await hass.auth.async_create_refresh_token(
        hass_admin_user, demo_household.CLIENT_ID
    )
    token = hass.auth.async_create_access_token(refresh)
    client = await hass_client(token)
    await demo_household.ensure_profile(client, "", token)  # type: ignore[arg-type]
    await hass.async_block_till_done()

    await demo_household.ensure_contacts(client, "", token)  # type: ignore[arg-type]

    (entry,) = hass.config_entries.async_entries("betti")
    names = [c["name"] for c in entry.options["emergency_contacts"]]
    assert names == [c["name"] for c in demo_household.DEMO_CONTACTS]
    button = next(
        e.entity_id
        for e in er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id)
        if e.translation_key == "send_test_alert"
    )
    await hass.services.async_call(
        "button", "press", {"entity_id": button}, blocking=True
    )
    await hass.async_block_till_done()
    sent = outbox.read_text()
    assert "Susan:" in sent
    assert "Dr Patel:" in sent
