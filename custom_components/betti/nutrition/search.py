"""Forgiving food search: prefixes, accents, British spellings and one-letter typos.

An in-memory index built once per start: a posting list per word, the sorted words for prefix
look-ups, and every word's one-letter deletions for typos (the symmetric-delete method), so a
query touches only the words it could mean instead of scanning every food.

A word's deletions cost the square of its length, so only words up to MAX_TYPO_LENGTH get them
(no food word is near that); longer words match exactly or as a prefix, which is linear. Thus a
search costs time linear in the query, and a pasted blob can neither stall nor swell it. The
index is locked, so searches can run in an executor while the loop adds a food.

A query is searched as typed and as meant: Dutch, German, British and everyday words turned
into USDA's (see synonyms.py), and the foods it means come first. Among equal matches the
plain staple wins: a food whose name leads with just the words asked for ("Rice, cooked" for
"rice", not "Rice cake"), then one that USDA marks as generic or raw rather than processed.
"""

from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
import heapq
import re
import threading
import unicodedata

from . import Food
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
EXACT, PREFIX, TYPO = 3, 2, 1
MIN_TYPO_LENGTH = 4  # shorter words have too many one-letter neighbours to guess from
MAX_TYPO_LENGTH = 32  # the longest word in the shipped foods has 15 letters
# A food name or query longer than this is a paste, not a name; names are indexed up to it.
MAX_QUERY_LENGTH = MAX_NAME_LENGTH = 200
# A query of one or two letters matches the start of a food's first word only: "a" means
# "foods starting with A", not every food with a word starting with "a".
SHORT = 2
SHORTEST_PLURAL = 4  # "gas", "ns" and "nfs" are no plurals
# Words in USDA names that mark the generic or plain form of a food, and a processed or
# special one. "NS as to fat" (not specified) is FNDDS's generic, like "NFS".
PLAIN = frozenset({"nfs", "ns", "raw", "cooked", "plain", "regular"})
PROCESSED = frozenset(
    {
        "canned",
        "frozen",
        "dried",
        "dry",
        "mix",
        "flavored",
        "sweetened",
        "powder",
        "unprepared",
        "school",
        "ready",
        "imitation",
        "meatless",
        "instant",
        "substitute",
        "diet",
        "reconstituted",
        "concentrate",
        "dough",
        "fried",
        "pickled",
        "ingredient",
        "with",
        "without",
        "enriched",
        "unenriched",
    }
)


def _typo_variants(word: str) -> set[str]:
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
            for variant in _typo_variants(_fold(said)[0]):
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


@dataclass(frozen=True, slots=True)
class Usage:
    """How often and how lately a profile logged a food."""

    count: int
    last: float  # POSIX time


@dataclass(frozen=True, slots=True)
class Match:
    """How a food matched a query."""

    quality: int  # the sum over query words of EXACT, PREFIX or TYPO
    whole_lead: bool  # every word before the name's first comma was asked for
    head: bool  # the name's first word (its head noun in USDA names) was the first asked for


class FoodIndex:
    """Every food the household can log, searchable by name."""

    def __init__(self, foods: Iterable[Food] = ()) -> None:
        """Index the foods."""
        self._foods: list[Food | None] = []
        self._words: list[tuple[str, ...]] = []
        self._leads: list[
            frozenset[str]
        ] = []  # the words before the name's first comma
        self._plainness: list[int] = []
        self._slots: dict[str, int] = {}
        self._postings: dict[str, list[int]] = {}
        self._deletes: dict[str, set[str]] = {}
        self._heads: dict[str, list[int]] = {}
        self._sorted: list[str] | None = None
        self._lock = threading.Lock()
        for food in foods:
            self.add(food)

    def __len__(self) -> int:
        """How many foods can be found."""
        return len(self._slots)

    def get(self, key: str) -> Food | None:
        """Return a food by its key."""
        slot = self._slots.get(key)
        return None if slot is None else self._foods[slot]

    def add(self, food: Food) -> None:
        """Add a food, or replace the one with the same key."""
        with self._lock:
            self._add(food)

    def _add(self, food: Food) -> None:
        self._remove(food.key)
        slot = len(self._foods)
        name = food.name[:MAX_NAME_LENGTH]
        words = tuple(normalize(name))
        self._foods.append(food)
        self._words.append(words)
        self._leads.append(frozenset(normalize(name.partition(",")[0])))
        self._plainness.append(
            (not PLAIN.isdisjoint(words)) - (not PROCESSED.isdisjoint(words))
        )
        self._slots[food.key] = slot
        if words:
            for prefix in {words[0][:length] for length in range(1, SHORT + 1)}:
                self._heads.setdefault(prefix, []).append(slot)
        for word in set(words):
            if word not in self._postings:
                self._postings[word] = []
                self._sorted = None
                for variant in _typo_variants(word) or {word}:
                    self._deletes.setdefault(variant, set()).add(word)
            self._postings[word].append(slot)

    def remove(self, key: str) -> None:
        """Forget a food; its words stay, pointing at an empty slot."""
        with self._lock:
            self._remove(key)

    def _remove(self, key: str) -> None:
        if (slot := self._slots.pop(key, None)) is not None:
            self._foods[slot] = None

    def _matches(self, query_word: str) -> dict[str, int]:
        """Indexed words a query word may mean, with how well each matches."""
        if self._sorted is None:
            self._sorted = sorted(self._postings)
        found: dict[str, int] = {}
        start = bisect_left(self._sorted, query_word)
        for word in self._sorted[start:]:
            if not word.startswith(query_word):
                break
            found[word] = EXACT if word == query_word else PREFIX
        for variant in _typo_variants(query_word):
            for word in self._deletes.get(variant, ()):
                found.setdefault(word, TYPO)
        return found

    def search(
        self,
        query: str,
        usage: Mapping[str, Usage] | None = None,
        limit: int = 10,
    ) -> list[Food]:
        """Best matches first; foods this person logs often and lately come before others.

        Every query word must match (exactly, as a prefix, or with one letter wrong). Among
        equals, foods whose lead words are all asked for, plain ones, foods with a named
        serving (the everyday ones) and shorter names win.
        """
        with self._lock:
            return self._search(query, usage or {}, limit)

    def _search(self, query: str, usage: Mapping[str, Usage], limit: int) -> list[Food]:
        typed = normalize(query)
        if not typed:
            return self._most_used(usage, limit)
        meant = self._meant(typed)
        # Per food: 0 if found as meant, 1 if only as typed; and how it matched.
        found: dict[int, tuple[int, Match]] = {}
        for reading, words in enumerate([meant] if meant == typed else [meant, typed]):
            for slot, match in self._scores(words).items():
                found.setdefault(slot, (reading, match))
        live = {slot: food for slot in found if (food := self._foods[slot]) is not None}

        def rank(slot: int) -> tuple[float, ...]:
            food = live[slot]
            used = usage.get(food.key)
            reading, match = found[slot]
            return (
                -(used.count if used else 0),
                -(used.last if used else 0),
                reading,
                -match.quality,
                not match.whole_lead,
                -self._plainness[slot],
                food.serving_g is None,
                not match.head,
                len(self._words[slot]),
                len(food.name),
            )

        return [live[slot] for slot in heapq.nsmallest(limit, live, key=rank)]

    def _meant(self, typed: list[str]) -> list[str]:
        """Put the query in USDA's words: fix typos in said words, translate, make plain."""
        fixed: list[str] = []
        for word in typed:
            said = None
            if word not in self._postings:
                said = next(
                    (
                        _SAID_TYPOS[variant]
                        for variant in sorted(_typo_variants(word))
                        if variant in _SAID_TYPOS
                    ),
                    None,
                )
            fixed.extend(normalize(said) if said else [word])
        english = _rewrite(fixed, _TRANSLATIONS)
        if (alone := _ON_ITS_OWN.get(tuple(english))) is not None:
            return list(alone)
        return _rewrite(english, _EVERYDAY)

    def _scores(self, query_words: list[str]) -> dict[int, Match]:
        """Foods matching every query word, and how."""
        head = query_words[0]
        scores = self._first_word(head)
        matched = set(self._matches(head)) if len(head) > SHORT else set()
        for query_word in query_words[1:]:
            # Later words only narrow down: check the candidates' own words.
            matches = self._matches(query_word)
            matched.update(matches)
            narrowed: dict[int, int] = {}
            for slot, score in scores.items():
                quality = max(
                    (matches.get(word, 0) for word in self._words[slot]), default=0
                )
                if quality:
                    narrowed[slot] = score + quality
            scores = narrowed
        return {
            slot: Match(
                quality=score,
                whole_lead=all(
                    word in matched or (len(head) <= SHORT and word.startswith(head))
                    for word in self._leads[slot]
                ),
                head=self._words[slot][0].startswith(head),
            )
            for slot, score in scores.items()
        }

    def _first_word(self, query_word: str) -> dict[int, int]:
        """Foods matching the first query word, with how well they match."""
        if len(query_word) <= SHORT:
            return {
                slot: EXACT if self._words[slot][0] == query_word else PREFIX
                for slot in self._heads.get(query_word, ())
            }
        best: dict[int, int] = {}
        for word, quality in self._matches(query_word).items():
            for slot in self._postings[word]:
                if best.get(slot, 0) < quality:
                    best[slot] = quality
        return best

    def _most_used(self, usage: Mapping[str, Usage], limit: int) -> list[Food]:
        keys = sorted(usage, key=lambda key: (-usage[key].count, -usage[key].last))
        return [food for key in keys if (food := self.get(key))][:limit]
