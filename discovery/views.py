"""Views that are not pages: search, the tag pages, the overview and the lessons finder."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from taggit.models import Tag

from .pagination import paginate
from .queries import city_topic_matrix, lessons_found, tag_cities, tag_counts, tag_sections
from .search import run_search


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


def overview(request):
    """Who works on what: cities × fields of action, each cell a link to the search."""
    return render(request, "pages/overview.html", {"matrix": city_topic_matrix()})


def lessons(request):
    """Lessons of all cities, filterable by kind and phase ("all obstacles in procurement")."""
    from knowledge.choices import LessonKind, ProjectPhase

    notices = []
    kind = request.GET.get("kind") or None
    phase = request.GET.get("phase") or None
    if kind and kind not in LessonKind.values:
        notices.append(_("Unbekannte Art „%(value)s“ wurde ignoriert.") % {"value": kind[:100]})
        kind = None
    if phase and phase not in ProjectPhase.values:
        notices.append(_("Unbekannte Phase „%(value)s“ wurde ignoriert.") % {"value": phase[:100]})
        phase = None
    found = lessons_found(kind=kind, phase=phase)
    return render(
        request,
        "pages/lessons.html",
        {
            "kind": kind,
            "phase": phase,
            "kinds": found["kinds"],
            "phases": found["phases"],
            "lessons": paginate(request, found["lessons"], per_page=20),
            "notices": notices,
        },
    )
