from datetime import datetime

import pytest

from custom_components.betti.gatt import (
    CarbohydrateType,
    GattDecodeError,
    GlucoseConcentrationUnit,
    GlucoseMeasurement,
    GlucoseMeasurementContext,
    GlucoseSensorStatus,
    GlucoseType,
    Meal,
    MedicationType,
    MedicationUnit,
    PatientHealth,
    SampleLocation,
    SampleTester,
    decode,
    decode_glucose_measurement,
    decode_glucose_measurement_context,
)

AT_0708 = datetime(2020, 5, 6, 7, 8, 9)


def test_full_record_in_mol_per_litre() -> None:
    # all flags: offset -10 min; 55e-4 mol/L; capillary plasma (2) from a finger (1);
    # battery low and result too high; context follows
    frame = bytes.fromhex("1f 0200 e40705060708 09 f6ff 37c0 12 2100")
    assert decode("2a18", frame) == GlucoseMeasurement(
        sequence_number=2,
        base_time=AT_0708,
        time_offset=-10,
        timestamp=datetime(2020, 5, 6, 6, 58, 9),
        glucose_concentration=0.0055,
        unit=GlucoseConcentrationUnit.MOL_PER_L,
        glucose_type=GlucoseType.CAPILLARY_PLASMA,
        sample_location=SampleLocation.FINGER,
        sensor_status=GlucoseSensorStatus.DEVICE_BATTERY_LOW
        | GlucoseSensorStatus.RESULT_TOO_HIGH,
        context_follows=True,
    )


def test_mol_per_litre_conveniences() -> None:
    reading = decode_glucose_measurement(
        bytes.fromhex("06 0200 e40705060708 09 37c0 12")
    )
    assert reading.glucose_mmol_l == 5.5
    assert reading.glucose_mg_dl == 99.09  # 5.5 mmol/L x 18.0156


def test_kg_per_litre_and_conveniences() -> None:
    # 95e-5 kg/L = 95 mg/dL; capillary whole blood (1) from a finger (1)
    reading = decode_glucose_measurement(
        bytes.fromhex("02 0300 e40705060708 09 5fb0 11")
    )
    assert reading.glucose_concentration == 0.00095
    assert reading.unit is GlucoseConcentrationUnit.KG_PER_L
    assert reading.glucose_mg_dl == 95.0
    assert reading.glucose_mmol_l == 5.273
    assert reading.glucose_type is GlucoseType.CAPILLARY_WHOLE_BLOOD
    assert reading.timestamp == reading.base_time == AT_0708
    assert reading.time_offset is None


def test_minimal_record_has_no_reading() -> None:
    reading = decode_glucose_measurement(bytes.fromhex("00 0100 e40705060708 09"))
    assert reading.sequence_number == 1
    assert reading.timestamp == AT_0708
    assert (reading.glucose_concentration, reading.unit, reading.sensor_status) == (
        None,
        None,
        None,
    )
    assert (reading.glucose_mg_dl, reading.glucose_mmol_l) == (None, None)
    assert reading.context_follows is False


def test_nan_concentration_keeps_its_unit() -> None:
    reading = decode_glucose_measurement(
        bytes.fromhex("02 0100 e40705060708 09 ff07 11")
    )
    assert reading.glucose_concentration is None
    assert reading.glucose_mg_dl is None
    assert reading.unit is GlucoseConcentrationUnit.KG_PER_L


def test_unknown_base_time_leaves_no_timestamp() -> None:
    reading = decode_glucose_measurement(bytes.fromhex("01 0100 000000000000 00 0500"))
    assert (reading.base_time, reading.timestamp) == (None, None)
    assert reading.time_offset == 5


def test_reserved_type_unavailable_location_and_reserved_status_bits() -> None:
    # type 0 (reserved), location 0xf (not available), status only reserved bits
    reading = decode_glucose_measurement(
        bytes.fromhex("0a 0100 e40705060708 09 5fb0 f0 00f0")
    )
    assert reading.glucose_type is None
    assert reading.sample_location is None
    assert reading.sensor_status == GlucoseSensorStatus(0)


@pytest.mark.parametrize(
    "frame",
    [
        "",
        "00 0100 e4070506070809 00",  # trailing byte
        "00 0100 e40705060708",  # base time cut short
        "02 0100 e40705060708 09 5fb0",  # type and location missing
        "08 0100 e40705060708 09 00",  # status cut short
        "00 0100 e4070f060708 09",  # month 15
        "01 0100 0f270c1f173b 3b ff7f",  # 9999-12-31 23:59:59 plus 32767 min
    ],
)
def test_malformed_frames_raise(frame: str) -> None:
    with pytest.raises(GattDecodeError):
        decode_glucose_measurement(bytes.fromhex(frame))


def test_context_with_every_field() -> None:
    # breakfast 50e-3 kg carbohydrate; preprandial; self-tested, no health issues;
    # 1800 s exercise at 50 %; 2e-6 kg rapid acting insulin; HbA1c 6.5 %
    frame = bytes.fromhex("5f 0200 01 32d0 01 51 0807 32 01 02a0 41f0")
    assert decode("2a34", frame) == GlucoseMeasurementContext(
        sequence_number=2,
        carbohydrate_type=CarbohydrateType.BREAKFAST,
        carbohydrate=0.05,
        meal=Meal.PREPRANDIAL,
        tester=SampleTester.SELF,
        health=PatientHealth.NO_HEALTH_ISSUES,
        exercise_duration=1800,
        exercise_intensity=50,
        medication_type=MedicationType.RAPID_ACTING_INSULIN,
        medication=2e-06,
        medication_unit=MedicationUnit.KILOGRAMS,
        hba1c=6.5,
    )


def test_context_extended_flags_and_medication_in_litres() -> None:
    # extended flags byte skipped; long acting insulin, 1e-2 L
    context = decode_glucose_measurement_context(bytes.fromhex("b0 0300 00 04 01e0"))
    assert context.sequence_number == 3
    assert context.medication_type is MedicationType.LONG_ACTING_INSULIN
    assert context.medication == 0.01
    assert context.medication_unit is MedicationUnit.LITERS
    assert (context.carbohydrate, context.meal, context.hba1c) == (None, None, None)


def test_context_minimal_and_not_available_codes() -> None:
    assert decode_glucose_measurement_context(bytes.fromhex("00 0400")) == (
        GlucoseMeasurementContext(
            4, None, None, None, None, None, None, None, None, None, None, None
        )
    )
    # tester and health 0xf (not available); meal 0 (reserved)
    context = decode_glucose_measurement_context(bytes.fromhex("06 0400 00 ff"))
    assert (context.meal, context.tester, context.health) == (None, None, None)


@pytest.mark.parametrize(
    "frame",
    ["", "00 04", "00 0400 00", "01 0400 01 32", "80 0400", "40 0400 41f0 00"],
)
def test_malformed_context_raises(frame: str) -> None:
    with pytest.raises(GattDecodeError):
        decode_glucose_measurement_context(bytes.fromhex(frame))
