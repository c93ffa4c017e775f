"""
Projects side by side at /vergleich/?p=…&p=…: a data table of two to four
published projects, a notice for every id left out, and how to choose
projects when fewer than two are given.
"""

import datetime
import html
import re
from types import SimpleNamespace

from django.urls import reverse
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

import factories
from discovery.compare import MAX_IDS_READ
from knowledge.choices import LessonKind
from registry.choices import ContactVisibility, ProjectStatus
from registry.models import Transfer

# The same bound at two and at four projects, once the site's own lookups are
# cached (the site, its navigation): the projects with their cities, fields of
# action, reusing cities, lessons and contacts, and the site for the request.
COMPARE_QUERIES = 6


def build_compared(tree) -> SimpleNamespace:
    """Four published projects in four cities, one draft and one private project."""
    today = timezone.localdate()
    tree.project.last_reviewed = today - datetime.timedelta(days=800)
    tree.project.save()
    wismar = factories.CityPageFactory(parent=tree.city_index, title="Wismar", slug="wismar")
    stralsund = factories.CityPageFactory(
        parent=tree.city_index, title="Stralsund", slug="stralsund"
    )
    rostock_contact = factories.ContactFactory(
        city=tree.rostock, visibility=ContactVisibility.PARTNERS, name="Max Partner"
    )
    rostock_project = factories.ProjectPageFactory(
        parent=tree.rostock,
        title="Parkleitsystem Warnemünde",
        status=ProjectStatus.PILOT,
        licence="MIT",
        repository_url="https://opencode.example.org/warnemuende",
        investment_eur=None,
        operating_cost_eur=12_000,
        funding_source="Eigenmittel",
        last_reviewed=today,
        contacts=[rostock_contact],
    )
    factories.LessonPageFactory(parent=rostock_project, kind=LessonKind.OBSTACLE)
    factories.LessonPageFactory(parent=rostock_project, kind=LessonKind.RECOMMENDATION)
    factories.LessonPageFactory(parent=rostock_project, kind=LessonKind.OBSTACLE, live=False)
    wismar_project = factories.ProjectPageFactory(parent=wismar, title="Parken am Alten Hafen")
    Transfer.objects.create(source_project=rostock_project, adopting_project=wismar_project)
    stralsund_project = factories.ProjectPageFactory(
        parent=stralsund, title="Sensoren am Sund", licence="", repository_url=""
    )
    fifth = factories.ProjectPageFactory(parent=stralsund, title="Fünftes Projekt")
    draft = factories.ProjectPageFactory(parent=wismar, title="Geheimer Entwurf", live=False)
    private = factories.ProjectPageFactory(parent=wismar, title="Internes Vorhaben")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )
    return SimpleNamespace(
        luebeck=tree.project,
        rostock=rostock_project,
        wismar=wismar_project,
        stralsund=stralsund_project,
        fifth=fifth,
        draft=draft,
        private=private,
    )


@pytest.fixture(scope="module")
def projects(site_tree_module, built_once_per_module):
    with built_once_per_module(lambda: build_compared(site_tree_module)) as data:
        yield data


def compare_url(*pages, prefix="") -> str:
    query = "&".join(f"p={page if isinstance(page, str) else page.pk}" for page in pages)
    return f"{prefix}{reverse('compare')}?{query}"


def get_text(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status
    return html.unescape(response.content.decode())


def table_row(text, label) -> list[str]:
    """The cells of the table row headed `label`, as text without markup."""
    match = re.search(rf'<tr><th scope="row">{re.escape(label)}</th>(.*?)</tr>', text, re.S)
    assert match, f"no row „{label}“"
    cells = re.findall(r"<td[^>]*>(.*?)</td>", match.group(1), re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in cells]


def column_titles(text) -> list[str]:
    head = re.search(r"<thead>(.*?)</thead>", text, re.S).group(1)
    return re.findall(r'<th scope="col"><a href="[^"]+"[^>]*>([^<]+)</a>', head)


def test_two_projects_side_by_side_in_a_data_table(client, site_tree, projects):
    text = get_text(client, compare_url(projects.luebeck, projects.rostock))
    assert "<caption" in text and "2 Projekte im Vergleich" in text
    assert column_titles(text) == ["Digitale Parkraumsteuerung", "Parkleitsystem Warnemünde"]
    assert f'href="{projects.rostock.url}"' in text
    assert table_row(text, "Stadt") == ["Lübeck", "Rostock"]
    assert table_row(text, "Status (Reifegrad)") == ["Im Betrieb", "Pilot / Umsetzung"]
    assert table_row(text, "Lizenz") == ["EUPL-1.2", "MIT"]
    assert table_row(text, "Quellcode") == [
        "https://opencode.example.org/parken",
        "https://opencode.example.org/warnemuende",
    ]
    assert table_row(text, "Beginn") == ["1. März 2021", "1. März 2021"]
    assert table_row(text, "Investition") == ["250.000 €", "keine Angabe"]
    assert table_row(text, "Betriebskosten pro Jahr") == ["keine Angabe", "12.000 €"]
    assert table_row(text, "Förderung") == ["Modellprojekte Smart Cities (Bund)", "Eigenmittel"]
    assert table_row(text, "Nachgenutzt in") == ["keiner anderen Stadt", "Wismar"]
    # Published lessons only; an obstacle is what the registry records as a failure.
    assert table_row(text, "Erfahrungen (davon Hindernisse)") == ["1 (0)", "2 (1)"]
    reviewed = table_row(text, "Zuletzt geprüft")
    assert "möglicherweise veraltet" in reviewed[0]
    assert "möglicherweise veraltet" not in reviewed[1]


def test_a_contact_counts_only_as_far_as_the_reader_may_see_it(
    client, site_tree, projects, partner_user
):
    url = compare_url(projects.luebeck, projects.rostock)
    # Rostock names only a partners-only contact: not available to anonymous readers.
    assert table_row(get_text(client, url), "Ansprechperson genannt") == ["ja", "nein"]
    client.force_login(partner_user)
    text = get_text(client, url)
    assert table_row(text, "Ansprechperson genannt") == ["ja", "ja"]
    # Only yes or no: never a name, address or number.
    assert "Max Partner" not in text and "smartcity@luebeck" not in text


def test_the_same_queries_for_two_and_for_four_projects(
    client, site_tree, projects, django_assert_max_num_queries
):
    two = compare_url(projects.luebeck, projects.rostock)
    four = compare_url(projects.luebeck, projects.rostock, projects.wismar, projects.stralsund)
    client.get(reverse("compare"))  # the site's lookups, cached for every page
    for url, columns in ((two, 2), (four, 4)):
        with django_assert_max_num_queries(COMPARE_QUERIES):
            text = get_text(client, url)
        assert len(column_titles(text)) == columns


def test_ids_that_name_no_public_project_are_left_out_with_a_notice(client, site_tree, projects):
    url = compare_url(
        projects.draft,
        projects.luebeck,
        projects.private,
        "kein-projekt",
        "99999999999999999999",
        str(site_tree.lesson.pk),
        projects.rostock,
    )
    text = get_text(client, url)
    assert column_titles(text) == ["Digitale Parkraumsteuerung", "Parkleitsystem Warnemünde"]
    assert "5 gewählte Projekte gibt es nicht oder sie sind nicht öffentlich" in text
    for hidden in (projects.draft, projects.private, site_tree.lesson):
        assert hidden.title not in text


def test_more_than_four_shows_the_first_four_with_a_notice(client, site_tree, projects):
    url = compare_url(
        projects.stralsund,
        projects.luebeck,
        projects.rostock,
        projects.wismar,
        projects.fifth,
    )
    text = get_text(client, url)
    assert column_titles(text) == [
        "Sensoren am Sund",
        "Digitale Parkraumsteuerung",
        "Parkleitsystem Warnemünde",
        "Parken am Alten Hafen",
    ]
    assert "höchstens 4 Projekte vergleichen" in text
    assert projects.fifth.title not in text


def test_an_address_with_many_ids_costs_no_more(
    client, site_tree, projects, django_assert_max_num_queries
):
    ids = [str(number) for number in range(1, 5 * MAX_IDS_READ)]
    client.get(reverse("compare"))
    with django_assert_max_num_queries(COMPARE_QUERIES):
        response = client.get(reverse("compare"), {"p": ids})
    assert response.status_code == 200
    assert "höchstens 4 Projekte vergleichen" in html.unescape(response.content.decode())


def test_fewer_than_two_explains_how_to_choose(client, site_tree, projects):
    # The same project twice is one project.
    text = get_text(client, compare_url(projects.rostock, projects.rostock))
    assert "<table" not in text
    assert "Gewählt ist bisher nur" in text and projects.rostock.title in text
    assert f'href="{reverse("search")}?type=project"' in text
    empty = get_text(client, reverse("compare"))
    assert "zwei bis vier Projekte" in empty and "<table" not in empty


def test_each_column_links_to_the_comparison_without_it(client, site_tree, projects):
    text = get_text(client, compare_url(projects.luebeck, projects.rostock, projects.wismar))
    assert f'href="?p={projects.rostock.pk}&p={projects.wismar.pk}"' in text
    assert f'href="?p={projects.luebeck.pk}&p={projects.rostock.pk}"' in text


def test_the_english_interface_under_en(client, site_tree, projects):
    text = get_text(client, compare_url(projects.luebeck, projects.rostock, prefix="/en"))
    assert '<html lang="en">' in text
    assert "Compare projects" in text
    assert table_row(text, "City") == ["Lübeck", "Rostock"]
    assert "possibly outdated" in text
    # German content keeps its language mark under the English interface.
    assert 'lang="de">Digitale Parkraumsteuerung' in text


def test_no_cookie_and_only_reading(client, site_tree, projects):
    url = compare_url(projects.luebeck, projects.rostock)
    response = client.get(url)
    assert not response.cookies
    assert client.post(url).status_code == 405


def test_search_results_offer_projects_for_the_comparison(client, site_tree, projects):
    text = get_text(client, reverse("search") + "?q=Parkleitsystem")
    form = re.search(r'<form class="compare-pick" method="get" action="([^"]+)">', text)
    assert form and form.group(1) == reverse("compare")
    assert f'name="p" value="{projects.rostock.pk}"' in text
    assert "Ausgewählte Projekte vergleichen" in text


def test_search_results_mark_a_project_possibly_outdated(client, site_tree, projects):
    text = get_text(client, reverse("search") + "?q=Parkraumsteuerung")
    assert "möglicherweise veraltet" in text
    fresh = get_text(client, reverse("search") + "?q=Warnemünde")
    assert "möglicherweise veraltet" not in fresh
