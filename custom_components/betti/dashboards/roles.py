"""Which of a profile's entities plays which part on a dashboard, from the entity registry.

Entities are found by their unique id (``{entry_id}_{key}``), never by entity id, so a
renamed entity still lands in the right place. Disabled entities are left out.
"""

from dataclasses import dataclass, field
from enum import StrEnum

from homeassistant.const import STATE_UNAVAILABLE, STATE_UNKNOWN
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er

from ..const import CONF_PERSON
from ..household.privacy import is_private
from ..models import BettiConfigEntry


class Role(StrEnum):
    """A part an entity plays; the value is its (domain, key) as ``domain.key``."""

    MEDICATIONS = "todo.medications_today"
    NEXT_DOSE = "sensor.next_dose"
    DOSES_LEFT = "sensor.doses_left_today"
    ADHERENCE_7D = "sensor.adherence_7d"
    ADHERENCE_30D = "sensor.adherence_30d"
    DOSE_OVERDUE = "binary_sensor.dose_overdue"
    APPOINTMENTS = "calendar.appointments"
    ALERT_ACTIVE = "binary_sensor.alert_active"
    HELP_REQUESTED = "binary_sensor.help_requested"
    LAST_ALERT = "sensor.last_alert"
    CALL_FOR_HELP = "button.call_for_help"
    ACKNOWLEDGE = "button.acknowledge_alerts"
    GLASS_OF_WATER = "button.glass_of_water"
    REPORT = "button.report_for_doctor"
    WATER_TODAY = "sensor.water_today"
    WATER_PROGRESS = "sensor.water_today_progress"
    ENERGY_PROGRESS = "sensor.energy_today_progress"
    STEPS_PROGRESS = "sensor.steps_progress"
    BP_CATEGORY = "sensor.blood_pressure_category"
    SYSTOLIC = "sensor.systolic"
    DIASTOLIC = "sensor.diastolic"
    PULSE = "sensor.pulse"
    HEART_RATE = "sensor.heart_rate"
    SPO2 = "sensor.spo2"
    TEMPERATURE = "sensor.temperature"
    WEIGHT = "sensor.weight"
    GLUCOSE = "sensor.glucose"


# The vitals shown, in the order shown; each appears once it has a reading.
VITALS = (
    Role.SYSTOLIC,
    Role.DIASTOLIC,
    Role.PULSE,
    Role.HEART_RATE,
    Role.SPO2,
    Role.TEMPERATURE,
    Role.WEIGHT,
    Role.GLUCOSE,
)
# Today's progress against its goal, shown as gauges once it has a value.
PROGRESS = (Role.WATER_PROGRESS, Role.ENERGY_PROGRESS, Role.STEPS_PROGRESS)
# Trend graphs: the metrics drawn together, titled by a text key (notifications.texts).
TRENDS = (
    ("dashboard_blood_pressure", (Role.SYSTOLIC, Role.DIASTOLIC)),
    ("dashboard_weight", (Role.WEIGHT,)),
    ("dashboard_glucose", (Role.GLUCOSE,)),
    ("dashboard_heart_rate", (Role.HEART_RATE,)),
)


@dataclass(frozen=True, slots=True)
class ProfileEntities:
    """One profile as a dashboard needs it."""

    name: str
    person: str
    entities: dict[Role, str]
    entry_id: str = ""
    # Private: its values come through Betti's health card, not entities.
    private: bool = False
    # Vitals and progress with a value; the rest would only show "unknown".
    measured: frozenset[Role] = field(default_factory=frozenset)
    # Whether any medication is kept: without one the mirror keeps no room for them.
    medicines: bool = True
    # Vitals measured on two days of the week or more: a graph of them draws a line.
    trended: frozenset[Role] = field(default_factory=frozenset)

    def get(self, role: Role) -> str | None:
        """Return the entity playing ``role``, if the profile has it enabled."""
        return self.entities.get(role)


def profile_entities(
    hass: HomeAssistant, entry: BettiConfigEntry, trended: frozenset[Role] = frozenset()
) -> ProfileEntities:
    """Find the profile's entities by role; ``trended``: vitals with a week's line."""
    by_key = {role.value: role for role in Role}
    prefix = f"{entry.entry_id}_"
    entities: dict[Role, str] = {}
    for reg in er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id):
        if reg.disabled or not reg.unique_id.startswith(prefix):
            continue
        if role := by_key.get(f"{reg.domain}.{reg.unique_id.removeprefix(prefix)}"):
            entities[role] = reg.entity_id
    measured = frozenset(
        role
        for role in (*VITALS, *PROGRESS)
        if role in entities
        and (state := hass.states.get(entities[role])) is not None
        and state.state not in (STATE_UNKNOWN, STATE_UNAVAILABLE)
    )
    return ProfileEntities(
        name=entry.runtime_data.profile.name,
        person=entry.data[CONF_PERSON],
        entities=entities,
        measured=measured,
        trended=trended & measured,
        medicines=bool(entry.runtime_data.medications.data.medications),
        entry_id=entry.entry_id,
        private=is_private(entry),
    )
