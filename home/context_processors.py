"""Navigation shared by every public template."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from wagtail.models import Page, Site

from core.aggregates import cached_aggregate
from core.queries import published_pages


def source_code_url() -> str:
    """
    The source of the version this installation runs, as the AGPL (section 13)
    asks every network service to offer its users (SOURCE_CODE_URL).
    """
    return settings.SOURCE_CODE_URL


def localized_navigation(root: Page) -> tuple[Page, list[Page]]:
    """
    The home page and the published pages under it, each in the active
    language where it is translated and published in it, else the German
    page: a partly translated site keeps its whole menu. Two queries.
    """
    pages = list(published_pages(root.get_children()))
    keys = [root.translation_key, *(page.translation_key for page in pages)]
    translations = {
        page.translation_key: page
        for page in published_pages(
            Page.objects.filter(translation_key__in=keys, locale__language_code=get_language())
        )
    }
    return (
        translations.get(root.translation_key, root),
        [translations.get(page.translation_key, page) for page in pages],
    )


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
    if get_language() == settings.LANGUAGE_CODE:
        navigation_root = root
        top_pages = SimpleLazyObject(
            lambda: cached_aggregate(
                f"navigation:{root.pk}", lambda: list(published_pages(root.get_children()))
            )
        )
    else:
        # Another language: each page in it where it is translated (the
        # aggregate's key holds the language).
        tree = SimpleLazyObject(
            lambda: cached_aggregate(f"navigation:{root.pk}", lambda: localized_navigation(root))
        )
        navigation_root = SimpleLazyObject(lambda: tree[0])
        top_pages = SimpleLazyObject(lambda: tree[1])
    return {
        "source_code_url": source_code_url(),
        "navigation_root": navigation_root,
        "navigation_top_pages": top_pages,
        "navigation_items": SimpleLazyObject(
            lambda: [page for page in top_pages if page.show_in_menus]
        ),
    }
