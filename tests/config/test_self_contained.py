"""
Self-contained: an anonymous reader gets no cookie from any page but the
reuse request form's own, and no page asks the browser to load anything from
another host.
"""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import translation

import pytest

# Pages whose POST form needs Django's CSRF cookie; every other page sets none,
# so a shared cache may keep them for every reader.
PAGES_WITH_CSRF_FORMS = {"reuse_request"}  # "Wir möchten das nachnutzen" (registry.reuse)

# Tags whose src/href/srcset/poster the browser loads by itself.
RESOURCE_ATTRIBUTES = {
    "link": ["href"],
    "script": ["src"],
    "img": ["src", "srcset"],
    "iframe": ["src"],
    "source": ["src", "srcset"],
    "video": ["src", "poster"],
    "audio": ["src"],
    "embed": ["src"],
    "object": ["data"],
    "image": ["href"],  # SVG
    "use": ["href"],  # SVG
}


@pytest.fixture(autouse=True)
def german_outside_requests():
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def public_paths(site_tree):
    return {
        "home": site_tree.home.url,
        "city_index": site_tree.city_index.url,
        "city": site_tree.luebeck.url,
        "project": site_tree.project.url,
        "lesson": site_tree.lesson.url,
        "knowledge_index": site_tree.knowledge_index.url,
        "article": site_tree.article.url,
        "news_index": site_tree.news_index.url,
        "news": site_tree.news.url,
        "standard": site_tree.standard.url,
        "tag_index": reverse("tag_index"),
        "tag": reverse("tag_detail", args=["lorawan"]),
        "reuse_request": site_tree.project.url + "nachnutzen/",
        "reuse_request_sent": site_tree.project.url + "nachnutzen/danke/",
        "search": reverse("search") + "?q=Sensoren",
        "search_browse": reverse("search"),
        "search_facets": reverse("search") + "?q=Sensoren&type=project&city=luebeck",
        "browse_facets": reverse("search") + "?type=project&city=luebeck",
        "suggestions": reverse("search_suggest") + "?q=Sens",
        "overview": reverse("overview"),
        "lessons": reverse("lessons"),
    }


def language_neutral_paths(site_tree):
    """Addresses outside the language prefixes: data, feeds, API, sitemap."""
    return {
        "open_data": reverse("open_data"),
        "open_data_csv": reverse("open_data_projects_csv"),
        "publiccode": site_tree.project.url + "publiccode.yml",
        "feed_news": reverse("feed_news"),
        "feed_projects": reverse("feed_projects"),
        "feed_city": reverse("feed_city", args=["luebeck"]),
        "feed_tag": reverse("feed_tag", args=["lorawan"]),
        "api_projects": "/api/v2/projects/",
        "api_project": f"/api/v2/projects/{site_tree.project.pk}/",
        "api_cities": "/api/v2/cities/",
        "sitemap": "/sitemap.xml",
    }


class ResourceCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        wanted = RESOURCE_ATTRIBUTES.get(tag, [])
        for name, value in attrs:
            if name in wanted and value:
                if name == "srcset":
                    self.urls += [part.split()[0] for part in value.split(",") if part.strip()]
                else:
                    self.urls.append(value)

    handle_startendtag = handle_starttag


def foreign_resources(html_text, host="testserver"):
    collector = ResourceCollector()
    collector.feed(html_text)
    return [
        url
        for url in collector.urls
        if urlsplit(url).netloc not in ("", host) or url.startswith("//")
    ]


def test_no_page_but_the_reuse_form_sets_a_cookie_for_anonymous_readers(client, site_tree):
    paths = [
        (kind, prefix + path)
        for kind, path in public_paths(site_tree).items()
        for prefix in ("", "/en")
    ] + list(language_neutral_paths(site_tree).items())
    for kind, path in paths:
        client.cookies.clear()
        response = client.get(path)
        assert response.status_code == 200, path
        if kind in PAGES_WITH_CSRF_FORMS:
            assert set(response.cookies) == {settings.CSRF_COOKIE_NAME}, path
        else:
            assert not response.cookies, f"{path} sets {list(response.cookies)}"
            assert "Set-Cookie" not in response.headers, path


@pytest.mark.parametrize("path", ["/gibt-es-nicht/", "/en/does-not-exist/", "/feeds/tags/nix/"])
def test_not_found_page_sets_no_cookie(client, site_tree, path):
    response = client.get(path)
    assert response.status_code == 404
    assert not response.cookies


def test_pages_load_nothing_from_other_hosts(client, site_tree):
    for path in public_paths(site_tree).values():
        for prefix in ("", "/en"):
            response = client.get(prefix + path)
            assert foreign_resources(response.content.decode()) == [], prefix + path


def test_the_check_notices_a_foreign_resource():
    page = (
        '<link rel="stylesheet" href="/static/css/site.css">'
        '<script src="https://cdn.example.org/x.js"></script>'
        '<img srcset="/a.png 1x, //fonts.example.net/b.png 2x" alt="">'
        '<a href="https://www.luebeck.de">Lübeck</a>'
    )
    assert foreign_resources(page) == [
        "https://cdn.example.org/x.js",
        "//fonts.example.net/b.png",
    ]


def test_css_loads_no_fonts_or_images_from_other_hosts():
    css = (settings.BASE_DIR / "static" / "css" / "site.css").read_text(encoding="utf-8")
    assert re.findall(r"url\(\s*['\"]?(?:https?:)?//", css) == []
    assert "@import" not in css
