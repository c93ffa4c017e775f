"""
Every language version of a page: the German source and its live, public
translations, which share the source's `translation_key` (Wagtail's i18n,
filled by wagtail-localize). The sitemap, the pages' `hreflang` alternates
and the API's `translations` name them.

An alias in a translated tree (wagtail-localize's stand-in for an
untranslated parent) shows the German page: it is no version of its own.
While the site has no tree but the German one (Wagtail's site root paths,
kept in the cache, tell) there is nothing to look up, and no query is made.
https://docs.wagtail.org/en/stable/advanced_topics/i18n.html
"""

from django.conf import settings

from wagtail.models import Page, Site

from .content_language import content_language
from .queries import PAGE_LISTING_COLUMNS, public_condition, published_pages


def translated_trees_exist() -> bool:
    """Whether any site has a page tree in a language besides the source language."""
    return any(root.language_code != settings.LANGUAGE_CODE for root in Site.get_site_root_paths())


def live_versions():
    """The live, public pages that are a language version (aliases are not), with their locale."""
    return (
        Page.objects.live()
        .filter(alias_of__isnull=True)
        .filter(public_condition())
        .select_related("locale")
        .only(*PAGE_LISTING_COLUMNS, "translation_key", "locale__language_code")
    )


def language_versions(pages) -> dict:
    """
    `{translation_key: {language code: page}}` for `pages`: each one's live,
    public versions, itself included when it is one; one query for all,
    none while no translated tree exists.
    """
    keys = {page.translation_key for page in pages}
    if not keys or not translated_trees_exist():
        return {}
    versions: dict = {}
    for version in live_versions().filter(translation_key__in=keys).order_by("path"):
        by_language = versions.setdefault(version.translation_key, {})
        by_language.setdefault(version.locale.language_code, version)
    return versions


def in_language(pages, language: str, *, versions=None) -> list:
    """
    `pages` as a reader of `language` should follow them: each one replaced
    by its live, public version in that language where there is one, the
    others as they are (a German page, which the link marks as German). A
    relation names the German page (partner cities, similar projects, a news
    item's projects), so an English page would otherwise lead back into the
    German tree although the English version exists.

    A None among `pages` (a section not created yet) stays None.
    `versions` is the queryset the versions are read from, for lists that
    show more than a title and an address (a card's summary, status and
    city): by default Page with the listing columns. One query; none while
    no translated tree exists or when every page already is in `language`.
    """
    pages = list(pages)
    keys = {
        page.translation_key
        for page in pages
        if page is not None and content_language(page) != language
    }
    if not keys or not translated_trees_exist():
        return pages
    queryset = live_versions() if versions is None else published_pages(versions)
    found = {
        version.translation_key: version
        for version in queryset.filter(
            translation_key__in=keys,
            locale__language_code=language,
            alias_of__isnull=True,
        )
    }
    return [
        page
        if page is None or page.translation_key not in keys
        else found.get(page.translation_key, page)
        for page in pages
    ]


def translations_in_other_languages() -> dict:
    """
    `{translation_key: [page, …]}` of every live, public translation (not
    the source pages), for a list of all pages such as the sitemap; one
    query, none while no translated tree exists.
    """
    if not translated_trees_exist():
        return {}
    translations: dict = {}
    rows = live_versions().exclude(locale__language_code=settings.LANGUAGE_CODE).order_by("path")
    for version in rows:
        translations.setdefault(version.translation_key, []).append(version)
    return translations


def version_path(page, *, request=None) -> str | None:
    """The address of `page` in its own language (its tree's prefix), relative to its site."""
    parts = Page.get_url_parts(page, request=request)
    return parts[2] if parts else None
