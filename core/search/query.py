"""
What a query asks the index for: per word typed, the terms that count as a
match and how much each is worth.

A word matches through its stem (Parkplätze → parkplatz), through a synonym
the alliance maintains, through a word it begins (LoRa → lorawan), through
its compound parts (Bürgerbeteiligung → beteil), or, when the index has never
seen it, through the nearest spelling it has seen (Lorwan → lorawan). The
weights make the first of these rank above the others. They are sums of
powers of two, so that SQLite and PostgreSQL add them up to the same float.

A query is read in the reader's language and in German (`query_languages`):
an English reader's "parking" matches the English stem "park" of an English
page, and a German page that has no English translation yet is found by
its German words. A German reader's query is read in German alone.
"""

from dataclasses import dataclass

from django.utils import translation

from .analysis import SOURCE_LANGUAGE, AnalysedWord, analyse_word, base_language, words
from .stopwords import stopwords_of
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
    # The word's stem in each language the query is read in, the reader's first.
    stems: tuple[str, ...] = ()


@dataclass(frozen=True)
class SearchPlan:
    groups: tuple[WordGroup, ...]
    # The query's stems between spaces, when it has two or more words: a
    # title containing them in this order gets a bonus.
    phrase: str | None

    @property
    def is_empty(self) -> bool:
        return not self.groups


def query_languages(language: str | None = None) -> tuple[str, ...]:
    """
    The languages a query is read in: the reader's (`language`, else the
    active one) and German, the source language every untranslated page is in.
    """
    reader = base_language(language or translation.get_language())
    return tuple(dict.fromkeys((reader, SOURCE_LANGUAGE)))


def query_words(text: str, *, languages: tuple[str, ...]) -> list[tuple[AnalysedWord, ...]]:
    """
    Each distinct word of `text` read in every language, function words left
    out unless the query has nothing else: a word is a function word if any
    of its languages says so ("in" is one in German and English).
    """
    analysed = []
    seen = set()
    for word in words(text):
        readings = tuple(analyse_word(word, language) for language in languages)
        key = tuple(reading.stem for reading in readings)
        if key[0] and key not in seen:
            seen.add(key)
            analysed.append(readings)
    meaningful = [
        readings
        for readings in analysed
        if not any(
            reading.stem in stopwords_of(language)
            for reading, language in zip(readings, languages, strict=True)
        )
    ]
    return (meaningful or analysed)[:MAX_WORDS]


def plan_query(
    text: str,
    *,
    vocabulary: Vocabulary | None = None,
    languages: tuple[str, ...] | None = None,
) -> SearchPlan:
    """
    The word groups `text` asks for, each word read in `languages`
    (`query_languages`); empty if it holds no word.
    """
    meaningful = query_words(text, languages=languages or query_languages())
    if not meaningful:
        return SearchPlan(groups=(), phrase=None)
    vocabulary = vocabulary or current_vocabulary()
    synonyms = current_synonyms()
    groups = []
    for readings in meaningful:
        stems = tuple(dict.fromkeys(reading.stem for reading in readings))
        weights: dict[tuple[str, ...], float] = {(word_stem,): EXACT for word_stem in stems}
        offer = weights_offer(weights)
        for word_stem in stems:
            for synonym in synonym_expansions(stems=(word_stem,), table=synonyms.table):
                offer(synonym, SYNONYM)
                for part in synonyms.parts.get(synonym[0], ()) if len(synonym) == 1 else ():
                    offer((part,), SYNONYM_PART)
        for reading in readings:
            for part in reading.parts:
                offer((part,), PART)
        for word_stem in stems:
            if len(word_stem) >= MIN_PREFIX_LENGTH:
                for term in vocabulary.starting_with(word_stem, limit=MAX_PREFIX_TERMS):
                    offer((term,), PREFIX)
        if not any(vocabulary.knows(word_stem) for word_stem in stems) and len(weights) == len(
            stems
        ):
            for word_stem in stems:
                for term in vocabulary.nearest(word_stem, limit=MAX_NEAR_TERMS):
                    offer((term,), NEAR)
        groups.append(
            WordGroup(
                word=readings[0].surface,
                alternatives=tuple(
                    Alternative(terms=terms, weight=weight) for terms, weight in weights.items()
                ),
                stems=stems,
            )
        )
    phrase = " ".join(readings[0].stem for readings in meaningful) if len(meaningful) > 1 else None
    return SearchPlan(groups=tuple(groups), phrase=phrase)


def weights_offer(weights: dict[tuple[str, ...], float]):
    """A function that records terms with a weight, keeping the highest weight offered."""

    def offer(terms: tuple[str, ...], weight: float) -> None:
        if weights.get(terms, 0.0) < weight:
            weights[terms] = weight

    return offer
