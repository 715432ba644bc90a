"""Constants for Betti."""

from typing import Final

DOMAIN: Final = "betti"

# Relative to the HA config dir; one file for the whole household.
DATABASE_PATH: Final = "betti/betti.db"

# 1.2: a profile's options say whether it is private. 1.3: its medications are subentries.
PROFILE_MINOR_VERSION: Final = 3

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

# Bluetooth health device entries (their data has an address; profile entries do not).
CONF_DEVICE_KIND: Final = "device_kind"
CONF_PROFILES: Final = "profiles"
CONF_PAIR: Final = "pair"
# Options key of a profile's number in a shared device's user list, per profile entry id.
CONF_DEVICE_USERS: Final = "device_users"

# Standard Bluetooth SIG health services and the kind of device each means.
DEVICE_KINDS: Final = {
    "00001810-0000-1000-8000-00805f9b34fb": "blood_pressure_monitor",
    "0000180d-0000-1000-8000-00805f9b34fb": "heart_rate_monitor",
    "00001809-0000-1000-8000-00805f9b34fb": "thermometer",
    "0000181d-0000-1000-8000-00805f9b34fb": "scale",
    "0000181b-0000-1000-8000-00805f9b34fb": "body_composition_scale",
    "00001808-0000-1000-8000-00805f9b34fb": "glucose_meter",
    "00001822-0000-1000-8000-00805f9b34fb": "pulse_oximeter",
}
# A device's user list (User Data Service): each registered profile's consent code, per
# profile entry id (their user index is in CONF_DEVICE_USERS), and whether the device
# showed a User Control Point when Betti last connected.
CONF_CONSENT_CODES: Final = "consent_codes"
CONF_USER_DATA_SERVICE: Final = "user_data_service"
