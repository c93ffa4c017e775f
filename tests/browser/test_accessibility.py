"""
axe-core (WCAG 2.0/2.1, A and AA) on every public page type of the demo site,
in German and in English, plus the forms; and screenshots of the main pages at
desktop, phone and the narrowest supported width (320 px, no sideways scroll).
"""

from django.urls import reverse

import pytest

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}
NARROWEST = {"width": 320, "height": 640}

# Kinds of page in conftest.demo_page_path.
PAGE_KINDS = [
    "home",
    "city_index",
    "city",
    "project",
    "reuse_request",
    "lesson",
    "knowledge_index",
    "article",
    "news_index",
    "news",
    "standard",
    "tag_index",
    "tag",
]


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_page_type_has_no_axe_violation_in_german(site, demo_path, kind):
    site.visit(demo_path(kind))
    assert site.page.locator("html").get_attribute("lang") == "de"
    site.assert_accessible()


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_page_type_has_no_axe_violation_in_english(site, demo_path, kind):
    site.visit(demo_path(kind, english=True))
    assert site.page.locator("html").get_attribute("lang") == "en"
    site.assert_accessible()


@pytest.mark.parametrize("path", ["/gibt-es-nicht/", "/en/does-not-exist/"])
def test_not_found_page_has_no_axe_violation(site, path):
    site.visit(path, expect_status=404)
    site.assert_accessible()


def test_admin_login_form_has_no_axe_violation(site):
    site.visit("/admin/login/")
    site.assert_accessible()


@pytest.mark.parametrize(
    "name,query",
    [
        ("search", "?q=Sensor"),
        ("search", "?q=Sensor&status=operation"),
        ("overview", ""),
        ("lessons", ""),
        ("open_data", ""),
    ],
)
def test_discovery_pages_have_no_axe_violation(site, name, query):
    site.visit(reverse(name) + query)
    site.assert_accessible()


MAIN_PAGES = ["home", "city_index", "city", "project", "lesson", "article", "news", "tag"]


@pytest.mark.parametrize("kind", MAIN_PAGES)
def test_main_pages_fit_every_width_and_are_photographed(open_site, demo_path, kind):
    path = demo_path(kind)
    for label, viewport in (("desktop", DESKTOP), ("375", PHONE), ("320", NARROWEST)):
        tab = open_site(viewport)
        tab.visit(path)
        overflow = tab.page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {label}"
        tab.screenshot(f"{kind}-{label}")
        tab.page.context.close()
