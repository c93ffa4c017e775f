"""`run_search`: everything the search page shows, from the request's GET parameters."""

from collections import Counter
from dataclasses import dataclass, field

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from taggit.models import Tag

from core.content_language import source_language

from .facets import (
    CONTENT_FACETS,
    Facet,
    Scope,
    browse_facet_counts,
    build_facets,
    count_facets,
    own_count,
    pages_passing,
)
from .harvested import OWN_NETWORK, browse_rows, count_harvested, harvest_state, harvested_rows
from .query import (
    parse_expanded_facet,
    parse_search_parameters,
    ranked_page_ids,
    reader_language,
    search_url,
    searchable_pages,
    with_parameter,
)
from .results import ChainedRows, TypedRows, load_hits, related_tags_for
from .suggestions import did_you_mean
from .types import FACET_LABELS, FACET_ORDER, PAGE_FACETS

RESULTS_PER_PAGE = 20
# Up to this many results, the page offers the query with its typos corrected.
FEW_RESULTS = 3


@dataclass
class RefusedPage:
    """A page number beyond the last page of results, and the way back to the last one."""

    number: int
    last: int
    last_url: str


@dataclass
class SearchOutcome:
    query: str
    filters: dict[str, str]
    notices: list[str]
    results: object  # a django.core.paginator.Page of SearchHit
    total: int
    facets: list[Facet]
    # (facet label, value label, address without it, the value label's language)
    drop_filter_links: list[tuple[str, str, str, str | None]] = field(default_factory=list)
    related_tags: list[Tag] = field(default_factory=list)
    # "Meinten Sie …?": (corrected query, its search URL with the same filters).
    correction: tuple[str, str] | None = None
    # The query matched more than `cap` pages: only the best `cap` are
    # ranked, counted, filtered and paged through (query.MAX_RANKED_RESULTS).
    capped: bool = False
    cap: str = ""
    refused_page: RefusedPage | None = None


def current_page(*, request, rows, query: str, filters: dict[str, str]):
    """
    (The requested page of `rows`, None), or (an empty page, RefusedPage) for
    a number beyond the last page: the search does not pretend that page 500
    is page 50, and loads nothing for it. Anything that is not a page number
    gives page 1, as on every listing.
    """
    paginator = Paginator(rows, RESULTS_PER_PAGE)
    try:
        return paginator.page(request.GET.get("page", 1)), None
    except PageNotAnInteger:
        return paginator.page(1), None
    except EmptyPage:
        number = int(request.GET["page"])
        if number < 1:
            return paginator.page(1), None
        last = paginator.num_pages
        last_url = search_url(query=query, filters=filters)
        if last > 1:
            last_url = with_parameter(last_url, "page", last)
        return Page([], last, paginator), RefusedPage(number=number, last=last, last_url=last_url)


def run_search(*, request) -> SearchOutcome:
    """
    Everything the search page shows, from the request's GET parameters.

    A query's ranked ids are fetched once, at most MAX_RANKED_RESULTS of
    them; the facet filters, the facet counts, the total and the page of
    results then work on that one list, through the facet index. Browsing
    without a query keeps the page set as a subquery instead. Either way the
    pages are those of the reader's language (`in_reader_language`), so
    every count is a count of what that reader finds.

    The partners' copies (search.harvested) are counted apart and added:
    the network facet's "own" value counts the pages, each partner its
    copies; a selected partner leaves the pages out of every other count and
    of the results, "own" the copies. Browsing lists the pages first, then
    the copies, each by title.
    """
    language = reader_language()
    query, selected, notices = parse_search_parameters(params=request.GET)
    expanded, unknown_list = parse_expanded_facet(params=request.GET)
    notices += unknown_list
    filters = {name: chosen.slug for name, chosen in selected.items()}
    network = selected.get("network")
    page_selected = {name: chosen for name, chosen in selected.items() if name != "network"}
    with_pages = network is None or network.value == OWN_NETWORK
    state = harvest_state()
    ranking = None
    if query:
        ranking = ranked_page_ids(query=query, language=language)
        scope = Scope(ids=ranking.ids)
        counts, type_of = count_facets(
            scope=scope, selected=page_selected, names=PAGE_FACETS, with_results=True
        )
        copies = harvested_rows(state=state, keys=ranking.harvested())
    else:
        pages = searchable_pages(language=language).order_by("title", "pk")
        scope = Scope(subquery=pages.order_by().values("pk"))
        if page_selected:
            counts, _results = count_facets(scope=scope, selected=page_selected, names=PAGE_FACETS)
        else:
            counts = browse_facet_counts(scope=scope, language=language)
        copies = browse_rows(state=state) if state.models else []
    own = own_count(counts=counts, selected=page_selected)
    if not with_pages:
        counts = {name: Counter() for name in PAGE_FACETS}
    copy_counts, passing_copies = count_harvested(rows=copies, selected=selected, names=FACET_ORDER)
    counts = {name: counts.get(name, Counter()) + copy_counts[name] for name in FACET_ORDER}
    counts["network"][OWN_NETWORK] = own
    passing = {row.row for row in passing_copies}
    if query:
        rows = [
            (pk, type_of[pk]) if row_type is None else (pk, row_type)
            for pk, row_type in ranking.rows
            if (row_type is None and with_pages and pk in type_of) or (pk, row_type) in passing
        ]
    else:
        passing_pages = pages_passing(selected=page_selected)
        page_rows = (
            TypedRows(pages if passing_pages is None else pages.filter(pk__in=passing_pages))
            if with_pages
            else []
        )
        rows = ChainedRows(page_rows, [row.row for row in passing_copies])
    page_obj, refused = current_page(request=request, rows=rows, query=query, filters=filters)
    if not refused:
        page_obj.object_list = load_hits(rows=list(page_obj.object_list), query=query)
    outcome = SearchOutcome(
        query=query,
        filters=filters,
        notices=notices,
        results=page_obj,
        total=page_obj.paginator.count,
        facets=build_facets(counts=counts, query=query, selected=selected, expanded=expanded),
        refused_page=refused,
    )
    if ranking is not None and ranking.capped:
        outcome.capped = True
        outcome.cap = number_format(ranking.cap, force_grouping=True)
        notices.append(
            _(
                "Mehr als %(n)s Treffer – bitte grenzen Sie Ihre Suche ein. Gezeigt, "
                "gezählt und gefiltert werden die %(n)s besten."
            )
            % {"n": outcome.cap}
        )
    if query and outcome.total <= FEW_RESULTS:
        corrected = did_you_mean(query=query)
        if corrected:
            outcome.correction = (corrected, search_url(query=corrected, filters=filters))
    if outcome.total == 0:
        outcome.drop_filter_links = [
            (
                str(FACET_LABELS[name]),
                chosen.label,
                search_url(query=query, filters=filters, **{name: None}),
                source_language() if name in CONTENT_FACETS else None,
            )
            for name, chosen in selected.items()
        ]
        outcome.related_tags = related_tags_for(query=query)
    return outcome
