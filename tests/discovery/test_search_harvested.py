"""
Copies harvested from partner networks in the search (discovery.search.harvested):
found beside the registry's own pages, under the facet "Netzwerk" (own / each
partner), with counts equal to the results their links lead to, linking to the
original, and never counted as a local city's.

The copies are written by the harvest's own writer (discovery.harvest), as a
run of `harvest_network` writes them; tests/discovery/test_harvest_network.py
harvests a real second installation and searches its copies too.
"""

import datetime
import html
import re

from django.db import transaction
from django.utils import timezone

import pytest

from discovery.harvest import PartnerContent, partner_copy_replace
from discovery.models import HarvestedLesson, HarvestedProject, PartnerNetwork
from registry.choices import ProjectStatus
from registry.models import FieldOfAction

BRANDENBURG = "Smarte Städte Brandenburg"
NORTH = "Nordverbund"

FACET_LINK = re.compile(
    r'<a class="facet__link" href="(?P<href>[^"]+)" data-count="(?P<count>\d+)">', re.S
)
RESULT_TITLE = re.compile(
    r'<h3 class="search-result__title"[^>]*><a href="([^"]+)"[^>]*>([^<]+)</a>'
)


def copy(number: int, title: str, **values) -> tuple[int, dict]:
    """One record as the harvest's reader hands it to the writer."""
    published = timezone.now() - datetime.timedelta(days=30)
    record = {
        "title": title,
        "source_url": f"https://partner.example.org/projekte/{number}/",
        "translation_key": None,
        "summary": values.pop("summary", ""),
        "city_name": values.pop("city_name", "Potsdam"),
        "tags": values.pop("tags", []),
        "first_published_at": values.pop("first_published_at", published),
        "last_published_at": published,
    }
    return number, record | values


def project(number: int, title: str, **values) -> tuple[int, dict]:
    defaults = {
        "status": ProjectStatus.PILOT.value,
        "status_label": "Pilot / Umsetzung",
        "fields_of_action": [{"slug": "mobilitaet", "name": "Mobilität"}],
        "start_date": None,
        "end_date": None,
        "licence": "EUPL-1.2",
        "repository_url": "",
        "last_reviewed": None,
    }
    return copy(number, title, **(defaults | values))


def lesson(number: int, title: str, *, project_source_id: int | None, **values):
    values = {
        "kind": "obstacle",
        "phase": "procurement",
        "project_source_id": project_source_id,
        "project_title": "",
        "project_url": "",
    } | values
    return copy(number, title, **values)


def harvested(network: PartnerNetwork, projects: list, lessons: list = ()) -> None:
    network.last_run_at = timezone.now()
    partner_copy_replace(
        network=network, content=PartnerContent(projects=dict(projects), lessons=dict(lessons))
    )


def add_partners(tree):
    mobility = FieldOfAction.objects.get(slug="mobilitaet")
    tree.project.fields_of_action.add(mobility)
    tree.project.save_revision().publish()
    brandenburg = PartnerNetwork.objects.create(
        name=BRANDENBURG, base_url="https://brandenburg.example.org/"
    )
    harvested(
        brandenburg,
        [
            project(
                11,
                "Parkleitsystem Potsdam",
                summary="Sensoren zählen freie Parkplätze am Hauptbahnhof.",
                tags=["Parken", "Nur beim Partner"],
            ),
            project(
                12,
                "Rufbus Potsdam",
                summary="Ein Bus auf Bestellung für die Ortsteile.",
                status=ProjectStatus.OPERATION.value,
                status_label="Im Betrieb",
                last_reviewed=datetime.date(2020, 1, 1),
            ),
        ],
        [
            lesson(
                21,
                "Parksensoren früh im Winter testen",
                project_source_id=11,
                summary="Frost störte die Sensoren.",
            )
        ],
    )
    north = PartnerNetwork.objects.create(name=NORTH, base_url="https://nord.example.org/")
    harvested(
        north,
        [
            project(
                31,
                "Parken am Hafen Kiel",
                city_name="Kiel",
                summary="Parkplätze am Terminal melden ihre Belegung.",
                fields_of_action=[{"slug": "nur-im-norden", "name": "Hafenwirtschaft"}],
                status="unbekannt",
                status_label="Unbekannt",
                tags=["Parken"],
            )
        ],
    )
    tree.brandenburg, tree.north = brandenburg, north
    return tree


@pytest.fixture(scope="module")
def site_tree_module(site_tree_module, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        return add_partners(site_tree_module)


def page_text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return html.unescape(response.content.decode())


def titles(text: str) -> list[str]:
    return [title for _href, title in RESULT_TITLE.findall(text)]


def network_facet(text: str) -> dict[str, int]:
    """The network facet's values as a reader sees them: label → count."""
    section = re.search(
        r'<section class="facet" aria-labelledby="facet-network">(.*?)</section>', text, re.S
    )
    if section is None:
        return {}
    found = re.findall(
        r'<span(?: lang="de")?>([^<]+)</span> <span class="facet__count">'
        r'(?:<span class="visually-hidden">[^<]*</span>)?(\d+)</span>',
        section.group(1),
    )
    return {label: int(count) for label, count in found}


def test_a_query_finds_copies_beside_own_pages_with_a_link_to_the_original(client, site_tree):
    text = page_text(client, "/search/?q=Parkplätze")
    found = {title: href for href, title in RESULT_TITLE.findall(text)}
    assert site_tree.project.title in found
    assert found["Parkleitsystem Potsdam"] == "https://partner.example.org/projekte/11/"
    assert found["Parken am Hafen Kiel"] == "https://partner.example.org/projekte/31/"
    # Each copy says where it comes from; its text is marked as the partner's German.
    assert f"Partnernetzwerk: <span>{BRANDENBURG}</span>" in text
    assert f"Partnernetzwerk: <span>{NORTH}</span>" in text
    assert "<mark>Parkplätze</mark> am Hauptbahnhof" in text
    # Brandenburg's lesson on parking sensors matches too.
    assert "Parksensoren früh im Winter testen" in found
    assert network_facet(text) == {"Eigene Einträge": 1, BRANDENBURG: 2, NORTH: 1}


def test_the_network_facet_narrows_to_own_pages_or_one_partner(client, site_tree):
    own = titles(page_text(client, "/search/?q=Parken&network=own"))
    assert site_tree.project.title in own
    assert not {"Parkleitsystem Potsdam", "Parken am Hafen Kiel"} & set(own)
    partner = titles(page_text(client, f"/search/?q=Parken&network={site_tree.brandenburg.pk}"))
    assert sorted(partner) == ["Parkleitsystem Potsdam", "Parksensoren früh im Winter testen"]


@pytest.mark.parametrize(
    "start",
    [
        "/search/",
        "/search/?q=Parken",
        "/search/?q=Sensoren",
        "/search/?type=project",
        "/search/?type=lesson",
        "/search/?topic=mobilitaet",
        "/search/?tag=parken",
        "/search/?network=own",
        "/search/?network={brandenburg}",
        "/search/?network={brandenburg}&type=project&status=operation",
        "/search/?q=Parken&network={north}",
        "/search/?city=luebeck",
        "/search/?reuse=software",
        "/en/search/?q=parking",
        "/en/search/?network={brandenburg}",
    ],
)
def test_every_facet_count_equals_the_results_its_link_leads_to(client, site_tree, start):
    """The counts beside every value, the network's included, over own pages and copies."""
    url = start.format(brandenburg=site_tree.brandenburg.pk, north=site_tree.north.pk)
    text = page_text(client, url)
    links = [(match["href"], int(match["count"])) for match in FACET_LINK.finditer(text)]
    assert links
    path = url.split("?")[0]
    for href, count in links:
        response = client.get(path + href)
        assert response.status_code == 200
        assert response.context["search"].total == count, (url, href)


def test_copies_never_count_as_a_local_city_or_reusable_part(client, site_tree):
    text = page_text(client, "/search/?city=luebeck")
    assert "Parkleitsystem Potsdam" not in titles(text)
    # Browsing lists them after the own pages, and the facets count them.
    browse = page_text(client, "/search/")
    listed = titles(browse)
    assert network_facet(browse) == {
        "Eigene Einträge": len(listed) - 4,
        BRANDENBURG: 3,
        NORTH: 1,
    }
    assert listed[-4:] == [
        "Parken am Hafen Kiel",
        "Parkleitsystem Potsdam",
        "Parksensoren früh im Winter testen",
        "Rufbus Potsdam",
    ]
    city_page = page_text(client, site_tree.luebeck.url)
    assert "Parkleitsystem Potsdam" not in city_page


def test_a_copy_maps_to_local_facet_values_only_where_the_registry_has_them(client, site_tree):
    # Mobility and the tag "Parken" are the registry's: the Brandenburg copies carry them.
    mobility = titles(page_text(client, "/search/?topic=mobilitaet&type=project"))
    assert {"Parkleitsystem Potsdam", "Rufbus Potsdam"} <= set(mobility)
    # Kiel's field of action and status are unknown here: no facet value, still found.
    assert "Parken am Hafen Kiel" not in mobility
    parken = titles(page_text(client, "/search/?tag=parken"))
    assert {"Parkleitsystem Potsdam", "Parken am Hafen Kiel"} <= set(parken)
    statuses = page_text(client, "/search/?status=operation")
    assert "Rufbus Potsdam" in titles(statuses)


def test_an_outdated_copy_is_marked_as_its_partner_dates_say(client, site_tree):
    text = page_text(client, "/search/?q=Rufbus")
    assert titles(text) == ["Rufbus Potsdam"]
    assert "möglicherweise veraltet" in text
    assert "Im Betrieb" in text


def test_an_unknown_network_is_ignored_with_a_notice(client, site_tree):
    for value in ("999999", "brandenburg", "-1", "9" * 30):
        text = page_text(client, f"/search/?q=Parken&network={value}")
        assert "Der Filter „Netzwerk“ kennt den Wert" in text
        assert "Parkleitsystem Potsdam" in titles(text)


def test_a_new_harvest_is_found_and_a_removed_network_is_gone(client, site_tree):
    assert titles(page_text(client, "/search/?q=Carsharing")) == []
    harvested(
        site_tree.brandenburg,
        [project(13, "Carsharing Potsdam", summary="Autos teilen in Babelsberg.")],
    )
    assert titles(page_text(client, "/search/?q=Carsharing")) == ["Carsharing Potsdam"]
    # The re-harvest replaced the network's copy: its other projects are gone.
    assert titles(page_text(client, "/search/?q=Rufbus")) == []
    site_tree.north.delete()
    text = page_text(client, "/search/?q=Parken")
    assert "Parken am Hafen Kiel" not in titles(text)
    assert NORTH not in network_facet(text)
    assert not HarvestedProject.objects.filter(title="Parken am Hafen Kiel").exists()
    assert not HarvestedLesson.objects.filter(network__name=NORTH).exists()


def test_without_copies_the_network_facet_is_not_shown(client, site_tree):
    PartnerNetwork.objects.all().delete()
    text = page_text(client, "/search/?q=Parken")
    assert 'aria-labelledby="facet-network"' not in text
    assert titles(text)


def test_the_search_with_copies_runs_in_a_bounded_number_of_queries(
    client, site_tree, django_assert_max_num_queries
):
    urls = ["/search/?q=Parken&network={}&tag=parken", "/search/", "/search/?type=project"]
    urls = [url.format(site_tree.brandenburg.pk) for url in urls]
    bounds = []
    for url in urls:
        with django_assert_max_num_queries(40) as captured:
            client.get(url)
        bounds.append(len(captured.captured_queries))
    harvested(
        site_tree.brandenburg,
        [project(100 + number, f"Parken {number}", tags=["Parken"]) for number in range(25)],
    )
    for url, bound in zip(urls, bounds, strict=True):
        with django_assert_max_num_queries(bound):
            response = client.get(url)
        assert response.status_code == 200
    assert response.context["search"].total > 20


def test_a_copy_found_can_be_picked_for_the_comparison(client, site_tree):
    text = page_text(client, "/search/?q=Parkleitsystem")
    copy = HarvestedProject.objects.get(title="Parkleitsystem Potsdam")
    assert f'name="p" value="n{copy.pk}"' in text
    compared = page_text(client, f"/vergleich/?p={site_tree.project.pk}&p=n{copy.pk}")
    assert "Parkleitsystem Potsdam" in compared
    assert f"Original bei {BRANDENBURG}" in compared


def test_a_capped_query_keeps_the_best_of_each_source(client, site_tree, monkeypatch):
    """
    Copies score lower than pages with long texts; the cap of ranked results
    is per source, so that choosing a partner still finds its best copies.
    """
    monkeypatch.setattr("discovery.search.query.MAX_RANKED_RESULTS", 1)
    text = page_text(client, "/search/?q=Parken")
    assert "Mehr als 1 Treffer" in text
    counts = network_facet(text)
    assert counts["Eigene Einträge"] == 1
    assert counts[BRANDENBURG] >= 1
    partner = f"/search/?q=Parken&network={site_tree.brandenburg.pk}"
    response = client.get(partner)
    assert response.context["search"].total == counts[BRANDENBURG]
    assert titles(html.unescape(response.content.decode()))
