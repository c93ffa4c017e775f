"""Navigation shared by every public template."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from wagtail.models import Site

from core.aggregates import cached_aggregate
from core.queries import published_pages


def source_code_url() -> str:
    """
    The source of the version this installation runs, as the AGPL (section 13)
    asks every network service to offer its users (SOURCE_CODE_URL).
    """
    return settings.SOURCE_CODE_URL


def site_navigation(request):
    """The root page's children marked "show in menus" (and the footer's), one query per change."""
    if request.path.startswith("/admin/"):
        return {}
    site = Site.find_for_request(request)
    if site is None:
        return {
            "navigation_root": None,
            "navigation_items": [],
            "source_code_url": source_code_url(),
        }
    root = site.root_page
    # The published pages right under the root, read once per change of the
    # content (core.aggregates: the same for every reader) when a template
    # first asks, for both the main navigation and the footer (navigation_tags).
    top_pages = SimpleLazyObject(
        lambda: cached_aggregate(
            f"navigation:{root.pk}", lambda: list(published_pages(root.get_children()))
        )
    )
    return {
        "source_code_url": source_code_url(),
        "navigation_root": root,
        "navigation_top_pages": top_pages,
        "navigation_items": SimpleLazyObject(
            lambda: [page for page in top_pages if page.show_in_menus]
        ),
    }
