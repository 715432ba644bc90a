"""decode(): one entry point from characteristic UUID and bytes to a typed reading."""

from collections.abc import Callable

from .blood_pressure import (
    BloodPressureMeasurement,
    IntermediateCuffPressure,
    decode_blood_pressure_measurement,
    decode_intermediate_cuff_pressure,
)
from .body_composition import (
    BodyCompositionMeasurement,
    decode_body_composition_measurement,
)
from .errors import GattDecodeError
from .glucose import GlucoseMeasurement, decode_glucose_measurement
from .glucose_context import (
    GlucoseMeasurementContext,
    decode_glucose_measurement_context,
)
from .heart_rate import HeartRateMeasurement, decode_heart_rate_measurement
from .pulse_oximeter import (
    PlxContinuousMeasurement,
    PlxSpotCheckMeasurement,
    decode_plx_continuous_measurement,
    decode_plx_spot_check_measurement,
)
from .racp import RacpNumberOfRecords, RacpResponse, decode_racp_response
from .thermometer import (
    IntermediateTemperature,
    TemperatureMeasurement,
    decode_intermediate_temperature,
    decode_temperature_measurement,
)
from .uuids import normalize_uuid, sig_uuid
from .weight import (
    WeightMeasurement,
    WeightScaleFeature,
    decode_weight_measurement,
    decode_weight_scale_feature,
)

type GattValue = (
    BloodPressureMeasurement
    | IntermediateCuffPressure
    | HeartRateMeasurement
    | TemperatureMeasurement
    | IntermediateTemperature
    | WeightMeasurement
    | WeightScaleFeature
    | BodyCompositionMeasurement
    | GlucoseMeasurement
    | GlucoseMeasurementContext
    | PlxSpotCheckMeasurement
    | PlxContinuousMeasurement
    | RacpNumberOfRecords
    | RacpResponse
)

_DECODERS: dict[int, Callable[[bytes | bytearray], GattValue]] = {
    0x2A35: decode_blood_pressure_measurement,
    0x2A36: decode_intermediate_cuff_pressure,
    0x2A37: decode_heart_rate_measurement,
    0x2A1C: decode_temperature_measurement,
    0x2A1E: decode_intermediate_temperature,
    0x2A9D: decode_weight_measurement,
    0x2A9E: decode_weight_scale_feature,
    0x2A9C: decode_body_composition_measurement,
    0x2A18: decode_glucose_measurement,
    0x2A34: decode_glucose_measurement_context,
    0x2A5E: decode_plx_spot_check_measurement,
    0x2A5F: decode_plx_continuous_measurement,
    0x2A52: decode_racp_response,
}
SUPPORTED_CHARACTERISTICS = frozenset(sig_uuid(uuid16) for uuid16 in _DECODERS)

# The usual spellings, looked up as given so the hot path skips normalize_uuid.
_DECODERS_BY_SPELLING = {
    spelling: decoder
    for uuid16, decoder in _DECODERS.items()
    for short in (f"{uuid16:04x}", f"{uuid16:04X}")
    for spelling in (short, f"0x{short}", sig_uuid(uuid16), sig_uuid(uuid16).upper())
}


def decode(characteristic_uuid: str, data: bytes | bytearray) -> GattValue:
    """Decode the value of a health characteristic.

    characteristic_uuid may be "2a35", "0x2A35" or "00002a35-0000-1000-8000-00805f9b34fb",
    in any case. Raises GattDecodeError for a malformed value or an unsupported UUID.
    """
    decoder = _DECODERS_BY_SPELLING.get(characteristic_uuid)
    if decoder is None:
        decoder = _DECODERS.get(normalize_uuid(characteristic_uuid))
        if decoder is None:
            msg = f"no decoder for characteristic {characteristic_uuid!r}"
            raise GattDecodeError(msg)
    return decoder(data)
