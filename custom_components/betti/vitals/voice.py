"""Assist: asking for the latest readings and logging new ones.

"What is my blood pressure / weight / sugar" (the latest reading, in the person's units,
and when); "log my blood pressure 130 over 85 pulse 70", "log my weight 72.4" (filed
through ``intake``, as ``betti.log_vital`` files them). A weight far from the person's usual
is asked about first; "log my weight 160 anyway" files it.
"""

from pathlib import Path
import re

from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util

from ..assist.answers import async_refusal, async_say, async_when, decimal
from ..assist.registry import Said, async_add_sentences
from ..assist.speaker import async_profile, async_speaker_profile
from ..household.access import Actor
from ..models import BettiConfigEntry
from . import KINDS, Metric, ReadingError, VitalKind, check_reading
from .intake import async_file_by_hand
from .units import preferred_unit, to_canonical, to_preferred
from .usual import async_unusual_weight

_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
# What each log sentence's slots hold.
_LOGGED = {
    "log_blood_pressure": (
        VitalKind.BLOOD_PRESSURE,
        {
            "systolic": Metric.SYSTOLIC,
            "diastolic": Metric.DIASTOLIC,
            "pulse": Metric.PULSE,
        },
    ),
    "log_weight": (VitalKind.WEIGHT, {"weight": Metric.WEIGHT}),
    "log_weight_anyway": (VitalKind.WEIGHT, {"weight": Metric.WEIGHT}),
    "log_glucose": (VitalKind.GLUCOSE, {"glucose": Metric.GLUCOSE}),
}
# A reading to suggest logging by voice, in stored units; said in the person's own.
_EXAMPLES = {
    VitalKind.WEIGHT: (Metric.WEIGHT, 72.0),
    VitalKind.GLUCOSE: (Metric.GLUCOSE, 100.0),
}


def _number(said: str) -> float | None:
    match = _NUMBER.search(said)
    return float(match[0].replace(",", ".")) if match else None


async def _value(
    said: Said, entry: BettiConfigEntry, kind: VitalKind, values: dict[Metric, float]
) -> str:
    """Say a reading: "130 over 85, pulse 70", "72.4 kg"."""
    profile = entry.runtime_data.profile
    if kind is VitalKind.BLOOD_PRESSURE:
        shown = {m.value: f"{values[m]:.0f}" for m in values}
        key = "pressure_pulse" if Metric.PULSE in values else "pressure"
        return await async_say(said, key, **shown)
    metric = KINDS[kind].required[0]
    value = to_preferred(metric, values[metric], profile)
    return f"{decimal(said, value)} {preferred_unit(metric, profile)}"


async def _first_reading(said: Said, entry: BettiConfigEntry, kind: VitalKind) -> str:
    """Say how to get a first reading: with an example for the kinds Assist logs."""
    if kind is VitalKind.BLOOD_PRESSURE:
        return await async_say(said, "no_reading_log_blood_pressure")
    if kind in _EXAMPLES:
        metric, stored = _EXAMPLES[kind]
        value = to_preferred(metric, stored, entry.runtime_data.profile)
        return await async_say(
            said, f"no_reading_log_{kind}", value=decimal(said, value)
        )
    return await async_say(said, "no_reading_measure")


async def _log(said: Said) -> str:
    entry = await async_speaker_profile(said)
    kind, slots = _LOGGED[said.intent]
    profile = entry.runtime_data.profile
    values: dict[Metric, float] = {}
    for slot, metric in slots.items():
        if slot in said.slots:
            if (number := _number(said.slots[slot])) is None:
                raise await async_refusal(said, "amount_unclear")
            values[metric] = to_canonical(metric, number, profile)
    vital = await async_say(said, f"vital_{kind}")
    try:
        check_reading(kind, values)
    except ReadingError as err:
        raise await async_refusal(said, "reading_implausible", vital=vital) from err
    now = dt_util.utcnow()
    if (
        said.intent == "log_weight"
        and (usual := await async_unusual_weight(entry, values, now)) is not None
    ):
        # Heard far from her usual: say the last and how to insist, store nothing.
        raise await async_refusal(
            said,
            "weight_far_from_usual",
            last=await _value(said, entry, kind, {Metric.WEIGHT: usual}),
            weight=decimal(
                said, to_preferred(Metric.WEIGHT, values[Metric.WEIGHT], profile)
            ),
        )
    await async_file_by_hand(
        said.hass,
        entry,
        kind,
        values,
        measured_at=now,
        actor=Actor(said.user_input.context.user_id, "voice"),
    )
    return await async_say(
        said,
        "reading_logged",
        vital=vital,
        value=await _value(said, entry, kind, values),
    )


async def _ask(said: Said) -> str:
    entry = await async_profile(said, said.slots.get("name"))
    text = said.user_input.text.lower()
    kind = VitalKind(
        next(
            said.words["vitals"][word]
            for word in sorted(said.words["vitals"], key=len, reverse=True)
            if word in text
        )
    )
    vital = await async_say(said, f"vital_{kind}")
    other = "_other" if "name" in said.slots else ""
    if (reading := entry.runtime_data.vitals.data.get(kind)) is None and other:
        return await async_say(said, "no_reading_other", vital=vital, name=entry.title)
    if reading is None:
        first = await _first_reading(said, entry, kind)
        return await async_say(said, "no_reading", vital=vital, next=first)
    return await async_say(
        said,
        f"latest_reading{other}",
        vital=vital,
        name=entry.title,
        value=await _value(said, entry, kind, reading.values),
        when=await async_when(said, reading.measured_at),
    )


async def async_setup_voice(hass: HomeAssistant) -> None:
    """Add the vitals sentences."""
    await async_add_sentences(
        hass,
        Path(__file__).parent / "sentences",
        {
            "log_blood_pressure": _log,
            "log_weight": _log,
            "log_weight_anyway": _log,
            "log_glucose": _log,
            "ask_vital": _ask,
        },
    )
