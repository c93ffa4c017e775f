"""Views that are not pages: the search and the tag pages."""

from django.http import Http404
from django.shortcuts import render

from taggit.models import Tag

from .queries import tag_cities, tag_counts, tag_sections
from .search.outcome import run_search


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
    """Full-text search with facets; every state lives in the URL (GET only)."""
    outcome = run_search(request=request)
    return render(request, "pages/search.html", {"search": outcome})
