"""Read queries shared by the tag pages (and, later, search and feeds)."""

from collections import Counter

from django.apps import apps
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

# Every page type that carries tags from the one shared vocabulary, in the
# order the tag page shows them, with the heading of its section.
TAGGED_PAGE_TYPE_LABELS = [
    ("registry.ProjectPage", _("Projekte")),
    ("knowledge.LessonPage", _("Erfahrungen")),
    ("knowledge.ArticlePage", _("Wissensartikel")),
    ("home.NewsPage", _("Nachrichten")),
]


def tagged_page_types():
    return [(apps.get_model(name), label) for name, label in TAGGED_PAGE_TYPE_LABELS]


def visible_pages(model):
    """Published pages that anonymous readers may see (no draft, no private section)."""
    return model.objects.live().public()


def pages_tagged(tag):
    """One section per page type that has published pages with this tag."""
    sections = []
    for model, label in tagged_page_types():
        pages = visible_pages(model).filter(tags=tag).order_by("title")
        if hasattr(model, "city"):
            pages = pages.select_related("city")
        pages = list(pages)
        if pages:
            sections.append({"label": label, "model": model._meta.model_name, "pages": pages})
    return sections


def tag_counts():
    """How many visible pages carry each tag, across all tagged page types."""
    counts = Counter()
    for model, _label in tagged_page_types():
        through = model.tags.through
        rows = through.objects.filter(content_object__in=visible_pages(model)).values_list(
            "tag_id", flat=True
        )
        counts.update(rows)
    return counts


def published_pages(related_pages):
    """
    Only the live, public pages of a page relation (e.g. a news item's related
    cities), so a reader never gets a link that answers 404. One query; in a
    preview of an unsaved page the relation is an in-memory list instead.
    """
    queryset = related_pages.all() if hasattr(related_pages, "all") else related_pages
    if hasattr(queryset, "live"):
        return queryset.live().public().order_by("title")
    return [page for page in queryset if page.live]


# The search's `type` value of each tagged page type (home.search.SEARCH_TYPES).
SEARCH_TYPE_KEYS = {
    "projectpage": "project",
    "lessonpage": "lesson",
    "articlepage": "article",
    "newspage": "news",
}

# How many pages of one type a tag page lists before it links to the search.
TAG_PAGE_SECTION_LIMIT = 12


def tag_sections(tag, *, limit=TAG_PAGE_SECTION_LIMIT):
    """
    Like `pages_tagged`, but bounded: per page type the first `limit` pages by
    title and how many there are in all, so a tag on thousands of projects
    still renders in a fixed number of queries (two per page type).
    """
    sections = []
    for model, label in tagged_page_types():
        pages = visible_pages(model).filter(tags=tag)
        total = pages.count()
        if not total:
            continue
        listed = pages.order_by("title")
        if hasattr(model, "city"):
            listed = listed.select_related("city")
        sections.append(
            {
                "label": label,
                "model": model._meta.model_name,
                "type_key": SEARCH_TYPE_KEYS[model._meta.model_name],
                "pages": list(listed[:limit]),
                "total": total,
            }
        )
    return sections


def tag_cities(tag):
    """
    [(city slug, city name, number of pages)] carrying the tag, counted the way
    the search's city facet counts (home.search), so each number equals what
    the link /search/?tag=…&city=… shows.
    """
    from .search import count_facet_values, facet_filter, searchable_pages

    pages = searchable_pages().filter(facet_filter(name="tag", value=tag.slug))
    counted = count_facet_values(name="city", pages=pages)
    return sorted(
        ((slug, label, number) for slug, (label, number) in counted.items()),
        key=lambda row: (-row[2], row[1]),
    )


def city_topic_matrix():
    """
    The overview's matrix: cities as rows, fields of action as columns, the
    number of published projects in each cell, plus how many solutions each
    city took over from others and how often others took over its own. Five
    queries in all.
    """
    from registry.models import CityPage, FieldOfAction, ProjectPage, live_transfers

    cities = list(CityPage.objects.live().public().order_by("title"))
    topics = list(FieldOfAction.objects.order_by("sort_order", "name"))
    counts = {
        (city_id, topic_id): number
        for city_id, topic_id, number in ProjectPage.objects.live()
        .public()
        .filter(city__isnull=False, fields_of_action__isnull=False)
        .order_by()
        .values("city_id", "fields_of_action__id")
        .annotate(n=Count("pk", distinct=True))
        .values_list("city_id", "fields_of_action__id", "n")
    }
    transfers = live_transfers().order_by()
    adopted = dict(
        transfers.values("adopting_project__city")
        .annotate(n=Count("pk"))
        .values_list("adopting_project__city", "n")
    )
    given = dict(
        transfers.values("source_project__city")
        .annotate(n=Count("pk"))
        .values_list("source_project__city", "n")
    )
    rows = [
        {
            "city": city,
            "cells": [
                {"topic": topic, "count": counts.get((city.pk, topic.pk), 0)} for topic in topics
            ],
            "transfers_adopted": adopted.get(city.pk, 0),
            "transfers_given": given.get(city.pk, 0),
        }
        for city in cities
    ]
    return {"topics": topics, "rows": rows}


def lessons_found(*, kind: str | None, phase: str | None):
    """
    Published lessons of every city, optionally of one kind and one phase, with
    the counts the finder shows next to each kind and phase (each count
    combines with the other filter, as the link does). Three queries.
    """
    from knowledge.choices import LessonKind, ProjectPhase
    from knowledge.models import LessonPage

    lessons = visible_pages(LessonPage)
    by_kind = dict(
        (lessons.filter(phase=phase) if phase else lessons)
        .order_by()
        .values("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    by_phase = dict(
        (lessons.filter(kind=kind) if kind else lessons)
        .order_by()
        .values("phase")
        .annotate(n=Count("pk"))
        .values_list("phase", "n")
    )
    if kind:
        lessons = lessons.filter(kind=kind)
    if phase:
        lessons = lessons.filter(phase=phase)
    return {
        "lessons": lessons.select_related("city").order_by("title", "pk"),
        "kinds": [
            (choice.value, choice.label, by_kind.get(choice.value, 0)) for choice in LessonKind
        ],
        "phases": [
            (choice.value, choice.label, by_phase.get(choice.value, 0)) for choice in ProjectPhase
        ],
    }
