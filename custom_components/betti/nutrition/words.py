"""Food words: names and queries folded into one form, and a query put in USDA's words.

A food's name and a query become the same words: lower case, without accents, singular, with
British spellings made American, so "Yoghurts" finds "Yogurt". A query is also read as meant:
Dutch, German and everyday words turned into USDA's (see synonyms.py), with one-letter typos in
those words forgiven ("porrige").

A word's one-letter deletions (the symmetric-delete method of finding typos) cost the square of
its length, so only words from MIN_TYPO_LENGTH up to MAX_TYPO_LENGTH get them.
"""

from collections.abc import Callable, Mapping
import re
import unicodedata

from .synonyms import EVERYDAY, ON_ITS_OWN, TRANSLATIONS

# Words people say for what USDA names otherwise (British → US, everyday → USDA).
SPELLINGS = {
    "yoghurt": "yogurt",
    "yoghourt": "yogurt",
    "porridge": "oatmeal",
    "courgette": "zucchini",
    "aubergine": "eggplant",
    "crisps": "potato chips",
    "rocket": "arugula",
    "beetroot": "beets",
    "swede": "rutabaga",
    "sultanas": "raisins",
    "treacle": "molasses",
    "prawns": "shrimp",
    "prawn": "shrimp",
    "coriander": "cilantro",
    "wholemeal": "whole wheat",
    "biscuit": "cookie",
    "biscuits": "cookies",
    "fibre": "fiber",
    "flavour": "flavor",
}
_WORD = re.compile(r"[a-z0-9]+")
MIN_TYPO_LENGTH = 4  # shorter words have too many one-letter neighbours to guess from
MAX_TYPO_LENGTH = 32  # the longest word in the shipped foods has 15 letters
SHORTEST_PLURAL = 4  # shorter words ending in "s" ("gas", "nfs") are no plurals


def typo_variants(word: str) -> set[str]:
    """Return the word and its one-letter deletions, if it is long and short enough to guess."""
    if not MIN_TYPO_LENGTH <= len(word) <= MAX_TYPO_LENGTH:
        return set()
    return {word, *(word[:index] + word[index + 1 :] for index in range(len(word)))}


def _fold(text: str) -> list[str]:
    """Lower-case words without accents."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in plain if not unicodedata.combining(char))
    return _WORD.findall(plain.casefold())


def normalize(text: str) -> list[str]:
    """Lower-case singular words without accents, with British spellings made American."""
    return [
        _singular(spelled)
        for word in _fold(text)
        for spelled in SPELLINGS.get(word, word).split()
    ]


def _singular(word: str) -> str:
    """One form for a plural and its singular, so "eggs" matches "Egg" exactly.

    Names and queries get the same form, so a rough rule is enough ("cherries" and "cherrie").
    """
    if (
        len(word) < SHORTEST_PLURAL
        or not word.endswith("s")
        or word.endswith(("ss", "us", "is"))
    ):
        return word
    return word[:-2] if word.endswith("oes") else word[:-1]


def _phrases(table: Mapping[str, str]) -> dict[tuple[str, ...], tuple[str, ...]]:
    return {
        tuple(normalize(said)): tuple(normalize(means)) for said, means in table.items()
    }


_TRANSLATIONS = _phrases(TRANSLATIONS)
_EVERYDAY = _phrases(EVERYDAY)
_ON_ITS_OWN = _phrases(ON_ITS_OWN)
_LONGEST_PHRASE = max(map(len, [*_TRANSLATIONS, *_EVERYDAY]))


def _said_typos() -> dict[str, str]:
    """Every one-letter deletion of a word people say, for typos in them ("porrige")."""
    typos: dict[str, str] = {}
    for said in sorted({*SPELLINGS, *TRANSLATIONS, *EVERYDAY, *ON_ITS_OWN}):
        if " " not in said:
            for variant in typo_variants(_fold(said)[0]):
                typos.setdefault(variant, said)
    return typos


_SAID_TYPOS = _said_typos()


def _rewrite(
    words: list[str], table: Mapping[tuple[str, ...], tuple[str, ...]]
) -> list[str]:
    """Replace the longest known phrases, left to right."""
    out: list[str] = []
    start = 0
    while start < len(words):
        for length in range(min(_LONGEST_PHRASE, len(words) - start), 0, -1):
            if (means := table.get(tuple(words[start : start + length]))) is not None:
                out.extend(means)
                start += length
                break
        else:
            out.append(words[start])
            start += 1
    return out


def meaning(typed: list[str], known: Callable[[str], bool]) -> list[str]:
    """Put a query in USDA's words: fix typos in said words, translate, make plain.

    ``known(word)``: whether a food's word is or starts with it (then it is no typo).
    """
    fixed: list[str] = []
    for word in typed:
        said = None
        if not known(word):
            said = next(
                (
                    _SAID_TYPOS[variant]
                    for variant in sorted(typo_variants(word))
                    if variant in _SAID_TYPOS
                ),
                None,
            )
        fixed.extend(normalize(said) if said else [word])
    english = _rewrite(fixed, _TRANSLATIONS)
    if (alone := _ON_ITS_OWN.get(tuple(english))) is not None:
        return list(alone)
    return _rewrite(english, _EVERYDAY)
