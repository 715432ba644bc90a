"""Cards both dashboards use, mostly Home Assistant's own card types.

Betti's own cards are the call card (``custom:betti-call-card``: HA has no card for a video
call) and the health card (``custom:betti-health-card``): a private profile's values, and
on the mirror everyone's medicines, alerts and help button, which stock cards cannot show
in type large enough to read from two metres (their names are the smallest text, cut
short with an ellipsis, and their confirmations open in dialogs in the default type size).
"""

from collections.abc import Callable
import json
from typing import Any

from .roles import TRENDS, VITALS, ProfileEntities, Role

type Card = dict[str, Any]
# A text in the household's language: ``say(key, **placeholders)`` (notifications.texts.text).
type Say = Callable[..., str]

FULL_WIDTH = {"columns": 12}
# The entity's own name ("Systolic"), without the device's ("Betti · Margaret").
ENTITY_NAME = {"type": "entity"}


def tile(entity_id: str, **options: Any) -> Card:
    """Show an entity as a tile, named by its own name unless told otherwise."""
    return {"type": "tile", "entity": entity_id, "name": ENTITY_NAME, **options}


def when_on(entity_id: str) -> list[dict[str, str]]:
    """Show a card only while a binary sensor is on (HA's card visibility)."""
    return [{"condition": "state", "entity": entity_id, "state": "on"}]


def heading(text: str, icon: str | None = None) -> Card:
    """Title a section."""
    card: Card = {"type": "heading", "heading": text, "heading_style": "title"}
    if icon:
        card["icon"] = icon
    return card


def press(entity_id: str, confirm: str | None = None) -> dict[str, Any]:
    """Press a button entity on tap, optionally after a yes/no question."""
    action: dict[str, Any] = {
        "action": "perform-action",
        "perform_action": "button.press",
        "target": {"entity_id": entity_id},
    }
    if confirm:
        action["confirmation"] = {"text": confirm}
    return action


def alert_cards(profile: ProfileEntities, say: Say) -> list[Card]:
    """Build the alert banner: there only while something needs attention."""
    cards: list[Card] = []
    if (help_requested := profile.get(Role.HELP_REQUESTED)) is not None:
        cards.append(
            tile(
                help_requested,
                name=say("dashboard_asked_for_help", name=profile.name),
                color="red",
                grid_options=FULL_WIDTH,
                visibility=when_on(help_requested),
            )
        )
    alert_active = profile.get(Role.ALERT_ACTIVE)
    if alert_active is None:
        return cards
    if (last_alert := profile.get(Role.LAST_ALERT)) is not None:
        cards.append(
            tile(
                last_alert,
                name=say("dashboard_needs_attention"),
                state_content=["message"],
                color="red",
                grid_options=FULL_WIDTH,
                visibility=when_on(alert_active),
            )
        )
    if (acknowledge := profile.get(Role.ACKNOWLEDGE)) is not None:
        cards.append(
            {
                "type": "button",
                "entity": acknowledge,
                "name": say("card_acknowledge"),
                "icon": "mdi:check-circle",
                "show_state": False,
                "tap_action": press(acknowledge),
                "grid_options": FULL_WIDTH,
                "visibility": when_on(alert_active),
            }
        )
    return cards


def appointment_card(profile: ProfileEntities, say: Say) -> list[Card]:
    """Show the next appointment in words (the calendar's attributes hold the next one)."""
    if (calendar := profile.get(Role.APPOINTMENTS)) is None:
        return []
    attr = f"state_attr('{calendar}', '{{}}')"
    # Day and month names in the household's language: strftime would say them in English.
    days = json.dumps(say("dashboard_weekdays").split(), ensure_ascii=False)
    months = json.dumps(say("dashboard_months").split(), ensure_ascii=False)
    # start_time is the household's wall-clock time without an offset: format it as is.
    content = (
        f"{{% if {attr.format('message')} %}}"
        f"### {{{{ {attr.format('message')} }}}}\n"
        f"{{% set when = {attr.format('start_time')} | as_datetime %}}"
        + say(
            "dashboard_appointment_when",
            weekday=f"{{{{ {days}[when.weekday()] }}}}",
            day="{{ when.day }}",
            month=f"{{{{ {months}[when.month - 1] }}}}",
            time="{{ when.strftime('%H:%M') }}",
        )
        + f"{{% if {attr.format('location')} %}} · {{{{ {attr.format('location')} }}}}"
        "{% endif %}"
        "{% endif %}"
    )
    return [
        {
            "type": "markdown",
            "title": say("dashboard_next_appointment"),
            "content": content,
            "show_empty": False,  # none coming up: no card
            "grid_options": FULL_WIDTH,
        }
    ]


def vital_tiles(profile: ProfileEntities, *, wide: bool = False) -> list[Card]:
    """Show the latest reading of each vital sign measured so far (``wide``: a row each)."""
    tiles: list[Card] = []
    if Role.SYSTOLIC in profile.measured and (
        category := profile.get(Role.BP_CATEGORY)
    ):
        tiles.append(tile(category, grid_options=FULL_WIDTH))
    options = {"grid_options": FULL_WIDTH} if wide else {}
    tiles.extend(
        tile(profile.entities[role], **options)
        for role in VITALS
        if role in profile.measured
    )
    return tiles


def trend_graphs(
    profile: ProfileEntities, say: Say, days: int = 7, *, legend: bool = True
) -> list[Card]:
    """Graph a week of daily means from HA's long-term statistics, one graph per kind.

    Only kinds measured on two days or more: one day's mean draws no line.
    """
    return [
        {
            "type": "statistics-graph",
            "title": say("dashboard_trend", title=say(title), days=days),
            "entities": [profile.entities[role] for role in roles],
            "days_to_show": days,
            "period": "day",
            "stat_types": ["mean"],
            "chart_type": "line",
            "hide_legend": not legend,
            "grid_options": FULL_WIDTH,
        }
        for title, roles in TRENDS
        if roles[0] in profile.trended
    ]


def progress_cards(profile: ProfileEntities, say: Say) -> list[Card]:
    """Water, food energy and steps against today's goals, and +1 glass of water."""
    gauges = (
        ("dashboard_water", Role.WATER_PROGRESS),
        ("dashboard_energy", Role.ENERGY_PROGRESS),
        ("dashboard_steps", Role.STEPS_PROGRESS),
    )
    cards: list[Card] = [
        {
            "type": "gauge",
            "entity": entity_id,
            "name": say(name),
            "min": 0,
            "max": 100,
            "grid_options": {"columns": 4, "rows": 2},
        }
        for name, role in gauges
        if (entity_id := profile.get(role)) is not None and role in profile.measured
    ]
    if (water := profile.get(Role.GLASS_OF_WATER)) is not None:
        cards.append(
            tile(
                water,
                hide_state=True,
                tap_action=press(water),
                grid_options=FULL_WIDTH,
            )
        )
    return cards


def health_card(profile: ProfileEntities, part: str) -> list[Card]:
    """Betti's health card: a private profile's values, read as the signed-in user.

    ``part``: alerts, vitals, today, adherence or appointments.
    """
    if not profile.private:
        return []
    return [
        {
            "type": "custom:betti-health-card",
            "config_entry_id": profile.entry_id,
            "part": part,
            "grid_options": FULL_WIDTH,
        }
    ]


def report_button(profile: ProfileEntities) -> list[Card]:
    """Offer the doctor's report: pressing makes it, a notification brings the link."""
    if (entity_id := profile.get(Role.REPORT)) is None:
        return []
    return [
        tile(
            entity_id,
            hide_state=True,
            tap_action=press(entity_id),
            grid_options=FULL_WIDTH,
        )
    ]


def mirror_card(profile: ProfileEntities, part: str, **config: Any) -> list[Card]:
    """Betti's health card for anyone's ``part``: alerts, medicines, help, notifications."""
    return [
        {
            "type": "custom:betti-health-card",
            "config_entry_id": profile.entry_id,
            "part": part,
            **config,
            "grid_options": FULL_WIDTH,
        }
    ]


def mirror_help(profile: ProfileEntities) -> list[Card]:
    """Build the big "Call for help" button; it asks once, so wiping the glass is no alarm."""
    if (entity_id := profile.get(Role.CALL_FOR_HELP)) is None:
        return []
    return mirror_card(profile, "help", entity=entity_id)


def call_card(person: str | None, contacts: list[str]) -> list[Card]:
    """Betti's call card: rings for ``person``, one Call button per contact."""
    if person is None and not contacts:
        return []
    card: Card = {"type": "custom:betti-call-card", "contacts": contacts}
    if person is not None:
        card["person"] = person
    return [card | {"grid_options": FULL_WIDTH}]


def section(*cards: list[Card] | Card) -> dict[str, Any]:
    """Build a grid section of the cards (lists are flattened, empty ones dropped)."""
    flat: list[Card] = []
    for card in cards:
        flat.extend(card if isinstance(card, list) else [card])
    return {"type": "grid", "cards": flat}
