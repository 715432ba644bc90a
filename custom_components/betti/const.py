"""Constants for Betti."""

from typing import Final

DOMAIN: Final = "betti"

# Relative to the HA config dir; one file for the whole household.
DATABASE_PATH: Final = "betti/betti.db"

CONF_PERSON: Final = "person"
CONF_DATE_OF_BIRTH: Final = "date_of_birth"
CONF_SEX: Final = "sex"
CONF_HEIGHT: Final = "height"

CONF_WEIGHT_UNIT: Final = "weight_unit"
CONF_TEMPERATURE_UNIT: Final = "temperature_unit"
CONF_GLUCOSE_UNIT: Final = "glucose_unit"
CONF_VOLUME_UNIT: Final = "volume_unit"

SEXES: Final = ("female", "male")
ISSUE_DATABASE: Final = "database_{problem}"
