"""
The site's view restrictions, read once per request.

Every reader-facing list leaves out pages under a view restriction
(`core.queries.published_pages`). Without more knowledge each list asks the
database again, as a subquery, whether any restriction lies above each of
its pages. The routing of a request (`core.queries.pages_on_path`) reads the
paths of all restricted pages along with the pages it walks, in the same
query, and remembers them here for the rest of the request; the lists then
compare paths instead, and with no restriction at all they compare nothing.

The memory lives only while `ViewRestrictionsMiddleware` handles a request:
outside it (commands, tasks, code run by tests) nothing is remembered and
every list asks the database, as before.
"""

from contextvars import ContextVar

# A dict while a request is handled, holding "paths" once the routing read them.
_request_memo: ContextVar[dict | None] = ContextVar("view_restrictions", default=None)

# Above this many restricted sections, one subquery beats a condition per path.
MAX_REMEMBERED = 50


def remember_view_restricted_paths(paths: list[str]) -> None:
    """Called by the routing with the paths of every page that has a view restriction."""
    memo = _request_memo.get()
    if memo is not None and len(paths) <= MAX_REMEMBERED:
        memo["paths"] = tuple(paths)


def view_restricted_paths() -> tuple[str, ...] | None:
    """The paths remembered for this request, or None when they are not known."""
    memo = _request_memo.get()
    return memo.get("paths") if memo is not None else None


class ViewRestrictionsMiddleware:
    """Opens the per-request memory of view restrictions and closes it afterwards."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_memo.set({})
        try:
            return self.get_response(request)
        finally:
            _request_memo.reset(token)
