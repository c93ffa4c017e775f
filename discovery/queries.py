"""Read queries of the tag pages and the tag feed, over the search's page types."""

from collections import Counter

from django.utils.translation import get_language

from core.queries import each_once_in, in_source_language, published_pages

from .search.facets import Scope, count_facets, facet_value_names
from .search.query import SelectedValue, searchable_pages
from .search.types import SEARCH_TYPES


def pages_tagged(tag, *, language: str | None = None):
    """
    One section per page type that has published pages with this tag, each
    page once: in `language` where translated, else German.
    """
    sections = []
    for search_type in SEARCH_TYPES:
        model = search_type.model
        pages = each_once_in(published_pages(model).filter(tags=tag), language).order_by("title")
        if hasattr(model, "city"):
            pages = pages.select_related("city")
        pages = list(pages)
        if pages:
            sections.append(
                {"label": search_type.label, "model": model._meta.model_name, "pages": pages}
            )
    return sections


def tag_counts():
    """How many visible pages carry each tag, across all tagged page types, each page once."""
    counts = Counter()
    for search_type in SEARCH_TYPES:
        through = search_type.model.tags.through
        visible = in_source_language(published_pages(search_type.model))
        rows = through.objects.filter(content_object__in=visible).values_list("tag_id", flat=True)
        counts.update(rows)
    return counts


# How many pages of one type a tag page lists before it links to the search.
TAG_PAGE_SECTION_LIMIT = 12


def tag_sections(tag, *, limit=TAG_PAGE_SECTION_LIMIT):
    """
    Like `pages_tagged`, but bounded: per page type the first `limit` pages by
    title and how many there are in all, so a tag on thousands of projects
    still renders in a fixed number of queries (two per page type). Each page once,
    in the reader's language where translated (core.queries.each_once_in).
    """
    language = get_language()
    sections = []
    for search_type in SEARCH_TYPES:
        model = search_type.model
        pages = each_once_in(published_pages(model).filter(tags=tag), language)
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
    the search's city facet counts (discovery.search), so each number equals what
    the link /search/?tag=…&city=… shows. Two queries.
    """
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
