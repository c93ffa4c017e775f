"""
The comparison of projects in a browser: chosen in the search without
JavaScript, read as a data table that passes axe in German and English (also
with a partner network's projects beside our own), and printed without its
controls.
"""

from django.urls import reverse
from django.utils import timezone

import pytest

import factories
from discovery.compare import harvested_compare_key
from knowledge.choices import LessonKind
from registry.models import ProjectPage

pytestmark = pytest.mark.browser


def compare_path(count, *, english=False, also=()):
    projects = (
        ProjectPage.objects.live().public().filter(locale__language_code="de").order_by("path")
    )
    ids = [str(project.pk) for project in projects[:count]]
    assert len(ids) == count, "The demo content has too few projects to compare"
    ids += also
    return ("/en" if english else "") + reverse("compare") + "?" + "&".join(f"p={i}" for i in ids)


@pytest.fixture
def partner_copies(demo_site):
    """Two copies of a partner network's projects, one with a lesson; removed after the test."""
    network = factories.PartnerNetworkFactory(
        name="Smarte Städte Brandenburg", base_url="https://brandenburg.example.org/"
    )
    bus = factories.HarvestedProjectFactory(
        network=network,
        source_url="https://brandenburg.example.org/potsdam/rufbus/",
        title="Rufbus Potsdam",
        status="pilot",
        status_label="Pilot / Umsetzung",
        fields_of_action=[{"slug": "mobilitaet", "name": "Mobilität"}],
        licence="AGPL-3.0-or-later",
    )
    factories.HarvestedLessonFactory(project=bus, kind=LessonKind.OBSTACLE)
    portal = factories.HarvestedProjectFactory(
        network=network,
        title="Bürgerportal Cottbus",
        city_name="Cottbus",
        last_reviewed=timezone.localdate(),
    )
    yield [bus, portal]
    network.delete()


@pytest.mark.parametrize("english", [False, True])
def test_comparison_has_no_axe_violation(site, demo_site, english):
    site.visit(compare_path(4, english=english))
    assert site.page.locator(".compare-table thead th[scope=col]").count() == 4
    site.assert_accessible()


@pytest.mark.parametrize("english", [False, True])
def test_partner_projects_beside_our_own_have_no_axe_violation(site, partner_copies, english):
    keys = [harvested_compare_key(copy) for copy in partner_copies]
    site.visit(compare_path(2, english=english, also=keys))
    heads = site.page.locator(".compare-table thead th[scope=col]")
    assert heads.count() == 4
    origin = "Original at" if english else "Original bei"
    assert heads.nth(2).inner_text().split("\n") == [
        "Rufbus Potsdam",
        f"{origin} Smarte Städte Brandenburg",
    ]
    link = heads.nth(2).get_by_role("link", name="Rufbus Potsdam")
    assert link.get_attribute("href") == "https://brandenburg.example.org/potsdam/rufbus/"
    assert link.get_attribute("rel") == "external"
    unknown = "not known" if english else "nicht bekannt"
    investment_head = site.page.get_by_role(
        "rowheader", name="Investment" if english else "Investition", exact=True
    )
    investment = site.page.locator(".compare-table tbody tr", has=investment_head).locator("td")
    assert [investment.nth(i).inner_text() for i in (2, 3)] == [unknown, unknown]
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
