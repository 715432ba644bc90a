"""Onboard a fresh Home Assistant and give it Betti's demo household, through HA's own APIs.

Run by scripts/develop once HA is starting. Safe to run again: what exists is left alone.
"""

import asyncio
from datetime import UTC, date, datetime, timedelta
from http import HTTPStatus
import sys
import time
from typing import Any

import aiohttp

USERNAME = "demo"
PASSWORD = "betti-demo"  # noqa: S105 - a published demo login for a loopback-only HA
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
        json={"client_id": CLIENT_ID, "username": USERNAME, "password": PASSWORD},
    ) as resp:
        result = await resp.json()
    if result.get("type") != "create_entry":
        sys.exit(
            f"Could not log in as {USERNAME!r}: this config/ was onboarded by someone else."
        )
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


async def ensure_vitals(session: aiohttp.ClientSession, url: str, token: str) -> None:
    """Two weeks of Margaret's morning blood pressure and a weight every other day."""
    history = await betti_action(session, url, token, "get_vitals", {}, response=True)
    if history["vitals"]:
        return
    today = datetime.now(UTC).replace(hour=7, minute=0, second=0, microsecond=0)
    for days_ago in range(14, 0, -1):
        morning = today - timedelta(days=days_ago)
        # A gentle week-on-week improvement after a change of medication.
        systolic = 142 - (14 - days_ago) + (days_ago * 7) % 5
        await betti_action(
            session,
            url,
            token,
            "log_vital",
            {
                "kind": "blood_pressure",
                "systolic": systolic,
                "diastolic": 86 - (14 - days_ago) // 2,
                "pulse": 68 + days_ago % 4,
                "measured_at": morning.isoformat(),
            },
        )
        if days_ago % 2 == 0:
            await betti_action(
                session,
                url,
                token,
                "log_vital",
                {
                    "kind": "weight",
                    "weight": round(64.8 - (14 - days_ago) * 0.05, 1),
                    "measured_at": (morning + timedelta(minutes=10)).isoformat(),
                },
            )


# Phone numbers from the UK's range reserved for drama; no phone app, so nothing is pushed.
DEMO_CONTACTS = [
    {"name": "Susan", "relation": "Daughter", "phone": "+44 7700 900461"},
    {"name": "Dr Patel", "relation": "GP surgery", "phone": "+44 161 496 0734"},
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


async def ensure_nutrition_week(
    session: aiohttp.ClientSession, url: str, token: str
) -> None:
    """A week of Margaret's meals, water and activity; days that have some are left alone."""
    today = date.today()  # noqa: DTZ011 - HA reads these days in its own time zone
    first, last = today - timedelta(days=7), today - timedelta(days=1)
    known = await betti_action(
        session,
        url,
        token,
        "get_nutrition",
        {"start": first.isoformat(), "end": last.isoformat()},
        response=True,
    )
    for offset in range(7):
        day = first + timedelta(days=offset)
        totals = known["days"][day.isoformat()]["totals"]
        if "energy_kcal" not in totals:
            for meal, hour, items in DEMO_MEALS:
                await betti_action(
                    session,
                    url,
                    token,
                    "log_meal",
                    {
                        "meal": meal,
                        "eaten_at": f"{day.isoformat()}T{hour:02}:15:00",
                        "items": [
                            {"food": food, "amount": amount, "unit": unit}
                            for food, amount, unit in items
                        ],
                    },
                )
        if not totals.get("water"):
            for glass in range(5 + offset % 3):
                await betti_action(
                    session,
                    url,
                    token,
                    "log_water",
                    {
                        "amount": 250,
                        "drunk_at": f"{day.isoformat()}T{9 + 2 * glass:02}:00:00",
                    },
                )
        if not totals.get("steps"):
            await betti_action(
                session,
                url,
                token,
                "log_activity",
                {"day": day.isoformat(), "steps": 3500 + 400 * (offset % 4)},
            )
            if offset % 2 == 0:
                await betti_action(
                    session,
                    url,
                    token,
                    "log_workout",
                    {
                        "kind": "walk",
                        "started_at": f"{day.isoformat()}T10:30:00",
                        "duration": {"minutes": 30},
                        "distance_km": 2,
                    },
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


async def ensure_medications(
    session: aiohttp.ClientSession, url: str, token: str
) -> None:
    """Margaret's two medications with a week of doses: mostly taken, one skipped, one missed."""
    history = await betti_action(
        session, url, token, "get_medication_history", {}, response=True
    )
    if history["medications"]:
        return
    today = datetime.now().astimezone().date()
    start = today - timedelta(days=7)
    for medication in DEMO_MEDICATIONS:
        fields = {key: value for key, value in medication.items() if key != "times"}
        times = list(medication["times"])  # type: ignore[call-overload]
        added = await betti_action(
            session,
            url,
            token,
            "add_medication",
            {
                **fields,
                "schedules": [
                    {"type": "weekly", "times": times, "start": start.isoformat()}
                ],
            },
            response=True,
        )
        for days_ago in range(7, 0, -1):
            day = today - timedelta(days=days_ago)
            for number, at in enumerate(times):
                if (days_ago, number) == (3, 1):
                    continue  # an evening dose forgotten: it shows as missed
                due = f"{day.isoformat()}T{at}:00"
                await betti_action(
                    session,
                    url,
                    token,
                    "mark_dose",
                    {
                        "medication_id": added["medication_id"],
                        "status": "skipped"
                        if (days_ago, number) == (5, 1)
                        else "taken",
                        "due": due,
                        "at": f"{day.isoformat()}T{at[:3]}{7 + days_ago:02d}:00",
                    },
                )


DEMO_CALENDAR = "calendar.betti_margaret_appointments"


async def ensure_appointments(
    session: aiohttp.ClientSession, url: str, token: str
) -> None:
    """Margaret's next few weeks: a GP visit, weekly physio, a hearing aid fitting."""
    async with session.post(
        f"{url}/api/services/calendar/get_events?return_response",
        json={"entity_id": DEMO_CALENDAR, "duration": {"days": 60}},
        headers={"Authorization": f"Bearer {token}"},
    ) as resp:
        resp.raise_for_status()
        events = (await resp.json())["service_response"][DEMO_CALENDAR]["events"]
    if events:
        return
    # Times without an offset are the household's local time (HA's time zone).
    today = datetime.now(UTC).date()
    next_tuesday = today + timedelta(days=(1 - today.weekday()) % 7 or 7)
    for appointment in (
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
    ):
        await betti_action(
            session, url, token, "add_appointment", appointment, response=True
        )


async def main(url: str) -> None:
    """Onboard, add the demo household, and show that Betti is loaded."""
    async with aiohttp.ClientSession() as session:
        await wait_for_ha(session, url)
        token = await onboard_or_login(session, url)
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
        f"\nBetti is running at {url}\n  log in as: {USERNAME} / {PASSWORD}\n  profiles: {states}\n"
    )


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8123"))
