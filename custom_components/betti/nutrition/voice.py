"""What a spoken food phrase means, in any language Betti speaks. No Home Assistant imports.

The sentence templates (``sentences/<language>.yaml``) say which intent a sentence is and
cut out its slots; this module reads a food slot ("150 grams of rice for lunch", "een kom
havermout") with that language's words, and says a USDA name the way people do.
"""

from collections.abc import Mapping
from dataclasses import dataclass
import re
from typing import Any

from . import AmountUnit, MealType, ml_to_fl_oz

# Parts of a USDA name that say nothing to a listener ("Rice, cooked, NFS").
_SILENT = {"nfs", "ns as to form", "raw", "plain", "regular"}


@dataclass(frozen=True, slots=True)
class LogFood:
    """Ate an amount of a food."""

    food: str
    amount: float | None
    unit: AmountUnit | None
    meal: MealType | None = None


def water_said(ml: float, volume_unit: str) -> str:
    """Millilitres in the person's drinks unit, as said: "250 ml", "8 fl oz"."""
    if volume_unit == "mL":
        return f"{ml:.0f} ml"
    return f"{ml_to_fl_oz(ml):.0f} fl oz"


def _alternatives(words: list[str] | Mapping[str, Any]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def number(said: str, words: Mapping[str, Any]) -> float | None:
    """Return a spoken amount ("two", "1,5", "300"), or None if it is not one."""
    said = said.strip().lower()
    if said in words["numbers"]:
        return float(words["numbers"][said])
    try:
        return float(said.replace(",", "."))
    except ValueError:
        return None


def food_phrase(said: str, words: Mapping[str, Any]) -> LogFood | None:
    """Return the food, amount and meal in a food slot; None if there is no food in it."""
    said = re.sub(r"[^\w\s.,'%-]", "", said.lower()).strip().rstrip(".")
    meal = None
    meals, meal_words = words["meals"], words["meal_words"]
    if match := re.search(
        rf"\s+(?:{_alternatives(meal_words)})\s+({_alternatives(meals)})$", said
    ):
        meal = MealType(meals[match[1]])
        said = said[: match.start()]
    amount = rf"(\d+(?:[.,]\d+)?|{_alternatives(words['numbers'])})"
    of = rf"(?:(?:{_alternatives(words['of'])})\s+)?" if words["of"] else ""
    containers = _alternatives(words["containers"])
    if match := re.match(
        rf"{amount}\s*(?:{_alternatives(words['grams'])})\s+{of}(.+)$", said
    ):
        return LogFood(match[2], number(match[1], words), AmountUnit.GRAMS, meal)
    if match := re.match(rf"{amount}\s+(?:(?:{containers})\s+{of})?(.+)$", said):
        return LogFood(match[2], number(match[1], words), AmountUnit.SERVINGS, meal)
    some = _alternatives(words["some"])
    if match := re.match(rf"(?:(?:{some})\s+)?(?:(?:{containers})\s+{of})?(.+)$", said):
        return LogFood(match[1], None, None, meal) if match[1].strip() else None
    return None


def readable(name: str) -> str:
    """Say a USDA food name as people do: "Rice, cooked, NFS" → "cooked rice"."""
    head, *rest = [part.strip() for part in name.split(",")]
    said = [part for part in rest[:2] if part.lower() not in _SILENT]
    return " ".join([*reversed(said), head]).lower()
