"""`run_search`: everything the search page shows, from the request's GET parameters."""

from dataclasses import dataclass, field

from taggit.models import Tag

from core.pagination import paginate

from .facets import Facet, Scope, browse_facet_counts, build_facets, count_facets, pages_passing
from .query import parse_search_parameters, ranked_page_ids, search_url, searchable_pages
from .results import TypedRows, load_hits, related_tags_for
from .suggestions import did_you_mean
from .types import FACET_LABELS

RESULTS_PER_PAGE = 20
# Up to this many results, the page offers the query with its typos corrected.
FEW_RESULTS = 3


@dataclass
class SearchOutcome:
    query: str
    filters: dict[str, str]
    notices: list[str]
    results: object  # a django.core.paginator.Page of SearchHit
    total: int
    facets: list[Facet]
    drop_filter_links: list[tuple[str, str, str]] = field(default_factory=list)
    related_tags: list[Tag] = field(default_factory=list)
    # "Meinten Sie …?": (corrected query, its search URL with the same filters).
    correction: tuple[str, str] | None = None


def run_search(*, request) -> SearchOutcome:
    """
    Everything the search page shows, from the request's GET parameters.

    A query's ranked ids are fetched once; the facet filters, the facet
    counts and the page of results then work on that list, through the facet
    index. Browsing without a query keeps the page set as a subquery instead.
    """
    query, selected, notices = parse_search_parameters(params=request.GET)
    filters = {name: chosen.slug for name, chosen in selected.items()}
    if query:
        ranked = ranked_page_ids(query=query)
        scope = Scope(ids=ranked)
        counts, type_of = count_facets(scope=scope, selected=selected, with_results=True)
        rows = [(pk, type_of[pk]) for pk in ranked if pk in type_of]
    else:
        pages = searchable_pages().order_by("title", "pk")
        scope = Scope(subquery=pages.order_by().values("pk"))
        if selected:
            counts, _results = count_facets(scope=scope, selected=selected)
        else:
            counts = browse_facet_counts(scope=scope)
        passing = pages_passing(selected=selected)
        rows = TypedRows(pages if passing is None else pages.filter(pk__in=passing))
    page_obj = paginate(request, rows, per_page=RESULTS_PER_PAGE)
    page_obj.object_list = load_hits(rows=list(page_obj.object_list), query=query)
    outcome = SearchOutcome(
        query=query,
        filters=filters,
        notices=notices,
        results=page_obj,
        total=page_obj.paginator.count,
        facets=build_facets(counts=counts, query=query, selected=selected),
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
            )
            for name, chosen in selected.items()
        ]
        outcome.related_tags = related_tags_for(query=query)
    return outcome
