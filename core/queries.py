"""
The one definition of "published": live and public, for every reader-facing
query; which of them count once (`in_source_language`, `each_once_in`); and
`IdIn`, for a long list of ids in one parameter.
"""

import json

from django.conf import settings
from django.db import connections, router
from django.db.models import BooleanField, Exists, F, Func, OuterRef, Q
from django.db.models.lookups import StartsWith

from .view_restrictions import remember_view_restricted_paths, view_restricted_paths


def published_pages(pages, *, by_title: bool = False):
    """
    The pages anonymous readers may open: live (no draft, not unpublished) and
    public (not under a private section), so no list links to a 404.

    `pages` is a page model, a queryset or manager, or a page relation (a
    news item's related cities). In the preview of an unsaved page a relation
    is an in-memory list; then it is filtered in Python and `public()` is not
    known yet. `by_title` orders by title, as listings of related pages do.
    """
    if isinstance(pages, type):
        pages = pages.objects
    queryset = pages.all() if hasattr(pages, "all") else pages
    if hasattr(queryset, "live"):
        queryset = queryset.live().filter(public_condition())
        return queryset.order_by("title") if by_title else queryset
    live = [page for page in queryset if page.live]
    return sorted(live, key=lambda page: page.title) if by_title else live


def in_source_language(pages):
    """
    The pages of `pages` (a queryset) in the source language, German: each
    project, city or lesson once. Its translations are the same page in
    another language, and the aliases wagtail-localize creates for the
    untranslated parents of a translation show the German page again; a
    count, a chart, a feed or a download that took them would name one
    project twice. A join on the locale table, no query of its own.
    """
    return pages.filter(locale__language_code=settings.LANGUAGE_CODE)


def each_once_in(pages, language: str | None):
    """
    The source pages of `pages` (a queryset of one page type, published,
    filtered as meant for the German pages, e.g. one German city's projects),
    each once in `language`: its live, public translation into it where there
    is one, else the German page. One query with subqueries, as a listing of
    German pages is. What `pages` selects or orders is not kept: the caller
    orders, selects and slices the result. Aliases are no translation (they
    show the German text), so an untranslated page stays German.
    """
    source = in_source_language(pages).order_by()
    if not language or language == settings.LANGUAGE_CODE:
        return source
    model = pages.model
    translated = model._default_manager.filter(
        locale__language_code=language,
        alias_of__isnull=True,
        live=True,
        translation_key__in=source.values("translation_key"),
    ).filter(public_condition())
    untranslated = source.exclude(translation_key__in=translated.values("translation_key"))
    return model._default_manager.filter(
        Q(pk__in=untranslated.values("pk")) | Q(pk__in=translated.values("pk"))
    )


# What a page in a list needs of Wagtail's page columns: its address
# (`pageurl` reads url_path, and path and depth place it in the tree), its
# type, its title, its summary fallback, its dates (feeds, "updated") and
# whether it is an alias (core.content_language: an alias shows German text).
PAGE_LISTING_COLUMNS = (
    "id",
    "alias_of",
    "title",
    "slug",
    "url_path",
    "path",
    "depth",
    "live",
    "content_type_id",
    "locale_id",
    # Lists on a translated page lead to the version in its language
    # (core.translations.in_language), found by this key.
    "translation_key",
    "search_description",
    "first_published_at",
    "last_published_at",
    "latest_revision_created_at",
)


def for_listing(pages, *columns: str):
    """
    `pages` loading only what a card or feed entry shows: Wagtail's listing
    columns and the model's own `columns`, not the bodies (StreamField JSON,
    rich text) that a list of 100 projects would decode and never show. A
    column left out and read after all costs one query per page, which the
    query-count tests would show.
    """
    return pages.only(*PAGE_LISTING_COLUMNS, *columns)


def under_view_restriction(path: str = "path") -> Exists:
    """
    A page lies at or below a page with a view restriction (password, sign-in,
    groups). Wagtail's `public()` means the same, but loads every restriction
    first, one query each time it is called (five times on a project page);
    as a subquery the database checks it within the query that lists pages.
    `path` names the page's tree path from the outer query, e.g.
    "similar__path" for a page reached through a relation.
    """
    from wagtail.models import PageViewRestriction

    return Exists(PageViewRestriction.objects.filter(StartsWith(OuterRef(path), F("page__path"))))


def public_condition(path: str = "path") -> Q:
    """
    Not under a view restriction: compared with the restricted paths the
    routing read for this request (core.view_restrictions), or else as a
    subquery. `path` as for `under_view_restriction`.
    """
    restricted = view_restricted_paths()
    if restricted is None:
        return ~Q(under_view_restriction(path))
    condition = Q()
    for restricted_path in restricted:
        condition &= ~Q(**{f"{path}__startswith": restricted_path})
    return condition


def pages_on_path(start, slugs: list[str]) -> list:
    """
    The pages below `start` that the URL path segments `slugs` name, top down,
    as far as they exist: `[child named slugs[0], its child named slugs[1], …]`,
    in one query instead of Wagtail's two per level (the child, then its
    specific page). Base `Page` objects, each with `view_restricted`: whether
    a view restriction may apply to it (on it, on what it is an alias of, or
    on `start` or above); True sends the caller to Wagtail's own check.

    One plain SQL statement (the same on SQLite and PostgreSQL but for the
    string aggregate): it runs on every page request, and building it with
    the ORM (subqueries relabelled into each other) cost more Python time
    than the database took to answer.
    """
    from wagtail.models import Page, PageViewRestriction

    connection = connections[router.db_for_read(Page)]
    page_table = connection.ops.quote_name(Page._meta.db_table)
    restriction_table = connection.ops.quote_name(PageViewRestriction._meta.db_table)
    steplen = Page.steplen
    below_start = start.path + "%"
    # A level's candidates are the pages with its slug whose parent carries the
    # previous segment's slug: without that, a slug that every city uses
    # ("projekt-0", "parken") would load one page per city. Each level has its
    # own flat subquery over (depth, slug); nesting them level in level was
    # too deep a statement for SQLite on long addresses.
    levels, level_params = [], []
    for offset, slug in enumerate(slugs, start=1):
        if offset == 1:
            levels.append("(p.depth = %s AND p.slug = %s)")
            level_params += [start.depth + offset, slug]
            continue
        levels.append(
            "(p.depth = %s AND p.slug = %s AND SUBSTR(p.path, 1, %s) IN ("
            f"SELECT parent.path FROM {page_table} parent"
            " WHERE parent.depth = %s AND parent.slug = %s AND parent.path LIKE %s))"
        )
        level_params += [
            start.depth + offset,
            slug,
            len(start.path) + (offset - 1) * steplen,
            start.depth + offset - 1,
            slugs[offset - 2],
            below_start,
        ]
    above = [start.path[:end] for end in range(steplen, len(start.path) + 1, steplen)]
    above_marks = ", ".join(["%s"] * len(above))
    if connection.vendor == "postgresql":
        all_paths = "STRING_AGG(rp.path, ' ')"
    else:
        all_paths = "GROUP_CONCAT(rp.path, ' ')"
    sql = f"""
        SELECT p.*,
            (SELECT {all_paths} FROM {restriction_table} r
             JOIN {page_table} rp ON rp.id = r.page_id) AS all_restricted_paths,
            EXISTS (
                SELECT 1 FROM {restriction_table} r
                JOIN {page_table} rp ON rp.id = r.page_id
                WHERE r.page_id = p.id OR r.page_id = p.alias_of_id
                   OR rp.path IN ({above_marks})
                   OR r.page_id IN (
                       SELECT a.alias_of_id FROM {page_table} a WHERE a.path IN ({above_marks})
                   )
            ) AS view_restricted
        FROM {page_table} p
        WHERE p.path LIKE %s AND ({" OR ".join(levels)})
        ORDER BY p.depth, p.path
    """
    params = [*above, *above, below_start, *level_params]
    candidates = list(Page.objects.db_manager(connection.alias).raw(sql, params))
    if candidates:
        remember_view_restricted_paths((candidates[0].all_restricted_paths or "").split())
    chain = []
    parent_path = start.path
    for page in candidates:
        page.view_restricted = bool(page.view_restricted)
        # Slugs repeat across the tree: only a child of the last page found counts.
        if page.depth == start.depth + len(chain) + 1 and page.path[:-steplen] == parent_path:
            chain.append(page)
            parent_path = page.path
    return chain


def insert_rows(*, model, columns: tuple[str, ...], rows, using: str = "default") -> None:
    """
    Write plain tuples into `model`'s table: PostgreSQL's COPY, else one
    executemany. Not `bulk_create`, for tables written by the hundred
    thousand at once (the search index's terms, the facet index): it builds a
    model instance per row only to throw it away, most of a rebuild's time.
    No signals, no defaults: `columns` are the table's column names and every
    row gives each of them.
    """
    rows = list(rows)
    if not rows:
        return
    connection = connections[using]
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)


class IdIn(Func):
    """
    `column IN ids` with one parameter however many ids: `= ANY(array)` on
    PostgreSQL, `json_each` on SQLite (whose default limit is 32,766
    parameters per statement, and whose parser is slow with long IN lists).
    """

    output_field = BooleanField()
    conditional = True

    def __init__(self, field: str, ids: list[int]):
        super().__init__(F(field))
        self.ids = [int(pk) for pk in ids]

    def as_sql(self, compiler, connection, **extra_context):
        column, params = compiler.compile(self.source_expressions[0])
        if connection.vendor == "postgresql":
            return f"{column} = ANY(%s)", (*params, self.ids)
        if connection.vendor == "sqlite":
            return f"{column} IN (SELECT value FROM json_each(%s))", (*params, json.dumps(self.ids))
        placeholders = ", ".join(["%s"] * len(self.ids)) or "NULL"
        return f"{column} IN ({placeholders})", (*params, *self.ids)
