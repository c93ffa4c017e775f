"""
The alliance's synonyms at query time: for the stems of a word or phrase a
reader typed, the stems of every other term of every group that contains it
(core.search.models.SynonymGroup), so "Bürgerbeteiligung" also finds
"Partizipation" and "Mitbestimmung".

Fresh on every search, on every app server: an edit in the admin changes the
next search's results, wherever it runs. Each search therefore reads the
whole table, in one query; nothing is kept between searches but the parsed
form of rows already seen (`synonym_table_of`, memoised on the rows' text),
so an unchanged table costs only that query. A process-level cache behind a
version check (count and latest `updated_at`) would save little on a table
this small, and would miss an edit saved by a server whose clock lags
behind the one that saved the latest row: the count stays, the latest
timestamp too, and the old synonyms would be served until the next edit.

Links are not transitive: "Parken" in two groups finds the terms of both,
but those groups' other terms do not find each other.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

from .analysis import compound_parts, stem, words
from .models import MAX_TERM_WORDS, SynonymGroup, synonym_terms_split, term_stems

type Stems = tuple[str, ...]
type SynonymTable = Mapping[Stems, tuple[Stems, ...]]


@dataclass(frozen=True)
class SynonymMatch:
    """A run of query words (`stems[start:stop]`) that is a term, and its synonyms."""

    start: int
    stop: int
    alternatives: tuple[Stems, ...]


def synonym_table() -> SynonymTable:
    """Every term's stems → the stems of its synonyms; one query, read afresh each call."""
    return synonym_table_of(synonym_rows())


def synonym_rows() -> tuple[str, ...]:
    return tuple(SynonymGroup.objects.order_by("pk").values_list("terms", flat=True))


@dataclass(frozen=True)
class Synonyms:
    """What a search needs of the groups: the table, and the parts of compound terms."""

    table: SynonymTable
    # A one-word term's stem → the stems of its compound parts, so that
    # "Partizipation" finds "Beteiligungsplattform" through "Bürgerbeteiligung".
    parts: Mapping[str, tuple[str, ...]]


def current_synonyms() -> Synonyms:
    """The groups as they are now; one query."""
    return synonyms_of(synonym_rows())


@lru_cache(maxsize=8)
def synonyms_of(rows: tuple[str, ...]) -> Synonyms:
    parts = {}
    for text in rows:
        for term in synonym_terms_split(text):
            term_words = words(term)
            if len(term_words) == 1 and compound_parts(term_words[0]):
                parts[stem(term_words[0])] = compound_parts(term_words[0])
    return Synonyms(table=synonym_table_of(rows), parts=MappingProxyType(parts))


@lru_cache(maxsize=8)
def synonym_table_of(rows: tuple[str, ...]) -> SynonymTable:
    """
    The table for these groups (their `terms` text, in order). Read-only, as
    it is shared by every search that sees the same rows. A term's synonyms
    are listed in the order of the groups and of the terms within them.
    """
    table: dict[Stems, dict[Stems, None]] = {}
    for text in rows:
        group = list(dict.fromkeys(filter(None, map(term_stems, synonym_terms_split(text)))))
        for stems in group:
            others = table.setdefault(stems, {})
            others.update((other, None) for other in group if other != stems)
    return MappingProxyType({stems: tuple(others) for stems, others in table.items() if others})


def synonym_expansions(*, stems: Stems, table: SynonymTable | None = None) -> list[Stems]:
    """
    The stems of every synonym of one term: a query word (a 1-tuple) or a
    phrase, e.g. ("burgerbeteil",) → [("partizipation",), ("mitbestimm",)].
    Pass the search's `table` when asking for several words, so the table is
    read once per search.
    """
    if table is None:
        table = synonym_table()
    return list(table.get(tuple(stems), ()))


def synonym_matches(
    *, stems: Sequence[str], table: SynonymTable | None = None
) -> list[SynonymMatch]:
    """
    Every run of up to three consecutive query words that is a term, with
    its synonyms, given the stems of all words of a query in order: one call
    per search. At each position the longer run comes first, so "offene
    Daten" is found as a phrase before "Daten" on its own; which to use is
    the caller's choice.
    """
    if table is None:
        table = synonym_table()
    stems = tuple(stems)
    matches = []
    for start in range(len(stems)):
        for stop in range(min(start + MAX_TERM_WORDS, len(stems)), start, -1):
            alternatives = table.get(stems[start:stop])
            if alternatives:
                matches.append(SynonymMatch(start=start, stop=stop, alternatives=alternatives))
    return matches
