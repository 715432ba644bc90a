"""The clock sweep: the demo household and "today" at the edges of HA's day, far from the machine.

HA lives in Pacific/Kiritimati (UTC+14) or Pacific/Pago_Pago (UTC-11) while this machine's own
zone is the other one, so any "today" taken from the machine's clock lands on the wrong day.
At 23:59 and 00:01 on HA's clock (and 17:30 in US/Pacific, when CI used to go red) the demo
household is built by `scripts/demo_household.py` through HA's HTTP API, as `scripts/develop`
and the browser test do, and then what a person sees of today is checked: today's doses, doses
left, the next dose, water and food today, adherence and the next appointment.

Then the notifications' days, in Pacific/Auckland and Pacific/Honolulu and on both US DST days:
the daily "Betti is watching" check at 10:00, the push cap per local day (and its repair gone
at midnight) and the family view's "Recent notifications" of the last 24 hours.
"""

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
import logging
import os
import time as machine_time
from typing import Any
from zoneinfo import ZoneInfo

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    CLIENT_ID,
    MockConfigEntry,
    MockUser,
    async_fire_time_changed,
)
from pytest_homeassistant_custom_component.typing import (
    ClientSessionGenerator,
    WebSocketGenerator,
)

from custom_components.betti import PROFILE_PLATFORMS
from custom_components.betti.notifications import delivery
from custom_components.betti.notifications.delivery import async_push
from scripts import demo_household

from .notifications.test_watching import (
    ALICE_PHONE,
    BOB_PHONE,
    ISSUE_ID as WATCHING_ISSUE,
    Pushes,
    _alice,
    _alice_phone,
    _warnings,
)

KIRITIMATI = "Pacific/Kiritimati"
PAGO_PAGO = "Pacific/Pago_Pago"
DAY = date(2026, 6, 10)  # a Wednesday; none of these zones changes its clocks in June
GRACE = timedelta(minutes=60)  # the demo medications' default grace window
# (HA's zone, the machine's zone, HA's wall clock on DAY)
MOMENTS = [
    (KIRITIMATI, PAGO_PAGO, time(23, 59)),
    (KIRITIMATI, PAGO_PAGO, time(0, 1)),
    (PAGO_PAGO, KIRITIMATI, time(23, 59)),
    (PAGO_PAGO, KIRITIMATI, time(0, 1)),
    ("US/Pacific", "UTC", time(17, 30)),
]
DOSE_TIMES = (("Amlodipine", time(8)), ("Metformin", time(8)), ("Metformin", time(19)))


def _entity(domain: str, key: str) -> str:
    return f"{domain}.betti_{demo_household.DEMO_PERSON.lower()}_{key}"


@pytest.fixture(autouse=True)
def no_access_log(caplog: pytest.LogCaptureFixture) -> None:
    """Keep aiohttp's access log off: it reads the UTC offset a frozen clock does not give."""
    caplog.set_level(logging.WARNING, logger="aiohttp.access")


@pytest.fixture
def machine_zone(request: pytest.FixtureRequest) -> Iterator[None]:
    """Set this machine's own time zone (the process's TZ) for the test."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = request.param
    machine_time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    machine_time.tzset()


async def _demo_at(
    hass: HomeAssistant,
    *,
    hass_client: ClientSessionGenerator,
    hass_admin_user: MockUser,
    freezer: FrozenDateTimeFactory,
    zone: str,
    moment: time,
) -> datetime:
    """Put HA in `zone` at `moment` on DAY and build the demo household through its API."""
    await hass.config.async_set_time_zone(zone)
    now = datetime.combine(DAY, moment, tzinfo=ZoneInfo(zone))
    freezer.move_to(now)
    # Betti and what it needs first: the test client freezes the web routes it starts with.
    for component in ("http", "api", "config", "person", "betti", *PROFILE_PLATFORMS):
        assert await async_setup_component(hass, component, {})
    # Issued on the frozen clock, so the token is not from the future.
    refresh = await hass.auth.async_create_refresh_token(
        hass_admin_user, demo_household.CLIENT_ID
    )
    token = hass.auth.async_create_access_token(refresh)
    client = await hass_client(token)
    await demo_household.ensure_profile(client, "", token)  # type: ignore[arg-type]
    await hass.async_block_till_done()
    for ensure in (
        demo_household.ensure_vitals,
        demo_household.ensure_nutrition_week,
        demo_household.ensure_medications,
        demo_household.ensure_appointments,
    ):
        await ensure(client, "", token)  # type: ignore[arg-type]
    await hass.async_block_till_done()
    return now


async def _betti(hass: HomeAssistant, action: str, **data: Any) -> Any:
    return await hass.services.async_call(
        "betti", action, data, blocking=True, return_response=True
    )


async def _today_doses(hass: HomeAssistant) -> list[str]:
    todo = _entity("todo", "medications_today")
    items = await hass.services.async_call(
        "todo",
        "get_items",
        {},
        target={"entity_id": todo},
        blocking=True,
        return_response=True,
    )
    return [item["due"] for item in items[todo]["items"]]


def _float(hass: HomeAssistant, entity_id: str) -> float:
    return float(hass.states.get(entity_id).state)


def _next_dose(hass: HomeAssistant) -> datetime | None:
    state = hass.states.get(_entity("sensor", "next_dose"))
    assert state is not None
    return dt_util.parse_datetime(state.state)


def _expected_adherence(now: datetime) -> float:
    """Taken ÷ settled over the last 7 days, from what the demo marked (worked out here)."""
    tz = now.tzinfo
    settled: list[str] = []
    for days_ago in range(8, -1, -1):
        day = now.date() - timedelta(days=days_ago)
        for number, (_, at) in enumerate(DOSE_TIMES):
            due = datetime.combine(day, at, tzinfo=tz)
            if not now - timedelta(days=7) <= due < now:
                continue
            if days_ago == 0 or (days_ago, number) == (3, 2):
                if due + GRACE <= now:  # never marked: missed once its grace is over
                    settled.append("missed")
            elif days_ago <= 7:
                settled.append("skipped" if (days_ago, number) == (5, 2) else "taken")
    return round(100 * settled.count("taken") / len(settled), 1)


def _still_to_take(now: datetime) -> list[datetime]:
    """Today's doses (the demo marks none): not yet missed, or missed with no later one due."""
    dues = [
        (name, datetime.combine(now.date(), at, tzinfo=now.tzinfo))
        for name, at in DOSE_TIMES
    ]
    return [
        due
        for name, due in dues
        if due + GRACE > now
        or not any(other == name and due < later <= now for other, later in dues)
    ]


@pytest.mark.parametrize(
    ("zone", "machine_zone", "moment"),
    MOMENTS,
    indirect=["machine_zone"],
    ids=[f"{zone}-{moment:%H%M}" for zone, _, moment in MOMENTS],
)
@pytest.mark.usefixtures("machine_zone")
async def test_the_demo_household_is_built_on_has_days(
    hass: HomeAssistant,
    *,
    hass_client: ClientSessionGenerator,
    hass_admin_user: MockUser,
    freezer: FrozenDateTimeFactory,
    zone: str,
    moment: time,
) -> None:
    now = await _demo_at(
        hass,
        hass_client=hass_client,
        hass_admin_user=hass_admin_user,
        freezer=freezer,
        zone=zone,
        moment=moment,
    )
    today = now.date()
    assert dt_util.now().date() == today

    # A week of food, water and steps on the seven days before HA's today, none today.
    week = await _betti(
        hass,
        "get_nutrition",
        start=(today - timedelta(days=7)).isoformat(),
        end=today.isoformat(),
    )
    for offset in range(7):
        totals = week["days"][(today - timedelta(days=7 - offset)).isoformat()][
            "totals"
        ]
        assert totals["energy_kcal"] > 0
        assert totals["water"] == 250 * (5 + offset % 3)
        assert totals["steps"] == 3500 + 400 * (offset % 4)
    assert week["days"][today.isoformat()]["totals"].get("water", 0) == 0
    assert _float(hass, _entity("sensor", "energy_today")) == 0
    assert _float(hass, _entity("sensor", "water_today")) == 0

    # Today's doses are HA's today's, and none of them was marked by the demo.
    assert await _today_doses(hass) == [
        datetime.combine(today, at, tzinfo=now.tzinfo).isoformat()
        for _, at in DOSE_TIMES
    ]
    left = _still_to_take(now)
    assert _float(hass, _entity("sensor", "doses_left_today")) == len(left)
    tomorrow_8am = datetime.combine(today + timedelta(days=1), time(8), now.tzinfo)
    assert _next_dose(hass) == (left[0] if left else tomorrow_8am)
    assert _float(hass, _entity("sensor", "adherence_7_days")) == _expected_adherence(
        now
    )

    # The next appointment is the GP visit the day after tomorrow, at 10:30 HA time.
    calendar = hass.states.get(_entity("calendar", "appointments"))
    assert calendar.attributes["message"] == "GP check-up"
    assert calendar.attributes["start_time"] == f"{today + timedelta(days=2)} 10:30:00"


@pytest.mark.parametrize(
    ("zone", "machine_zone"),
    [(KIRITIMATI, PAGO_PAGO), (PAGO_PAGO, KIRITIMATI)],
    indirect=["machine_zone"],
)
@pytest.mark.usefixtures("machine_zone")
async def test_today_turns_over_at_has_midnight(
    hass: HomeAssistant,
    *,
    hass_client: ClientSessionGenerator,
    hass_admin_user: MockUser,
    freezer: FrozenDateTimeFactory,
    zone: str,
) -> None:
    now = await _demo_at(
        hass,
        hass_client=hass_client,
        hass_admin_user=hass_admin_user,
        freezer=freezer,
        zone=zone,
        moment=time(23, 59),
    )
    await _betti(hass, "log_water", amount=300)
    await _betti(hass, "log_food", food="usda:Apple, raw", amount=1, unit="serving")
    assert _float(hass, _entity("sensor", "water_today")) == 300
    assert _float(hass, _entity("sensor", "energy_today")) > 0

    freezer.move_to(now + timedelta(minutes=2))  # 00:01 on HA's clock
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    tomorrow = now.date() + timedelta(days=1)
    assert _float(hass, _entity("sensor", "water_today")) == 0
    assert _float(hass, _entity("sensor", "energy_today")) == 0
    assert await _today_doses(hass) == [
        datetime.combine(tomorrow, at, tzinfo=now.tzinfo).isoformat()
        for _, at in DOSE_TIMES
    ]
    assert _float(hass, _entity("sensor", "doses_left_today")) == len(DOSE_TIMES)
    assert _next_dose(hass) == datetime.combine(tomorrow, time(8), now.tzinfo)
    yesterday = await _betti(hass, "get_nutrition", day=now.date().isoformat())
    assert yesterday["days"][now.date().isoformat()]["totals"]["water"] == 300
    calendar = hass.states.get(_entity("calendar", "appointments"))
    assert (
        calendar.attributes["start_time"]
        == f"{now.date() + timedelta(days=2)} 10:30:00"
    )


# The notifications' days, in two zones far apart and on both US DST days: the daily
# "Betti is watching" check, the push cap per local day and the family view's last 24 h.
AUCKLAND = "Pacific/Auckland"  # UTC+12 in June: its 00:01 is the previous UTC day
HONOLULU = "Pacific/Honolulu"  # UTC-10: its 23:59 is the next UTC day
LOS_ANGELES = "America/Los_Angeles"
SPRING_FORWARD = date(2026, 3, 8)  # 23 hours long in Los Angeles
FALL_BACK = date(2026, 11, 1)  # 25 hours long
# (HA's zone, the machine's zone, the local day)
NOTIFICATION_DAYS = [
    (AUCKLAND, HONOLULU, DAY),
    (HONOLULU, AUCKLAND, DAY),
    (LOS_ANGELES, AUCKLAND, SPRING_FORWARD),
    (LOS_ANGELES, AUCKLAND, FALL_BACK),
]
notification_days = pytest.mark.parametrize(
    ("zone", "machine_zone", "day"),
    NOTIFICATION_DAYS,
    indirect=["machine_zone"],
    ids=[f"{zone}-{day}" for zone, _, day in NOTIFICATION_DAYS],
)


async def _at(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, at: datetime
) -> None:
    """Move the clock to `at` and let HA run what was due by then."""
    freezer.move_to(at)
    async_fire_time_changed(hass, at)
    await hass.async_block_till_done(wait_background_tasks=True)


async def _push(hass: HomeAssistant, entry: MockConfigEntry, what: str) -> None:
    """One routine push to Alice's phone, as any Betti feature sends it."""
    await async_push(
        hass, entry, ALICE_PHONE, title="Betti", message=what, tag=what, source="test"
    )
    await hass.async_block_till_done(wait_background_tasks=True)


def _alice_got(pushes: Pushes) -> list[str]:
    return [data["message"] for target, data in pushes if target == ALICE_PHONE]


@pytest.mark.parametrize("moment", [time(23, 59), time(0, 1)])
@pytest.mark.parametrize(
    ("zone", "machine_zone"),
    [(AUCKLAND, HONOLULU), (HONOLULU, AUCKLAND)],
    indirect=["machine_zone"],
)
@pytest.mark.usefixtures("machine_zone", "persons")
async def test_watching_checks_at_ten_on_has_clock(
    hass: HomeAssistant,
    *,
    phones: Pushes,
    freezer: FrozenDateTimeFactory,
    zone: str,
    moment: time,
) -> None:
    """Heard from at 23:59 or 00:01: told at the first local 10:00 more than 24 h later."""
    await hass.config.async_set_time_zone(zone)
    heard = datetime.combine(DAY, moment, ZoneInfo(zone))
    freezer.move_to(heard)
    hass.states.async_set(_alice_phone(hass), "80")
    await _alice(hass, watching=True)
    first = datetime.combine(
        DAY + timedelta(days=moment > time(10)), time(10), heard.tzinfo
    )
    await _at(hass, freezer, first)  # about 10 hours later: all is well
    second = first + timedelta(days=1)
    await _at(hass, freezer, second - timedelta(minutes=1))
    assert _warnings(phones) == []

    await _at(hass, freezer, second)
    assert _warnings(phones) == [BOB_PHONE]
    assert f"since {heard:%a %d %b %H:%M}." in phones[-1][1]["message"]
    assert ir.async_get(hass).async_get_issue("betti", WATCHING_ISSUE) is not None


@pytest.mark.parametrize(
    ("day", "ten_utc"),
    [(SPRING_FORWARD, time(17)), (FALL_BACK, time(18))],
    ids=["spring-forward", "fall-back"],
)
@pytest.mark.parametrize("machine_zone", [AUCKLAND], indirect=True)
@pytest.mark.usefixtures("machine_zone", "persons")
async def test_watching_checks_at_ten_on_a_dst_day(
    hass: HomeAssistant,
    *,
    phones: Pushes,
    freezer: FrozenDateTimeFactory,
    day: date,
    ten_utc: time,
) -> None:
    """On the day the clocks change, the check still comes at 10:00 on the wall clock."""
    await hass.config.async_set_time_zone(LOS_ANGELES)
    freezer.move_to(datetime.combine(day - timedelta(days=2), time(12), dt_util.UTC))
    hass.states.async_set(_alice_phone(hass), "80")
    await _alice(hass, watching=True)
    ten = datetime.combine(day, ten_utc, dt_util.UTC)
    assert dt_util.as_local(ten).hour == 10
    await _at(hass, freezer, ten - timedelta(minutes=59))  # 10:01 by yesterday's clock
    assert _warnings(phones) == [BOB_PHONE]  # yesterday's, 30 hours after she was heard

    await _at(hass, freezer, ten)
    assert _warnings(phones) == [BOB_PHONE, BOB_PHONE]


@notification_days
@pytest.mark.usefixtures("machine_zone", "persons")
async def test_the_push_cap_counts_has_day(
    hass: HomeAssistant,
    *,
    phones: Pushes,
    freezer: FrozenDateTimeFactory,
    monkeypatch: pytest.MonkeyPatch,
    zone: str,
    day: date,
) -> None:
    """00:01 and 23:59 are one day (two UTC days); the next 00:01 is a fresh one."""
    monkeypatch.setattr(delivery, "DAILY_PUSH_CAP", 1)
    await hass.config.async_set_time_zone(zone)
    tz = ZoneInfo(zone)
    await _at(hass, freezer, datetime.combine(day, time(0, 1), tz))
    entry = await _alice(hass, watching=False)
    registry = ir.async_get(hass)
    await _push(hass, entry, "morning")
    await _at(hass, freezer, datetime.combine(day, time(23, 59), tz))
    await _push(hass, entry, "late evening")
    assert _alice_got(phones) == ["morning"]
    held = registry.async_get_issue("betti", f"pushes_held_{ALICE_PHONE}")
    assert held is not None
    assert held.translation_placeholders == {"phone": ALICE_PHONE, "held": "1"}

    await _at(hass, freezer, datetime.combine(day + timedelta(days=1), time(0, 1), tz))
    assert registry.async_get_issue("betti", f"pushes_held_{ALICE_PHONE}") is None
    await _push(hass, entry, "next morning")
    assert _alice_got(phones) == ["morning", "next morning"]


async def _recent(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator, user: MockUser
) -> list[dict[str, Any]]:
    """What the family view lists under "Recent notifications", opened now."""
    refresh = await hass.auth.async_create_refresh_token(user, CLIENT_ID)
    ws = await hass_ws_client(hass, hass.auth.async_create_access_token(refresh))
    await ws.send_json_auto_id(
        {"type": "betti/health/subscribe", "config_entry_id": "alice_entry"}
    )
    assert (await ws.receive_json())["success"]
    notifications: list[dict[str, Any]] = (await ws.receive_json())["event"][
        "notifications"
    ]
    await ws.close()
    return notifications


@notification_days
@pytest.mark.usefixtures("machine_zone", "persons")
async def test_recent_notifications_are_the_last_24_hours(
    hass: HomeAssistant,
    *,
    alice_user: MockUser,
    phones: Pushes,
    freezer: FrozenDateTimeFactory,
    hass_ws_client: WebSocketGenerator,
    zone: str,
    day: date,
) -> None:
    """A push at 23:59 shows at its local time past midnight, and leaves 24 hours on."""
    await hass.config.async_set_time_zone(zone)
    sent = datetime.combine(day - timedelta(days=1), time(23, 59), ZoneInfo(zone))
    sent_utc = dt_util.as_utc(
        sent
    )  # hours counted on the wall clock would be off by one
    await _at(hass, freezer, sent)
    entry = await _alice(hass, watching=False)
    await _push(hass, entry, "late evening")
    shown = {"at": sent.isoformat(), "to": ALICE_PHONE.removeprefix("notify.")}

    await _at(hass, freezer, sent_utc + timedelta(minutes=2))  # 00:01 on DAY
    recent = await _recent(hass, hass_ws_client, alice_user)
    assert [{k: n[k] for k in shown} for n in recent] == [shown]
    await _at(hass, freezer, sent_utc + timedelta(hours=23, minutes=59))
    assert len(await _recent(hass, hass_ws_client, alice_user)) == 1
    await _at(hass, freezer, sent_utc + timedelta(hours=24, minutes=1))
    assert await _recent(hass, hass_ws_client, alice_user) == []


@pytest.mark.parametrize("machine_zone", [HONOLULU], indirect=True)
@pytest.mark.usefixtures("machine_zone", "persons")
async def test_an_open_view_drops_notifications_older_than_24_hours(
    hass: HomeAssistant,
    *,
    alice_user: MockUser,
    phones: Pushes,
    freezer: FrozenDateTimeFactory,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """The mirror stays open for days: yesterday's 23:59 push leaves it 24 hours on."""
    await hass.config.async_set_time_zone(AUCKLAND)
    sent = dt_util.as_utc(datetime.combine(DAY, time(23, 59), ZoneInfo(AUCKLAND)))
    await _at(hass, freezer, sent)
    entry = await _alice(hass, watching=False)
    await _push(hass, entry, "late evening")
    refresh = await hass.auth.async_create_refresh_token(alice_user, CLIENT_ID)
    ws = await hass_ws_client(hass, hass.auth.async_create_access_token(refresh))
    await ws.send_json_auto_id(
        {"type": "betti/health/subscribe", "config_entry_id": "alice_entry"}
    )
    assert (await ws.receive_json())["success"]
    assert len((await ws.receive_json())["event"]["notifications"]) == 1

    await _at(hass, freezer, sent + timedelta(hours=24, seconds=1))
    await _betti(hass, "log_water", amount=300)
    water = 0.0
    while not water:  # the events up to the one that shows the water just logged
        event = (await ws.receive_json())["event"]
        water = next(
            n["value"] for n in event["nutrition"] if n["key"] == "water_today"
        )
    assert event["notifications"] == []
