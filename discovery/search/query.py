"""
What a search asks for: the query and facet values read from the URL, the URLs
of other search states, and the pages matching the query.
"""

import heapq
import re
from dataclasses import dataclass
from urllib.parse import quote_plus, urlencode

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from taggit.models import Tag

from core.content_language import source_language
from core.search.analysis import base_language
from core.search.backend import GermanSearchBackend
from core.search.ranked import ranked_ids
from core.search_terms import search_term_cleaned
from registry.choices import ProjectStatus, Reusability
from registry.models import CityPage, FieldOfAction

from ..models import PartnerNetwork
from .harvested import HARVESTED_MODELS, OWN_NETWORK, PARTNER_ROW_PREFIX, harvest_state
from .types import FACET_LABELS, FACET_ORDER, SEARCH_TYPES, SEARCH_TYPES_BY_KEY

# The network facet's label for the registry's own pages.
OWN_NETWORK_LABEL = _("Eigene Einträge")

MAX_QUERY_LENGTH = 200
SLUG_PATTERN = re.compile(r"^[-\w]{1,100}$")


@dataclass(frozen=True)
class SelectedValue:
    """A valid facet value from the URL: its slug, its value in the facet index, its name."""

    slug: str
    value: str
    label: str


def find_facet_value(*, name: str, slug: str) -> SelectedValue | None:
    """The facet value a URL parameter names, or None if there is no such value."""
    if not SLUG_PATTERN.match(slug):
        return None
    if name == "type":
        search_type = SEARCH_TYPES_BY_KEY.get(slug)
        return search_type and SelectedValue(slug, slug, str(search_type.label))
    if name == "network":
        if slug == OWN_NETWORK:
            return SelectedValue(slug, slug, str(OWN_NETWORK_LABEL))
        found = slug.isdigit() and len(slug) < 19 and PartnerNetwork.objects.filter(pk=int(slug))
        found = found and found.values_list("name", flat=True).first()
        return found and SelectedValue(slug, slug, found)
    if name in ("status", "reuse"):
        choices = ProjectStatus if name == "status" else Reusability
        return SelectedValue(slug, slug, str(choices(slug).label)) if slug in choices else None
    model, label_field = {
        "city": (CityPage, "title"),
        "topic": (FieldOfAction, "name"),
        "tag": (Tag, "name"),
    }[name]
    found = model.objects.filter(slug=slug)
    if model is CityPage:
        # The facet index holds the German city for every language (discovery.facet_index).
        found = found.filter(locale__language_code=source_language())
    found = found.values_list("pk", label_field).first()
    return found and SelectedValue(slug, str(found[0]), found[1])


def parse_search_parameters(*, params) -> tuple[str, dict[str, SelectedValue], list[str]]:
    """
    The query and the valid facet values from a request's GET parameters.

    Anything unknown or malformed is dropped and explained in a notice, so a
    hand-edited or outdated link still shows results instead of failing.
    """
    query = search_term_cleaned(params.get("q") or "")
    notices = []
    if len(query) > MAX_QUERY_LENGTH:
        query = query[:MAX_QUERY_LENGTH]
        notices.append(
            _("Der Suchbegriff war zu lang und wurde nach %(n)d Zeichen gekürzt.")
            % {"n": MAX_QUERY_LENGTH}
        )
    selected = {}
    for name in FACET_ORDER:
        raw = params.get(name)
        if raw is None or raw == "":
            continue
        found = find_facet_value(name=name, slug=raw.strip())
        if found:
            selected[name] = found
        else:
            notices.append(
                _("Der Filter „%(facet)s“ kennt den Wert „%(value)s“ nicht und wurde ignoriert.")
                % {"facet": FACET_LABELS[name], "value": raw.strip()[:100]}
            )
    return query, selected, notices


def parse_expanded_facet(*, params) -> tuple[str | None, list[str]]:
    """The facet whose whole list is asked for (`all=city`), and a notice if it is unknown."""
    raw = (params.get("all") or "").strip()
    if not raw:
        return None, []
    if raw in FACET_ORDER:
        return raw, []
    return None, [
        _("Die Angabe all=„%(value)s“ nennt keinen Filter und wurde ignoriert.")
        % {"value": raw[:100]}
    ]


def search_url(*, query: str, filters: dict[str, str], **changes: str | None) -> str:
    """The search URL for a state; a change of filters always starts at page 1."""
    params = {"q": query} if query else {}
    merged = {**filters, **changes}
    for name in FACET_ORDER:
        if merged.get(name):
            params[name] = merged[name]
    return "?" + urlencode(params) if params else "?"


def with_parameter(url: str, name: str, value) -> str:
    """A search URL from `search_url` with one more parameter (a page, a facet's full list)."""
    return f"{url}{'&' if url != '?' else ''}{urlencode({name: value})}"


def facet_value_url(*, query: str, filters: dict[str, str], name: str):
    """
    A function slug → search_url(…, name=slug), for the hundreds of values of
    one facet: the URL is built once around a placeholder, which is then
    replaced (urlencode quotes values with quote_plus, as done here).
    """
    # The placeholder is the last NUL: facets after it carry slugs only.
    prefix, suffix = search_url(query=query, filters=filters, **{name: "\0"}).rsplit("%00", 1)
    return lambda slug: prefix + quote_plus(slug) + suffix


def searchable_pages(*, language: str | None = None) -> QuerySet:
    """
    Live, public pages of the four searchable types, in every language, or
    those a reader of `language` searches (`in_reader_language`). Wagtail's
    `public()` (one query for the restrictions) rather than published_pages'
    subquery: a search backend turns the queryset's filters into its own
    query and knows field lookups such as `path__startswith`, not
    subqueries; only the German search reads the language's subquery
    (`ranked_page_ids`).
    """
    models = [search_type.model for search_type in SEARCH_TYPES]
    pages = Page.objects.live().public().type(*models)
    return pages if language is None else in_reader_language(pages, language=language)


def in_reader_language(pages: QuerySet, *, language: str) -> QuerySet:
    """
    The `pages` a reader of `language` finds, each page once in one version:
    a German reader the German tree; a reader of another language the pages
    of that language's tree, and the German pages that have no live page in
    it yet (not translated: found by their German words, marked as German).
    An alias that wagtail-localize put into the tree (the German page as an
    untranslated parent) stands for its German page, which is then left out:
    both share the page's `translation_key`.
    """
    source = source_language()
    if language == source:
        return pages.filter(locale__language_code=source)
    translated = Page.objects.filter(
        live=True, locale__language_code=language, translation_key=OuterRef("translation_key")
    )
    return pages.filter(
        Q(locale__language_code=language) | Q(locale__language_code=source) & ~Exists(translated)
    )


def reader_language() -> str:
    """The language the search is read in: the address's (/en/search/ → en)."""
    return base_language(translation.get_language())


# How many matches of a query the search page ranks, counts, filters and
# pages through: fifty pages of twenty, more than anyone reads, and few
# enough that the facet counts over them stay cheap. A word on every page
# ("Stadt": 40,000 matches at 20,000 projects) then costs a top-N sort in the
# database instead of sorting, sending and counting every match; the page says
# that there were more, and asks for a narrower search. OpenSearch answers
# with pages of hits anyway and is asked for as many.
MAX_RANKED_RESULTS = 1_000


@dataclass(frozen=True)
class Ranking:
    """
    The best `cap` matches of a query, and whether it matched more: `rows`
    in their order, a page as (page id, None) – its type comes from the facet
    index – and a partner's copy as (pk, "partner-<type>"); `ids` the pages'.
    """

    rows: list[tuple[int, str | None]]
    capped: bool
    cap: int

    @property
    def ids(self) -> list[int]:
        return [pk for pk, row_type in self.rows if row_type is None]

    def harvested(self) -> dict[str, list[int]]:
        """The copies among the best, type key → pks."""
        keys = {}
        for pk, row_type in self.rows:
            if row_type is not None:
                keys.setdefault(row_type.removeprefix(PARTNER_ROW_PREFIX), []).append(pk)
        return keys


def ranking_of(scored: list[list[tuple[int, float, str | None]]], *, cap: int) -> Ranking:
    """
    The lists of (key, score, row type), each best first and each cut to its
    best `cap`, merged by score (a page before a copy on a tie). The cap is
    per source, the registry's pages and each kind of copy: cut after the
    merge, a partner whose copies score lower than the pages (shorter
    texts) would have none among the best, and choosing the partner in the
    network facet would find nothing.
    """
    capped = any(len(found) > cap for found in scored)
    merged = heapq.merge(*(found[:cap] for found in scored), key=lambda entry: -entry[1])
    rows = [(key, row_type) for key, _score, row_type in merged]
    return Ranking(rows=rows, capped=capped, cap=cap)


def ranked_page_ids(*, query: str, language: str) -> Ranking:
    """
    The pages a reader of `language` searches that match `query`, and the
    partners' copies that match it, best first, in the configured backend's
    order, without loading a page (`core.search.ranked`): the best
    MAX_RANKED_RESULTS of the pages and of each kind of copy (`ranking_of`).
    The German search ranks each model in one statement
    (reading the query in the reader's language and in German,
    core.search.query) on one scale of scores, so pages and copies are
    merged by score; OpenSearch answers with one request per model and no
    comparable scores: there the copies follow the pages. One more is asked
    for, to know whether there were more. Nothing for a query without a word
    ("!!!").

    A backend without the German ranking statement (OpenSearch, Wagtail's
    own) knows no subquery: it ranks the pages of every language, and one
    query more keeps those of the reader's language, so that there the cap
    counts pages of every language.
    """
    backend = get_search_backend()
    cap = MAX_RANKED_RESULTS
    german = isinstance(backend, GermanSearchBackend)
    copies = {
        PARTNER_ROW_PREFIX + key: HARVESTED_MODELS[key].objects.all()
        for key in harvest_state().models
    }
    scores = callable(getattr(backend, "ranked_scores", None))
    if scores and callable(getattr(backend, "ranked_ids", None)):
        querysets = [searchable_pages(language=language), *copies.values()]
        scored = backend.ranked_scores(query, querysets, limit=cap + 1)
        row_types = [None, *copies]
        return ranking_of(
            [
                [(key, score, row_type) for key, score in found]
                for found, row_type in zip(scored, row_types, strict=True)
            ],
            cap=cap,
        )
    words = query if german else " ".join(re.findall(r"\w+", query))
    if not words:
        return Ranking(rows=[], capped=False, cap=cap)
    ids = ranked_ids(backend=backend, query=words, queryset=searchable_pages(), limit=cap + 1)
    kept = set(searchable_pages(language=language).filter(pk__in=ids).values_list("pk", flat=True))
    ids = [pk for pk in ids if pk in kept]
    found = [[(pk, None) for pk in ids]]
    for row_type, queryset in copies.items():
        keys = ranked_ids(backend=backend, query=words, queryset=queryset, limit=cap + 1)
        found.append([(pk, row_type) for pk in keys])
    rows = [row for rows in found for row in rows[:cap]]
    return Ranking(rows=rows, capped=any(len(rows) > cap for rows in found), cap=cap)
