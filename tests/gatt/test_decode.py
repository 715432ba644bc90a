from hypothesis import given, strategies as st
import pytest

from custom_components.betti.gatt import (
    BLOOD_PRESSURE_SERVICE_UUID,
    CHARACTERISTIC_DELIVERY,
    CURRENT_TIME_SERVICE_UUID,
    SUPPORTED_CHARACTERISTICS,
    USER_DATA_SERVICE_UUID,
    WEIGHT_SCALE_FEATURE_UUID,
    BloodPressureMeasurement,
    BodyCompositionMeasurement,
    Delivery,
    GattDecodeError,
    GlucoseMeasurement,
    GlucoseMeasurementContext,
    HeartRateMeasurement,
    IntermediateCuffPressure,
    IntermediateTemperature,
    PlxContinuousMeasurement,
    PlxSpotCheckMeasurement,
    RacpNumberOfRecords,
    RacpResponse,
    TemperatureMeasurement,
    WeightMeasurement,
    WeightScaleFeature,
    decode,
    normalize_uuid,
    sig_uuid,
)

from .full_frames import FULL_FRAMES

HEART_RATE_72 = bytes.fromhex("00 48")

RESULT_TYPES: dict[str, tuple[type, ...]] = {
    "2a35": (BloodPressureMeasurement,),
    "2a36": (IntermediateCuffPressure,),
    "2a37": (HeartRateMeasurement,),
    "2a1c": (TemperatureMeasurement,),
    "2a1e": (IntermediateTemperature,),
    "2a9d": (WeightMeasurement,),
    "2a9e": (WeightScaleFeature,),
    "2a9c": (BodyCompositionMeasurement,),
    "2a18": (GlucoseMeasurement,),
    "2a34": (GlucoseMeasurementContext,),
    "2a5e": (PlxSpotCheckMeasurement,),
    "2a5f": (PlxContinuousMeasurement,),
    "2a52": (RacpNumberOfRecords, RacpResponse),
}


@pytest.mark.parametrize(
    "uuid",
    [
        "2a37",
        "2A37",
        "0x2a37",
        "0x2A37",
        "0X2a37",
        "00002a37-0000-1000-8000-00805f9b34fb",
        "00002A37-0000-1000-8000-00805F9B34FB",
        "00002a37-0000-1000-8000-00805F9b34fB",
    ],
)
def test_uuid_spellings_reach_the_same_decoder(uuid: str) -> None:
    assert decode(uuid, HEART_RATE_72).heart_rate == 72  # type: ignore[union-attr]
    assert normalize_uuid(uuid) == 0x2A37


@pytest.mark.parametrize(
    "uuid",
    [
        "",
        "2a3",
        "02a37",
        "0x2g37",
        "2a_7",
        "+2a37",
        " 2a37",
        "6e400001-b5a3-f393-e0a9-e50e24dcca9e",  # a vendor UUID
        "00002a37-0000-1000-8000-00805f9b34fc",
    ],
)
def test_malformed_uuids_raise(uuid: str) -> None:
    with pytest.raises(GattDecodeError):
        decode(uuid, HEART_RATE_72)


@pytest.mark.parametrize("uuid", ["2a19", "0x2A00", sig_uuid(0x2A38)])
def test_unsupported_characteristic_raises(uuid: str) -> None:
    with pytest.raises(GattDecodeError, match="no decoder"):
        decode(uuid, HEART_RATE_72)


def test_sig_uuid_is_the_lowercase_128_bit_form() -> None:
    assert sig_uuid(0x2A35) == "00002a35-0000-1000-8000-00805f9b34fb"
    assert BLOOD_PRESSURE_SERVICE_UUID == "00001810-0000-1000-8000-00805f9b34fb"
    assert USER_DATA_SERVICE_UUID == "0000181c-0000-1000-8000-00805f9b34fb"
    assert CURRENT_TIME_SERVICE_UUID == "00001805-0000-1000-8000-00805f9b34fb"


def test_delivery_of_each_pushed_characteristic() -> None:
    indicated = {
        u for u, d in CHARACTERISTIC_DELIVERY.items() if d is Delivery.INDICATION
    }
    notified = {
        u for u, d in CHARACTERISTIC_DELIVERY.items() if d is Delivery.NOTIFICATION
    }
    assert indicated == {
        sig_uuid(u) for u in (0x2A35, 0x2A1C, 0x2A9D, 0x2A9C, 0x2A5E, 0x2A52)
    }
    assert notified == {
        sig_uuid(u) for u in (0x2A37, 0x2A36, 0x2A1E, 0x2A5F, 0x2A18, 0x2A34)
    }
    assert {
        *CHARACTERISTIC_DELIVERY,
        WEIGHT_SCALE_FEATURE_UUID,
    } == SUPPORTED_CHARACTERISTICS


def test_bytearray_is_accepted() -> None:
    assert decode("2a37", bytearray(HEART_RATE_72)) == decode("2a37", HEART_RATE_72)


def test_results_are_frozen() -> None:
    reading = decode("2a37", HEART_RATE_72)
    with pytest.raises(AttributeError):
        reading.heart_rate = 60  # type: ignore[misc, union-attr]


@pytest.mark.parametrize("uuid", sorted(RESULT_TYPES))
@given(data=st.binary(max_size=40))
def test_random_bytes_decode_or_raise_the_typed_error(uuid: str, data: bytes) -> None:
    try:
        result = decode(uuid, data)
    except GattDecodeError:
        return
    assert isinstance(result, RESULT_TYPES[uuid])


@pytest.mark.parametrize("uuid", sorted(FULL_FRAMES))
@given(data=st.data())
def test_random_values_under_valid_flags_decode_or_raise_the_typed_error(
    uuid: str, data: st.DataObject
) -> None:
    frame = bytes.fromhex(FULL_FRAMES[uuid])
    values = data.draw(st.binary(min_size=len(frame) - 1, max_size=len(frame) - 1))
    try:
        result = decode(uuid, frame[:1] + values)
    except GattDecodeError:
        return
    assert isinstance(result, RESULT_TYPES[uuid])
