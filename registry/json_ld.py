"""schema.org JSON-LD of projects and cities, read by their `get_json_ld()` (core.share_meta)."""

from core.share_meta import without_empty
from core.tag_order import tag_names_in_order

SPDX_URL = "https://spdx.org/licenses/{}.html"


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
    return without_empty(data)


def city_json_ld(*, page, url: str, description: str) -> dict:
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
    return without_empty(data)
