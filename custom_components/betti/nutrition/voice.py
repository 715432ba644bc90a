"""What a spoken nutrition sentence asks for (English). No Home Assistant imports.

The conversation agent routes the sentences in ``SENTENCES`` here; this module decides what
they mean, most specific first, so "I had a glass of water" is a drink, never a food.
"""

from dataclasses import dataclass
import re

from . import AmountUnit, MealType, fl_oz_to_ml

SENTENCES = [
    "(log|add|record) [a|one] glass of water",
    "(log|add|record) {count} glasses of water",
    "I (drank|had) [a|one] glass of water",
    "I (drank|had) {count} glasses of water",
    "I (drank|had) {amount} (millilitres|milliliters|ml|mls|fluid ounces|fl oz|ounces) [of water]",
    "(log|add|record) {amount} (millilitres|milliliters|ml|mls|fluid ounces|fl oz|ounces) [of water]",
    "how much water have I (had|drunk|drank) [today]",
    "how much have I drunk today",
    "I (ate|had) {food}",
    "(log|add|record) {food} for (breakfast|lunch|dinner|[a] snack)",
]
NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "half a": 0.5,
    "half": 0.5,
}
_NUMBER = (
    r"(\d+(?:[.,]\d+)?|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + ")"
)
_CONTAINERS = (
    r"(?:bowls?|cups?|glass(?:es)?|slices?|pieces?|plates?|portions?|servings?)"
)
_ML = r"(?:millilitres?|milliliters?|mls?)"
_FL_OZ = r"(?:fluid ounces?|fl oz|ounces?)"


@dataclass(frozen=True, slots=True)
class LogWater:
    """Drank this much: millilitres, or glasses of the profile's size."""

    ml: float | None = None
    glasses: float = 1


@dataclass(frozen=True, slots=True)
class AskWater:
    """Ask how much water was drunk today."""


@dataclass(frozen=True, slots=True)
class LogFood:
    """Ate an amount of a food."""

    food: str
    amount: float | None
    unit: AmountUnit | None
    meal: MealType | None = None


type Command = LogWater | AskWater | LogFood


def _number(text: str) -> float:
    text = text.strip().lower()
    return float(NUMBER_WORDS.get(text, 0)) or float(text.replace(",", "."))


def parse(text: str) -> Command | None:
    """Return what a sentence asks for, or None if it is not about food, water or drink."""
    said = re.sub(r"[^\w\s.,']", "", text.lower()).strip().rstrip(".")
    if re.search(r"\bhow much (?:water )?have i (?:had|drunk|drank)\b", said):
        return AskWater()
    if match := re.search(rf"\b{_NUMBER} glass(?:es)? of water\b", said):
        return LogWater(glasses=_number(match[1]))
    if match := re.search(rf"\b{_NUMBER}\s*({_ML}|{_FL_OZ})(?: of water)?$", said):
        amount = _number(match[1])
        return LogWater(
            ml=amount if re.fullmatch(_ML, match[2]) else fl_oz_to_ml(amount)
        )
    if match := re.match(r"(?:i (?:ate|had)|(?:log|add|record)) (.+)$", said):
        return _food(match[1])
    return None


def _food(said: str) -> LogFood | None:
    meal = None
    if match := re.search(
        r"\s+(?:for|as) (?:a |my )?(breakfast|lunch|dinner|snack)$", said
    ):
        meal = MealType(match[1])
        said = said[: match.start()]
    if match := re.match(rf"{_NUMBER}\s*(?:g|grams?)\s+(?:of\s+)?(.+)$", said):
        return LogFood(match[2], _number(match[1]), AmountUnit.GRAMS, meal)
    if match := re.match(rf"{_NUMBER}\s+(?:{_CONTAINERS}\s+of\s+)?(.+)$", said):
        return LogFood(match[2], _number(match[1]), AmountUnit.SERVINGS, meal)
    if match := re.match(rf"(?:some\s+)?(?:{_CONTAINERS}\s+of\s+)?(.+)$", said):
        return LogFood(match[1], None, None, meal) if match[1].strip() else None
    return None
