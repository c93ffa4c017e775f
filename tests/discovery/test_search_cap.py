"""
The search ranks, counts, filters and pages through the best MAX_RANKED_RESULTS
matches of a query and says so when there were more; a page number beyond the
last page is refused with a link to the last one; long facets list their
MAX_FACET_VALUES values with the most results and link to the whole list.
The cap is lowered here (5 of 16 matching projects) to see all of it at test size.
"""

import html
import re

from django.db import reset_queries, transaction

import pytest

import factories
from discovery.search import facets, outcome, query
from registry.choices import ProjectStatus

MATCHING = 16
CAP = 5
FACET_LINK = re.compile(
    r'<a class="facet__link" href="(?P<href>[^"]+)" data-count="(?P<count>\d+)">'
)
RESULT_TITLE = re.compile(r'<h3 class="search-result__title"><a href="[^"]+">([^<]+)</a>')
SHOW_ALL = re.compile(r'<p class="facet__more"><a href="(?P<href>[^"]+)"[^>]*>(?P<text>[^<]+)</a>')


def add_matching_projects(tree, *, count: int):
    """`count` projects "Xylofon NN", alternately in Lübeck and Rostock, a tag of its own each."""
    return [
        factories.ProjectPageFactory(
            parent=tree.luebeck if number % 2 == 0 else tree.rostock,
            title=f"Xylofon {number:02d}",
            slug=f"xylofon-{number:02d}",
            status=ProjectStatus.PILOT if number % 3 == 0 else ProjectStatus.OPERATION,
            tags=["Xylofon", f"Kai {number:02d}"],
        )
        for number in range(count)
    ]


@pytest.fixture(scope="module")
def site_tree_module(site_tree_module, django_db_blocker):
    """Sixteen projects with a word no other page has, and seventeen tags among them."""
    with django_db_blocker.unblock(), transaction.atomic():
        site_tree_module.xylofons = add_matching_projects(site_tree_module, count=MATCHING)
    return site_tree_module


@pytest.fixture
def registry(site_tree):
    return site_tree


@pytest.fixture
def cap(monkeypatch):
    monkeypatch.setattr(query, "MAX_RANKED_RESULTS", CAP)
    return CAP


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response, html.unescape(response.content.decode())


def facet_links(text):
    return [(match["href"], int(match["count"])) for match in FACET_LINK.finditer(text)]


def test_a_query_matching_more_than_the_cap_says_so_and_shows_the_best(client, registry, cap):
    response, text = page(client, "/search/?q=Xylofon")
    assert "Mehr als 5 Treffer für „Xylofon“" in text
    assert "Mehr als 5 Treffer – bitte grenzen Sie Ihre Suche ein." in text
    assert "Die Zahlen beziehen sich auf die 5 besten Treffer." in text
    # The best five of the whole ranking, in its order (equal scores: indexed first).
    assert RESULT_TITLE.findall(text) == [f"Xylofon {number:02d}" for number in range(CAP)]
    assert response.context["search"].total == CAP


def test_below_the_cap_nothing_is_said(client, registry):
    _response, text = page(client, "/search/?q=Xylofon")
    assert "16 Treffer für „Xylofon“" in text
    assert "Mehr als" not in text
    assert "besten Treffer" not in text


def test_the_notice_in_english(client, registry, cap):
    _response, text = page(client, "/en/search/?q=Xylofon")
    assert "More than 5 results for “Xylofon”" in text
    assert "More than 5 results – please narrow your search." in text


def test_capped_facets_count_the_capped_set_and_their_links_lead_there(client, registry, cap):
    response, text = page(client, "/search/?q=Xylofon")
    city = next(facet for facet in response.context["search"].facets if facet.name == "city")
    # Of the best five (numbers 0 to 4): 0, 2, 4 in Lübeck, 1, 3 in Rostock.
    assert {value.label: value.count for value in city.values} == {"Lübeck": 3, "Rostock": 2}
    links = facet_links(text)
    assert links
    for href, count in links:
        linked, linked_text = page(client, "/search/" + href)
        assert linked.context["search"].total == count, href
        assert f"{count} Treffer für „Xylofon“ unter den 5 besten" in linked_text


def test_a_page_beyond_the_last_is_refused_with_a_link_to_the_last(
    client, registry, cap, monkeypatch
):
    monkeypatch.setattr(outcome, "RESULTS_PER_PAGE", 2)
    _response, last = page(client, "/search/?q=Xylofon&page=3")
    assert RESULT_TITLE.findall(last) == ["Xylofon 04"]
    _response, text = page(client, "/search/?q=Xylofon&page=500", status=404)
    assert "Seite 500 gibt es nicht: Diese Suche hat 3 Seiten." in text
    assert "Gezeigt werden höchstens die 5 besten Treffer." in text
    assert '<a href="?q=Xylofon&page=3">Zur letzten Seite (3)</a>' in text
    assert RESULT_TITLE.findall(text) == []


@pytest.mark.parametrize(
    ("url", "last_link"),
    [
        ("/search/?q=Xylofon&page=3", '<a href="?q=Xylofon&page=2">Zur letzten Seite (2)</a>'),
        (
            "/search/?type=project&page=99",
            '<a href="?type=project&page=2">Zur letzten Seite (2)</a>',
        ),
    ],
)
def test_any_page_beyond_the_last_is_refused(client, registry, monkeypatch, url, last_link):
    monkeypatch.setattr(outcome, "RESULTS_PER_PAGE", 10)  # 16 matches, 17 projects
    _response, text = page(client, url, status=404)
    assert "gibt es nicht: Diese Suche hat" in text
    assert last_link in text
    assert "Mehr als" not in text


def test_a_long_facet_lists_fifteen_values_and_links_to_all(client, registry):
    assert facets.MAX_FACET_VALUES == 15
    response, text = page(client, "/search/?q=Xylofon")
    tags = next(facet for facet in response.context["search"].facets if facet.name == "tag")
    # "Xylofon" (16) first, then the "Kai" tags (1 each) by name.
    assert [value.label for value in tags.values] == ["Xylofon"] + [
        f"Kai {number:02d}" for number in range(14)
    ]
    [(href, label)] = SHOW_ALL.findall(text)
    assert label == "Alle 17 anzeigen"
    assert href == "?q=Xylofon&all=tag#facet-tag"
    response, expanded = page(client, "/search/" + href)
    tags = next(facet for facet in response.context["search"].facets if facet.name == "tag")
    assert len(tags.values) == 17
    assert "Kai 15" in expanded
    [(back, label)] = SHOW_ALL.findall(expanded)
    assert (back, label) == ("?q=Xylofon#facet-tag", "Weniger anzeigen")
    # Short facets (cities, status) have no such link.
    assert expanded.count('class="facet__more"') == 1


def test_the_selected_value_of_a_long_facet_stays_visible(client, registry):
    response, text = page(client, "/search/?q=Xylofon&tag=kai-15")
    tags = next(facet for facet in response.context["search"].facets if facet.name == "tag")
    assert [value.label for value in tags.values if value.selected] == ["Kai 15"]
    assert len(tags.values) == 16  # fifteen and the selected one
    assert "Alle 17 anzeigen" in text


def test_the_show_all_link_works_in_english(client, registry):
    _response, text = page(client, "/en/search/?q=Xylofon")
    assert SHOW_ALL.findall(text) == [("?q=Xylofon&all=tag#facet-tag", "Show all 17")]


def test_an_unknown_list_is_ignored_with_a_notice(client, registry):
    _response, text = page(client, "/search/?q=Xylofon&all=nonsense")
    assert "Die Angabe all=„nonsense“ nennt keinen Filter und wurde ignoriert." in text
    assert "Alle 17 anzeigen" in text


def test_capped_searches_and_refused_pages_run_in_a_fixed_number_of_queries(
    client, registry, cap, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(outcome, "RESULTS_PER_PAGE", 2)
    # The ranked ids (with the vocabulary, the synonyms and the view
    # restrictions), the facet counts, the names of the counted values, the
    # page of hits; "Meinten Sie" for three results or fewer; a refused page
    # loads no hits (Wagtail looks for a redirect before answering 404).
    bounds = {
        "/search/?q=Xylofon": 12,  # capped: the worst case
        "/search/?q=Xylofon&city=luebeck&tag=xylofon&status=operation": 21,  # capped, filtered
        "/search/?q=Xylofon&page=500": 11,  # beyond the cap
    }
    factories.site_root_paths_warm()
    for url, bound in bounds.items():
        reset_queries()
        with django_assert_max_num_queries(bound):
            client.get(url)
    # A larger registry: twice as many matches, in a third city, with more tags.
    stralsund = factories.CityPageFactory(parent=registry.luebeck.get_parent(), title="Stralsund")
    for number in range(MATCHING, 2 * MATCHING):
        factories.ProjectPageFactory(
            parent=stralsund, title=f"Xylofon {number:02d}", tags=["Xylofon", f"Kai {number:02d}"]
        )
    for url, bound in bounds.items():
        reset_queries()
        with django_assert_max_num_queries(bound):
            response = client.get(url)
        assert response.context["search"].capped
    assert response.status_code == 404


def test_a_cap_below_the_candidates_keeps_the_best(client, registry, monkeypatch):
    """Two of sixteen: the ranking reads only the best candidates by score, still the best two."""
    monkeypatch.setattr(query, "MAX_RANKED_RESULTS", 2)
    _response, text = page(client, "/search/?q=Xylofon")
    assert RESULT_TITLE.findall(text) == ["Xylofon 00", "Xylofon 01"]
    assert "Mehr als 2 Treffer für „Xylofon“" in text


def test_the_read_api_search_is_not_capped(client, registry, cap):
    """The API ranks every match: its total is exact, its pages go on past the search page's cap."""
    response = client.get("/api/v2/projects/", {"search": "Xylofon", "limit": 4, "offset": 12})
    assert response.status_code == 200
    answer = response.json()
    assert answer["meta"]["total_count"] == MATCHING
    assert [item["title"] for item in answer["items"]] == [
        f"Xylofon {number:02d}" for number in range(12, 16)
    ]
