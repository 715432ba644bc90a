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
_UNUSED = (0, 0.0)  # how a food nobody logged ranks by use
MIN_TYPO_LENGTH = 4  # shorter words have too many one-letter neighbours to guess from
MAX_TYPO_LENGTH = 32  # the longest word in the shipped foods has 15 letters
# A food name or query longer than this is a paste, not a name; names are indexed up to it.
MAX_QUERY_LENGTH = MAX_NAME_LENGTH = 200
# A query of one or two letters matches the start of a food's first word only: "a" means
# "foods starting with A", not every food with a word starting with "a".
SHORT = 2
SHORTEST_PLURAL = 4  # shorter words ending in "s" ("gas", "nfs") are no plurals
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


class FoodIndex:
    """Every food the household can log, searchable by name."""

    def __init__(self, foods: Iterable[Food] = ()) -> None:
        """Index the foods."""
        self._foods: list[Food | None] = []
        self._words: list[tuple[str, ...]] = []
        # The words before the name's first comma, one shared tuple for equal ones.
        self._leads: list[tuple[str, ...]] = []
        self._shared_leads: dict[tuple[str, ...], tuple[str, ...]] = {}
        # What ranks a food among equal matches, known when it is added: plain, not processed
        # or special; with a named serving (the everyday ones); fewest words; shortest name.
        self._plain_first: list[tuple[int, bool]] = []
        self._short_first: list[tuple[int, int]] = []
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
        lead = tuple(normalize(name.partition(",")[0]))
        self._leads.append(self._shared_leads.setdefault(lead, lead))
        plainness = (not PLAIN.isdisjoint(words)) - (not PROCESSED.isdisjoint(words))
        self._plain_first.append((-plainness, food.serving_g is None))
        self._short_first.append((len(words), len(food.name)))
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

    def _sorted_words(self) -> list[str]:
        if self._sorted is None:
            self._sorted = sorted(self._postings)
        return self._sorted

    def _starts_a_word(self, query_word: str) -> bool:
        """Whether an indexed word is or starts with this one ("banan" is no typo)."""
        words = self._sorted_words()
        start = bisect_left(words, query_word)
        return start < len(words) and words[start].startswith(query_word)

    def _matches(self, query_word: str) -> dict[str, int]:
        """Indexed words a query word may mean, with how well each matches."""
        words = self._sorted_words()
        found: dict[str, int] = {}
        # Walk the words from where the query word would sort, without copying the rest.
        index = bisect_left(words, query_word)
        while index < len(words) and (word := words[index]).startswith(query_word):
            found[word] = EXACT if word == query_word else PREFIX
            index += 1
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
        used = {
            slot: (-use.count, -use.last)
            for key, use in usage.items()
            if (slot := self._slots.get(key)) is not None
        }
        ranked: list[tuple[tuple[object, ...], int]] = []
        seen: set[int] = set()
        foods, leads, words_of = self._foods, self._leads, self._words
        plain_first, short_first = self._plain_first, self._short_first
        # Foods found as meant (reading 0) come before those found only as typed.
        for reading, words in enumerate([meant] if meant == typed else [meant, typed]):
            among = None
            if reading and len(seen) >= limit:
                # Enough found as meant: as typed, only foods this person logs can rank.
                among = [slot for slot in used if slot not in seen]
            scores, matched = self._scores(words, among)
            fresh = [
                slot for slot in scores if slot not in seen and foods[slot] is not None
            ]
            seen.update(fresh)
            head = words[0]
            skip = int(len(head) <= SHORT)  # a short head matched the lead by its start
            ranked.extend(
                (
                    (
                        used.get(slot, _UNUSED),
                        reading,
                        -scores[slot],
                        # Lead words all asked for: "Rice, cooked" for "rice", not "Rice cake".
                        not matched.issuperset(leads[slot][skip:]),
                        plain_first[slot],
                        not words_of[slot][0].startswith(head),
                        short_first[slot],
                    ),
                    slot,
                )
                for slot in fresh
            )
        return [
            food
            for _, slot in heapq.nsmallest(limit, ranked)
            if (food := self._foods[slot]) is not None
        ]

    def _meant(self, typed: list[str]) -> list[str]:
        """Put the query in USDA's words: fix typos in said words, translate, make plain."""
        fixed: list[str] = []
        for word in typed:
            said = None
            if not self._starts_a_word(word):
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

    def _scores(
        self, query_words: list[str], among: Iterable[int] | None = None
    ) -> tuple[dict[int, int], set[str]]:
        """Foods matching every query word (of those among, if given), and the words matched.

        The word with the fewest foods picks the candidates; the others only narrow them down
        by checking the candidates' own words, so "fish salmon" never scores every fish.
        """
        head = query_words[0]
        short = len(head) <= SHORT
        per_word = [self._matches(word) for word in query_words[short:]]
        if not all(per_word):
            return {}, set()
        matched = {word for matches in per_word for word in matches}
        scores: dict[int, int] = {}
        if short:
            for slot in self._heads.get(head, ()) if among is None else among:
                if (words := self._words[slot]) and words[0].startswith(head):
                    scores[slot] = EXACT if words[0] == head else PREFIX
        elif among is not None:
            scores = dict.fromkeys(among, 0)
        else:
            seed = min(
                per_word,
                key=lambda matches: sum(len(self._postings[word]) for word in matches),
            )
            per_word.remove(seed)
            for word, quality in seed.items():
                for slot in self._postings[word]:
                    if scores.get(slot, 0) < quality:
                        scores[slot] = quality
        for matches in per_word:
            narrowed: dict[int, int] = {}
            for slot, score in scores.items():
                quality = max(
                    (matches.get(word, 0) for word in self._words[slot]), default=0
                )
                if quality:
                    narrowed[slot] = score + quality
            scores = narrowed
        return scores, matched

    def _most_used(self, usage: Mapping[str, Usage], limit: int) -> list[Food]:
        keys = sorted(usage, key=lambda key: (-usage[key].count, -usage[key].last))
        return [food for key in keys if (food := self.get(key))][:limit]
