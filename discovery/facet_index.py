"""
The facet index: every facet value of every searchable page as one narrow row.

The search counts six facets over thousands of results. Asked of the page
tables themselves that takes a dozen aggregate queries, each joining pages,
relations and the search's result set (0.5–0.8 s at 20,000 projects, see
docs/performance.md). Asked of this table it is one query: a row per
(page, facet, value) – ("project", "type"), ("city", "<city page id>"),
("topic", "<field of action id>"), ("tag", "<tag id>"), ("status", "pilot"),
("reuse", "software") – counted with GROUP BY.

Rows hold ids rather than slugs or names, so renaming a city, a field of
action or a tag changes nothing here; readers look the labels up. A page of
another language's tree holds its German city (`cities_in_source_language`):
its own city there is a translation or an alias of the German one, and a city
is one facet value in every language, so that an English reader, whose results
mix English pages with German pages not translated yet, sees each city once.

The rows are a copy of what the page's own columns and relations say, written
by `record_search_facets` whenever a searchable page is saved (`save()` of
`core.models.SearchFacetsMixin` sends `core.signals.searchable_page_saved`
after modelcluster has committed tags and fields of action), when pages move
(`core.signals.page_subtree_moved`, sent by registry.signals; both connected
in discovery.apps) and by `manage.py rebuild_search_facets` after bulk writes
that bypass `save()`. Whether a page
is live and public is not copied: the search and the tag pages ask the page
tree for that, so publishing, unpublishing and privacy settings need no sync.
"""

from collections.abc import Iterable

from django.apps import apps
from django.conf import settings
from django.db import connection, router, transaction
from django.db.models import OuterRef, Subquery

from core.queries import insert_rows
from knowledge.models import ArticlePage
from registry.choices import Reusability

# The page types the search covers: search `type` value → model.
SEARCHABLE_MODELS = {
    "project": "registry.ProjectPage",
    "lesson": "knowledge.LessonPage",
    "article": "knowledge.ArticlePage",
    "news": "home.NewsPage",
}

# Per facet and page type: the lookup whose values are stored. A type without
# an entry does not carry the facet, so selecting one of its values leaves
# that type out of the results.
#
# City: projects and lessons have their city as a column (copied from the
# tree); news name their cities (related_cities). A wiki article belongs to no
# city, but it draws on projects, so it counts for the cities of the projects
# it is linked to: a clerk filtering on "Rostock" wants the guides that
# Rostock's experience went into.
# Topic: lessons and news carry no field of action of their own.
FACET_SOURCES = {
    "city": {
        "project": "city_id",
        "lesson": "city_id",
        "article": "related_projects__city_id",
        "news": "related_cities__id",
    },
    "topic": {"project": "fields_of_action__id", "article": "fields_of_action__id"},
    "status": {"project": "status"},
    "tag": dict.fromkeys(SEARCHABLE_MODELS, "tags__id"),
}

# The "reuse" facet: one value per reusable part a project offers
# (registry.choices.Reusability), read from its boolean columns.
REUSE_FIELD_PREFIX = "reusable_"


def searchable_type_of(model) -> str | None:
    label = model._meta.label
    for type_key, model_label in SEARCHABLE_MODELS.items():
        if model_label == label:
            return type_key
    return None


def facet_rows(*, type_key: str, page_ids: list[int], get_model=apps.get_model):
    """(page id, facet, value) for the given pages of one type: one query per facet."""
    model = get_model(SEARCHABLE_MODELS[type_key])
    pages = model.objects.filter(pk__in=page_ids).order_by()
    rows = {(page_id, "type", type_key) for page_id in pages.values_list("pk", flat=True)}
    for facet, lookups in FACET_SOURCES.items():
        lookup = lookups.get(type_key)
        if lookup is None:
            continue
        for page_id, value in (
            pages.exclude(**{f"{lookup}__isnull": True}).values_list("pk", lookup).distinct()
        ):
            if value != "":
                rows.add((page_id, facet, str(value)))
    if type_key == "project":
        flags = [f"{REUSE_FIELD_PREFIX}{choice.value}" for choice in Reusability]
        for page_id, *values in pages.values_list("pk", *flags):
            for choice, offered in zip(Reusability, values, strict=True):
                if offered:
                    rows.add((page_id, "reuse", choice.value))
    return cities_in_source_language(rows, get_model=get_model)


def cities_in_source_language(rows: set, *, get_model=apps.get_model) -> set:
    """
    `rows` with every city that is a translation or an alias of a German
    city replaced by that German city (same `translation_key`, source
    locale): one query, which finds nothing to replace on German pages.
    """
    city_ids = {int(value) for _page_id, facet, value in rows if facet == "city"}
    if not city_ids:
        return rows
    page_model = get_model("wagtailcore.Page")
    source = settings.LANGUAGE_CODE
    originals = page_model.objects.filter(
        locale__language_code=source, translation_key=OuterRef("translation_key")
    ).values("pk")[:1]
    original_of = {
        str(pk): str(original)
        for pk, original in page_model.objects.filter(pk__in=city_ids)
        .exclude(locale__language_code=source)
        .annotate(original=Subquery(originals))
        .filter(original__isnull=False)
        .values_list("pk", "original")
    }
    if not original_of:
        return rows
    return {
        (page_id, facet, original_of.get(value, value) if facet == "city" else value)
        for page_id, facet, value in rows
    }


@transaction.atomic
def record_search_facets(*, type_key: str, page_ids: Iterable[int], get_model=apps.get_model):
    """Replace the facet rows of these pages (all of one type) by what they say now."""
    search_facet = get_model("home.SearchFacet")
    page_ids = list(page_ids)
    for start in range(0, len(page_ids), 2000):
        chunk = page_ids[start : start + 2000]
        search_facet.objects.filter(page_id__in=chunk).delete()
        insert_rows(
            model=search_facet,
            columns=("page_id", "facet", "value"),
            rows=sorted(facet_rows(type_key=type_key, page_ids=chunk, get_model=get_model)),
            using=router.db_for_write(search_facet),
        )


def record_page_facets(*, page) -> None:
    """Replace the facet rows of one saved page (of any type; others have none)."""
    type_key = searchable_type_of(type(page))
    if type_key is not None:
        record_search_facets(type_key=type_key, page_ids=[page.pk])


def rebuild_search_facets(*, get_model=apps.get_model) -> dict[str, int]:
    """Rebuild the whole index from the page tables; returns pages per type."""
    get_model("home.SearchFacet").objects.all().delete()
    counts = {}
    for type_key, label in SEARCHABLE_MODELS.items():
        ids = list(get_model(label).objects.order_by("pk").values_list("pk", flat=True))
        record_search_facets(type_key=type_key, page_ids=ids, get_model=get_model)
        counts[type_key] = len(ids)
    return counts


def record_subtree_facets(*, path: str) -> None:
    """
    Re-record every searchable page under a tree path (a moved page and its
    descendants: their city may have changed), and the wiki articles that
    draw on projects there (an article counts for its projects' cities).
    """
    for type_key, label in SEARCHABLE_MODELS.items():
        model = apps.get_model(label)
        ids = list(model.objects.filter(path__startswith=path).values_list("pk", flat=True))
        if type_key == "article":
            ids += ArticlePage.objects.filter(related_projects__path__startswith=path).values_list(
                "pk", flat=True
            )
        if ids:
            record_search_facets(type_key=type_key, page_ids=set(ids))


def facet_index_fingerprint() -> str:
    """
    A value that changes whenever the facet counts of browse mode (every
    live, public, searchable page) can change, read in one cheap query:

    * the newest facet index row: every save of a searchable page, and every
      move, writes new rows (ids only grow within a database's life);
    * the number of live searchable pages: publishing writes rows anyway,
      unpublishing and deleting change this number;
    * the number and newest id of view restrictions: a private section hides
      its pages from `public()`.

    Used as part of cache keys, so a change is visible at once in every
    worker process, whatever cache backend is configured.
    """
    from django.contrib.contenttypes.models import ContentType

    from wagtail.models import Page, PageViewRestriction

    quote = connection.ops.quote_name
    content_types = [
        ContentType.objects.get_for_model(apps.get_model(label)).pk
        for label in SEARCHABLE_MODELS.values()
    ]
    facets = quote(apps.get_model("home.SearchFacet")._meta.db_table)
    pages = quote(Page._meta.db_table)
    restrictions = quote(PageViewRestriction._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT MAX(id) FROM {facets}), "
            f"(SELECT COUNT(*) FROM {pages} WHERE live AND content_type_id IN "
            f"({', '.join(['%s'] * len(content_types))})), "
            f"(SELECT COUNT(*) FROM {restrictions}), (SELECT MAX(id) FROM {restrictions})",
            content_types,
        )
        return "-".join(str(value) for value in cursor.fetchone())
