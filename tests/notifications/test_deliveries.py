"""The delivery log: every push Betti sent, queryable per kind, shown to carers, and caps told."""

from datetime import timedelta
import json
from pathlib import Path
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import issue_registry as ir
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    CLIENT_ID,
    MockConfigEntry,
    MockUser,
    async_fire_time_changed,
)
from pytest_homeassistant_custom_component.typing import (
    MockHAClientWebSocket,
    WebSocketGenerator,
)
import yaml

from custom_components.betti.alerts.escalation import AlertSource, Severity
from custom_components.betti.alerts.raising import async_raise_alert
from custom_components.betti.db.deliveries import Kind, Result, add_delivery
from custom_components.betti.notifications import delivery

from ..conftest import ALICE_PHONE, BOB_PHONE, CAROL_PHONE, Pushes
from ..medications.test_medications import DUE, add, advance, medication_entry

pytestmark = pytest.mark.freeze_time("2026-03-02 07:00:00+00:00")


@pytest.fixture
async def alice(hass: HomeAssistant, persons: None, phones: Pushes) -> MockConfigEntry:
    """Alice in London: her phone (named "Alice phone" in the app), Bob as her contact."""
    await hass.config.async_set_time_zone("Europe/London")
    MockConfigEntry(
        domain="mobile_app",
        data={"device_name": "Alice phone", "webhook_id": "alice"},
    ).add_to_hass(hass)
    entry = medication_entry()
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry


async def _raise(hass: HomeAssistant, entry: MockConfigEntry, **kwargs: Any) -> int:
    return await async_raise_alert(
        hass,
        entry,
        source=kwargs.pop("source", AlertSource.OTHER),
        severity=kwargs.pop("severity", Severity.WARNING),
        message=kwargs.pop("message", "Blood pressure 190/120"),
        dedupe_key=kwargs.pop("key", "pressure"),
        **kwargs,
    )


async def _call_for_help(hass: HomeAssistant, entry: MockConfigEntry) -> int:
    """Alice's help alert, its first pushes sent; return its id."""
    help_id = await _raise(
        hass,
        entry,
        source=AlertSource.PANIC,
        severity=Severity.CRITICAL,
        message="Alice asks for help",
        key="panic",
        urgent=True,
    )
    await hass.async_block_till_done(wait_background_tasks=True)
    return help_id


async def _deliveries(hass: HomeAssistant, **data: Any) -> list[dict[str, Any]]:
    response = await hass.services.async_call(
        "betti", "get_deliveries", data, blocking=True, return_response=True
    )
    assert response is not None
    return list(response["deliveries"])


def _seen(deliveries: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    return [(d["kind"], d["target"], d["status"]) for d in deliveries]


async def test_get_deliveries_lists_each_push_by_kind_and_phone_name(
    hass: HomeAssistant,
    alice: MockConfigEntry,
    phones: Pushes,
    freezer: FrozenDateTimeFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    await add(hass)  # Aspirin daily at 08:00
    await advance(hass, freezer, 60)
    help_id = await _call_for_help(hass, alice)
    await hass.services.async_call("betti", "acknowledge_alert", {}, blocking=True)
    monkeypatch.setattr(delivery, "DAILY_PUSH_CAP", 0)
    await _raise(hass, alice)
    await hass.async_block_till_done()  # Bob is told after the held push

    deliveries = await _deliveries(hass)
    # Newest first; the clears after "I'm on it" are no notifications and are left out.
    assert [d["kind"] for d in deliveries] == [
        "pushes_held",  # Bob told once that Alice's phone is held back
        "alert",
        "help",
        "help",
        "dose",
    ]
    assert sorted(_seen(deliveries)) == [
        ("alert", "Alice phone", "capped"),
        ("dose", "Alice phone", "sent"),
        ("help", "Alice phone", "sent"),
        ("help", "Bob", "sent"),
        ("pushes_held", "Bob", "sent"),
    ]
    assert {d["alert_id"] for d in deliveries[2:4]} == {help_id}
    assert deliveries[4]["at"] == "2026-03-02T08:00:00+00:00"
    assert "190" not in str(deliveries)  # what it was about, never the reading
    assert sorted(_seen(await _deliveries(hass, kind="help"))) == [
        ("help", "Alice phone", "sent"),
        ("help", "Bob", "sent"),
    ]
    assert await _deliveries(hass, end="2026-03-02 07:30:00") == []


async def test_get_deliveries_refuses_an_empty_period(
    hass: HomeAssistant, alice: MockConfigEntry
) -> None:
    with pytest.raises(ServiceValidationError) as err:
        await _deliveries(hass, start="2026-03-02 10:00:00", end="2026-03-02 09:00:00")
    assert err.value.translation_key == "start_not_before_end"


async def _subscribe(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    user: MockUser,
    entry: MockConfigEntry,
) -> tuple[MockHAClientWebSocket, dict[str, Any]]:
    """Open the health card's subscription as this user: the socket and its answer."""
    refresh = await hass.auth.async_create_refresh_token(user, CLIENT_ID)
    ws = await hass_ws_client(hass, hass.auth.async_create_access_token(refresh))
    await ws.send_json_auto_id(
        {"type": "betti/health/subscribe", "config_entry_id": entry.entry_id}
    )
    return ws, await ws.receive_json()


async def _next_event(ws: MockHAClientWebSocket) -> dict[str, Any]:
    event: dict[str, Any] = (await ws.receive_json(timeout=5))["event"]
    return event


@pytest.mark.parametrize("who", ["person", "carer", "stranger"])
async def test_the_phone_view_shows_recent_notifications_to_those_who_may_see(
    hass: HomeAssistant,
    *,
    persons: None,
    alice_user: MockUser,
    phones: Pushes,
    freezer: FrozenDateTimeFactory,
    hass_ws_client: WebSocketGenerator,
    monkeypatch: pytest.MonkeyPatch,
    who: str,
) -> None:
    await hass.config.async_set_time_zone("Europe/London")
    carol = MockUser(name="Carol").add_to_hass(hass)
    users = {
        "person": alice_user,
        "carer": carol,
        "stranger": MockUser(name="Dave").add_to_hass(hass),
    }
    MockConfigEntry(
        domain="mobile_app", data={"device_name": "Alice phone", "webhook_id": "a"}
    ).add_to_hass(hass)
    entry = medication_entry(
        notify_targets=[ALICE_PHONE, "notify.mobile_app_broken_phone"],
        shared_with=[carol.id],
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await add(hass)
    await advance(hass, freezer, 60)  # the 08:00 reminder: one phone gets it, one fails

    ws, answer = await _subscribe(hass, hass_ws_client, users[who], entry)
    if who == "stranger":
        assert answer["success"] is False
        assert answer["error"]["code"] == "unauthorized"
        return
    assert answer["success"]
    shown = await _next_event(ws)
    assert shown["texts"]["notifications"] == "Recent notifications"
    # Both at 08:00; which phone's answer came first is the push services' race.
    assert sorted(shown["notifications"], key=lambda n: n["to"]) == [
        {
            "at": "2026-03-02T08:00:00+00:00",
            "what": "Dose reminder",
            "to": "Alice phone",
            "status": "Sent",
            "problem": False,
        },
        {
            "at": "2026-03-02T08:00:00+00:00",
            "what": "Dose reminder",
            "to": "mobile_app_broken_phone",
            "status": "Failed",
            "problem": True,
        },
    ]
    # A push held back by the cap shows up at once, highlighted.
    monkeypatch.setattr(delivery, "DAILY_PUSH_CAP", 0)
    await _raise(hass, entry)
    await hass.async_block_till_done()
    # Both phones held back, and Bob told of each.
    while len((shown := await _next_event(ws))["notifications"]) < 6:
        pass
    assert sorted(
        (n["what"], n["to"], n["status"], n["problem"])
        for n in shown["notifications"][:4]
    ) == [
        ("Alert", "Alice phone", "Held back", True),
        ("Alert", "mobile_app_broken_phone", "Held back", True),
        ("Held-back notice", "Bob", "Sent", False),
        ("Held-back notice", "Bob", "Sent", False),
    ]


async def test_held_back_reminders_are_told_on_the_mirror_and_to_the_carers_once(
    hass: HomeAssistant,
    *,
    persons: None,
    alice_user: MockUser,
    phones: Pushes,
    freezer: FrozenDateTimeFactory,
    hass_ws_client: WebSocketGenerator,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(delivery, "DAILY_PUSH_CAP", 1)
    await hass.config.async_set_time_zone("Europe/London")
    carol = MockUser(name="Carol").add_to_hass(hass)  # her carer, with the app
    for name, user in (("Alice phone", alice_user), ("Carol phone", carol)):
        MockConfigEntry(
            domain="mobile_app",
            data={"device_name": name, "webhook_id": name, "user_id": user.id},
        ).add_to_hass(hass)
    entry = medication_entry(shared_with=[carol.id])
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    meds = [
        await add(hass),  # Aspirin at 08:00: her one notification of the day
        await add(hass, name="Metformin", strength="500 mg"),  # held back
    ]
    await advance(hass, freezer, 60)
    await advance(hass, freezer, 10)  # the reminders repeat: Metformin's is held again
    issue = ir.async_get(hass).async_get_issue("betti", f"pushes_held_{ALICE_PHONE}")
    assert issue is not None
    assert issue.translation_placeholders == {"phone": ALICE_PHONE, "held": "2"}
    # The mirror's alerts card (the health card's data) says so.
    _ws, answer = await _subscribe(hass, hass_ws_client, alice_user, entry)
    assert answer["success"]
    assert (await _next_event(_ws))["held"] == [
        "Some reminders to Alice phone were held back today (2)"
    ]
    told = [data for target, data in phones if target in (BOB_PHONE, CAROL_PHONE)]
    assert sorted(target for target, _ in phones if target != ALICE_PHONE) == [
        BOB_PHONE,
        CAROL_PHONE,
    ]
    assert {data["message"] for data in told} == {
        (
            "Some of Alice's reminders to Alice phone were held back today: that phone"
            " reached Betti's daily limit of notifications. Help and critical alerts"
            " still get through. Reminders go out again from midnight."
        )
    }
    assert told[0]["title"] == "Betti held back reminders"
    assert told[0]["data"]["push"]["interruption-level"] == "critical"
    assert not any(
        "Metformin" in data["message"]
        for target, data in phones
        if target == ALICE_PHONE
    )

    for medication_id in meds:  # taken: no missed-dose alert to hold back tomorrow
        await hass.services.async_call(
            "betti",
            "mark_dose",
            {"medication_id": medication_id, "due": DUE.isoformat(), "status": "taken"},
            blocking=True,
        )
    # Her midnight: the notice leaves the mirror.
    freezer.move_to("2026-03-03 00:00:01+00:00")
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    _ws, answer = await _subscribe(hass, hass_ws_client, alice_user, entry)
    assert (await _next_event(_ws))["held"] == []


async def test_each_sender_has_its_kind(
    hass: HomeAssistant, alice: MockConfigEntry, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What each part of Betti records as a delivery's source, read back as its kind."""
    monkeypatch.setattr(delivery, "DAILY_PUSH_CAP", 0)  # held: nothing to send
    missed = await _raise(hass, alice, source=AlertSource.MISSED_DOSE, key="missed")
    await hass.async_block_till_done()
    database = alice.runtime_data.database
    for source in ("vitals", "water_reminder", "appointment", "call", "pushes_held"):
        await database.async_write(
            add_delivery,
            alice.entry_id,
            target=ALICE_PHONE,
            at=dt_util.utcnow(),
            source=source,
            tag="t",
            result=Result.SENT,
        )
    kinds = [d["kind"] for d in await _deliveries(hass) if d["target"] != "Bob"]
    assert kinds == [
        "pushes_held",
        "call",
        "appointment",
        "water_reminder",
        "was_this_you",
        "missed_dose",
    ]
    [missed_push] = await _deliveries(hass, kind="missed_dose")
    assert missed_push["alert_id"] == missed


async def test_the_phone_view_shows_the_last_ten_of_the_last_day(
    hass: HomeAssistant,
    *,
    alice: MockConfigEntry,
    alice_user: MockUser,
    hass_ws_client: WebSocketGenerator,
) -> None:
    async def sent(hours_ago: int) -> None:
        await alice.runtime_data.database.async_write(
            add_delivery,
            alice.entry_id,
            target=ALICE_PHONE,
            at=dt_util.utcnow() - timedelta(hours=hours_ago),
            source="water_reminder",
            tag="betti_water",
            result=Result.SENT,
        )

    async def shown() -> list[str]:
        _ws, answer = await _subscribe(hass, hass_ws_client, alice_user, alice)
        assert answer["success"]
        pushes = (await _next_event(_ws))["notifications"]
        assert {n["what"] for n in pushes} <= {"Drink reminder"}
        return [n["at"] for n in pushes]

    def ago(*hours: int) -> list[str]:
        return [(dt_util.now() - timedelta(hours=h)).isoformat() for h in hours]

    await sent(25)  # yesterday's is left out
    await sent(1)
    assert await shown() == ago(1)
    for hours_ago in range(2, 12):
        await sent(hours_ago)
    assert await shown() == ago(*range(1, 11))  # newest first, ten at most


async def test_answers_and_test_alerts_are_named_for_what_they_are(
    hass: HomeAssistant,
    alice: MockConfigEntry,
    alice_user: MockUser,
    phones: Pushes,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """One help call is one help row per phone; "Bob is on it" and a test alert are their own."""
    help_id = await _call_for_help(hass, alice)
    hass.bus.async_fire(
        "mobile_app_notification_action",
        {"action": f"BETTI_ACK_{help_id}", "action_data": {"target": BOB_PHONE}},
    )
    await hass.async_block_till_done(wait_background_tasks=True)
    await hass.services.async_call(
        "button", "press", {"entity_id": "button.betti_alice_send_test_alert"}
    )
    await hass.async_block_till_done(wait_background_tasks=True)

    assert sorted(_seen(await _deliveries(hass))) == [
        ("answered", "Alice phone", "sent"),  # "Bob is on it."
        ("help", "Alice phone", "sent"),
        ("help", "Bob", "sent"),
        ("test", "Alice phone", "sent"),
        ("test", "Bob", "sent"),
    ]
    assert len(await _deliveries(hass, kind="help")) == 2
    assert len(await _deliveries(hass, kind="answered")) == 1
    assert len(await _deliveries(hass, kind="test")) == 2

    ws, _answer = await _subscribe(hass, hass_ws_client, alice_user, alice)
    shown = {n["what"] for n in (await _next_event(ws))["notifications"]}
    assert shown == {"Call for help", "Alert answered", "Test alert"}


def test_every_kind_is_offered_and_named() -> None:
    """get_deliveries offers every kind, and the phone view has a name for each."""
    betti = Path(__file__).parents[2] / "custom_components" / "betti"
    services = yaml.safe_load((betti / "services.yaml").read_text())
    offered = services["get_deliveries"]["fields"]["kind"]["selector"]["select"]
    assert offered["options"] == list(Kind)
    for language in ("en", "nl", "de"):
        texts = json.loads((betti / "translations" / f"{language}.json").read_text())
        assert set(texts["selector"]["delivery_kind"]["options"]) == set(Kind)
