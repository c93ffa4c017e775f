"""
Projects side by side at /vergleich/?p=…&p=…: a data table of two to four
published projects, the registry's own or copies of a partner network's, a
notice for every id left out, and how to choose projects when fewer than two
are given.
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
from discovery.compare import MAX_IDS_READ, harvested_compare_key
from discovery.harvest import copies_sync
from discovery.models import HarvestedProject
from knowledge.choices import LessonKind
from registry.choices import ContactVisibility, ProjectStatus
from registry.models import Transfer

# The same bound at two and at four projects, once the site's own lookups are
# cached (the site, its navigation): the projects with their cities, fields of
# action, reusing cities, lessons and contacts, and the site for the request.
COMPARE_QUERIES = 6
# Copies of a partner network's projects add two queries, whatever their
# number: the copies with their networks, and the kinds of their lessons.
MIXED_QUERIES = COMPARE_QUERIES + 2
# Copies only: those two and the site for the request.
HARVESTED_QUERIES = 3


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
    copies = build_harvested()
    return SimpleNamespace(
        **copies,
        luebeck=tree.project,
        rostock=rostock_project,
        wismar=wismar_project,
        stralsund=stralsund_project,
        fifth=fifth,
        draft=draft,
        private=private,
    )


def build_harvested() -> dict:
    """
    Copies of two partner networks' projects: one that shares its lessons,
    and one that does not and is no longer harvested (its copies stay).
    """
    today = timezone.localdate()
    brandenburg = factories.PartnerNetworkFactory(name="Smarte Städte Brandenburg")
    south = factories.PartnerNetworkFactory(name="Netz Süd", take_lessons=False, active=False)
    bus = factories.HarvestedProjectFactory(
        network=brandenburg,
        title="Rufbus Potsdam",
        status=ProjectStatus.PILOT,
        status_label="Pilot / Umsetzung",
        fields_of_action=[{"slug": "mobilitaet", "name": "Mobilität"}],
        licence="AGPL-3.0-or-later",
        repository_url="https://code.brandenburg.example.org/rufbus",
        start_date=datetime.date(2022, 4, 1),
        last_reviewed=today - datetime.timedelta(days=500),
    )
    for kind in (LessonKind.OBSTACLE, LessonKind.OBSTACLE, LessonKind.SUCCESS_FACTOR):
        factories.HarvestedLessonFactory(project=bus, kind=kind)
    sensors = factories.HarvestedProjectFactory(
        network=brandenburg, title="Pegelsensoren Havel", city_name="Brandenburg an der Havel"
    )
    factories.HarvestedLessonFactory(project=sensors, kind="")
    portal = factories.HarvestedProjectFactory(
        network=south,
        title="Bürgerportal Cottbus",
        city_name="Cottbus",
        status="paused",
        status_label="Pausiert",
        last_reviewed=today,
    )
    # Stored before the network stopped sharing lessons: not counted.
    factories.HarvestedLessonFactory(project=portal, kind=LessonKind.OBSTACLE)
    return {"bus": bus, "sensors": sensors, "portal": portal}


@pytest.fixture(scope="module")
def projects(site_tree_module, built_once_per_module):
    with built_once_per_module(lambda: build_compared(site_tree_module)) as data:
        yield data


def compare_key(project) -> str:
    if isinstance(project, str):
        return project
    if isinstance(project, HarvestedProject):
        return harvested_compare_key(project)
    return str(project.pk)


def compare_url(*pages, prefix="") -> str:
    query = "&".join(f"p={compare_key(page)}" for page in pages)
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


def test_one_copy_alone_names_its_network(client, site_tree, projects):
    text = get_text(client, compare_url(projects.bus))
    assert "<table" not in text
    assert (
        f'Gewählt ist bisher nur <a href="{projects.bus.source_url}" rel="external">'
        "Rufbus Potsdam</a> (Original bei Smarte Städte Brandenburg)."
    ) in text


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


def test_a_partner_networks_project_beside_our_own(client, site_tree, projects):
    bus = projects.bus
    text = get_text(client, compare_url(projects.luebeck, bus))
    assert column_titles(text) == ["Digitale Parkraumsteuerung", "Rufbus Potsdam"]
    # The column head links to the original at the partner and names the network.
    head = re.search(r"<thead>(.*?)</thead>", text, re.S).group(1)
    assert f'<a href="{bus.source_url}" rel="external">Rufbus Potsdam</a>' in head
    assert "Original bei Smarte Städte Brandenburg" in head
    assert "Original bei" not in head.split("Rufbus Potsdam")[0]
    assert table_row(text, "Stadt") == ["Lübeck", "Potsdam"]
    assert table_row(text, "Status (Reifegrad)") == ["Im Betrieb", "Pilot / Umsetzung"]
    assert table_row(text, "Handlungsfelder")[1] == "Mobilität"
    assert table_row(text, "Lizenz") == ["EUPL-1.2", "AGPL-3.0-or-later"]
    assert table_row(text, "Quellcode")[1] == "https://code.brandenburg.example.org/rufbus"
    assert table_row(text, "Beginn")[1] == "1. April 2022"
    assert table_row(text, "Ende")[1] == "keine Angabe"
    # What the partner does not give out is unknown, never "none" or "no".
    assert table_row(text, "Investition") == ["250.000 €", "nicht bekannt"]
    assert table_row(text, "Betriebskosten pro Jahr") == ["keine Angabe", "nicht bekannt"]
    assert table_row(text, "Förderung")[1] == "nicht bekannt"
    assert table_row(text, "Nachnutzbar")[1] == "nicht bekannt"
    assert table_row(text, "Nachgenutzt in") == ["keiner anderen Stadt", "nicht bekannt"]
    assert table_row(text, "Ansprechperson genannt") == ["ja", "nicht bekannt"]
    # The network shares its lessons: its copies of this project's, two of them obstacles.
    assert table_row(text, "Erfahrungen (davon Hindernisse)") == ["1 (0)", "3 (2)"]
    # Reviewed 500 days ago at the partner: the same twelve-month rule as ours.
    reviewed = table_row(text, "Zuletzt geprüft")
    assert "möglicherweise veraltet" in reviewed[1]
    assert "stammen aus einem Partnernetzwerk" in text


def test_a_network_that_keeps_its_lessons_leaves_them_unknown(client, site_tree, projects):
    # Netz Süd is no longer harvested: its stored copy is still shown, as in the search.
    text = get_text(client, compare_url(projects.portal, projects.sensors))
    assert column_titles(text) == ["Bürgerportal Cottbus", "Pegelsensoren Havel"]
    assert "Original bei Netz Süd" in text
    # Netz Süd does not share lessons; a lesson without a kind leaves the obstacles open.
    assert table_row(text, "Erfahrungen (davon Hindernisse)") == [
        "nicht bekannt",
        "1 (nicht bekannt)",
    ]
    # A status this registry does not know keeps the partner's label.
    assert table_row(text, "Status (Reifegrad)")[0] == "Pausiert"
    assert "status--paused" not in text
    reviewed = table_row(text, "Zuletzt geprüft")
    assert "möglicherweise veraltet" not in reviewed[0]
    # First published 900 days ago and never reviewed.
    assert "Noch nicht geprüft" in reviewed[1] and "möglicherweise veraltet" in reviewed[1]
    # A partner's city has no page here: named, not linked.
    assert table_row(text, "Stadt") == ["Cottbus", "Brandenburg an der Havel"]
    city_row = re.search(r'<tr><th scope="row">Stadt</th>(.*?)</tr>', text, re.S).group(1)
    assert "<a " not in city_row


def test_our_own_projects_need_no_partner_note(client, site_tree, projects):
    text = get_text(client, compare_url(projects.luebeck, projects.rostock))
    assert "Partnernetzwerk" not in text and "nicht bekannt" not in text
    assert 'rel="external"' not in text


def test_the_same_queries_with_copies_of_partner_projects(
    client, site_tree, projects, django_assert_max_num_queries
):
    mixed = compare_url(projects.luebeck, projects.bus, projects.rostock, projects.portal)
    copies = compare_url(projects.bus, projects.sensors, projects.portal)
    client.get(reverse("compare"))
    for url, bound, columns in ((mixed, MIXED_QUERIES, 4), (copies, HARVESTED_QUERIES, 3)):
        with django_assert_max_num_queries(bound):
            text = get_text(client, url)
        assert len(column_titles(text)) == columns


def test_ids_that_name_no_copy_are_left_out_with_a_notice(client, site_tree, projects):
    url = compare_url(
        "n0",
        "n",
        f"n{projects.bus.pk}x",
        "n" + "9" * 25,
        f"n{projects.portal.pk + 1000}",
        f"N{projects.bus.pk}",
        projects.bus,
        projects.luebeck,
    )
    text = get_text(client, url)
    assert column_titles(text) == ["Rufbus Potsdam", "Digitale Parkraumsteuerung"]
    assert "6 gewählte Projekte gibt es nicht oder sie sind nicht öffentlich" in text


def test_a_copy_is_taken_out_of_the_comparison_by_its_id(client, site_tree, projects):
    text = get_text(client, compare_url(projects.luebeck, projects.bus, projects.portal))
    bus, portal = harvested_compare_key(projects.bus), harvested_compare_key(projects.portal)
    assert f'href="?p={projects.luebeck.pk}&p={portal}"' in text
    assert f'href="?p={bus}&p={portal}"' in text


def test_a_copy_in_the_english_interface(client, site_tree, projects):
    # Both addresses before the first English request leaves English active.
    url, alone_url = (
        compare_url(projects.luebeck, projects.bus, prefix="/en"),
        compare_url(projects.bus, prefix="/en"),
    )
    text = get_text(client, url)
    assert "Original at" in text and "Smarte Städte Brandenburg" in text
    assert table_row(text, "Investment") == ["250,000 €", "not known"]
    assert table_row(text, "Status (maturity)")[1] == "Pilot / implementation"
    # The partner's title is German, as it is stored.
    assert f'<a href="{projects.bus.source_url}" lang="de" rel="external">' in text
    alone = get_text(client, alone_url)
    assert "So far only" in alone
    # The network's name is German too.
    assert '(original at <span lang="de">Smarte Städte Brandenburg</span>)' in alone


def test_a_harvest_shows_at_once_in_the_comparison(
    client, site_tree, projects, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 600
    url = compare_url(projects.luebeck, projects.bus)
    etag = client.get(url)["ETag"]
    assert client.get(url)["X-Cache"] == "HIT"

    # A run that changed nothing notes only its outcome on the network.
    network = projects.bus.network
    with django_capture_on_commit_callbacks(execute=True):
        network.last_run_at = timezone.now()
        network.save(update_fields=["last_run_at", "last_error"])
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304

    # A run that changed the copy, written as the harvest writes it (in bulk).
    others = HarvestedProject.objects.filter(network=network).exclude(pk=projects.bus.pk)
    with django_capture_on_commit_callbacks(execute=True):
        counts = copies_sync(
            model=HarvestedProject,
            network=network,
            records={projects.bus.source_id: {"title": "Rufbus Potsdam-Nord"}},
            keep=set(others.values_list("source_id", flat=True)),
        )
    assert counts["updated"] == 1 and counts["deleted"] == 0
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert "Rufbus Potsdam-Nord" in html.unescape(response.content.decode())

    with django_capture_on_commit_callbacks(execute=True):
        network.name = "Brandenburg digital"
        network.save()
    assert "Original bei Brandenburg digital" in get_text(client, url)
