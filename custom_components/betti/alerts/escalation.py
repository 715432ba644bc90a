"""Who is told about an alert, and when: the staged escalation plan, with no HA imports.

An alert's whole plan is worked out once, when it is raised, and stored; a restart then
resumes the stored deadlines instead of recomputing them from settings that may have changed.

- Stage 1, at once: the person's own phones.
- Stage 2, after ``caregiver_delay``: the emergency contacts one by one in priority order,
  ``contact_interval`` apart (0 = all at once); contacts not yet reached when stage 3 is due
  are left to stage 3.
- Stage 3, after ``everyone_delay``: everyone — the person, every contact and the other
  household members' phones — again, so tag replacement turns each into a fresh alert.

Urgent alerts (the panic button) skip the wait: stages 1 and 2 together at once (every contact,
all at once), stage 3 after ``caregiver_delay``. ``info`` alerts stop after stage 1.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import IntEnum, StrEnum

ACK_PREFIX = "BETTI_ACK_"


class Severity(StrEnum):
    """How serious an alert is; ``critical`` breaks through silent mode on phones."""

    INFO = "info"
    WARNING = "warning"
    CRITICAL = "critical"


class AlertSource(StrEnum):
    """What raised an alert."""

    PANIC = "panic"
    VITAL_THRESHOLD = "vital_threshold"
    MISSED_DOSE = "missed_dose"
    DEVICE_SILENT = "device_silent"
    LOW_STOCK = "low_stock"
    OTHER = "other"


class Stage(IntEnum):
    """Escalation stages, in order."""

    PERSON = 1
    CAREGIVERS = 2
    EVERYONE = 3


@dataclass(frozen=True, slots=True)
class Policy:
    """A profile's escalation timing."""

    caregiver_delay: timedelta
    contact_interval: timedelta
    everyone_delay: timedelta

    def __post_init__(self) -> None:
        """Refuse timings where stage 3 would not come after stage 2 starts."""
        if not timedelta(0) < self.caregiver_delay < self.everyone_delay:
            raise ValueError("delays_out_of_order")
        if self.contact_interval < timedelta(0):
            raise ValueError("negative_interval")


@dataclass(frozen=True, slots=True)
class Recipient:
    """Someone to tell, and the notify targets (phones) that reach them."""

    kind: str  # "person", "contact" or "household"
    label: str
    targets: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Step:
    """One scheduled round of notifications."""

    position: int
    stage: Stage
    due_at: datetime
    recipients: tuple[Recipient, ...]

    @property
    def targets(self) -> tuple[str, ...]:
        """Every target of the step, once each, in recipient order."""
        return tuple(
            dict.fromkeys(target for rcpt in self.recipients for target in rcpt.targets)
        )


def plan(
    created_at: datetime,
    *,
    severity: Severity,
    urgent: bool,
    policy: Policy,
    person: Recipient,
    contacts: tuple[Recipient, ...],
    household: tuple[Recipient, ...],
) -> list[Step]:
    """Return the steps of a new alert's escalation, in due order."""
    rounds: list[tuple[Stage, timedelta, tuple[Recipient, ...]]] = [
        (Stage.PERSON, timedelta(0), (person,))
    ]
    if severity is not Severity.INFO:
        if urgent:
            if contacts:
                rounds.append((Stage.CAREGIVERS, timedelta(0), contacts))
            everyone_at = policy.caregiver_delay
        else:
            everyone_at = policy.everyone_delay
            for index, contact in enumerate(contacts):
                offset = policy.caregiver_delay + index * policy.contact_interval
                if offset >= everyone_at:
                    break
                rounds.append((Stage.CAREGIVERS, offset, (contact,)))
        rounds.append((Stage.EVERYONE, everyone_at, (person, *contacts, *household)))
    return [
        Step(position, stage, created_at + offset, recipients)
        for position, (stage, offset, recipients) in enumerate(rounds)
    ]


def ack_action(alert_id: int) -> str:
    """Return the phone action id that acknowledges an alert."""
    return f"{ACK_PREFIX}{alert_id}"


def alert_tag(alert_id: int) -> str:
    """Return the notification tag of an alert: each new push replaces the last on a phone."""
    return f"betti_alert_{alert_id}"
