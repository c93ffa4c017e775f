"""
sitemap.xml: Wagtail's sitemap of the site's German tree, with every live
translation of a page listed as well, and each entry naming all language
versions of its page as `<xhtml:link rel="alternate" hreflang="…">`, the
German one also as `x-default` (the source every translation is made from).
Search engines then offer a reader the version in their language.
https://docs.wagtail.org/en/stable/reference/contrib/sitemaps.html
https://developers.google.com/search/docs/specialty/international/localized-versions#sitemap
"""

from django.conf import settings

from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps.views import sitemap

from .translations import translations_in_other_languages


class LanguageVersionsSitemap(Sitemap):
    """One entry per page and language version; a page without translations is listed as before."""

    def _urls(self, page, protocol, domain):
        items = list(self.paginator.page(page).object_list)
        translations = translations_in_other_languages()
        urls, last_mods = [], set()
        for item in items:
            entries = item.get_sitemap_urls(self.request)
            versions = translations.get(item.translation_key, [])
            if versions:
                alternates = self.alternates(item, versions)
                for entry in entries:
                    entry["alternates"] = alternates
                for version in versions:
                    entries.append(
                        {
                            "location": version.get_full_url(self.request),
                            "lastmod": version.last_published_at
                            or version.latest_revision_created_at,
                            "alternates": alternates,
                        }
                    )
            for entry in entries:
                urls.append(entry)
                last_mods.add(entry.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls

    def alternates(self, source, versions) -> list[dict]:
        source_url = source.get_full_url(self.request)
        alternates = [{"lang_code": settings.LANGUAGE_CODE, "location": source_url}]
        for version in versions:
            alternates.append(
                {
                    "lang_code": version.locale.language_code,
                    "location": version.get_full_url(self.request),
                }
            )
        alternates.append({"lang_code": "x-default", "location": source_url})
        return alternates


def sitemap_view(request, **kwargs):
    """Wagtail's sitemap view with the language versions (`LanguageVersionsSitemap`)."""
    return sitemap(request, sitemaps={"pages": LanguageVersionsSitemap}, **kwargs)
