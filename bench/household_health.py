"""One person's health day for the bench household: vitals, doses, alerts, calls and mood.

Everything goes through Betti's own store functions (custom_components/betti/db), so the rows
are what Betti itself would have written. Patterns, per person and day: blood pressure in
the morning and evening, a weigh-in after getting up, glucose (four times for Alice, who has
diabetes, fasting only for Bob), a watch's heart rate six times, SpO2 twice, a temperature
every few days (higher in a winter cold); doses of each scheduled medicine taken (sometimes
after a snooze), skipped or missed; an alert for a high reading, a missed critical dose, a
silent device, low stock or the panic button, escalated and acknowledged; calls and a mood.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
import math
import random
import sqlite3

from bench.zone import TZ
from custom_components.betti.alerts.escalation import (
    AlertSource,
    Policy,
    Recipient,
    Severity,
    alert_tag,
    plan,
)
from custom_components.betti.db.alerts import acknowledge, add_alert, complete_step
from custom_components.betti.db.calls import CallRecord, add_call
from custom_components.betti.db.deliveries import Result, add_delivery
from custom_components.betti.db.medications import (
    StoredEvent,
    add_dose_event,
    add_medication,
)
from custom_components.betti.db.moods import add_mood
from custom_components.betti.db.vitals import add_reading
from custom_components.betti.medications.schedule import (
    DoseEvent,
    DoseEventKind,
    DoseTime,
    WeeklySchedule,
    occurrences,
)
from custom_components.betti.vitals import Metric, VitalKind

HEIGHT_M = 1.65
POLICY = Policy(timedelta(minutes=10), timedelta(minutes=5), timedelta(minutes=30))
CARER = Recipient("contact", "Carol", ("notify.mobile_app_carol",))
HOUSEHOLD = (Recipient("household", "Dan", ("notify.mobile_app_dan",)),)
EVERY_SUNDAY = frozenset({6})

# (name, strength, critical, dose times); Alice has diabetes and high blood pressure,
# Bob a heart condition.
MEDICINES = {
    "alice": (
        ("Metformin", "500 mg", True, ("08:00", "13:00", "18:00")),
        ("Lisinopril", "10 mg", False, ("08:00",)),
        ("Levothyroxine", "50 µg", False, ("07:00",)),
        ("Atorvastatin", "20 mg", False, ("21:00",)),
        ("Vitamin D", "20 µg", False, ("sun 09:00",)),
    ),
    "bob": (
        ("Metoprolol", "47.5 mg", True, ("08:00", "20:00")),
        ("Amlodipine", "5 mg", False, ("08:00",)),
        ("Aspirin", "100 mg", False, ("08:00",)),
        ("Warfarin", "3 mg", True, ("18:00",)),
        ("Omeprazole", "20 mg", False, ("07:00",)),
    ),
}


@dataclass(slots=True)
class Person:
    """What carries over from day to day: the medicines, the weight's slow drift."""

    profile_id: str
    diabetic: bool
    weight: float
    medications: list[tuple[int, bool, WeeklySchedule]]
    phone: Recipient


def _dose_time(text: str) -> DoseTime:
    if text.startswith("sun "):
        return DoseTime(time.fromisoformat(text[4:]), weekdays=EVERY_SUNDAY)
    return DoseTime(time.fromisoformat(text))


def add_person(
    conn: sqlite3.Connection, profile_id: str, key: str, first_day: date
) -> Person:
    """Store a person's medicines (from the first day) and return their running state."""
    created = datetime.combine(first_day, time(), TZ)
    meds = []
    for name, strength, critical, times in MEDICINES[key]:
        schedule = WeeklySchedule(
            times=tuple(_dose_time(t) for t in times), start=first_day
        )
        fields = {
            "name": name,
            "strength": strength,
            "form": "tablet",
            "grace_minutes": 60,
            "critical": critical,
        }
        medication_id = add_medication(
            conn, profile_id, fields, [schedule], not_before=created, created_at=created
        )
        meds.append((medication_id, critical, schedule))
    phone = Recipient("person", key.title(), (f"notify.mobile_app_{key}",))
    diabetic = key == "alice"
    return Person(profile_id, diabetic, 68.0 if diabetic else 84.0, meds, phone)


def _at(day: date, hour: float, rng: random.Random, spread_min: int = 40) -> datetime:
    minutes = round(hour * 60) + rng.randint(-spread_min, spread_min)
    return datetime.combine(day, time(), TZ) + timedelta(minutes=minutes)


def _reading(
    conn: sqlite3.Connection,
    person: Person,
    kind: VitalKind,
    at: datetime,
    values: dict[Metric, float],
    *,
    device: str | None,
) -> None:
    add_reading(
        conn,
        person.profile_id,
        kind=kind,
        measured_at=at,
        source="bluetooth" if device else "manual",
        values={metric: round(value, 1) for metric, value in values.items()},
        device=device,
        dedupe_key=f"{device}-{at.timestamp():.0f}" if device else None,
    )


def _vitals(
    conn: sqlite3.Connection, person: Person, day: date, rng: random.Random
) -> list[tuple[datetime, float]]:
    """Write a day's readings; return the systolic pressures, for alerts."""
    winter = math.cos(2 * math.pi * (day.timetuple().tm_yday - 15) / 365)
    pressures = []
    for hour, base in ((7.5, 138.0), (20.5, 128.0)):
        if rng.random() < 0.05:
            continue  # forgotten
        at = _at(day, hour, rng)
        systolic = base + 4 * winter + rng.gauss(0, 9)
        diastolic = systolic * 0.6 + rng.gauss(0, 4)
        pulse = rng.gauss(70, 7)
        values = {Metric.SYSTOLIC: systolic, Metric.DIASTOLIC: diastolic}
        values[Metric.PULSE] = pulse
        _reading(conn, person, VitalKind.BLOOD_PRESSURE, at, values, device="cuff")
        pressures.append((at, systolic))
    if rng.random() < 0.97:
        person.weight += rng.gauss(0, 0.08) + 0.02 * (72 - person.weight) / 10
        weight = person.weight + rng.gauss(0, 0.3)
        values = {Metric.WEIGHT: weight, Metric.BMI: weight / HEIGHT_M**2}
        values[Metric.BODY_FAT] = 28 + rng.gauss(0, 0.8)
        _reading(
            conn, person, VitalKind.WEIGHT, _at(day, 7, rng), values, device="scale"
        )
    glucose_hours = (7.0, 10.0, 14.0, 20.0) if person.diabetic else (7.0,)
    for hour in glucose_hours:
        fasting = hour == 7.0
        value = rng.gauss(110 if fasting else 150, 20)
        values = {Metric.GLUCOSE: value}
        _reading(
            conn, person, VitalKind.GLUCOSE, _at(day, hour, rng), values, device=None
        )
    for hour in (9, 11, 13, 15, 17, 22):
        values = {Metric.HEART_RATE: rng.gauss(72, 9)}
        _reading(
            conn,
            person,
            VitalKind.HEART_RATE,
            _at(day, hour, rng),
            values,
            device="watch",
        )
    for hour in (8, 21):
        values = {Metric.SPO2: min(100.0, rng.gauss(96, 1.2))}
        values[Metric.PULSE] = rng.gauss(70, 7)
        _reading(
            conn, person, VitalKind.SPO2, _at(day, hour, rng), values, device="oximeter"
        )
    if rng.random() < 0.35:
        fever = 1.2 if rng.random() < 0.03 * (1 + winter) else 0.0
        values = {Metric.TEMPERATURE: 36.6 + fever + rng.gauss(0, 0.25)}
        _reading(
            conn, person, VitalKind.TEMPERATURE, _at(day, 8, rng), values, device=None
        )
    return pressures


def _event(
    conn: sqlite3.Connection,
    person: Person,
    medication_id: int,
    due: datetime,
    event: DoseEvent,
) -> None:
    stored = StoredEvent(
        medication_id=medication_id,
        due=due,
        event=event,
        amount=1.0,
        user_id=None,
        source="mirror",
    )
    add_dose_event(conn, person.profile_id, stored, 0)


def _doses(
    conn: sqlite3.Connection, person: Person, day: date, rng: random.Random
) -> list[datetime]:
    """Write a day's dose events; return when critical doses were missed."""
    start = datetime.combine(day, time(), TZ)
    missed = []
    for medication_id, critical, schedule in person.medications:
        for occurrence in occurrences(schedule, TZ, start, start + timedelta(days=1)):
            due, roll = occurrence.due, rng.random()
            if roll < 0.06:  # missed: nothing recorded
                if critical:
                    missed.append(due + timedelta(hours=1))
                continue
            at = due + timedelta(minutes=rng.randint(-15, 45))
            if roll < 0.10:
                _event(
                    conn,
                    person,
                    medication_id,
                    due,
                    DoseEvent(DoseEventKind.SKIPPED, at),
                )
                continue
            if roll < 0.45:
                until = at + timedelta(minutes=rng.choice((10, 15, 30)))
                snooze = DoseEvent(DoseEventKind.SNOOZED, at, until)
                _event(conn, person, medication_id, due, snooze)
                at = until + timedelta(minutes=rng.randint(0, 10))
            taken = DoseEvent(DoseEventKind.TAKEN, at)
            _event(conn, person, medication_id, due, taken)
            if roll > 0.985:  # tapped by mistake: undone, then taken later
                reset = DoseEvent(DoseEventKind.RESET, at + timedelta(minutes=1))
                _event(conn, person, medication_id, due, reset)
                later = DoseEvent(DoseEventKind.TAKEN, at + timedelta(minutes=30))
                _event(conn, person, medication_id, due, later)
    return missed


def _alert(
    conn: sqlite3.Connection,
    person: Person,
    created: datetime,
    kind: tuple[AlertSource, Severity],
    rng: random.Random,
) -> None:
    """Raise, escalate as far as it went before someone acknowledged, and acknowledge."""
    source, severity = kind
    urgent = source is AlertSource.PANIC
    steps = plan(
        created,
        severity=severity,
        urgent=urgent,
        policy=POLICY,
        person=person.phone,
        contacts=(CARER,),
        household=HOUSEHOLD,
    )
    alert_id, _ = add_alert(
        conn,
        person.profile_id,
        source=source,
        severity=severity,
        message=str(source),
        created_at=created,
        steps=steps,
    )
    acknowledged = created + timedelta(minutes=rng.choice((2, 6, 14, 40)))
    for step in steps:
        if step.due_at > acknowledged:
            break
        complete_step(conn, alert_id, step, step.due_at)
        for target in step.targets:
            failed = rng.random() < 0.03
            add_delivery(
                conn,
                person.profile_id,
                target=target,
                at=step.due_at,
                source="alert",
                tag=alert_tag(alert_id),
                result=Result.FAILED if failed else Result.SENT,
                reason="unreachable" if failed else None,
                alert_id=alert_id,
            )
    acknowledge(
        conn, person.profile_id, alert_id, at=acknowledged, user_id=None, via="phone"
    )


def _alerts(
    conn: sqlite3.Connection,
    person: Person,
    day: date,
    rng: random.Random,
    *,
    pressures: list[tuple[datetime, float]],
    missed: list[datetime],
) -> None:
    for at, systolic in pressures:
        if systolic > 160:
            _alert(
                conn, person, at, (AlertSource.VITAL_THRESHOLD, Severity.WARNING), rng
            )
    for at in missed:
        _alert(conn, person, at, (AlertSource.MISSED_DOSE, Severity.WARNING), rng)
    for source, severity, chance in (
        (AlertSource.DEVICE_SILENT, Severity.INFO, 1 / 60),
        (AlertSource.LOW_STOCK, Severity.INFO, 1 / 30),
        (AlertSource.PANIC, Severity.CRITICAL, 1 / 200),
    ):
        if rng.random() < chance:
            _alert(conn, person, _at(day, 12, rng, 300), (source, severity), rng)


def _calls_and_mood(
    conn: sqlite3.Connection, person: Person, day: date, rng: random.Random
) -> None:
    if rng.random() < 0.45:
        started = _at(day, 17, rng, 180)
        answered = None if rng.random() < 0.15 else started + timedelta(seconds=12)
        ended = (answered or started) + timedelta(minutes=rng.randint(1, 40))
        add_call(
            conn,
            person.profile_id,
            CallRecord(
                room_id=f"{rng.getrandbits(64):016x}",
                caller=rng.choice(("Carol", "Dan", "Grandchild")),
                caller_user_id=None,
                guest=rng.random() < 0.1,
                started_at=started,
                answered_at=answered,
                ended_at=ended,
                outcome="missed" if answered is None else "answered",
                end_reason="no_answer" if answered is None else "hangup",
            ),
        )
    if rng.random() < 0.8:
        score = min(5, max(1, round(rng.gauss(3.6, 0.9))))
        note = rng.choice((None, None, "slept badly", "walk in the park", "visitors"))
        add_mood(conn, person.profile_id, at=_at(day, 19, rng), score=score, note=note)


def write_health_day(
    conn: sqlite3.Connection, person: Person, day: date, rng: random.Random
) -> None:
    """Write one person's health day."""
    pressures = _vitals(conn, person, day, rng)
    missed = _doses(conn, person, day, rng)
    _alerts(conn, person, day, rng, pressures=pressures, missed=missed)
    _calls_and_mood(conn, person, day, rng)
