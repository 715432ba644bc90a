"""Who may make and download a report, what a range may be, and the doctor's button."""

from datetime import datetime, timedelta
from http import HTTPStatus
import logging
import os
from pathlib import Path
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.auth.const import GROUP_ID_USER
from homeassistant.components import persistent_notification
from homeassistant.components.http.auth import async_sign_path
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import ServiceValidationError, Unauthorized
import pytest
from pytest_homeassistant_custom_component.common import (
    CLIENT_ID,
    MockConfigEntry,
    MockUser,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from ..conftest import db_rows
from .conftest import NOW, call

pytestmark = pytest.mark.freeze_time(NOW)


@pytest.fixture(autouse=True)
def no_access_log(caplog: pytest.LogCaptureFixture) -> None:
    """Keep aiohttp's access log off: it reads the UTC offset a frozen clock does not give."""
    caplog.set_level(logging.WARNING, logger="aiohttp.access")


BUTTON = "button.betti_alice_report_for_the_doctor"


def _reports(hass: HomeAssistant) -> Path:
    return Path(hass.config.path("betti", "reports"))


async def _token(hass: HomeAssistant, user: MockUser) -> str:
    refresh = await hass.auth.async_create_refresh_token(user, CLIENT_ID)
    return hass.auth.async_create_access_token(refresh)


async def _status(
    hass_client: ClientSessionGenerator, url: str, token: str | None = None
) -> int:
    client = await (hass_client() if token is None else hass_client(token))
    async with client.get(url) as response:
        if response.status == HTTPStatus.OK:
            assert (await response.read()).startswith(b"%PDF")
            assert response.headers["Content-Disposition"].startswith("attachment")
        return response.status


async def test_only_the_person_and_admins_download(
    hass: HomeAssistant,
    alice_history: MockConfigEntry,
    alice_user: MockUser,
    hass_client: ClientSessionGenerator,
    hass_client_no_auth: ClientSessionGenerator,
) -> None:
    made = await call(hass, "create_report", config_entry_id=alice_history.entry_id)
    url = made["url"]
    assert url.endswith("betti-alice-2025-12-02-2026-03-02.pdf")
    bob = MockUser(name="Bob").add_to_hass(hass)  # another household member
    guest = MockUser(name="Guest").add_to_hass(hass)  # a login without a profile
    assert await _status(hass_client, url) == HTTPStatus.OK  # an administrator
    assert await _status(hass_client, url, await _token(hass, alice_user)) == 200
    assert await _status(hass_client, url, await _token(hass, bob)) == 403
    guest_token = await _token(hass, guest)
    assert await _status(hass_client, url, guest_token) == HTTPStatus.FORBIDDEN
    # A guest may sign paths for themself (HA's auth/sign_path): that changes nothing.
    guest_refresh = hass.auth.async_validate_access_token(guest_token)
    assert guest_refresh is not None
    guest_signed = async_sign_path(
        hass, url, timedelta(hours=1), refresh_token_id=guest_refresh.id
    )
    assert await _status(hass_client_no_auth, guest_signed) == HTTPStatus.FORBIDDEN
    # Without a login only the link Betti signed (for a push) opens, and only its file.
    assert await _status(hass_client_no_auth, url) == HTTPStatus.UNAUTHORIZED
    assert await _status(hass_client_no_auth, made["signed_url"]) == HTTPStatus.OK
    other = made["signed_url"].replace(".pdf?", ".zip?")
    assert await _status(hass_client_no_auth, other) == HTTPStatus.UNAUTHORIZED
    folder = url.rsplit("/", 1)[0]
    for name in ("..%2F..%2Fbetti.db", ".betti.pdf.part", "Betti.PDF"):
        status = await _status(hass_client, f"{folder}/{name}")
        assert status in {HTTPStatus.BAD_REQUEST, HTTPStatus.NOT_FOUND}


async def test_another_member_cannot_make_one(
    hass: HomeAssistant, alice_history: MockConfigEntry
) -> None:
    bob = MockUser(name="Bob").add_to_hass(hass)
    with pytest.raises(Unauthorized):
        await hass.services.async_call(
            "betti",
            "create_report",
            {"config_entry_id": alice_history.entry_id},
            blocking=True,
            return_response=True,
            context=Context(user_id=bob.id),
        )
    assert not _reports(hass).exists()
    assert not db_rows(hass, "SELECT 1 FROM audit_log WHERE action = 'report_created'")


@pytest.mark.parametrize(
    ("data", "key"),
    [
        (
            {"start": "2026-02-10T00:00:00-08:00", "end": "2026-02-01T00:00:00-08:00"},
            "start_not_before_end",
        ),
        (
            {"start": "2026-02-10T00:00:00-08:00", "end": "2026-02-10T00:00:00-08:00"},
            "start_not_before_end",
        ),
        ({"end": "2026-03-03T12:00:00-08:00"}, "report_in_future"),
        ({"start": "2026-03-05T00:00:00"}, "start_not_before_end"),
        (
            {"start": "2025-01-01T00:00:00-08:00", "end": "2026-03-01T00:00:00-08:00"},
            "report_too_long",
        ),
    ],
)
async def test_bad_ranges_are_refused(
    hass: HomeAssistant,
    alice_history: MockConfigEntry,
    data: dict[str, Any],
    key: str,
) -> None:
    with pytest.raises(ServiceValidationError) as refused:
        await call(
            hass, "create_report", config_entry_id=alice_history.entry_id, **data
        )
    assert refused.value.translation_key == key
    assert refused.value.translation_domain == "betti"
    assert not _reports(hass).exists()
    assert not db_rows(hass, "SELECT 1 FROM audit_log WHERE action = 'report_created'")


async def test_times_without_a_zone_are_the_households(
    hass: HomeAssistant, alice_history: MockConfigEntry
) -> None:
    made = await call(
        hass,
        "create_report",
        config_entry_id=alice_history.entry_id,
        start="2026-02-01T00:00:00",
        end="2026-03-01T00:00:00-08:00",
        format="csv",
    )
    assert made["start"] == "2026-02-01T00:00:00-08:00"
    assert made["url"].endswith("betti-alice-2026-02-01-2026-02-28.zip")


async def test_doctor_button_notifies_a_working_link(
    hass: HomeAssistant,
    alice_history: MockConfigEntry,
    alice_user: MockUser,
    hass_client_no_auth: ClientSessionGenerator,
    freezer: FrozenDateTimeFactory,
) -> None:
    # Ordinary users as HA makes them: HA lets them press any button.
    users = await hass.auth.async_get_group(GROUP_ID_USER)
    assert users is not None
    alice_user.groups.append(users)
    alice_user.invalidate_cache()
    bob = MockUser(name="Bob", groups=[users]).add_to_hass(hass)
    notice = f"betti_report_{alice_history.entry_id}"
    with pytest.raises(Unauthorized):
        await hass.services.async_call(
            "button",
            "press",
            {"entity_id": BUTTON},
            blocking=True,
            context=Context(user_id=bob.id),
        )
    notices = persistent_notification._async_get_or_create_notifications(hass)
    assert notice not in notices
    await hass.services.async_call(
        "button",
        "press",
        {"entity_id": BUTTON},
        blocking=True,
        context=Context(user_id=alice_user.id),
    )
    message = notices[notice]["message"]
    assert notices[notice]["title"] == "Report for the doctor"
    assert "The report for Alice (2025-12-02 to 2026-03-02) is ready" in message
    link = message.split("](", 1)[1].split(")", 1)[0]
    assert "authSig=" in link
    assert await _status(hass_client_no_auth, link) == HTTPStatus.OK
    # The audit trail says who took Alice's data out, and how.
    assert db_rows(
        hass,
        "SELECT user_id, source, json_extract(detail, '$.format') FROM audit_log"
        " WHERE action = 'report_created'",
    ) == [(alice_user.id, "button", "pdf")]
    # Every HA user sees notifications: the link is good for an hour only.
    assert "works for 60 minutes" in message
    freezer.tick(timedelta(minutes=61))
    assert await _status(hass_client_no_auth, link) == HTTPStatus.UNAUTHORIZED


async def _ordinary(hass: HomeAssistant, *users: MockUser) -> None:
    """Ordinary users as HA makes them: HA lets them press any button."""
    group = await hass.auth.async_get_group(GROUP_ID_USER)
    assert group is not None
    for user in users:
        user.groups.append(group)
        user.invalidate_cache()


def _phone(hass: HomeAssistant, device: str, user: MockUser) -> None:
    """A companion app signed in as ``user`` (HA's mobile_app registration)."""
    MockConfigEntry(
        domain="mobile_app",
        data={"device_name": device, "user_id": user.id, "webhook_id": device},
    ).add_to_hass(hass)


async def _make_private(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    hass.config_entries.async_update_entry(
        entry, options={**entry.options, "private": True}
    )
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()


async def test_a_private_profiles_report_link_goes_only_to_the_pressers_phone(
    hass: HomeAssistant,
    alice_history: MockConfigEntry,
    alice_user: MockUser,
    phones: list[tuple[str, dict[str, Any]]],
    hass_client_no_auth: ClientSessionGenerator,
) -> None:
    bob = MockUser(name="Bob").add_to_hass(hass)
    await _ordinary(hass, alice_user, bob)
    _phone(hass, "Alice phone", alice_user)
    _phone(hass, "Bob phone", bob)
    await _make_private(hass, alice_history)
    await hass.services.async_call(
        "button",
        "press",
        {"entity_id": BUTTON},
        blocking=True,
        context=Context(user_id=alice_user.id),
    )
    # Nothing in the notifications every user sees; a push to Alice's own phone.
    notices = persistent_notification._async_get_or_create_notifications(hass)
    assert f"betti_report_{alice_history.entry_id}" not in notices
    assert [target for target, _ in phones] == ["notify.mobile_app_alice_phone"]
    push = phones[0][1]
    assert push["message"].startswith(
        "The report for Alice (2025-12-02 to 2026-03-02) is ready: tap to download"
    )
    link = push["data"]["url"]
    assert push["data"]["clickAction"] == link
    assert await _status(hass_client_no_auth, link) == HTTPStatus.OK


async def test_a_private_report_with_no_phone_to_send_it_to_is_refused(
    hass: HomeAssistant,
    alice_history: MockConfigEntry,
    alice_user: MockUser,
    phones: list[tuple[str, dict[str, Any]]],
) -> None:
    await _ordinary(hass, alice_user)
    await _make_private(hass, alice_history)
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            "button",
            "press",
            {"entity_id": BUTTON},
            blocking=True,
            context=Context(user_id=alice_user.id),
        )
    assert err.value.translation_key == "report_no_phone"
    assert phones == []
    assert not persistent_notification._async_get_or_create_notifications(hass)
    assert not _reports(hass).exists()


async def test_week_old_reports_are_deleted(
    hass: HomeAssistant, alice_history: MockConfigEntry
) -> None:
    folder = _reports(hass) / alice_history.entry_id
    folder.mkdir(parents=True)
    old, recent = folder / "old.pdf", folder / "recent.pdf"
    for path, age in ((old, timedelta(days=8)), (recent, timedelta(days=6))):
        path.write_bytes(b"%PDF")
        moment = (datetime.fromisoformat(NOW) - age).timestamp()
        os.utime(path, (moment, moment))
    made = await call(hass, "create_report", config_entry_id=alice_history.entry_id)
    assert sorted(p.name for p in folder.iterdir()) == [
        made["url"].rsplit("/", 1)[1],
        "recent.pdf",
    ]
