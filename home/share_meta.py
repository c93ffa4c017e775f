"""
Sharing metadata: OpenGraph properties and schema.org JSON-LD for project,
city and news pages, built from the structured fields so that a link shared
in a messenger or read by a search engine says the same as the page.
Partners-only contacts are never part of it (no contact is).
"""

import json

from django.utils.html import strip_tags

from wagtail.models import Page

from .tag_order import tag_names_in_order

SITE_NAME = "Hanse Wissensnetz"
SPDX_URL = "https://spdx.org/licenses/{}.html"


def absolute(request, url: str | None) -> str | None:
    if not url:
        return None
    return request.build_absolute_uri(url) if request is not None else url


def image_url(request, image) -> str | None:
    if image is None:
        return None
    return absolute(request, image.get_rendition("max-1200x630").url)


def share_meta(*, page: Page, request, tags=None) -> dict:
    """{"og": [(property, content), …], "json_ld": dict} for one page."""
    from home.models import NewsPage
    from registry.models import CityPage, ProjectPage

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
    if isinstance(page, ProjectPage):
        json_ld = project_json_ld(page=page, url=url, description=description, tags=tags)
    elif isinstance(page, CityPage):
        json_ld = city_json_ld(page=page, url=url, description=description, request=request)
        og["og:image"] = image_url(request, page.coat_of_arms)
    elif isinstance(page, NewsPage):
        og["og:type"] = "article"
        og["article:published_time"] = page.date.isoformat()
        og["og:image"] = image_url(request, page.image)
        if page.image and page.image_alt:
            og["og:image:alt"] = page.image_alt
        json_ld = news_json_ld(page=page, url=url, description=description, image=og["og:image"])
    else:
        json_ld = {"@context": "https://schema.org", "@type": "WebPage", "name": page.title}
    return {
        "og": [(key, value) for key, value in og.items() if value],
        "json_ld": json_ld,
    }


def publisher() -> dict:
    return {"@type": "Organization", "name": SITE_NAME}


def project_json_ld(*, page, url: str, description: str, tags=None) -> dict:
    tags = page.tags.all() if tags is None else tags
    data = {
        "@context": "https://schema.org",
        "@type": "SoftwareApplication" if page.reusable_software else "CreativeWork",
        "name": page.title,
        "description": description,
        "url": url,
        "inLanguage": "de",
        "keywords": ", ".join(tag_names_in_order(tags)),
        "creativeWorkStatus": page.get_status_display(),
    }
    if page.reusable_software:
        data["applicationCategory"] = "GovernmentApplication"
        data["operatingSystem"] = "Web"
    if page.last_published_at:
        data["dateModified"] = page.last_published_at.isoformat()
    if page.licence:
        simple = " " not in page.licence
        data["license"] = SPDX_URL.format(page.licence) if simple else page.licence
    if page.repository_url:
        data["sameAs"] = page.repository_url
    if page.city:
        data["producer"] = {
            "@type": "GovernmentOrganization",
            "name": page.city.official_name,
            "url": page.city.get_full_url(),
        }
    return {key: value for key, value in data.items() if value not in ("", None)}


def city_json_ld(*, page, url: str, description: str, request) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "City",
        "name": page.title,
        "alternateName": page.official_name,
        "description": description,
        "url": url,
        "geo": {
            "@type": "GeoCoordinates",
            "latitude": float(page.latitude),
            "longitude": float(page.longitude),
        },
        "containedInPlace": {
            "@type": "AdministrativeArea",
            "name": page.get_federal_state_display(),
        },
        "identifier": {
            "@type": "PropertyValue",
            "propertyID": "Amtlicher Gemeindeschlüssel",
            "value": page.municipality_key,
        },
    }
    if page.website:
        data["sameAs"] = page.website
    if page.population:
        data["population"] = page.population
    return {key: value for key, value in data.items() if value not in ("", None)}


def news_json_ld(*, page, url: str, description: str, image: str | None) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": page.title[:110],
        "description": description,
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": "de",
        "datePublished": page.date.isoformat(),
        "publisher": publisher(),
        "author": publisher(),
        "keywords": ", ".join(tag_names_in_order(page.tags)),
    }
    if page.last_published_at:
        data["dateModified"] = page.last_published_at.isoformat()
    if image:
        data["image"] = [image]
    return {key: value for key, value in data.items() if value not in ("", None)}


def json_ld_script_content(data: dict) -> str:
    """JSON for a <script type="application/ld+json">: `<`, `>` and `&` escaped."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
