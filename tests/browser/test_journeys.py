"""
Two journeys through the site as people make them. The keyboard on its own
(skip link, Tab order, focus indicators) is in test_keyboard.py.
"""

import re

import pytest

from knowledge.models import LessonPage
from registry.models import CityPage, ProjectPage

pytestmark = pytest.mark.browser

EDITOR = "redaktion-luebeck"
DEMO_PASSWORD = "hanse-demo-2023"


def test_visitor_searches_filters_to_a_project_and_opens_a_lesson(site):
    page = site.page
    site.visit("/")
    page.get_by_role("search").get_by_label("Suchbegriff").fill("Sensoren")
    page.get_by_role("search").get_by_role("button", name="Suchen").click()
    page.wait_for_url(re.compile(r"q=Sensoren"))

    facets = page.locator(".search-layout__facets")
    facets.get_by_role("link", name=re.compile(r"^Lübeck")).click()
    page.wait_for_url(re.compile(r"city=luebeck"))
    facets.get_by_role("link", name=re.compile(r"^Projekte")).click()
    page.wait_for_url(re.compile(r"type=project"))
    site.assert_accessible()

    results = page.locator(".search-result")
    assert results.count() >= 1
    assert all("Lübeck" in text for text in results.all_inner_texts())
    results.first.get_by_role("link").click()
    project = ProjectPage.objects.get(url_path__endswith=page.url.split("/staedte/", 1)[1])
    assert page.get_by_role("heading", level=1).inner_text() == project.title

    lessons = page.locator("section[aria-labelledby=project-lessons]")
    lesson_link = lessons.get_by_role("link").first
    lesson_title = lesson_link.inner_text()
    lesson_link.click()
    assert page.get_by_role("heading", level=1).inner_text() == lesson_title
    assert LessonPage.objects.filter(title=lesson_title, city=project.city).exists()
    assert page.get_by_role("navigation", name="Sie sind hier").get_by_text(project.title)


def test_editor_creates_a_project_and_submits_it_for_review(site):
    page = site.page
    luebeck = CityPage.objects.get(slug="luebeck", locale__language_code="de")
    site.visit("/admin/login/")
    page.locator("#id_username").fill(EDITOR)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/$"))

    site.visit(f"/admin/pages/add/registry/projectpage/{luebeck.pk}/")
    page.locator("#id_title").fill("Digitale Sitzungsunterlagen")
    page.locator("#id_summary").fill("Ratsunterlagen erscheinen barrierefrei auf Tablets.")
    page.get_by_role("button", name="Mehr Aktionen").click()
    page.get_by_role("button", name=re.compile("einreichen")).click()
    page.wait_for_url(lambda url: "/add/" not in url)
    assert page.locator(".messages .success").count() == 1

    project = ProjectPage.objects.get(title="Digitale Sitzungsunterlagen")
    assert project.get_parent().pk == luebeck.pk
    assert not project.live
    assert project.workflow_in_progress
    assert project.current_workflow_state.requested_by.username == EDITOR
