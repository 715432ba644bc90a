"""The starter foods shipped with Betti (USDA FoodData Central, public domain)."""

import csv
from pathlib import Path

from . import Food, Nutrient

SHIPPED_FOODS = Path(__file__).with_name("foods.csv")
SHIPPED_SOURCE = "usda"


def load_shipped(path: Path = SHIPPED_FOODS) -> list[Food]:
    """Read the shipped foods file (blocking: call it in an executor)."""
    with path.open(encoding="utf-8", newline="") as file:
        return [
            Food(
                key=f"{SHIPPED_SOURCE}:{row['name']}",
                name=row["name"],
                source=f"USDA {row['source']}",
                per_100g={
                    nutrient: float(row[nutrient])
                    for nutrient in Nutrient
                    if row[nutrient]
                },
                serving_name=row["serving_name"] or None,
                serving_g=float(row["serving_g"]) if row["serving_g"] else None,
            )
            for row in csv.DictReader(file)
        ]
