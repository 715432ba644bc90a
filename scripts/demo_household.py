"""Onboard a fresh Home Assistant and give it Betti's demo household, through HA's own APIs.

Run by scripts/develop once HA is starting. Safe to run again: what exists is left alone.

"Today" is HA's: its time zone comes from `/api/config`, and what to log is built from HA's
now by `demo_household(now)`, a pure function, so this machine's own zone never matters.
"""

import asyncio
from dataclasses import dataclass
from datetime import date, datetime, time as wall_time, timedelta
from http import HTTPStatus
import sys
import time
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp

USERNAME = "demo"
PASSWORD = "betti-demo"  # noqa: S105 - a published demo login for a loopback-only HA
# Margaret's own login, for the mirror and Assist: not an administrator, linked to her person,
# so Assist knows whose profile "I took my pills" is for.
MIRROR_USERNAME = "margaret"
MIRROR_PASSWORD = "betti-mirror"  # noqa: S105 - as above
CLIENT_ID = "http://127.0.0.1:8123/"
DEMO_PERSON = "Margaret"


async def wait_for_ha(session: aiohttp.ClientSession, url: str) -> None:
    """Wait until HA answers HTTP (the first start installs nothing, but takes a while)."""
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            async with session.get(f"{url}/api/onboarding") as resp:
                if resp.status < HTTPStatus.INTERNAL_SERVER_ERROR:
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(1)
    sys.exit("Home Assistant did not start within 3 minutes; see its log above.")


async def token_from_code(session: aiohttp.ClientSession, url: str, code: str) -> str:
    """Swap an authorization code for an access token."""
    async with session.post(
        f"{url}/auth/token",
        data={"grant_type": "authorization_code", "code": code, "client_id": CLIENT_ID},
    ) as resp:
        resp.raise_for_status()
        return str((await resp.json())["access_token"])


async def onboard_or_login(session: aiohttp.ClientSession, url: str) -> str:
    """Create the demo owner on a fresh HA, or log in as them; return an access token."""
    async with session.get(f"{url}/api/onboarding") as resp:
        steps = (
            {step["step"]: step["done"] for step in await resp.json()}
            if resp.ok
            else {}
        )
    if not steps.get("user", True):
        async with session.post(
            f"{url}/api/onboarding/users",
            json={
                "client_id": CLIENT_ID,
                "name": "Demo Admin",
                "username": USERNAME,
                "password": PASSWORD,
                "language": "en",
            },
        ) as resp:
            resp.raise_for_status()
            return await token_from_code(session, url, (await resp.json())["auth_code"])
    token = await login(session, url, USERNAME, PASSWORD)
    if token is None:
        sys.exit(
            f"Could not log in as {USERNAME!r}: this config/ was onboarded by someone else."
        )
    return token


async def login(
    session: aiohttp.ClientSession, url: str, username: str, password: str
) -> str | None:
    """Log in with HA's own login form; return an access token, or None if refused."""
    async with session.post(
        f"{url}/auth/login_flow",
        json={
            "client_id": CLIENT_ID,
            "handler": ["homeassistant", None],
            "redirect_uri": CLIENT_ID,
        },
    ) as resp:
        flow = await resp.json()
    async with session.post(
        f"{url}/auth/login_flow/{flow['flow_id']}",
        json={"client_id": CLIENT_ID, "username": username, "password": password},
    ) as resp:
        result = await resp.json()
    if result.get("type") != "create_entry":
        return None
    return await token_from_code(session, url, result["result"])


async def websocket(
    session: aiohttp.ClientSession, url: str, token: str, message: dict[str, Any]
) -> Any:
    """Send one websocket command and return its result."""
    async with session.ws_connect(f"{url}/api/websocket") as ws:
        await ws.receive_json()
        await ws.send_json({"type": "auth", "access_token": token})
        await ws.receive_json()
        await ws.send_json({"id": 1, **message})
        reply = await ws.receive_json()
        if not reply["success"]:
            sys.exit(f"{message['type']} failed: {reply['error']}")
        return reply["result"]


async def ensure_mirror_login(
    session: aiohttp.ClientSession, url: str, token: str
) -> None:
    """Give Margaret a person and a login of her own (a user, not an administrator)."""
    users = await websocket(session, url, token, {"type": "config/auth/list"})
    user = next((u for u in users if u["username"] == MIRROR_USERNAME), None)
    if user is None:
        user = (
            await websocket(
                session,
                url,
                token,
                {
                    "type": "config/auth/create",
                    "name": DEMO_PERSON,
                    "group_ids": ["system-users"],
                },
            )
        )["user"]
        await websocket(
            session,
            url,
            token,
            {
                "type": "config/auth_provider/homeassistant/create",
                "user_id": user["id"],
                "username": MIRROR_USERNAME,
                "password": MIRROR_PASSWORD,
            },
        )
    persons = (await websocket(session, url, token, {"type": "person/list"}))["storage"]
    person = next((p for p in persons if p["name"] == DEMO_PERSON), None)
    if person is None:
        await websocket(
            session,
            url,
            token,
            {"type": "person/create", "name": DEMO_PERSON, "user_id": user["id"]},
        )
    elif person.get("user_id") is None:
        await websocket(
            session,
            url,
            token,
            {
                "type": "person/update",
                "person_id": person["id"],
                "user_id": user["id"],
                "device_trackers": person["device_trackers"],
            },
        )


async def ensure_profile(session: aiohttp.ClientSession, url: str, token: str) -> None:
    """Margaret lives at the mirror; give her a person and a Betti profile."""
    headers = {"Authorization": f"Bearer {token}"}
    persons = await websocket(session, url, token, {"type": "person/list"})
    if not any(person["name"] == DEMO_PERSON for person in persons["storage"]):
        await websocket(
            session, url, token, {"type": "person/create", "name": DEMO_PERSON}
        )
    async with session.get(
        f"{url}/api/config/config_entries/entry", headers=headers
    ) as resp:
        if any(entry["domain"] == "betti" for entry in await resp.json()):
            return
    async with session.post(
        f"{url}/api/config/config_entries/flow",
        json={"handler": "betti"},
        headers=headers,
    ) as resp:
        flow = await resp.json()
    async with session.post(
        f"{url}/api/config/config_entries/flow/{flow['flow_id']}",
        json={"next_step_id": "profile"},
        headers=headers,
    ) as resp:
        resp.raise_for_status()
    async with session.post(
        f"{url}/api/config/config_entries/flow/{flow['flow_id']}",
        json={
            "person": "person.margaret",
            "date_of_birth": "1946-05-02",
            "sex": "female",
            "height": 161,
            "weight_unit": "kg",
            "temperature_unit": "celsius",
            "glucose_unit": "mmol_l",
            "volume_unit": "ml",
        },
        headers=headers,
    ) as resp:
        result = await resp.json()
    if result.get("type") != "create_entry":
        sys.exit(f"Creating the demo profile failed: {result}")


async def betti_action(
    session: aiohttp.ClientSession,
    url: str,
    token: str,
    action: str,
    data: dict[str, Any],
    *,
    response: bool = False,
) -> Any:
    """Call a Betti action through HA's REST API, as an automation or app would."""
    async with session.post(
        f"{url}/api/services/betti/{action}{'?return_response' if response else ''}",
        json=data,
        headers={"Authorization": f"Bearer {token}"},
    ) as resp:
        resp.raise_for_status()
        return (await resp.json()).get("service_response") if response else None


async def ha_now(session: aiohttp.ClientSession, url: str, token: str) -> datetime:
    """The time now in HA's time zone, where the household's days begin and end."""
    async with session.get(
        f"{url}/api/config", headers={"Authorization": f"Bearer {token}"}
    ) as resp:
        resp.raise_for_status()
        zone = ZoneInfo((await resp.json())["time_zone"])
    return datetime.now(zone)


def at_local(day: date, hour: int, minute: int, now: datetime) -> str:
    """`day` at hour:minute on HA's clock (the zone of `now`), with its UTC offset."""
    return datetime.combine(day, wall_time(hour, minute), tzinfo=now.tzinfo).isoformat()


def vital_readings(now: datetime) -> list[dict[str, Any]]:
    """Two weeks of Margaret's 07:00 blood pressure and a weight every other day."""
    today = now.date()
    readings: list[dict[str, Any]] = []
    for days_ago in range(14, 0, -1):
        day = today - timedelta(days=days_ago)
        # A gentle week-on-week improvement after a change of medication.
        systolic = 142 - (14 - days_ago) + (days_ago * 7) % 5
        readings.append(
            {
                "kind": "blood_pressure",
                "systolic": systolic,
                "diastolic": 86 - (14 - days_ago) // 2,
                "pulse": 68 + days_ago % 4,
                "measured_at": at_local(day, 7, 0, now),
            }
        )
        if days_ago % 2 == 0:
            readings.append(
                {
                    "kind": "weight",
                    "weight": round(64.8 - (14 - days_ago) * 0.05, 1),
                    "measured_at": at_local(day, 7, 10, now),
                }
            )
    return readings


async def ensure_vitals(session: aiohttp.ClientSession, url: str, token: str) -> None:
    """Margaret's readings, unless she has some."""
    history = await betti_action(session, url, token, "get_vitals", {}, response=True)
    if history["vitals"]:
        return
    for reading in demo_household(await ha_now(session, url, token)).vitals:
        await betti_action(session, url, token, "log_vital", reading)


# Phone numbers from the UK's range reserved for drama. Betti reaches a contact through a
# notify service: scripts/develop-configuration.yaml's, which write to demo-notifications.txt.
DEMO_CONTACTS = [
    {
        "name": "Susan",
        "relation": "Daughter",
        "phone": "+44 7700 900461",
        "notify_target": "notify.susan_phone",
    },
    {
        "name": "Dr Patel",
        "relation": "GP surgery",
        "phone": "+44 161 496 0734",
        "notify_target": "notify.dr_patel_phone",
    },
]


async def ensure_contacts(session: aiohttp.ClientSession, url: str, token: str) -> None:
    """Give Margaret two emergency contacts (the action replaces the list, so reruns agree)."""
    async with session.post(
        f"{url}/api/services/betti/set_emergency_contacts",
        json={"contacts": DEMO_CONTACTS},
        headers={"Authorization": f"Bearer {token}"},
    ) as resp:
        if not resp.ok:
            sys.exit(f"Setting the demo contacts failed: {await resp.text()}")


DEMO_MEALS = (
    (
        "breakfast",
        8,
        [("usda:Oatmeal, NFS", 1, "serving"), ("usda:Banana, raw", 1, "serving")],
    ),
    (
        "lunch",
        12,
        [("chicken noodle soup", 300, "g"), ("bread whole wheat", 1, "serving")],
    ),
    ("snack", 15, [("usda:Apple, raw", 1, "serving")]),
    (
        "dinner",
        18,
        [("salmon baked", 120, "g"), ("potato boiled", 150, "g"), ("peas", 80, "g")],
    ),
)


@dataclass(frozen=True, slots=True)
class DemoDay:
    """One past day of Margaret's food, water and activity, as action data."""

    meals: list[dict[str, Any]]
    water: list[dict[str, Any]]
    activity: dict[str, Any]
    workouts: list[dict[str, Any]]


def demo_day(day: date, offset: int, now: datetime) -> DemoDay:
    """The `offset`-th day of the demo week: four meals, 5 to 7 glasses, a walk every other day."""
    return DemoDay(
        meals=[
            {
                "meal": meal,
                "eaten_at": at_local(day, hour, 15, now),
                "items": [
                    {"food": food, "amount": amount, "unit": unit}
                    for food, amount, unit in items
                ],
            }
            for meal, hour, items in DEMO_MEALS
        ],
        water=[
            {"amount": 250, "drunk_at": at_local(day, 9 + 2 * glass, 0, now)}
            for glass in range(5 + offset % 3)
        ],
        activity={"day": day.isoformat(), "steps": 3500 + 400 * (offset % 4)},
        workouts=[
            {
                "kind": "walk",
                "started_at": at_local(day, 10, 30, now),
                "duration": {"minutes": 30},
                "distance_km": 2,
            }
        ]
        if offset % 2 == 0
        else [],
    )


DEMO_MEDICATIONS = (
    {
        "name": "Amlodipine",
        "strength": "5 mg",
        "form": "tablet",
        "colour": "white",
        "shape": "small round",
        "stock": 28,
        "refill_threshold": 7,
        "times": ["08:00"],
    },
    {
        "name": "Metformin",
        "strength": "500 mg",
        "form": "tablet",
        "instructions": "with food",
        "stock": 56,
        "refill_threshold": 10,
        "times": ["08:00", "19:00"],
    },
)


def demo_medications(
    now: datetime,
) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Each medication's `add_medication` data and its last week's `mark_dose` data.

    Mostly taken, one evening dose skipped and one forgotten (it shows as missed); today's
    doses are left for the person at the mirror.
    """
    today = now.date()
    medications = []
    for medication in DEMO_MEDICATIONS:
        fields = {key: value for key, value in medication.items() if key != "times"}
        times = list(medication["times"])  # type: ignore[call-overload]
        added = {
            **fields,
            "schedules": [
                {
                    "type": "weekly",
                    "times": times,
                    "start": (today - timedelta(days=7)).isoformat(),
                }
            ],
        }
        marks = []
        for days_ago in range(7, 0, -1):
            day = today - timedelta(days=days_ago)
            for number, at in enumerate(times):
                if (days_ago, number) == (3, 1):
                    continue
                hour, minute = (int(part) for part in at.split(":"))
                marks.append(
                    {
                        "status": "skipped"
                        if (days_ago, number) == (5, 1)
                        else "taken",
                        "due": at_local(day, hour, minute, now),
                        "at": at_local(day, hour, minute + 7 + days_ago, now),
                    }
                )
        medications.append((added, marks))
    return medications


def demo_appointments(now: datetime) -> list[dict[str, Any]]:
    """Margaret's next few weeks: a GP visit, weekly physio, a hearing aid fitting."""
    today = now.date()
    next_tuesday = today + timedelta(days=(1 - today.weekday()) % 7 or 7)
    # Times without an offset are the household's local time (HA's time zone).
    return [
        {
            "title": "GP check-up",
            "start": f"{today + timedelta(days=2)}T10:30:00",
            "end": f"{today + timedelta(days=2)}T10:50:00",
            "location": "Health centre, Main Street",
            "provider": "Dr Jansen (GP)",
            "notes": "Bring the blood pressure diary and the medication list.",
        },
        {
            "title": "Physiotherapy",
            "start": f"{next_tuesday}T09:00:00",
            "end": f"{next_tuesday}T09:45:00",
            "location": "Physio practice, Church Lane",
            "provider": "Ms de Vries",
            "rrule": "FREQ=WEEKLY;COUNT=8",
        },
        {
            "title": "Hearing aid fitting",
            "start": f"{today + timedelta(days=9)}T14:00:00",
            "location": "Audiology, City Hospital",
            "notes": "Bob drives.",
        },
    ]


@dataclass(frozen=True, slots=True)
class DemoHousehold:
    """Everything the demo logs, as Betti action data, for HA's `now`."""

    vitals: list[dict[str, Any]]
    week: dict[date, DemoDay]
    """The seven days before HA's today."""
    medications: list[tuple[dict[str, Any], list[dict[str, Any]]]]
    appointments: list[dict[str, Any]]


def demo_household(now: datetime) -> DemoHousehold:
    """What to log for HA's `now` (aware, in HA's time zone): nothing after it."""
    today = now.date()
    return DemoHousehold(
        vitals=vital_readings(now),
        week={
            today - timedelta(days=7 - offset): demo_day(
                today - timedelta(days=7 - offset), offset, now
            )
            for offset in range(7)
        },
        medications=demo_medications(now),
        appointments=demo_appointments(now),
    )


async def ensure_nutrition_week(
    session: aiohttp.ClientSession, url: str, token: str
) -> None:
    """A week of Margaret's meals, water and activity; days that have some are left alone."""
    week = demo_household(await ha_now(session, url, token)).week
    known = await betti_action(
        session,
        url,
        token,
        "get_nutrition",
        {"start": min(week).isoformat(), "end": max(week).isoformat()},
        response=True,
    )
    for day, logged in week.items():
        totals = known["days"][day.isoformat()]["totals"]
        if "energy_kcal" not in totals:
            for meal in logged.meals:
                await betti_action(session, url, token, "log_meal", meal)
        if not totals.get("water"):
            for glass in logged.water:
                await betti_action(session, url, token, "log_water", glass)
        if not totals.get("steps"):
            await betti_action(session, url, token, "log_activity", logged.activity)
            for workout in logged.workouts:
                await betti_action(session, url, token, "log_workout", workout)


async def ensure_medications(
    session: aiohttp.ClientSession, url: str, token: str
) -> None:
    """Margaret's two medications with a week of doses, unless she has medications."""
    history = await betti_action(
        session, url, token, "get_medication_history", {}, response=True
    )
    if history["medications"]:
        return
    for medication, marks in demo_household(
        await ha_now(session, url, token)
    ).medications:
        added = await betti_action(
            session, url, token, "add_medication", medication, response=True
        )
        for mark in marks:
            await betti_action(
                session,
                url,
                token,
                "mark_dose",
                {"medication_id": added["medication_id"], **mark},
            )


DEMO_CALENDAR = "calendar.betti_margaret_appointments"


async def ensure_appointments(
    session: aiohttp.ClientSession, url: str, token: str
) -> None:
    """Margaret's appointments, unless her calendar has some."""
    async with session.post(
        f"{url}/api/services/calendar/get_events?return_response",
        json={"entity_id": DEMO_CALENDAR, "duration": {"days": 60}},
        headers={"Authorization": f"Bearer {token}"},
    ) as resp:
        resp.raise_for_status()
        events = (await resp.json())["service_response"][DEMO_CALENDAR]["events"]
    if events:
        return
    for appointment in demo_household(await ha_now(session, url, token)).appointments:
        await betti_action(
            session, url, token, "add_appointment", appointment, response=True
        )


async def main(url: str) -> None:
    """Onboard, add the demo household, and show that Betti is loaded."""
    async with aiohttp.ClientSession() as session:
        await wait_for_ha(session, url)
        token = await onboard_or_login(session, url)
        # Her login before her profile: Betti decides privacy by who else can sign in.
        await ensure_mirror_login(session, url, token)
        await ensure_profile(session, url, token)
        await ensure_vitals(session, url, token)

        await ensure_contacts(session, url, token)
        await ensure_nutrition_week(session, url, token)
        await ensure_medications(session, url, token)
        await ensure_appointments(session, url, token)
        async with session.get(
            f"{url}/api/config/config_entries/entry",
            headers={"Authorization": f"Bearer {token}"},
        ) as resp:
            entries = [
                entry for entry in await resp.json() if entry["domain"] == "betti"
            ]
    states = ", ".join(f"{entry['title']} ({entry['state']})" for entry in entries)
    print(
        f"\nBetti is running at {url}\n"
        f"  the mirror and Assist as Margaret: {MIRROR_USERNAME} / {MIRROR_PASSWORD}\n"
        f"  the family view and settings (administrator): {USERNAME} / {PASSWORD}\n"
        f"  profiles: {states}\n"
    )


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8123"))
