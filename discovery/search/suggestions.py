"""
Suggestions while typing and "Meinten Sie …?", from the registry's own
vocabulary: the titles of the searchable pages, the tags they carry, the
fields of action and the cities.

Where a suggestion leads (the header search's list follows it on Enter):

* a page title leads to the page: a clerk who types a project's name wants
  that project, not a list with it at the top;
* a tag, field of action or city leads to the search filtered by it, where
  the reader sees everything filed under the term, counted by the other
  facets, and can narrow further.

The vocabulary is built once per process and reader's language, and kept
until the content changes (`current_vocabulary`), so a suggestion costs two
small queries and a few lookups in memory, not a search. A reader gets the
titles of the pages the search finds for them (English under /en/, and the
German pages not translated yet), each page once.
"""

import hashlib
import heapq
import threading
import uuid
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wagtail.models import Page, PageLogEntry, PageViewRestriction

from taggit.models import Tag

from core.models import url_parts_for_reader
from core.queries import published_pages
from core.search.analysis import HYPHENS, WORD_PATTERN, compound_parts, fold, stem, words
from core.search.vocabulary import nearest_spellings
from core.search_terms import search_term_cleaned
from home.models import SearchFacet
from registry.models import CityPage, FieldOfAction

from .query import MAX_QUERY_LENGTH, reader_language, search_url, searchable_pages
from .types import SEARCH_TYPES

MAX_SUGGESTIONS = 8
MIN_PREFIX_LENGTH = 2
# A query word this short is not corrected: "am" or "im" is no typo of "um".
MIN_CORRECTED_LENGTH = 3

# What a suggestion is, in the singular, by page type key or facet name.
KIND_LABELS = {
    "project": _("Projekt"),
    "lesson": _("Erfahrung"),
    "article": pgettext_lazy("Art eines Vorschlags", "Wissensartikel"),  # not the plural
    "news": _("Nachricht"),
    "tag": _("Schlagwort"),
    "topic": _("Handlungsfeld"),
    "city": _("Stadt"),
}
# Facet terms (short, and each standing for many pages) before page titles.
FACET_KINDS = ("tag", "topic", "city")

# Where the typed word matched a term's words: the term's first word, a later
# word (or a piece of a hyphenated word), a part of a compound.
FIRST_WORD, LATER_WORD, COMPOUND_PART = PLACES = (0, 1, 2)


@dataclass(frozen=True)
class Term:
    """One entry of the vocabulary: what it says, what it is, what it leads to."""

    label: str
    kind: str  # a key of KIND_LABELS
    target: str  # a facet term's slug, or a page's url_path
    page_id: int | None = None


@dataclass(frozen=True)
class Suggestion:
    label: str
    kind: str
    url: str


@dataclass(frozen=True)
class WordIndex:
    """
    Sorted distinct keys, and per key the ranks of the terms having it
    (`posting_ranks`, the term's number in the low bits), best first. The
    keys starting with a prefix are one slice of the sorted keys (found by
    bisection), so a prefix costs a lookup and a lazy merge of sorted lists
    that stops at the eighth term, however many terms there are.
    """

    keys: list[str]
    postings: list[list[int]]

    def key_range(self, prefix: str) -> range:
        start = bisect_left(self.keys, prefix)
        end = bisect_left(self.keys, prefix + "\U0010ffff", lo=start)
        return range(start, end)

    def has_prefix(self, prefix: str) -> bool:
        return bool(self.key_range(prefix))


@dataclass(frozen=True)
class Vocabulary:
    terms: list[Term]
    words: WordIndex  # folded words and pieces of hyphenated words
    parts: WordIndex  # stems of compound parts
    stems: frozenset[str]  # stems of every word, to accept an inflected query word
    spellings: dict[str, str]  # folded word → its most frequent spelling
    spelling_keys: list[str]  # the keys of `spellings`, for the edit distance search


# Rank of a (term, key) pair: match place, then facet terms before titles,
# then shorter labels, then the term's number (terms are sorted by label).
# One integer, so that merging postings compares ints, not tuples.
def posting_ranks(*, kind: str, label: str, number: int) -> tuple[int, int, int]:
    """The ranks of a term's postings for its first word, a later word, a compound part."""
    group = 0 if kind in FACET_KINDS else 1
    tail = min(len(label), 0xFFFF) << 32 | number
    return tuple((place * 2 + group) << 48 | tail for place in PLACES)


def rank_number(rank: int) -> int:
    return rank & 0xFFFFFFFF


@dataclass(frozen=True)
class WordForms:
    """What the vocabulary keeps of one written word (computed once per distinct word)."""

    pieces: tuple[str, ...]  # the word, and its pieces if it is hyphenated
    keys: tuple[str, ...]  # their folded forms
    stems: tuple[str, ...]  # their stems
    parts: tuple[str, ...]  # the stems of its compound parts


@lru_cache(maxsize=200_000)
def word_forms(word: str) -> WordForms:
    """Cached across builds: a rebuild after a publication analyses only new words."""
    pieces = [piece for piece in HYPHENS.split(word) if piece]
    pieces = [word, *pieces] if len(pieces) > 1 else [word]
    return WordForms(
        pieces=tuple(pieces),
        keys=tuple(fold(piece) for piece in pieces),
        stems=tuple(stem(piece) for piece in pieces),
        parts=compound_parts(word),
    )


def build_word_index(entries: dict[str, list[int]]) -> WordIndex:
    """
    The index of `entries` (key → ranks). A term with a key twice keeps both
    postings: deduplicating here would cost more than skipping the second
    when merging.
    """
    keys = sorted(key for key in entries if key)
    postings = [entries[key] for key in keys]
    for ranks in postings:
        ranks.sort()
    return WordIndex(keys=keys, postings=postings)


def build_vocabulary(terms: list[Term]) -> Vocabulary:
    """
    Index the terms' words: linear in the number of words, with the analysis
    (folding, stems, compound parts) done once per distinct word and kept for
    the next build. Run once per change of the content.
    """
    terms = sorted(terms, key=lambda term: (term.label.casefold(), term.kind, term.target))
    word_entries: dict[str, list[int]] = defaultdict(list)
    part_entries: dict[str, list[int]] = defaultdict(list)
    written = Counter()
    for number, term in enumerate(terms):
        first_word, later_word, part = posting_ranks(
            kind=term.kind, label=term.label, number=number
        )
        label_words = words(term.label)
        written.update(label_words)
        rank = first_word
        for word in label_words:
            found = word_forms(word)
            word_entries[found.keys[0]].append(rank)
            rank = later_word
            for key in found.keys[1:]:
                word_entries[key].append(later_word)
            for key in found.parts:
                part_entries[key].append(part)
    # Per folded word, its most frequent spelling ("LoRaWAN" over "Lorawan").
    spelling_counts = Counter()
    for word, count in written.items():
        found = word_forms(word)
        for piece, key in zip(found.pieces, found.keys, strict=True):
            spelling_counts[key, piece] += count
    spellings = {}
    for (key, piece), _count in spelling_counts.most_common():
        if key:
            spellings.setdefault(key, piece)
    return Vocabulary(
        terms=terms,
        words=build_word_index(word_entries),
        parts=build_word_index(part_entries),
        stems=frozenset(piece for word in written for piece in word_forms(word).stems),
        spellings=spellings,
        spelling_keys=list(spellings),
    )


# --------------------------------------------------------------------------
# The registry's terms, and when they change
# --------------------------------------------------------------------------


def registry_terms(*, language: str) -> list[Term]:
    """
    Every term the vocabulary of a reader of `language` holds, read in a few
    queries: the titles of the pages that reader's search finds
    (`in_reader_language`), each page once.
    """
    kinds = {
        ContentType.objects.get_for_model(search_type.model).pk: search_type.key
        for search_type in SEARCH_TYPES
    }
    pages = searchable_pages(language=language)
    terms = [
        Term(label=title, kind=kinds[content_type], target=url_path, page_id=pk)
        for pk, title, url_path, content_type in pages.values_list(
            "pk", "title", "url_path", "content_type_id"
        )
    ]
    # Tags that lead somewhere: carried by a live, public searchable page.
    tag_ids = (
        SearchFacet.objects.filter(facet="tag", page__in=pages.values("pk"))
        .values_list("value", flat=True)
        .distinct()
    )
    terms += [
        Term(label=name, kind="tag", target=slug)
        for name, slug in Tag.objects.filter(
            pk__in=[int(value) for value in tag_ids if value.isdigit()]
        ).values_list("name", "slug")
    ]
    terms += [
        Term(label=name, kind="topic", target=slug)
        for name, slug in FieldOfAction.objects.values_list("name", "slug")
    ]
    terms += [
        Term(label=title, kind="city", target=slug)
        for title, slug in published_pages(CityPage).values_list("title", "slug")
    ]
    return terms


def vocabulary_fingerprint() -> str:
    """
    A value that changes whenever a term can change, in two queries that
    read a handful of index entries, not tables:

    * the newest facet index row: every save of a searchable page writes
      its rows again (title, tags; publishing and unpublishing are saves);
    * the newest page log entry: Wagtail logs every publication,
      unpublication, deletion, move and change of view restrictions, the
      cities' included;
    * the number and newest id of view restrictions, however they were made;
    * the live cities' number and latest publication, for cities added
      without a log entry (a data import);
    * the fields of action themselves: a short curated list, renamed
      without a log entry when edited outside the admin.

    Not the facet index fingerprint: its count of the live pages reads the
    whole page table (15–20 ms at 20,000 projects), once per keystroke here.
    """
    quote = connection.ops.quote_name
    pages, cities = quote(Page._meta.db_table), quote(CityPage._meta.db_table)
    restrictions = quote(PageViewRestriction._meta.db_table)
    city_pages = f"FROM {cities} JOIN {pages} ON {pages}.id = {cities}.page_ptr_id"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT MAX(id) FROM {quote(SearchFacet._meta.db_table)}), "
            f"(SELECT MAX(id) FROM {quote(PageLogEntry._meta.db_table)}), "
            f"(SELECT COUNT(*) FROM {restrictions}), (SELECT MAX(id) FROM {restrictions}), "
            f"(SELECT COUNT(*) {city_pages} WHERE {pages}.live), "
            f"(SELECT MAX({pages}.last_published_at) {city_pages})"
        )
        changes = cursor.fetchone()
    fields = list(FieldOfAction.objects.order_by("pk").values_list("pk", "slug", "name"))
    return hashlib.blake2b(repr((changes, fields)).encode(), digest_size=16).hexdigest()


# The vocabulary of this process per reader's language, and the fingerprint
# and cache token it was built under. Too big to pass through the cache on
# every keystroke (pickled), so each process keeps its own copy.
_current: dict[str, tuple[str, str, Vocabulary]] = {}
_building = threading.Lock()


def current_vocabulary() -> Vocabulary:
    """
    This process's vocabulary for the reader's language (the address's), rebuilt
    when the fingerprint changes, so that a publication shows at once in every
    worker.

    The cache holds one token per fingerprint, which the vocabulary is kept
    under: clearing the cache retires every process's copy. That matters
    where a fingerprint can repeat with other content, as when tests roll
    back and SQLite hands out the same ids again.
    """
    language = reader_language()
    fingerprint = vocabulary_fingerprint()
    token = cache.get_or_set(f"search:vocabulary:{fingerprint}", uuid.uuid4().hex, timeout=None)
    current = _current.get(language)
    if current is None or current[:2] != (fingerprint, token):
        with _building:
            current = _current.get(language)
            if current is None or current[:2] != (fingerprint, token):
                terms = registry_terms(language=language)
                current = (fingerprint, token, build_vocabulary(terms))
                _current[language] = current
    return current[2]


# --------------------------------------------------------------------------
# Suggestions while typing
# --------------------------------------------------------------------------


def suggestion_query(text: str) -> str:
    """What was typed, cleaned and cut as the search page does with a query."""
    return search_term_cleaned(text)[:MAX_QUERY_LENGTH]


def term_keys(label: str) -> list[str]:
    """Every key a label is indexed under: its words folded, their pieces, their parts."""
    keys = []
    for word in words(label):
        found = word_forms(word)
        keys += found.keys
        keys += found.parts
    return keys


def matching_terms(*, vocabulary: Vocabulary, typed: list[str], limit: int) -> list[int]:
    """
    The numbers of the best `limit` terms that have, for every typed word, a
    word starting with it; the last word may still be half typed, and so may
    all the others. The first word picks the candidates, best first; the
    others only filter them.
    """
    first, *others = typed
    if limit <= 0 or not fold(first):
        return []
    ranges = [
        (vocabulary.words, vocabulary.words.key_range(fold(first))),
        (vocabulary.parts, vocabulary.parts.key_range(fold(first))),
        (vocabulary.parts, vocabulary.parts.key_range(stem(first))),
    ]
    candidates = heapq.merge(
        *(index.postings[position] for index, key_range in ranges for position in key_range)
    )
    other_keys = [(fold(word), stem(word)) for word in others]
    found: list[int] = []
    seen = set()
    for rank in candidates:
        number = rank_number(rank)
        if number in seen:
            continue
        seen.add(number)
        keys = term_keys(vocabulary.terms[number].label)
        if all(
            any(key.startswith(folded) or key.startswith(stemmed) for key in keys)
            for folded, stemmed in other_keys
        ):
            found.append(number)
            if len(found) == limit:
                break
    return found


def suggestion_for(term: Term) -> Suggestion:
    """
    The suggestion for a term, its URL in the active language. A page's URL
    is what Wagtail derives from its url_path and the sites' root paths
    (cached by Wagtail), without the request: asking for the request's site
    would cost a query per keystroke; with several sites, a page of another
    site gets its full address, as it should.
    """
    if term.kind in FACET_KINDS:
        url = reverse("search") + search_url(query="", filters={term.kind: term.target})
    else:
        page = Page(id=term.page_id, url_path=term.target)
        url = page.get_url()
        # A German page under a language without a tree of its own keeps
        # that language's prefix, as pages do (core.models.BasePage).
        parts = page.get_url_parts()
        reader_parts = url_parts_for_reader(page, parts)
        if reader_parts is not parts:
            url = reader_parts[2]
    return Suggestion(label=term.label, kind=str(KIND_LABELS[term.kind]), url=url or "")


def suggestions(*, prefix: str, limit: int = MAX_SUGGESTIONS) -> list[Suggestion]:
    """
    Terms with words starting with what was typed, best first: terms that
    start with it, then terms with a later word starting with it, then terms
    with a compound part starting with it; within each, tags, fields of
    action and cities before page titles, and shorter before longer.
    Nothing for fewer than MIN_PREFIX_LENGTH letters typed.
    """
    typed = words(suggestion_query(prefix))
    if not typed or sum(len(word) for word in typed) < MIN_PREFIX_LENGTH:
        return []
    vocabulary = current_vocabulary()
    numbers = matching_terms(vocabulary=vocabulary, typed=typed, limit=min(limit, MAX_SUGGESTIONS))
    return [suggestion_for(vocabulary.terms[number]) for number in numbers]


# --------------------------------------------------------------------------
# "Meinten Sie …?"
# --------------------------------------------------------------------------


def is_known(*, vocabulary: Vocabulary, word: str) -> bool:
    """A word of the vocabulary, the start of one, or an inflection of one (Parkplätze)."""
    return vocabulary.words.has_prefix(fold(word)) or stem(word) in vocabulary.stems


def closest_word(*, vocabulary: Vocabulary, word: str) -> str | None:
    """
    The vocabulary's spelling of the word closest to `word` within the
    allowed number of edits (1 for words of up to 5 letters, else 2), an edit
    being a letter missing, added or changed, or two letters swapped
    ("Verwaltnug"), as the search itself counts them; among equally close
    words the first in alphabetical order.
    """
    folded = fold(word)
    allowed = 1 if len(folded) <= 5 else 2
    closest = nearest_spellings(folded, vocabulary.spelling_keys, max_distance=allowed, limit=1)
    return vocabulary.spellings[closest[0]] if closest else None


def did_you_mean(*, query: str) -> str | None:
    """
    The query with every word the vocabulary does not know (as a word, a
    word start or an inflection) replaced by the closest word it knows
    ("Lorwan" → "LoRaWAN"); known words stay as typed. None if nothing would
    change.
    """
    query = suggestion_query(query)
    vocabulary = None
    pieces = []
    end = 0
    changed = False
    for match in WORD_PATTERN.finditer(query):
        word = match.group()
        replacement = word
        if len(word) >= MIN_CORRECTED_LENGTH and not word.isdigit():
            vocabulary = vocabulary or current_vocabulary()
            if not is_known(vocabulary=vocabulary, word=word):
                replacement = closest_word(vocabulary=vocabulary, word=word) or word
        changed = changed or replacement != word
        pieces += [query[end : match.start()], replacement]
        end = match.end()
    if not changed:
        return None
    return "".join([*pieces, query[end:]])
