"""Forgiving food search: prefixes, accents, British spellings and one-letter typos.

An in-memory index built once per start: a posting list per word, the sorted words for prefix
look-ups, and every word's one-letter deletions for typos (the symmetric-delete method), so a
query touches only the words it could mean instead of scanning every food. Names and queries
become words, and a query what it means, in words.py.

Only words up to MAX_TYPO_LENGTH get deletions (no food word is near that); longer words match
exactly or as a prefix, which is linear. Thus a search costs time linear in the query, and a
pasted blob can neither stall nor swell it. The index is locked, so searches can run in an
executor while the loop adds a food.

A query is searched as typed and as meant (in USDA's words), and the foods it means come first.
Among equal matches the plain staple wins: a food whose name leads with just the words asked
for ("Rice, cooked" for "rice", not "Rice cake"), then one that USDA marks as generic or raw
rather than processed.
"""

from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
import heapq
import threading

from . import Food
from .words import meaning, normalize, typo_variants

EXACT, PREFIX, TYPO = 3, 2, 1
_UNUSED = (0, 0.0)  # how a food nobody logged ranks by use
# A food name or query longer than this is a paste, not a name; names are indexed up to it.
MAX_QUERY_LENGTH = MAX_NAME_LENGTH = 200
# A query of one or two letters matches the start of a food's first word only: "a" means
# "foods starting with A", not every food with a word starting with "a".
SHORT = 2
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
                for variant in typo_variants(word) or {word}:
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
        for variant in typo_variants(query_word):
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
        meant = meaning(typed, self._starts_a_word)
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
