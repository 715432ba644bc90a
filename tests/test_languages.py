"""A Dutch or German household gets Betti in its own language: names, pushes, errors, pages.

HA's language (``hass.config.language``) is set before Betti loads, as in a household whose
HA was set up in Dutch; everything below is what a person there would read.
"""

import json
from pathlib import Path
import re
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.template import Template
from homeassistant.helpers.translation import async_get_translations
from pypdf import PdfReader
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)
from pytest_homeassistant_custom_component.typing import (
    ClientSessionGenerator,
    WebSocketGenerator,
)

from .conftest import profile_entry

type Pushes = list[tuple[str, dict[str, Any]]]

ALICE_PHONE = "notify.mobile_app_alice_phone"
pytestmark = pytest.mark.freeze_time("2026-03-01 08:00:00-08:00")

# What each language says; the English is in the other tests.
SAYS: dict[str, dict[str, Any]] = {
    "nl": {
        "help_requested": "Hulp gevraagd",
        "call_for_help": "Alice vraagt om hulp. Ga er nu meteen heen, of begin een videogesprek.",
        "ringing": "Mock User belt u",
        "answer": "Opnemen",
        "diastolic": "De onderdruk moet lager zijn dan de bovendruk.",
        "headings": {"Gezondheid", "Afspraken"},
        "appointment": "dinsdag 3 maart, 10:00",
        "report": ("Gezondheidsverslag", "Periode 2026-02-01 tot 2026-03-01."),
        "todo": "1 tablet · nu innemen",
        "schedule": "de laatste dag ligt vóór de eerste dag",
        "bad_link": "<h1>Deze gesprekslink is niet geldig</h1>",
        "hang_up": "Ophangen",
        "reminder": "GP, di 03 mrt 10:00 in Praktijk",
        "place": "Praktijk",
    },
    "de": {
        "help_requested": "Hilfe gerufen",
        "call_for_help": (
            "Alice bittet um Hilfe. Bitte gehen Sie jetzt gleich hin oder starten Sie einen Videoanruf."
        ),
        "ringing": "Mock User ruft Sie an",
        "answer": "Annehmen",
        "diastolic": "Der untere Blutdruckwert muss kleiner sein als der obere.",
        "headings": {"Gesundheit", "Termine"},
        "appointment": "Dienstag, 3. März, 10:00",
        "report": ("Gesundheitsbericht", "Zeitraum 2026-02-01 bis 2026-03-01."),
        "todo": "1 Tablette · jetzt einnehmen",
        "schedule": "der letzte Tag liegt vor dem ersten Tag",
        "bad_link": "<h1>Dieser Anruflink ist nicht gültig</h1>",
        "hang_up": "Auflegen",
        "reminder": "GP, Di 03 Mär 10:00, Praxis",
        "place": "Praxis",
    },
}


@pytest.fixture(params=sorted(SAYS))
async def alice(
    hass: HomeAssistant, persons: None, phones: Pushes, request: pytest.FixtureRequest
) -> MockConfigEntry:
    """Alice's profile with her phone, in a household whose HA speaks ``request.param``."""
    hass.config.language = request.param
    entry = profile_entry()
    entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        entry,
        options={
            **entry.options,
            "notify_targets": [ALICE_PHONE],
            "call_notify": ["mobile_app_alice_phone"],
        },
    )
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry


def says(hass: HomeAssistant, what: str) -> Any:
    return SAYS[hass.config.language][what]


def entity(hass: HomeAssistant, entry: MockConfigEntry, domain: str, key: str) -> str:
    """The entity's id: HA words new ones in the household's language too."""
    entity_id = er.async_get(hass).async_get_entity_id(
        domain, "betti", f"{entry.entry_id}_{key}"
    )
    assert entity_id is not None
    return entity_id


async def test_entity_names(hass: HomeAssistant, alice: MockConfigEntry) -> None:
    state = hass.states.get(entity(hass, alice, "binary_sensor", "help_requested"))
    assert state is not None
    assert state.attributes["friendly_name"].endswith(says(hass, "help_requested"))


async def test_push_after_call_for_help(
    hass: HomeAssistant, alice: MockConfigEntry, phones: Pushes
) -> None:
    await hass.services.async_call(
        "button",
        "press",
        {"entity_id": entity(hass, alice, "button", "call_for_help")},
        blocking=True,
    )
    await hass.async_block_till_done(wait_background_tasks=True)
    [(target, push)] = phones
    assert (target, push["message"]) == (ALICE_PHONE, says(hass, "call_for_help"))


async def test_ringing_push(
    hass: HomeAssistant,
    alice: MockConfigEntry,
    phones: Pushes,
    hass_ws_client: WebSocketGenerator,
) -> None:
    caller = await hass_ws_client(hass)
    await caller.send_json_auto_id(
        {"type": "betti/call/start", "person": "person.alice"}
    )
    assert (await caller.receive_json())["success"]
    await hass.async_block_till_done()
    [(_, push)] = phones
    assert push["message"] == says(hass, "ringing")
    assert [action["title"] for action in push["data"]["actions"]] == [
        says(hass, "answer")
    ]


async def test_guest_page(
    hass: HomeAssistant,
    alice: MockConfigEntry,
    hass_client_no_auth: ClientSessionGenerator,
) -> None:
    """A guest from a link the household sent reads its page in the household's language."""
    guest = await hass_client_no_auth()
    page = await (await guest.get("/api/betti/call/link/forged")).text()
    assert f'<html lang="{hass.config.language}">' in page
    assert says(hass, "bad_link") in page


async def test_call_card_words(
    hass: HomeAssistant, alice: MockConfigEntry, hass_ws_client: WebSocketGenerator
) -> None:
    ws = await hass_ws_client(hass)
    await ws.send_json_auto_id({"type": "betti/call/texts"})
    assert (await ws.receive_json())["result"]["hang_up"] == says(hass, "hang_up")


def test_call_elements_say_only_translated_words() -> None:
    """Every word the call elements show is a call_card_ text (they carry none of their own)."""
    www = Path(__file__).parent.parent / "custom_components/betti/www"
    js = (www / "betti-call.js").read_text() + (www / "betti-call-core.js").read_text()
    english = json.loads((www.parent / "translations/en.json").read_text())[
        "exceptions"
    ]
    texts = {key.removeprefix("call_card_") for key in english if "call_card_" in key}
    said = set(re.findall(r'(?:say|failure)\(\s*"(\w+)"', js))
    said |= {
        word
        for pair in re.findall(r'say\([^)"]*\? "(\w+)" : "(\w+)"', js)
        for word in pair
    }
    reasons = re.search(r"const REASONS = \[(.*?)\]", js)
    assert reasons is not None
    said |= {f"ended_{reason}" for reason in re.findall(r'"(\w+)"', reasons[1])}
    assert "hang_up" in said
    assert said <= texts


async def test_exception_message(hass: HomeAssistant, alice: MockConfigEntry) -> None:
    """HA's frontend shows a refusal by its translation key, in the user's language."""
    with pytest.raises(ServiceValidationError) as refused:
        await hass.services.async_call(
            "betti",
            "log_vital",
            {"kind": "blood_pressure", "systolic": 80, "diastolic": 90},
            blocking=True,
        )
    strings = await async_get_translations(
        hass, hass.config.language, "exceptions", {"betti"}
    )
    key = f"component.betti.exceptions.{refused.value.translation_key}.message"
    assert strings[key] == says(hass, "diastolic")


async def test_schedule_refusal(hass: HomeAssistant, alice: MockConfigEntry) -> None:
    """The rule a schedule breaks is said in the household's language too."""
    schedule = {"type": "weekly", "times": ["08:00"], "start": "2026-03-05"}
    with pytest.raises(ServiceValidationError) as refused:
        await hass.services.async_call(
            "betti",
            "add_medication",
            {"name": "Aspirin", "schedules": [schedule | {"end": "2026-03-01"}]},
            blocking=True,
            return_response=True,
        )
    assert refused.value.translation_placeholders == {"error": says(hass, "schedule")}


async def test_appointment_reminder(
    hass: HomeAssistant,
    alice: MockConfigEntry,
    phones: Pushes,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A day before: the day and month said the household's way."""
    await hass.services.async_call(
        "betti",
        "add_appointment",
        {
            "title": "GP",
            "start": "2026-03-03T10:00:00",
            "location": says(hass, "place"),
        },
        blocking=True,
    )
    freezer.move_to("2026-03-02T10:00:00-08:00")
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert [push["message"] for _, push in phones] == [says(hass, "reminder")]


async def test_dashboard_words(
    hass: HomeAssistant, alice: MockConfigEntry, hass_ws_client: WebSocketGenerator
) -> None:
    await hass.services.async_call(
        "betti",
        "add_appointment",
        {"title": "GP", "start": "2026-03-03T10:00:00"},
        blocking=True,
    )
    await hass.async_block_till_done()
    ws = await hass_ws_client(hass)
    await ws.send_json_auto_id({"type": "betti/dashboard", "layout": "family"})
    family = (await ws.receive_json())["result"]
    cards = [card for s in family["views"][0]["sections"] for card in s["cards"]]
    headings = {card["heading"] for card in cards if card["type"] == "heading"}
    assert says(hass, "headings") <= headings
    await ws.send_json_auto_id({"type": "betti/dashboard", "layout": "mirror"})
    mirror = (await ws.receive_json())["result"]
    [appointment] = [
        card
        for s in mirror["views"][0]["sections"]
        for card in s["cards"]
        if card["type"] == "markdown"
    ]
    shown = Template(appointment["content"], hass).async_render(parse_result=False)
    assert says(hass, "appointment") in shown


async def test_todo_item(hass: HomeAssistant, alice: MockConfigEntry) -> None:
    await hass.services.async_call(
        "betti",
        "add_medication",
        {
            "name": "Aspirin",
            "form": "tablet",
            "schedules": [{"type": "weekly", "times": ["08:00"]}],
        },
        blocking=True,
        return_response=True,
    )
    await hass.async_block_till_done()
    todo = entity(hass, alice, "todo", "medications_today")
    items = await hass.services.async_call(
        "todo",
        "get_items",
        {},
        target={"entity_id": todo},
        blocking=True,
        return_response=True,
    )
    [item] = items[todo]["items"]
    assert item["description"] == says(hass, "todo")


async def test_report_labels(hass: HomeAssistant, alice: MockConfigEntry) -> None:
    response = await hass.services.async_call(
        "betti",
        "create_report",
        {"start": "2026-02-01T00:00:00", "end": "2026-03-01T07:00:00", "format": "pdf"},
        blocking=True,
        return_response=True,
    )
    entry_id, name = response["url"].removeprefix("/api/betti/reports/").split("/")
    path = hass.config.path("betti", "reports", entry_id, name)
    first = " ".join(PdfReader(path).pages[0].extract_text().split())
    for label in says(hass, "report"):
        assert label in first
