"""
What a search asks for: the query and facet values read from the URL, the URLs
of other search states, and the pages matching the query.
"""

import re
from dataclasses import dataclass
from urllib.parse import quote_plus, urlencode

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from taggit.models import Tag

from core.search.backend import GermanSearchBackend
from core.search.ranked import ranked_ids
from core.search_terms import search_term_cleaned
from registry.choices import ProjectStatus, Reusability
from registry.models import CityPage, FieldOfAction

from .types import FACET_LABELS, FACET_ORDER, SEARCH_TYPES, SEARCH_TYPES_BY_KEY

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
    if name in ("status", "reuse"):
        choices = ProjectStatus if name == "status" else Reusability
        return SelectedValue(slug, slug, str(choices(slug).label)) if slug in choices else None
    model, label_field = {
        "city": (CityPage, "title"),
        "topic": (FieldOfAction, "name"),
        "tag": (Tag, "name"),
    }[name]
    found = model.objects.filter(slug=slug).values_list("pk", label_field).first()
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


def searchable_pages() -> QuerySet:
    """
    Live, public pages of the four searchable types. Wagtail's `public()`
    (one query for the restrictions) rather than published_pages' subquery:
    a search backend turns the queryset's filters into its own query and
    knows field lookups such as `path__startswith`, not subqueries.
    """
    models = [search_type.model for search_type in SEARCH_TYPES]
    return Page.objects.live().public().type(*models)


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
    """The best `cap` ids of a query, and whether it matched more."""

    ids: list[int]
    capped: bool
    cap: int


def ranked_page_ids(*, query: str) -> Ranking:
    """
    The ids of the searchable pages matching `query`, in the configured
    backend's order, without loading a page (`core.search.ranked`): the best
    MAX_RANKED_RESULTS, in one statement (the German search) or one request
    (OpenSearch). One more is asked for, to know whether there were more.
    Nothing for a query without a word ("!!!").
    """
    backend = get_search_backend()
    cap = MAX_RANKED_RESULTS
    if isinstance(backend, GermanSearchBackend):
        words = query
    else:
        words = " ".join(re.findall(r"\w+", query))
        if not words:
            return Ranking(ids=[], capped=False, cap=cap)
    ids = ranked_ids(backend=backend, query=words, queryset=searchable_pages(), limit=cap + 1)
    return Ranking(ids=ids[:cap], capped=len(ids) > cap, cap=cap)
