"""Medication sensors (added by the sensor platform): next dose, left today, adherence.

Also one days-of-supply sensor per medication, on the medication's own device (its config
subentry's), added and removed as medications come and go.
"""

from typing import Any

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.config_entries import (
    SIGNAL_CONFIG_ENTRY_CHANGED,
    ConfigEntry,
    ConfigEntryChange,
)
from homeassistant.const import PERCENTAGE, UnitOfTime
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from ..const import DOMAIN
from ..db.medications import Medication
from ..entity import BettiEntity, StateSensor, StateSensorDescription
from ..models import BettiConfigEntry
from ..notifications.texts import text_or
from .coordinator import MedicationsCoordinator, MedicationsState
from .subentries import medication_subentries

MedicationSensorDescription = StateSensorDescription[MedicationsState]


def _next_attributes(state: MedicationsState) -> dict[str, Any] | None:
    if (dose := state.next_dose) is None:
        return None
    return {
        "medication": dose.medication.label,
        "amount": dose.amount,
        "status": dose.state.status.value,
    }


MEDICATION_SENSORS = (
    MedicationSensorDescription(
        key="next_dose",
        translation_key="next_dose",
        device_class=SensorDeviceClass.TIMESTAMP,
        value_fn=lambda state: state.next_dose and state.next_dose.due,
        attributes_fn=_next_attributes,
    ),
    MedicationSensorDescription(
        key="doses_left_today",
        translation_key="doses_left_today",
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=0,
        value_fn=lambda state: state.left_today,
    ),
    MedicationSensorDescription(
        key="adherence_7d",
        translation_key="adherence_7d",
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=0,
        value_fn=lambda state: state.adherence_7d,
    ),
    MedicationSensorDescription(
        key="adherence_30d",
        translation_key="adherence_30d",
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=0,
        value_fn=lambda state: state.adherence_30d,
    ),
)


@callback
def async_add_medication_sensors(
    hass: HomeAssistant,
    entry: BettiConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the profile's dose sensors, and keep one supply sensor per medication."""
    coordinator = entry.runtime_data.medications
    async_add_entities(
        MedicationSensor(coordinator, description) for description in MEDICATION_SENSORS
    )
    known: dict[int, str] = {}  # medication id: the label its device was named with

    @callback
    def sync_supply_sensors() -> None:
        subentries = {mid: sid for sid, mid in medication_subentries(entry).items()}
        # A medication's sensor waits for its subentry: it lives on the subentry's device.
        current = {
            m.medication_id: m
            for m in coordinator.data.medications
            if m.medication_id in subentries
        }
        for mid, medication in current.items():
            if mid not in known:
                async_add_entities(
                    [SupplySensor(coordinator, medication)],
                    config_subentry_id=subentries[mid],
                )
            elif known[mid] != medication.label:
                dr.async_get(hass).async_get_or_create(
                    config_entry_id=entry.entry_id,
                    config_subentry_id=subentries[mid],
                    **medication_device(hass, entry, medication),
                )
        registry = er.async_get(hass)
        for mid in known.keys() - current.keys():
            unique_id = supply_unique_id(entry.entry_id, mid)
            if entity_id := registry.async_get_entity_id("sensor", DOMAIN, unique_id):
                registry.async_remove(entity_id)
        known.clear()
        known.update({mid: m.label for mid, m in current.items()})

    @callback
    def entry_changed(change: ConfigEntryChange, changed: ConfigEntry) -> None:
        if changed is entry and change is ConfigEntryChange.UPDATED:
            sync_supply_sensors()

    sync_supply_sensors()
    entry.async_on_unload(coordinator.async_add_listener(sync_supply_sensors))
    entry.async_on_unload(
        async_dispatcher_connect(hass, SIGNAL_CONFIG_ENTRY_CHANGED, entry_changed)
    )


def medication_device(
    hass: HomeAssistant, entry: BettiConfigEntry, medication: Medication
) -> DeviceInfo:
    """Describe the medication's device, under the person's."""
    person = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, entry.entry_id), entry.entry_id
    )
    assert person is not None  # noqa: S101 - made before any platform is set up
    return DeviceInfo(
        identifiers={
            (DOMAIN, f"{entry.entry_id}_medication_{medication.medication_id}")
        },
        via_device_id=person.id,
        manufacturer="Betti",
        model=text_or(hass, "device_model_medication", "Medication"),
        translation_key="medication",
        translation_placeholders={
            "medication": medication.label,
            "name": entry.runtime_data.profile.name,
        },
    )


def supply_unique_id(entry_id: str, medication_id: int) -> str:
    """Return the unique id of a medication's days-of-supply sensor."""
    return f"{entry_id}_medication_{medication_id}_days_of_supply"


class MedicationSensor(StateSensor[MedicationsCoordinator]):
    """One value derived from the profile's doses."""


class SupplySensor(BettiEntity[MedicationsCoordinator], SensorEntity):
    """How many days one medication's stock lasts at its scheduled use."""

    _attr_native_unit_of_measurement = UnitOfTime.DAYS
    _attr_state_class = SensorStateClass.MEASUREMENT
    _attr_suggested_display_precision = 1  # "2.5 days", not rounded up to 3

    def __init__(
        self, coordinator: MedicationsCoordinator, medication: Medication
    ) -> None:
        """Name the sensor after the medication."""
        super().__init__(
            coordinator,
            SensorEntityDescription(
                key=f"medication_{medication.medication_id}_days_of_supply",
                translation_key="days_of_supply",
            ),
        )
        self._medication_id = medication.medication_id
        self._attr_device_info = medication_device(
            coordinator.hass, coordinator.config_entry, medication
        )

    @property
    def _medication(self) -> Medication | None:
        return next(
            (
                m
                for m in self.coordinator.data.medications
                if m.medication_id == self._medication_id
            ),
            None,
        )

    @property
    def available(self) -> bool:
        """Unavailable once the medication is removed (until the entity goes)."""
        return super().available and self._medication is not None

    @property
    def native_value(self) -> float | None:
        """Days of supply left."""
        return self.coordinator.data.supply.get(self._medication_id)

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """The stock on hand and the refill threshold."""
        if (medication := self._medication) is None:
            return None
        return {
            "stock": medication.stock,
            "refill_threshold": medication.refill_threshold,
        }
