"""
What a query asks the index for: per word typed, the terms that count as a
match and how much each is worth.

A word matches through its stem (Parkplätze → parkplatz), through a synonym
the alliance maintains, through a word it begins (LoRa → lorawan), through
its compound parts (Bürgerbeteiligung → beteil), or, when the index has never
seen it, through the nearest spelling it has seen (Lorwan → lorawan). The
weights make the first of these rank above the others. They are sums of
powers of two, so that SQLite and PostgreSQL add them up to the same float.
"""

from dataclasses import dataclass

from .analysis import analyse
from .stopwords import STOPWORDS
from .synonyms import current_synonyms, synonym_expansions
from .vocabulary import Vocabulary, current_vocabulary

EXACT = 1.0
SYNONYM = 0.75
SYNONYM_PART = 0.375
PREFIX = 0.5
PART = 0.5
NEAR = 0.5

# At most this many words of a query are searched for (a pasted paragraph is
# not a query), and at most this many vocabulary terms stand for one prefix.
MAX_WORDS = 12
MAX_PREFIX_TERMS = 30
MAX_NEAR_TERMS = 3
MIN_PREFIX_LENGTH = 3


@dataclass(frozen=True)
class Alternative:
    """Terms that together count as a match for a word (one term, or a phrase synonym)."""

    terms: tuple[str, ...]
    weight: float


@dataclass(frozen=True)
class WordGroup:
    """One word of the query and what matches it."""

    word: str
    alternatives: tuple[Alternative, ...]


@dataclass(frozen=True)
class SearchPlan:
    groups: tuple[WordGroup, ...]
    # The query's stems between spaces, when it has two or more words: a
    # title containing them in this order gets a bonus.
    phrase: str | None

    @property
    def is_empty(self) -> bool:
        return not self.groups


def plan_query(text: str, *, vocabulary: Vocabulary | None = None) -> SearchPlan:
    """The word groups `text` asks for; empty if it holds no word."""
    analysed = []
    seen = set()
    for word in analyse(text):
        if word.stem and word.stem not in seen:
            seen.add(word.stem)
            analysed.append(word)
    meaningful = [word for word in analysed if word.stem not in STOPWORDS] or analysed
    meaningful = meaningful[:MAX_WORDS]
    if not meaningful:
        return SearchPlan(groups=(), phrase=None)
    vocabulary = vocabulary or current_vocabulary()
    synonyms = current_synonyms()
    groups = []
    for word in meaningful:
        weights: dict[tuple[str, ...], float] = {(word.stem,): EXACT}
        offer = weights_offer(weights)
        for synonym in synonym_expansions(stems=(word.stem,), table=synonyms.table):
            offer(synonym, SYNONYM)
            for part in synonyms.parts.get(synonym[0], ()) if len(synonym) == 1 else ():
                offer((part,), SYNONYM_PART)
        for part in word.parts:
            offer((part,), PART)
        if len(word.stem) >= MIN_PREFIX_LENGTH:
            for term in vocabulary.starting_with(word.stem, limit=MAX_PREFIX_TERMS):
                offer((term,), PREFIX)
        if not vocabulary.knows(word.stem) and len(weights) == 1:
            for term in vocabulary.nearest(word.stem, limit=MAX_NEAR_TERMS):
                offer((term,), NEAR)
        groups.append(
            WordGroup(
                word=word.surface,
                alternatives=tuple(
                    Alternative(terms=terms, weight=weight) for terms, weight in weights.items()
                ),
            )
        )
    phrase = " ".join(word.stem for word in meaningful) if len(meaningful) > 1 else None
    return SearchPlan(groups=tuple(groups), phrase=phrase)


def weights_offer(weights: dict[tuple[str, ...], float]):
    """A function that records terms with a weight, keeping the highest weight offered."""

    def offer(terms: tuple[str, ...], weight: float) -> None:
        if weights.get(terms, 0.0) < weight:
            weights[terms] = weight

    return offer
