"""
Sharing metadata: OpenGraph properties and schema.org JSON-LD for every page,
built from the structured fields so that a link shared in a messenger or read
by a search engine says the same as the page. Page types with structured
fields (projects, cities, news) override `get_og_properties()` and
`get_json_ld()`. Partners-only contacts are never part of it (no contact is).
"""

import json

from django.utils.html import strip_tags

from wagtail.models import Page

SITE_NAME = "Hanse Wissensnetz"


def absolute(request, url: str | None) -> str | None:
    if not url:
        return None
    return request.build_absolute_uri(url) if request is not None else url


def image_url(request, image) -> str | None:
    if image is None:
        return None
    return absolute(request, image.get_rendition("max-1200x630").url)


def share_meta(*, page: Page, request, tags=None) -> dict:
    """{"og": [(property, content), …], "json_ld": dict} for one page (core.models.BasePage)."""
    url = page.get_full_url(request=request)
    description = strip_tags(page.get_meta_description() or "").strip()
    og = {
        "og:site_name": SITE_NAME,
        "og:locale": "de_DE",
        "og:title": page.seo_title or page.title,
        "og:url": url,
        "og:description": description,
        "og:type": "website",
    }
    og.update(page.get_og_properties(request=request))
    json_ld = page.get_json_ld(request=request, url=url, description=description, og=og, tags=tags)
    return {
        "og": [(key, value) for key, value in og.items() if value],
        "json_ld": json_ld,
    }


def publisher() -> dict:
    return {"@type": "Organization", "name": SITE_NAME}


def without_empty(data: dict) -> dict:
    """JSON-LD leaves out what a page does not say rather than stating it empty."""
    return {key: value for key, value in data.items() if value not in ("", None)}


def json_ld_script_content(data: dict) -> str:
    """JSON for a <script type="application/ld+json">: `<`, `>` and `&` escaped."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
