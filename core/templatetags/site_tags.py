"""
Template tags and filters for the public templates.

Formatting follows the active language (German first), so "120.000 €" in
German becomes "120,000 €" once English catalogues arrive. Nothing here runs a
query per item: the tags either work on values already loaded or run one
query per call.
"""

import re
from decimal import Decimal, InvalidOperation

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.formats import number_format
from django.utils.translation import get_language, get_language_info, pgettext

from wagtail.models import Page

from core.aggregates import cached_aggregate
from core.content_language import content_language
from core.queries import published_pages
from core.tag_order import tags_in_order

register = template.Library()


@register.filter
def in_reading_order(tags):
    """Tags as every list shows them (core.tag_order), on tags already loaded."""
    return tags_in_order(tags)


@register.filter
def grouped(value):
    """A whole number with the language's thousands separator: 216530 → "216.530"."""
    if value in (None, ""):
        return ""
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return value
    return number_format(number, decimal_pos=0, use_l10n=True, force_grouping=True)


@register.filter
def euro(value):
    """An amount in whole euros: 120000 → "120.000 €" (non-breaking space before €)."""
    formatted = grouped(value)
    return f"{formatted}\u00a0€" if formatted != "" else ""


@register.filter
def coordinates(city):
    """Latitude and longitude with hemisphere letters, e.g. "53,8697° N, 10,6864° O"."""
    latitude, longitude = city.latitude, city.longitude
    if latitude is None or longitude is None:
        return ""
    # German abbreviates east as "O" (Ost); the source strings are German.
    north_south = (
        pgettext("Himmelsrichtung", "N") if latitude >= 0 else pgettext("Himmelsrichtung", "S")
    )
    east_west = (
        pgettext("Himmelsrichtung", "O") if longitude >= 0 else pgettext("Himmelsrichtung", "W")
    )
    lat = number_format(abs(latitude), decimal_pos=4, use_l10n=True)
    lon = number_format(abs(longitude), decimal_pos=4, use_l10n=True)
    return f"{lat}° {north_south}, {lon}° {east_west}"


@register.filter
def tel_href(phone):
    """A phone number as written ("+49 451 122-0") turned into a tel: target ("+494511220")."""
    return re.sub(r"[^\d+]", "", phone or "")


@register.filter
def published(related_pages):
    return published_pages(related_pages, by_title=True)


@register.simple_tag(takes_context=True)
def nav_current(context, item):
    """
    How a main-navigation item relates to the page being shown: "page" when it
    is that page, "true" when the page lies below it, "" otherwise. The value
    goes straight into aria-current.
    """
    page = context.get("page")
    if page is None or not getattr(page, "path", None):
        return ""
    if page.path == item.path:
        return "page"
    if page.path.startswith(item.path):
        return "true"
    return ""


@register.simple_tag
def page_range(page_obj):
    """Page numbers with ellipses for long lists: 1 … 4 5 [6] 7 8 … 20."""
    return page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)


@register.simple_tag(takes_context=True)
def page_query(context, number):
    """The current query string with only the page number replaced."""
    request = context.get("request")
    query = request.GET.copy() if request is not None else None
    if query is None:
        return f"?page={number}"
    query["page"] = number
    return "?" + query.urlencode()


@register.simple_tag(takes_context=True)
def language_versions(context):
    """
    The page being shown in every interface language: code, name (in that
    language) and path. Plain links, not a POST to set_language, so that
    switching sets no cookie for an anonymous reader.
    """
    request = context.get("request")
    current = get_language()
    path = request.get_full_path() if request is not None else "/"
    versions = translated_page_paths(context.get("page"), path=path, request=request)
    return [
        {
            "code": code,
            "name": get_language_info(code)["name_local"],
            "path": versions.get(code) or translate_url(path, code),
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]


def translated_page_paths(page, *, path: str, request) -> dict[str, str]:
    """
    A translated page's address in each language it is published in (the
    rest of `path` below the page kept): a translation has slugs of its own,
    so the German address is not the English one with the prefix taken off.
    Nothing for a page in the source language, whose other versions are its
    address under that language's prefix (a German page keeps its queries);
    a translated page's versions are read once per change of the content.
    """
    if not isinstance(page, Page) or not page.pk:
        return {}
    if content_language(page, cache_object=request) in (None, settings.LANGUAGE_CODE):
        return {}
    own = page.get_url(request)
    if not own or not path.startswith(own):
        return {}
    rest = path[len(own) :]

    def translation_urls() -> dict[str, str]:
        translations = page.get_translations(inclusive=True).live().select_related("locale")
        urls = {item.locale.language_code: item.get_url(request) for item in translations}
        return {code: url for code, url in urls.items() if url}

    # The same for every reader of this host until the content changes.
    host = request.get_host() if request is not None else ""
    urls = cached_aggregate(f"translations:{page.translation_key}:{host}", translation_urls)
    return {code: url + rest for code, url in urls.items()}
