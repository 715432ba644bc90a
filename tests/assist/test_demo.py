"""The README's Assist examples work in the demo, for the login the README names for them.

The demo is built through HA's HTTP API as scripts/develop builds it; then someone trying it
logs in with the README's mirror login and speaks the README's examples through HA's own
conversation API, as the mirror's Assist does.
"""

from pathlib import Path
import re

from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockUser
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.betti import PROFILE_PLATFORMS
from scripts import demo_household

README = Path(__file__).parents[2] / "README.md"


def _readme() -> str:
    """The README with its line breaks as spaces, as a reader reads it."""
    return " ".join(README.read_text().split())


pytestmark = pytest.mark.freeze_time("2026-03-02 08:10:00+00:00")  # London: 08:10


def _mirror_login() -> tuple[str, str]:
    """The login the README's Development section names for the mirror and Assist."""
    found = re.search(r"\*\*(\S+) / (\S+)\*\* for the mirror and Assist", _readme())
    assert found, "the README names no login for the mirror and Assist"
    return found[1], found[2]


@pytest.mark.usefixtures("assist", "local_auth")
@pytest.mark.parametrize(
    ("language", "took", "ask", "answered"),
    [
        (
            "en",
            "I took my pills",
            "What is my blood pressure?",
            "Well done. Marked as taken: Amlodipine 5 mg and Metformin 500 mg.",
        ),
        (
            "nl",
            "Ik heb mijn pillen ingenomen",
            "Wat is mijn bloeddruk?",
            "Goed zo. Genoteerd als ingenomen: Amlodipine 5 mg en Metformin 500 mg.",
        ),
        (
            "de",
            "Ich habe meine Tabletten genommen",
            "Wie ist mein Blutdruck?",
            "Gut gemacht. Als genommen eingetragen: Amlodipine 5 mg und Metformin 500 mg.",
        ),
    ],
)
async def test_the_readme_examples_work_for_the_mirror_login(
    hass: HomeAssistant,
    hass_client_no_auth: ClientSessionGenerator,
    hass_admin_user: MockUser,
    *,
    language: str,
    took: str,
    ask: str,
    answered: str,
) -> None:
    for component in ("http", "api", "config", "person", "betti", *PROFILE_PLATFORMS):
        assert await async_setup_component(hass, component, {})
    await hass.async_block_till_done()
    refresh = await hass.auth.async_create_refresh_token(
        hass_admin_user, demo_household.CLIENT_ID
    )
    admin = hass.auth.async_create_access_token(refresh)
    client = await hass_client_no_auth()
    await demo_household.ensure_mirror_login(client, "", admin)  # type: ignore[arg-type]
    await demo_household.ensure_profile(client, "", admin)  # type: ignore[arg-type]
    await hass.async_block_till_done()
    await demo_household.ensure_vitals(client, "", admin)  # type: ignore[arg-type]
    await demo_household.ensure_medications(client, "", admin)  # type: ignore[arg-type]
    await hass.async_block_till_done()

    username, password = _mirror_login()
    token = await demo_household.login(client, "", username, password)  # type: ignore[arg-type]
    user = hass.auth.async_validate_access_token(token).user  # type: ignore[union-attr]
    assert not user.is_admin
    # Her own login is no other login: her readings stay in her mirror's entities.
    (entry,) = hass.config_entries.async_entries("betti")
    assert entry.options["private"] is False

    async def say(text: str) -> dict[str, object]:
        async with client.post(
            "/api/conversation/process",
            json={"text": text, "language": language},
            headers={"Authorization": f"Bearer {token}"},
        ) as resp:
            assert resp.status == 200
            return (await resp.json())["response"]  # type: ignore[no-any-return]

    pills = await say(took)
    assert pills["response_type"] == "action_done"
    assert pills["speech"]["plain"]["speech"] == answered  # type: ignore[index]
    pressure = await say(ask)
    assert pressure["response_type"] == "action_done"
    assert "07:00" in pressure["speech"]["plain"]["speech"]  # type: ignore[index]


async def test_the_demo_login_is_the_family_view_s(hass: HomeAssistant) -> None:
    """The README names the administrator's login for the family view and settings."""
    assert (
        f"**{demo_household.USERNAME} / {demo_household.PASSWORD}**"
        " for the family view" in _readme()
    )
