"""
The comparison of projects in a browser: chosen in the search without
JavaScript, read as a data table that passes axe in German and English,
and printed without its controls.
"""

from django.urls import reverse

import pytest

from registry.models import ProjectPage

pytestmark = pytest.mark.browser


def compare_path(count, *, english=False):
    projects = (
        ProjectPage.objects.live().public().filter(locale__language_code="de").order_by("path")
    )
    ids = [project.pk for project in projects[:count]]
    assert len(ids) == count, "The demo content has too few projects to compare"
    return ("/en" if english else "") + reverse("compare") + "?" + "&".join(f"p={i}" for i in ids)


@pytest.mark.parametrize("english", [False, True])
def test_comparison_has_no_axe_violation(site, demo_site, english):
    site.visit(compare_path(4, english=english))
    assert site.page.locator(".compare-table thead th[scope=col]").count() == 4
    site.assert_accessible()


def test_projects_are_chosen_in_the_search_without_javascript(site_without_javascript):
    site = site_without_javascript
    site.visit(reverse("search") + "?type=project")
    boxes = site.page.locator(".search-result__compare input[type=checkbox]")
    assert boxes.count() >= 2
    boxes.nth(0).check()
    boxes.nth(1).check()
    site.page.get_by_role("button", name="Ausgewählte Projekte vergleichen").click()
    assert site.page.url.split("?")[0].endswith(reverse("compare"))
    assert site.page.locator(".compare-table thead th[scope=col]").count() == 2
    site.page.emulate_media(media="print")
    assert site.page.locator(".compare-remove").first.is_hidden()
    assert site.page.locator(".compare-table").is_visible()
