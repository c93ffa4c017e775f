"""
`{% load language_tags %}`: the `lang` marks of stored content (core.content_language).

Where content is in the interface's language nothing is written, so a German
page stays as it was. The source of a text is what stores it: a page for its
title, body and inline parts, a snippet or tag for its name, or a language
code where a list carries only names (facet values, chart rows).

    <h1{% lang_attr page %}>{{ page.title }}</h1>
    <div class="stream"{% lang_attr page %}>…
        <span{% interface_lang_attr page %}>(external page)</span>…</div>
    {% lang_text city.title city as city_name %}
    {% blocktranslate with city=city_name %}Projects in {{ city }}{% endblocktranslate %}
"""

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_info, override

from core.aggregates import cached_aggregate
from core.content_language import (
    content_language,
    differs_from_interface,
    interface_language_for,
    source_language,
)
from core.machine_translation import page_is_machine_translated, page_original
from core.translations import language_versions, translated_trees_exist, version_path

register = template.Library()


def _language(context, source):
    return content_language(source, cache_object=context.get("request") or context)


@register.simple_tag(name="source_language")
def source_language_tag():
    """The source language's code, for names that lists carry without their page or snippet."""
    return source_language()


@register.simple_tag
def source_lang_attr():
    """` lang="de"` for text written in the source language in code, such as the product's name."""
    language = source_language()
    return format_html(' lang="{}"', language) if differs_from_interface(language) else ""


@register.simple_tag(takes_context=True)
def lang_attr(context, source):
    """` lang="de"` on the element holding `source`'s text, when it is not the interface's."""
    language = _language(context, source)
    return format_html(' lang="{}"', language) if differs_from_interface(language) else ""


@register.simple_tag(takes_context=True)
def interface_lang_attr(context, source):
    """
    ` lang="en"` on interface text placed inside an element marked with
    `source`'s language (a hint inside a body), so it is read as interface
    text again; nothing when `source` is in the interface's language.
    """
    language = _language(context, source)
    return format_html(' lang="{}"', get_language()) if differs_from_interface(language) else ""


@register.simple_tag(takes_context=True)
def lang_text(context, text, source):
    """
    `text` in a `<span lang>` of `source`'s language, or plain (escaped) when
    that is the interface's: for a stored name inside an interface sentence.
    """
    if text in (None, ""):
        return ""
    language = _language(context, source)
    if differs_from_interface(language):
        return format_html('<span lang="{}">{}</span>', language, text)
    return mark_safe(conditional_escape(text))


def page_address_in(page, language, *, request=None) -> str:
    """
    The page's address under the interface in `language`, for a link from
    the page shown under another interface; "" when the site has no
    interface in that language.
    """
    if language not in dict(settings.LANGUAGES):
        return ""
    with override(language):
        return page.get_url(request=request)


@register.simple_tag(takes_context=True)
def language_notice(context, page):
    """
    The notice above a page whose content is in another language than the
    interface (components/language_notice.html); nothing at all otherwise,
    so a German page reads as it did.
    """
    language = _language(context, page)
    if not differs_from_interface(language):
        return ""
    return render_to_string(
        "components/language_notice.html",
        {
            "page_language": language,
            "language": get_language_info(language)["name_translated"],
            "original_url": page_address_in(page, language, request=context.get("request")),
        },
    )


@register.simple_tag(takes_context=True)
def machine_translation_notice(context, page):
    """
    The notice above a page whose text came from a machine and no person
    has reviewed (core.machine_translation), with a link to the German
    original: in the page's own language where the interface has it, else in
    English, marked with that language where it is not the interface's.
    Nothing at all for any other page; a German page costs no query.
    """
    request = context.get("request")
    if not page_is_machine_translated(page, cache_object=request or context):
        return ""
    notice_language = interface_language_for(_language(context, page))
    marked = notice_language if differs_from_interface(notice_language) else ""
    original = page_original(page)
    with override(notice_language):
        return render_to_string(
            "components/machine_translation_notice.html",
            {
                "notice_language": marked,
                "source_language": source_language(),
                "original": original,
                "original_url": page_address_in(original, source_language(), request=request)
                if original is not None
                else "",
            },
        )


@register.simple_tag(takes_context=True)
def link_lang_attrs(context, source):
    """
    ` lang="de" hreflang="de"` on a link to a page whose content is not in
    the interface's language (a German page listed on an English page), so
    that the reader's software knows where it leads; nothing otherwise.
    """
    language = _language(context, source)
    if not differs_from_interface(language):
        return ""
    return format_html(' lang="{}" hreflang="{}"', language, language)


@register.simple_tag(takes_context=True)
def hreflang_alternates(context, page, interface_versions):
    """
    The `<link rel="alternate" hreflang>` targets of the page's head, as
    `[{code, path}]`: where translated trees exist, the page's live language
    versions and the German one as `x-default` (an untranslated page has only
    its German version: its address under another interface shows German
    text); before any tree exists, or off a page, the page under every
    interface language (`interface_versions`, as the language switcher lists them).
    """
    if page is None or not getattr(page, "pk", None) or not translated_trees_exist():
        return interface_versions
    request = context.get("request")
    return cached_aggregate(
        f"hreflang:{page.pk}", lambda: page_version_paths(page, request=request)
    )


def page_version_paths(page, *, request=None) -> list[dict]:
    versions = language_versions([page]).get(page.translation_key, {})
    alternates = []
    for code, version in versions.items():
        path = version_path(version, request=request)
        if path is not None:
            alternates.append({"code": code, "path": path})
    source = versions.get(source_language())
    if source is not None:
        path = version_path(source, request=request)
        if path is not None:
            alternates.append({"code": "x-default", "path": path})
    return alternates


@register.simple_tag(takes_context=True)
def hreflang_attr(context, source):
    """` hreflang="de"` on a link whose text is already marked (`lang_attr` on its heading)."""
    language = _language(context, source)
    return format_html(' hreflang="{}"', language) if differs_from_interface(language) else ""
