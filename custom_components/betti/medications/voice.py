"""Assist: taking doses, asking about them, snoozing their reminder.

"I took my pills / my 8 o'clock pills / my Metformin", "what do I take now / next", "did I
take my pills today", "snooze my reminder".

Doses are marked through ``marking.async_mark``, as ``betti.mark_dose`` marks them, so the
same rules, stock, alerts and history apply.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import Path
import re

from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util

from ..assist.answers import async_refusal, async_say, async_when, spoken_list
from ..assist.registry import Said, async_add_sentences
from ..assist.speaker import async_profile, async_speaker_profile
from ..db.medications import Medication
from ..models import BettiConfigEntry
from .coordinator import MedicationsState, local_midnight
from .doses import PENDING, Dose
from .marking import DoseError, async_mark
from .options import snooze
from .schedule import DoseEventKind, DoseStatus

# "I took my pills" also counts a dose due within the hour: people take them a bit early.
EARLY = timedelta(hours=1)
# Saying it again soon after: those doses were "already taken", later it is a new question.
RECENT = timedelta(hours=2)
NOON = 12
_TIME = re.compile(r"(\d{1,2})(?:[:.h](\d{2}))?\s*(a\.?m\.?|p\.?m\.?)?")


def wanted(
    said: str, words: dict[str, list[str]]
) -> tuple[tuple[int, int] | None, str]:
    """Read "{what}": a time of day ("8 o'clock pills") and a medication's name, if any."""
    said = said.lower()
    at = None
    if match := _TIME.search(said):
        hour, minute = int(match[1]), int(match[2] or 0)
        if match[3] and match[3][0] == "p" and hour < NOON:
            hour += NOON
        elif match[3] and hour == NOON:
            hour = 0
        at = (hour, minute)
        said = said[: match.start()] + " " + said[match.end() :]
    ignored = {*words["pills"], *words["time"]}
    return at, " ".join(w for w in re.split(r"[\s-]+", said) if w and w not in ignored)


async def _state(entry: BettiConfigEntry) -> MedicationsState:
    coordinator = entry.runtime_data.medications
    await coordinator.async_refresh()  # the states as of now, not the last refresh
    return coordinator.data


def _today_to_take(entry: BettiConfigEntry, state: MedicationsState) -> list[Dose]:
    tomorrow = local_midnight(1, state.now, entry.runtime_data.medications.tz)
    return [d for d in state.to_take if d.due < tomorrow]


def _labels(doses: Iterable[Dose]) -> list[str]:
    return list(dict.fromkeys(d.medication.label for d in doses))


async def _medications(
    said: Said, state: MedicationsState, name: str
) -> list[Medication]:
    if not name:
        return []
    found = [
        m for m in state.medications if name in m.name.lower() or m.name.lower() in name
    ]
    if not found:
        raise await async_refusal(said, "medication_unknown", name=name)
    return found


async def _mark(
    said: Said,
    entry: BettiConfigEntry,
    medication: int,
    kind: DoseEventKind,
    due: datetime | None,
) -> None:
    try:
        await async_mark(
            said.hass,
            entry,
            medication,
            kind,
            due=due,
            at=dt_util.utcnow(),
            user_id=said.user_input.context.user_id,
            source="voice",
        )
    except DoseError as err:
        raise await async_refusal(
            said, err.reason, voice=False, **err.placeholders
        ) from err


async def _next_text(said: Said, state: MedicationsState) -> str:
    later = [d for d in state.to_take if d.due > state.now]
    if not later:
        return await async_say(said, "no_doses_planned")
    due = later[0].due
    return await async_say(
        said,
        "next_dose",
        medications=spoken_list(
            _labels(d for d in later if d.due == due), await async_say(said, "and")
        ),
        when=await async_when(said, due),
    )


async def _took(said: Said) -> str:
    entry = await async_speaker_profile(said)
    at, name = wanted(said.slots["what"], said.words)
    state = await _state(entry)
    medications = await _medications(said, state, name)
    chosen = [
        d
        for d in _today_to_take(entry, state)
        if ((d.local.hour, d.local.minute) == at if at else d.due <= state.now + EARLY)
        and (not medications or d.medication in medications)
    ]
    if not chosen and (
        taken := [
            d
            for d in state.today
            if d.state.status is DoseStatus.TAKEN
            and (at is None or (d.local.hour, d.local.minute) == at)
            and (not medications or d.medication in medications)
            and state.now - RECENT <= d.due <= state.now + EARLY
        ]
    ):
        return await async_say(
            said,
            "already_taken",
            medications=spoken_list(_labels(taken), await async_say(said, "and")),
        )
    if not chosen and medications and at is None:
        # As needed, or its next dose today: the rules of mark_dose decide.
        await _mark(
            said, entry, medications[0].medication_id, DoseEventKind.TAKEN, None
        )
        labels = [medications[0].label]
    elif not chosen:
        nothing = await async_say(said, "nothing_due")
        raise await async_refusal(
            said, "nothing_marked", reason=nothing, next=await _next_text(said, state)
        )
    else:
        for dose in chosen:
            await _mark(
                said,
                entry,
                dose.medication.medication_id,
                DoseEventKind.TAKEN,
                dose.due,
            )
        labels = _labels(chosen)
    return await async_say(
        said,
        "marked_taken",
        medications=spoken_list(labels, await async_say(said, "and")),
    )


async def _take_now(said: Said) -> str:
    entry = await async_speaker_profile(said)
    state = await _state(entry)
    now = [d for d in _today_to_take(entry, state) if d.due <= state.now + EARLY]
    if not now:
        return f"{await async_say(said, 'nothing_due')} {await _next_text(said, state)}"
    return await async_say(
        said,
        "take_now",
        medications=spoken_list(_labels(now), await async_say(said, "and")),
    )


async def _take_next(said: Said) -> str:
    return await _next_text(said, await _state(await async_speaker_profile(said)))


async def _taken_today(said: Said) -> str:
    entry = await async_profile(said, said.slots.get("name"))
    other = "_other" if "name" in said.slots else ""
    state = await _state(entry)
    _, name = wanted(said.slots["what"], said.words)
    medications = await _medications(said, state, name)
    today = [d for d in state.today if not medications or d.medication in medications]
    if not today:
        return await async_say(said, f"no_doses_today{other}", name=entry.title)
    taken = [d for d in today if d.state.status is DoseStatus.TAKEN]
    open_ = [
        d
        for d in today
        if d.state.status in PENDING or d.state.status is DoseStatus.MISSED
    ]
    if not open_:
        return await async_say(
            said, f"taken_all{other}", name=entry.title, count=len(today)
        )
    left = [f"{d.medication.label} {await async_when(said, d.due)}" for d in open_]
    return await async_say(
        said,
        f"taken_some{other}",
        name=entry.title,
        taken=len(taken),
        total=len(today),
        left=spoken_list(left, await async_say(said, "and")),
    )


async def _snooze(said: Said) -> str:
    entry = await async_speaker_profile(said)
    state = await _state(entry)
    due = [
        d
        for d in _today_to_take(entry, state)
        if d.due <= state.now and d.state.status in PENDING
    ]
    if not due:
        return f"{await async_say(said, 'nothing_due')} {await _next_text(said, state)}"
    for dose in due:
        await _mark(
            said, entry, dose.medication.medication_id, DoseEventKind.SNOOZED, dose.due
        )
    minutes = int(snooze(entry).total_seconds() // 60)
    return await async_say(said, "snoozed", minutes=minutes)


async def async_setup_voice(hass: HomeAssistant) -> None:
    """Add the medication sentences."""
    await async_add_sentences(
        hass,
        Path(__file__).parent / "sentences",
        {
            "took": _took,
            "take_now": _take_now,
            "take_next": _take_next,
            "taken_today": _taken_today,
            "snooze": _snooze,
        },
    )
