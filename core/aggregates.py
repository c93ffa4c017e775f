"""
Registry-wide figures computed once per change, not once per request.

The home page's latest projects and charts and the overview's matrix are
the same for every reader and change only when an editor publishes,
unpublishes, moves or deletes a page or saves a snippet readers see. Each is
kept in the shared cache under the site-wide content generation
(`core.page_cache.content_generation`), which every such change replaces
after its commit: the next request in any process that shares the cache
computes the figure afresh, the requests after it read it. Entries of a
retired generation are never asked for again and expire after
AGGREGATE_SECONDS.

Why not Django's per-view or template fragment cache: both key on the URL
or on names chosen by hand and offer no way to retire every entry at once;
the content generation already does that for the whole pages. And why not
cache the whole page only: signed-in editors, previews and pages that set a
cookie never come from the page cache, but they show the same figures.

What is kept must not depend on who asks (the figures are computed from
`core.queries.published_pages`, the same for everybody) and must pickle (the
cache is Redis in production). Texts translated at computation time differ by
language, so the language is part of the key.
"""

import logging
from collections.abc import Callable

from django.core.cache import cache
from django.utils.translation import get_language

from .page_cache import content_generation

logger = logging.getLogger(__name__)

# A day: long enough that a figure is computed about once per change, short
# enough that the entries of retired generations leave a cache without an
# eviction policy (local memory keeps at most 300 entries anyway).
AGGREGATE_SECONDS = 24 * 60 * 60


def aggregate_key(name: str) -> str:
    return f"aggregate:{content_generation()}:{get_language() or '-'}:{name}"


def cached_aggregate[T](name: str, compute: Callable[[], T]) -> T:
    """
    `compute()`'s result for the current content and language, from the
    shared cache or computed and stored there. A cache that cannot be reached
    slows the page, it does not stop it: then the figure is computed.
    """
    try:
        key = aggregate_key(name)
        found = cache.get(key)
    except Exception:
        logger.warning("Cache unreachable; aggregate %s computed.", name, exc_info=True)
        return compute()
    if found is not None:
        return found
    value = compute()
    try:
        cache.set(key, value, AGGREGATE_SECONDS)
    except Exception:
        logger.warning("Cache unreachable; aggregate %s not stored.", name, exc_info=True)
    return value
