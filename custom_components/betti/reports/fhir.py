"""A FHIR R4 bundle (JSON) of a person's observations and doses, from plain data.

Observations carry LOINC codes and UCUM units in the person's own units; medications become
MedicationStatements, each dose a MedicationAdministration (``not-done`` when skipped or
missed). Ids are stable (uuid5), so exporting the same period twice gives the same bundle.
"""

from datetime import datetime
from typing import Any
from uuid import NAMESPACE_URL, uuid5

from ..vitals import Metric, VitalKind
from .model import DoseRecord, ReportData, Sample

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
UCUM_CODES = {
    "mmHg": "mm[Hg]",
    "bpm": "/min",
    "°C": "Cel",
    "°F": "[degF]",
    "%": "%",
    "kg": "kg",
    "lb": "[lb_av]",
    "kg/m²": "kg/m2",
    "mg/dL": "mg/dL",
    "mmol/L": "mmol/L",
}
# metric -> (LOINC code, display); glucose depends on its unit.
CODES: dict[Metric, tuple[str, str]] = {
    Metric.HEART_RATE: ("8867-4", "Heart rate"),
    Metric.PULSE: ("8867-4", "Heart rate"),
    Metric.TEMPERATURE: ("8310-5", "Body temperature"),
    Metric.SPO2: ("59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry"),
    Metric.WEIGHT: ("29463-7", "Body weight"),
    Metric.BMI: ("39156-5", "Body mass index (BMI) [Ratio]"),
    Metric.BODY_FAT: ("41982-0", "Percentage of body fat Measured"),
}
GLUCOSE_CODES = {
    "mg/dL": ("2339-0", "Glucose [Mass/volume] in Blood"),
    "mmol/L": ("15074-8", "Glucose [Moles/volume] in Blood"),
}
PANEL = ("85354-9", "Blood pressure panel with all children optional")
SYSTOLIC = ("8480-6", "Systolic blood pressure")
DIASTOLIC = ("8462-4", "Diastolic blood pressure")
NOT_DONE_REASON = {"skipped": "Skipped", "missed": "Missed"}


def _concept(code: tuple[str, str]) -> dict[str, Any]:
    return {
        "coding": [{"system": LOINC, "code": code[0], "display": code[1]}],
        "text": code[1],
    }


def _quantity(value: float, unit: str) -> dict[str, Any]:
    return {"value": value, "unit": unit, "system": UCUM, "code": UCUM_CODES[unit]}


class _Bundle:
    def __init__(self, data: ReportData) -> None:
        self.data = data
        self.seed = f"betti:{data.person.name}:{data.person.birth_date}"
        self.entries: list[dict[str, Any]] = []
        self.patient = self.add(
            "patient",
            {
                "resourceType": "Patient",
                "name": [{"text": data.person.name}],
                "gender": data.person.sex,
                "birthDate": data.person.birth_date.isoformat(),
            },
        )

    def add(self, key: str, resource: dict[str, Any]) -> str:
        """Add a resource with a stable id; return its reference."""
        uid = str(uuid5(NAMESPACE_URL, f"{self.seed}:{key}"))
        resource["id"] = uid
        self.entries.append({"fullUrl": f"urn:uuid:{uid}", "resource": resource})
        return f"urn:uuid:{uid}"

    def observation(
        self,
        key: str,
        sample: Sample,
        code: tuple[str, str],
        category: str,
        **value: Any,
    ) -> None:
        self.add(
            key,
            {
                "resourceType": "Observation",
                "status": "final",
                "category": [
                    {"coding": [{"system": CATEGORY, "code": category}]},
                ],
                "code": _concept(code),
                "subject": {"reference": self.patient},
                "effectiveDateTime": sample.at.isoformat(),
                **value,
            },
        )

    def sample(self, sample: Sample) -> None:
        units, key = self.data.units, f"vital:{sample.reading_id}"
        if sample.kind is VitalKind.BLOOD_PRESSURE:
            self.observation(
                key,
                sample,
                PANEL,
                "vital-signs",
                component=[
                    {
                        "code": _concept(code),
                        "valueQuantity": _quantity(sample.shown[metric], units[metric]),
                    }
                    for code, metric in (
                        (SYSTOLIC, Metric.SYSTOLIC),
                        (DIASTOLIC, Metric.DIASTOLIC),
                    )
                ],
            )
        for metric, value in sample.shown.items():
            if metric is Metric.GLUCOSE:
                code, category = GLUCOSE_CODES[units[metric]], "laboratory"
            elif metric in CODES:
                code, category = CODES[metric], "vital-signs"
            else:
                continue
            self.observation(
                f"{key}:{metric}",
                sample,
                code,
                category,
                valueQuantity=_quantity(value, units[metric]),
            )

    def medications(self) -> dict[int, str]:
        return {
            med_id: self.add(
                f"medication:{med_id}",
                {
                    "resourceType": "MedicationStatement",
                    "status": "active",
                    "medicationCodeableConcept": {"text": label},
                    "subject": {"reference": self.patient},
                    "effectivePeriod": {
                        "start": self.data.start.isoformat(),
                        "end": self.data.end.isoformat(),
                    },
                },
            )
            for med_id, label in self.data.medications.items()
        }

    def dose(self, dose: DoseRecord, statement: str | None) -> None:
        taken = dose.status == "taken"
        resource: dict[str, Any] = {
            "resourceType": "MedicationAdministration",
            "status": "completed" if taken else "not-done",
            "medicationCodeableConcept": {"text": dose.medication},
            "subject": {"reference": self.patient},
            "effectiveDateTime": _at(dose),
            "dosage": {"dose": {"value": dose.amount}},
        }
        if not taken:
            resource["statusReason"] = [{"text": NOT_DONE_REASON[dose.status]}]
        if statement is not None:
            resource["supportingInformation"] = [{"reference": statement}]
        self.add(f"dose:{dose.medication_id}:{dose.due.isoformat()}", resource)


def _at(dose: DoseRecord) -> str:
    return (dose.at or dose.due).isoformat()


def render_bundle(data: ReportData, made: datetime) -> dict[str, Any]:
    """Build the bundle (type ``collection``) as JSON-ready data."""
    bundle = _Bundle(data)
    for sample in data.samples:
        bundle.sample(sample)
    statements = bundle.medications()
    for dose in data.doses:
        if dose.status in ("taken", *NOT_DONE_REASON):
            bundle.dose(dose, statements.get(dose.medication_id))
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": made.isoformat(),
        "entry": bundle.entries,
    }
