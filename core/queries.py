"""The one definition of "published": live and public, for every reader-facing query."""


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
