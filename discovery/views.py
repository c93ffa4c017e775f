"""Views that are not pages: the search and the tag pages."""

from dataclasses import asdict

from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from taggit.models import Tag

from .queries import tag_cities, tag_counts, tag_sections
from .search.outcome import run_search
from .search.suggestions import suggestion_query, suggestions


def tag_index(request):
    """Every tag on a published page, with how many pages carry it."""
    counts = tag_counts()
    tags = Tag.objects.filter(pk__in=counts.keys()).order_by("name")
    rows = [(tag, counts[tag.pk]) for tag in tags]
    return render(request, "pages/tag_index.html", {"tag_rows": rows})


def tag_detail(request, slug):
    """Everything carrying the tag, by page type (bounded lists) and by city."""
    tag = Tag.objects.filter(slug=slug).first()
    if tag is None:
        raise Http404
    sections = tag_sections(tag)
    if not sections:
        raise Http404
    return render(
        request,
        "pages/tag_page.html",
        {
            "tag": tag,
            "sections": sections,
            "cities": tag_cities(tag),
            "total": sum(section["total"] for section in sections),
        },
    )


def search(request):
    """
    Full-text search with facets; every state lives in the URL (GET only).
    A page number beyond the last page answers 404, with the search page
    saying so and linking to the last page.
    """
    outcome = run_search(request=request)
    status = 404 if outcome.refused_page else 200
    # Projects among the hits can be picked for the comparison (discovery.compare).
    compare_offered = not outcome.refused_page and any(
        hit.type_key == "project" for hit in outcome.results or ()
    )
    return render(
        request,
        "pages/search.html",
        {"search": outcome, "compare_offered": compare_offered},
        status=status,
    )


# Suggestions change only when content is published; a minute's staleness
# saves the server a request per keystroke from readers typing the same.
SUGGESTIONS_MAX_AGE = 60


@require_safe
def search_suggest(request):
    """
    Suggestions for what is typed into the header search, as JSON for its
    script: {"query": …, "suggestions": [{"label", "kind", "url"}]}. Any
    input gets an answer, an empty list if nothing fits; no session is read,
    so no cookie is set.
    """
    query = suggestion_query(request.GET.get("q") or "")
    found = suggestions(prefix=query)
    response = JsonResponse(
        {"query": query, "suggestions": [asdict(suggestion) for suggestion in found]}
    )
    patch_cache_control(response, public=True, max_age=SUGGESTIONS_MAX_AGE)
    return response
