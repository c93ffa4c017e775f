"""Read queries shared by the tag pages (and, later, search and feeds)."""

from collections import Counter
from urllib.parse import quote_plus

from django.db.models import Count
from django.urls import reverse


def tagged_page_types():
    """
    Every page type that carries tags from the one shared vocabulary: the
    search's page types (home.search.SEARCH_TYPES, imported in here: home.models
    imports this module, and home.search imports home.models), in the order
    the tag page shows them, with the heading of its section.
    """
    from .search import SEARCH_TYPES

    return SEARCH_TYPES


def visible_pages(model):
    """Published pages that anonymous readers may see (no draft, no private section)."""
    return model.objects.live().public()


def pages_tagged(tag):
    """One section per page type that has published pages with this tag."""
    sections = []
    for search_type in tagged_page_types():
        model = search_type.model
        pages = visible_pages(model).filter(tags=tag).order_by("title")
        if hasattr(model, "city"):
            pages = pages.select_related("city")
        pages = list(pages)
        if pages:
            sections.append(
                {"label": search_type.label, "model": model._meta.model_name, "pages": pages}
            )
    return sections


def tag_counts():
    """How many visible pages carry each tag, across all tagged page types."""
    counts = Counter()
    for search_type in tagged_page_types():
        through = search_type.model.tags.through
        visible = visible_pages(search_type.model)
        rows = through.objects.filter(content_object__in=visible).values_list("tag_id", flat=True)
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


# How many pages of one type a tag page lists before it links to the search.
TAG_PAGE_SECTION_LIMIT = 12


def tag_sections(tag, *, limit=TAG_PAGE_SECTION_LIMIT):
    """
    Like `pages_tagged`, but bounded: per page type the first `limit` pages by
    title and how many there are in all, so a tag on thousands of projects
    still renders in a fixed number of queries (two per page type).
    """
    sections = []
    for search_type in tagged_page_types():
        model = search_type.model
        pages = visible_pages(model).filter(tags=tag)
        total = pages.count()
        if not total:
            continue
        listed = pages.order_by("title")
        if hasattr(model, "city"):
            listed = listed.select_related("city")
        sections.append(
            {
                "label": search_type.label,
                "model": model._meta.model_name,
                "type_key": search_type.key,
                "pages": list(listed[:limit]),
                "total": total,
            }
        )
    return sections


def tag_cities(tag):
    """
    [(city slug, city name, number of pages)] carrying the tag, counted the way
    the search's city facet counts (home.search), so each number equals what
    the link /search/?tag=…&city=… shows. Two queries.
    """
    from .search import Scope, SelectedValue, count_facets, facet_value_names, searchable_pages

    counts, _results = count_facets(
        scope=Scope(subquery=searchable_pages().values("pk")),
        selected={"tag": SelectedValue(tag.slug, str(tag.pk), tag.name)},
        names=["city"],
    )
    names = facet_value_names(counts)["city"]
    return sorted(
        (
            (*names[value], number)
            for value, number in counts["city"].items()
            if value in names and number
        ),
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
        .annotate(n=Count("pk"))  # one row per (project, field of action) already
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
    # The cells are (count, search URL) pairs built here rather than in the
    # template: 200 cities × 12 fields of action are 2,400 cells, and every
    # variable lookup in a Django template costs more than a string here.
    search = reverse("search")
    topic_params = [f"&topic={quote_plus(topic.slug)}" for topic in topics]
    rows = []
    for city in cities:
        city_url = f"{search}?type=project&city={quote_plus(city.slug)}"
        cells = []
        for topic, topic_param in zip(topics, topic_params, strict=True):
            count = counts.get((city.pk, topic.pk), 0)
            # Strings, so the template does not localise 2,400 numbers one by one.
            cells.append((str(count), city_url + topic_param if count else None))
        rows.append(
            {
                "city": city,
                "cells": cells,
                "transfers_adopted": str(adopted.get(city.pk, 0)),
                "transfers_given": str(given.get(city.pk, 0)),
            }
        )
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
