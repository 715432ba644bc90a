"""A household member's profile: who they are and how they like their units."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Final, Self

from homeassistant.const import (
    UnitOfBloodGlucoseConcentration,
    UnitOfLength,
    UnitOfMass,
    UnitOfTemperature,
    UnitOfVolume,
)
from homeassistant.util import slugify
from homeassistant.util.unit_conversion import DistanceConverter
from homeassistant.util.unit_system import UnitSystem

from ..const import (
    CONF_DATE_OF_BIRTH,
    CONF_GLUCOSE_UNIT,
    CONF_HEIGHT,
    CONF_PERSON,
    CONF_SEX,
    CONF_TEMPERATURE_UNIT,
    CONF_VOLUME_UNIT,
    CONF_WEIGHT_UNIT,
)

# The phones' dashboard (dashboards/setup.py creates it): one view per person.
FAMILY_DASHBOARD: Final = "betti-family"


def view_path(name: str) -> str:
    """Return the path of a person's (or the household's) view on Betti's dashboards."""
    return slugify(name, separator="-") or "betti"


def height_unit(units: UnitSystem) -> UnitOfLength:
    """Height is asked for in centimetres, or in inches where HA uses US customary units."""
    return (
        UnitOfLength.CENTIMETERS
        if units.length_unit == UnitOfLength.KILOMETERS
        else UnitOfLength.INCHES
    )


def height_to_cm(value: float, unit: UnitOfLength) -> float:
    """Convert an entered height to the centimetres Betti stores."""
    return round(DistanceConverter.convert(value, unit, UnitOfLength.CENTIMETERS), 1)


def height_from_cm(value: float, unit: UnitOfLength) -> float:
    """Convert a stored height to the unit the form shows."""
    return round(DistanceConverter.convert(value, UnitOfLength.CENTIMETERS, unit), 1)


# Each unit preference's choices: the option's key in the forms (keys must be [a-z0-9-_] to be
# translated) and the HA unit kept in the entry's options, as sensors and converters use it.
UNIT_CHOICES: Final[dict[str, dict[str, str]]] = {
    CONF_WEIGHT_UNIT: {"kg": UnitOfMass.KILOGRAMS, "lb": UnitOfMass.POUNDS},
    CONF_TEMPERATURE_UNIT: {
        "celsius": UnitOfTemperature.CELSIUS,
        "fahrenheit": UnitOfTemperature.FAHRENHEIT,
    },
    CONF_GLUCOSE_UNIT: {
        "mmol_l": UnitOfBloodGlucoseConcentration.MILLIMOLE_PER_LITER,
        "mg_dl": UnitOfBloodGlucoseConcentration.MILLIGRAMS_PER_DECILITER,
    },
    CONF_VOLUME_UNIT: {
        "ml": UnitOfVolume.MILLILITERS,
        "fl_oz": UnitOfVolume.FLUID_OUNCES,
    },
}


def units_of_keys(picked: Mapping[str, Any]) -> dict[str, str]:
    """Return the units picked in a form (by option key), as entry options keep them."""
    return {pref: choices[picked[pref]] for pref, choices in UNIT_CHOICES.items()}


def keys_of_units(options: Mapping[str, Any]) -> dict[str, str]:
    """Return an entry's unit preferences as the form's option keys."""
    return {
        pref: key
        for pref, choices in UNIT_CHOICES.items()
        for key, unit in choices.items()
        if options.get(pref) == unit
    }


def default_preferences(units: UnitSystem) -> dict[str, str]:
    """Return unit option keys that follow HA's unit system until the person changes them."""
    metric = units.temperature_unit == UnitOfTemperature.CELSIUS
    return {
        CONF_WEIGHT_UNIT: "kg" if metric else "lb",
        CONF_TEMPERATURE_UNIT: "celsius" if metric else "fahrenheit",
        CONF_GLUCOSE_UNIT: "mmol_l" if metric else "mg_dl",
        CONF_VOLUME_UNIT: "ml" if metric else "fl_oz",
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class Profile:
    """One household member, as set in the config entry."""

    profile_id: str
    person: str
    name: str
    date_of_birth: date
    sex: str
    height_cm: float
    weight_unit: str
    temperature_unit: str
    glucose_unit: str
    volume_unit: str

    @property
    def family_view(self) -> str:
        """Where phones open this person's view, with the call card and their alerts."""
        return f"/{FAMILY_DASHBOARD}/{view_path(self.name)}"

    @classmethod
    def from_entry(
        cls,
        entry_id: str,
        title: str,
        data: Mapping[str, Any],
        options: Mapping[str, Any],
    ) -> Self:
        """Read a profile from a config entry's data and options."""
        return cls(
            profile_id=entry_id,
            person=data[CONF_PERSON],
            name=title,
            date_of_birth=date.fromisoformat(data[CONF_DATE_OF_BIRTH]),
            sex=data[CONF_SEX],
            height_cm=data[CONF_HEIGHT],
            weight_unit=options[CONF_WEIGHT_UNIT],
            temperature_unit=options[CONF_TEMPERATURE_UNIT],
            glucose_unit=options[CONF_GLUCOSE_UNIT],
            volume_unit=options[CONF_VOLUME_UNIT],
        )
