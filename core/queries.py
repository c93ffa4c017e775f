"""
The one definition of "published": live and public, for every reader-facing
query; and `IdIn`, for a long list of ids in one parameter.
"""

import json

from django.db.models import BooleanField, F, Func


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
        queryset = queryset.live().public()
        return queryset.order_by("title") if by_title else queryset
    live = [page for page in queryset if page.live]
    return sorted(live, key=lambda page: page.title) if by_title else live


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
