"""
Wagtail's page view, with the site root found without a query where the
address is German.

With WAGTAIL_I18N_ENABLED, Wagtail routes every request from
`site.root_page.localized`, which looks up the active language's locale in
the database, one query per page view. The site's root page is the German
home page (German is the source of every translation), so for a German
address that lookup can only answer "the root itself". Other languages go
through Wagtail's own `localized`: their home page if there is one, else the
German tree under their interface.
https://docs.wagtail.org/en/stable/advanced_topics/i18n.html
"""

from django.conf import settings
from django.http import Http404
from django.utils.translation import get_language

from wagtail import views as wagtail_views
from wagtail.models import Site


def localized_root(site, language: str):
    """
    The root of the site's tree in `language`, or None while it has none: one
    query, found through Wagtail's cached site root paths (which list each
    translated tree's root) instead of `Page.localized` (a locale lookup, the
    translation, then its specific page). A translation is of its source's type.
    """
    for root in Site.get_site_root_paths():
        if (
            root.site_id == site.pk
            and root.language_code == language
            and root.root_path != site.root_page.url_path
        ):
            return (
                site.root_page.specific_class.objects.filter(
                    translation_key=site.root_page.translation_key,
                    locale__language_code=language,
                )
                .exclude(pk=site.root_page.pk)
                .first()
            )
    return None


def page_route(request, path: str):
    """
    What `Page.route_for_request` computes, with the German root taken as it
    is. Under another language's address, a page not (yet) translated into it
    is the German page: it is served there, under that interface, marked as
    German with a notice (core.content_language), instead of a 404 as soon as
    any page of that language exists.
    """
    site = Site.find_for_request(request)
    if site is None:
        return None
    roots = [site.root_page]
    if get_language() != settings.LANGUAGE_CODE:
        localized = localized_root(site, get_language())
        if localized is not None:
            roots.insert(0, localized)
    parts = [part for part in path.split("/") if part]
    for root in roots:
        try:
            return root.specific.route(request, parts)
        except Http404:
            continue
    return None


def serve(request, path):
    # Wagtail keeps the route on the request (`_wagtail_route_for_request`)
    # and reads it from there in its own serve view.
    if not hasattr(request, "_wagtail_route_for_request"):
        request._wagtail_route_for_request = page_route(request, path)
    return wagtail_views.serve(request, path)
