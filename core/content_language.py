"""
Which language a piece of stored content is written in, so that the public
templates can mark each part whose language differs from the interface's
(WCAG 2.1 SC 3.1.2 "Language of Parts", which BITV 2.0 binds).

A page is in the language of its Wagtail locale (every page has one, even
while WAGTAIL_I18N_ENABLED is off). Snippets and tags without a locale are in
the source language, settings.LANGUAGE_CODE (German); a snippet that gains a
locale (wagtail's TranslatableMixin) is in that locale's language.

Asking costs no query for a page: its locale's language is read from Wagtail's
site root paths (https://docs.wagtail.org/en/stable/reference/models.html
#wagtail.models.Site.get_site_root_paths), the list that every page address
is computed from and that is kept in the cache; with translations on, it
holds each translated tree's root with its language, and a page lies in the
tree of its own locale. A locale already loaded with the page is read
directly; only a page outside every site, or a translatable snippet, reads
the locale table (once per request).
"""

from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import get_language

from wagtail.models import Locale, Page, Site


def source_language() -> str:
    """The language content is written in first, and stays in until translated."""
    return settings.LANGUAGE_CODE


def _site_root_paths(cache_object) -> list:
    try:
        return cache_object._content_language_root_paths
    except AttributeError:
        root_paths = Site.get_site_root_paths()
        if cache_object is not None:
            cache_object._content_language_root_paths = root_paths
        return root_paths


def _locale_languages(cache_object) -> dict[int, str]:
    try:
        return cache_object._content_language_locales
    except AttributeError:
        languages = dict(Locale.objects.values_list("pk", "language_code"))
        if cache_object is not None:
            cache_object._content_language_locales = languages
        return languages


def content_language(source, *, cache_object=None) -> str | None:
    """
    The language code of what `source` stores: a page, a snippet, a tag, or
    already a language code (a facet value or a chart row names its own);
    None when `source` is None (nothing is known, so nothing is claimed).
    `cache_object` (the request, or the template context) keeps what was
    looked up for the next question.
    """
    if source is None or isinstance(source, str):
        return source or None
    # An alias shows its original's content: wagtail-localize creates the
    # untranslated parents of a translation as aliases of the German pages.
    # Lists load the column (core.queries.PAGE_LISTING_COLUMNS); an object
    # that left it out is not asked again, which would cost a query per card.
    if vars(source).get("alias_of_id") is not None:
        return source_language()
    state = getattr(source, "_state", None)
    locale = state.fields_cache.get("locale") if state is not None else None
    if locale is not None:
        return locale.language_code
    if isinstance(source, Page) and "url_path" not in source.get_deferred_fields():
        for root in _site_root_paths(cache_object):
            if source.url_path and source.url_path.startswith(root.root_path):
                return root.language_code
    locale_id = getattr(source, "locale_id", None)
    if locale_id is not None:
        return _locale_languages(cache_object).get(locale_id, source_language())
    return source_language()


def differs_from_interface(language: str | None) -> bool:
    """Whether text in `language` needs a mark of its own on the current page."""
    return bool(language) and language != get_language()


@cache
def _has_interface_texts(language: str, locale_paths: tuple) -> bool:
    return any(
        (Path(path) / language / "LC_MESSAGES" / "django.mo").exists() for path in locale_paths
    )


def interface_language_for(language: str) -> str:
    """
    The language in which the interface can speak about content in
    `language`: that language where the site has its interface texts
    (German, the texts' own; English, from locale/), else English.
    """
    if language == source_language():
        return language
    if _has_interface_texts(language, tuple(str(path) for path in settings.LOCALE_PATHS)):
        return language
    return "en"
