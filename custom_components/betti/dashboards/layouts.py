"""The two dashboards' configurations, built from the profiles a user may see.

Mirror: 1920x1080, read from two metres, each view on one screen without scrolling: one
wide sections view per person, the clock first, and the call for help, the alerts and the
call card always in the first column; then the medicines, the vitals with the blood
pressure graph, and the day with the other graphs. With several people a household view
comes first: each one's alerts, call for help and medicines. Family (phones): one narrow view per
person, alerts and adherence first, then the notifications Betti sent (failed or held back
ones marked), for a 390 px screen held in one hand.

Their words are in the household's language (``hass.config.language``) when the dashboard is
built, that is each time a browser opens it.
"""

from typing import Any

from ..household.profile import view_path
from .cards import (
    FULL_WIDTH,
    Say,
    alert_cards,
    appointment_card,
    call_card,
    heading,
    health_card,
    mirror_card,
    mirror_help,
    progress_cards,
    report_button,
    section,
    tile,
    trend_graphs,
    vital_tiles,
)
from .roles import ProfileEntities, Role

MIRROR = "mirror"
FAMILY = "family"
LAYOUTS = (MIRROR, FAMILY)
# The theme's name (an identifier in themes.yaml, not shown as words).
MIRROR_THEME = "Betti mirror"


def _clock(time_zone: str) -> dict[str, Any]:
    """Return the clock: the household's time (not the browser's), the date on its own line.

    "woensdag 2 december" in the clock's large type is wider than a phone's 390 px.
    """
    return {
        "type": "clock",
        "clock_size": "large",
        "time_zone": time_zone,
        "date_format": [
            "weekday-long",
            "separator-new-line",
            "day-numeric",
            "month-long",
        ],
        "grid_options": {"columns": 12, "rows": 3},
    }


def _view(title: str, sections: list[dict[str, Any]], **options: Any) -> dict[str, Any]:
    return {
        "type": "sections",
        "title": title,
        "path": view_path(title),
        "sections": sections,
        **options,
    }


def _empty(title: str, say: Say) -> dict[str, Any]:
    nobody = {"type": "markdown", "content": say("dashboard_nobody")}
    return {"title": title, "views": [_view(title, [section(nobody)])]}


def _person(
    profile: ProfileEntities, persons: list[str], say: Say, time_zone: str
) -> list[dict[str, Any]]:
    """One person's mirror view, four columns."""
    graphs = trend_graphs(profile, say, legend=False)
    return [
        section(
            _clock(time_zone),
            mirror_card(profile, "alerts"),
            mirror_help(profile),
            call_card(profile.person, [p for p in persons if p != profile.person]),
        ),
        *([section(mirror_card(profile, "medicines"))] if profile.medicines else []),
        section(
            heading(say("dashboard_health"), "mdi:heart-pulse"),
            vital_tiles(profile, wide=True),
            graphs[:1],
            health_card(profile, "vitals"),
        ),
        section(
            heading(say("dashboard_today"), "mdi:calendar-today"),
            appointment_card(profile, say),
            health_card(profile, "today"),
            progress_cards(profile, say),
            graphs[1:],
        ),
    ]


def mirror_dashboard(
    profiles: list[ProfileEntities], say: Say, time_zone: str
) -> dict[str, Any]:
    """Build the mirror: a household view when several live here, then one per person."""
    if not profiles:
        return _empty("Betti", say)
    persons = [profile.person for profile in profiles]
    mirror = {"theme": MIRROR_THEME, "max_columns": 4, "dense_section_placement": True}
    views = [
        _view(profile.name, _person(profile, persons, say, time_zone), **mirror)
        for profile in profiles
    ]
    if len(profiles) > 1:
        household = [section(_clock(time_zone))] + [
            section(
                heading(profile.name, "mdi:account"),
                mirror_card(profile, "alerts"),
                mirror_help(profile),
                mirror_card(profile, "medicines") if profile.medicines else [],
            )
            for profile in profiles
        ]
        views.insert(0, _view(say("dashboard_household"), household, **mirror))
    return {"title": "Betti", "views": views}


def _adherence(profile: ProfileEntities) -> list[dict[str, Any]]:
    roles = (Role.DOSE_OVERDUE, Role.DOSES_LEFT, Role.ADHERENCE_7D, Role.ADHERENCE_30D)
    # A row each: "Adherence (7 days)" is cut short in half a phone's width.
    return [
        tile(entity_id, grid_options=FULL_WIDTH)
        for role in roles
        if (entity_id := profile.get(role)) is not None
    ]


def family_dashboard(
    profiles: list[ProfileEntities], viewer: str | None, say: Say
) -> dict[str, Any]:
    """Build the phones' dashboard: a view per person; ``viewer``: the phone's own person."""
    title = say("dashboard_family_title")
    if not profiles:
        return _empty(title, say)
    # On their own view the viewer calls the others they see; elsewhere, that person.
    others = [profile.person for profile in profiles if profile.person != viewer]
    views = []
    for profile in profiles:
        calendar = profile.get(Role.APPOINTMENTS)
        contacts = others if profile.person == viewer else [profile.person]
        views.append(
            _view(
                profile.name,
                [
                    section(
                        heading(profile.name, "mdi:account"),
                        alert_cards(profile, say),
                        health_card(profile, "alerts"),
                        _adherence(profile),
                        health_card(profile, "adherence"),
                        # Every profile's, private or not: the log is only Betti's to show.
                        mirror_card(profile, "notifications"),
                        report_button(profile),
                        call_card(viewer, contacts),
                    ),
                    section(
                        heading(say("dashboard_health"), "mdi:heart-pulse"),
                        vital_tiles(profile),
                        trend_graphs(profile, say),
                        health_card(profile, "vitals"),
                    ),
                    section(
                        heading(say("dashboard_appointments"), "mdi:calendar"),
                        health_card(profile, "appointments"),
                        []
                        if calendar is None
                        else [
                            {
                                "type": "calendar",
                                "entities": [calendar],
                                "initial_view": "listWeek",
                            }
                        ],
                    ),
                ],
                max_columns=2,
            )
        )
    return {"title": title, "views": views}
