"""
The search per language: /en/search/ finds English translations by English
words, inflected as English inflects them, and the German pages that have no
English translation yet by their German words, marked as German; /search/
stays the German search over the German tree. A page is found once per
reader, in one version, and every facet count is the number of results its
link leads to, in each language.

The tree of conftest.py with, in Rostock, a project whose lesson alone is
translated (wagtail-localize puts the project into the English tree as an
alias of the German one) and a project nobody translated; in English,
Lübeck, the parking project and the LoRaWAN article.
"""

import html
import re

from django.db import connection, reset_queries, transaction
from django.test.utils import CaptureQueriesContext

import pytest

import factories
from core.search.analysis import stem_in

RESULT = re.compile(
    r'<h3 class="search-result__title"(?: lang="(?P<lang>[\w-]+)")?>'
    r'<a href="(?P<href>[^"]+)">(?P<title>[^<]+)</a>'
)
FACET_LINK = re.compile(
    r'<a class="facet__link" href="(?P<href>[^"]+)" data-count="(?P<count>\d+)">'
)

PARKING_EN = "Parking guidance for the old town"
ARTICLE_EN = "Tendering a LoRaWAN network"
LESSON_EN = "Procurement took a year"


def add_languages(tree):
    tree.streetlights = factories.ProjectPageFactory(
        parent=tree.rostock,
        title="Smarte Straßenbeleuchtung",
        summary="LED-Leuchten dimmen nachts, wenn niemand unterwegs ist.",
        tags=["Energie"],
    )
    tree.warnemuende = factories.ProjectPageFactory(
        parent=tree.rostock,
        title="Parkleitsystem Warnemünde",
        summary="Ein Parkplatz am Strand meldet seine Belegung.",
        tags=["Parken"],
    )
    tree.procurement = factories.LessonPageFactory(
        parent=tree.warnemuende,
        title="Vergabe dauerte ein Jahr",
        summary="Die Ausschreibung der Parksensoren zog sich.",
        tags=["Parken"],
    )
    factories.translation_of(tree.luebeck)
    tree.project_en = english_version(
        factories.translation_of(tree.project),
        title=PARKING_EN,
        summary="Sensors report free spaces in the car parks of the old town island.",
    )
    tree.article_en = english_version(
        factories.translation_of(tree.article),
        title=ARTICLE_EN,
        summary="What a city writes into the specification of a LoRaWAN network.",
    )
    # Translating the lesson alone makes its project an alias in the English tree.
    tree.procurement_en = english_version(
        factories.translation_of(tree.procurement),
        title=LESSON_EN,
        summary="Tendering the parking sensors dragged on.",
    )
    return tree


def english_version(page, *, title: str, summary: str):
    page.title = title
    page.summary = summary
    page.save_revision().publish()
    return page


@pytest.fixture(scope="module")
def site_tree_module(site_tree_module, django_db_blocker):
    """The shared tree with the pages above, built once for this module's tests."""
    with django_db_blocker.unblock(), transaction.atomic():
        return add_languages(site_tree_module)


@pytest.fixture
def tree(site_tree):
    return site_tree


def search_page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response, html.unescape(response.content.decode())


def results(client, url) -> list[tuple[str, str | None]]:
    """(title, its lang attribute) of every result, as a reader's browser reads them."""
    _response, text = search_page(client, url)
    return [(match["title"], match["lang"]) for match in RESULT.finditer(text)]


def titles(client, url) -> list[str]:
    return [title for title, _lang in results(client, url)]


# --------------------------------------------------------------------------
# What each reader finds
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("parking", PARKING_EN),
        # "cities" and "city" are one English stem ("citi"); German keeps "city".
        ("cities", ARTICLE_EN),
        ("parks", PARKING_EN),
        ("tendered", LESSON_EN),
    ],
)
def test_english_words_find_the_english_translation_as_english_inflects_them(
    client, tree, query, expected
):
    found = results(client, f"/en/search/?q={query}")
    assert (expected, None) in found, found


def test_an_english_reader_gets_the_translation_not_the_german_page(client, tree):
    # The German title finds no German page beside its translation.
    assert tree.project.title not in titles(client, "/en/search/?q=Parkraumsteuerung")
    assert tree.project.title not in titles(client, "/en/search/")


def test_german_pages_without_translation_are_found_by_german_words_and_marked_german(client, tree):
    found = results(client, "/en/search/?q=Straßenbeleuchtung")
    assert found == [(tree.streetlights.title, "de")]
    found = results(client, "/en/search/?q=Parkplätze")
    assert (tree.warnemuende.title, "de") in found


def test_the_german_search_stays_in_the_german_tree(client, tree):
    found = titles(client, "/search/?q=Parkplätze")
    assert tree.project.title in found and tree.warnemuende.title in found
    assert PARKING_EN not in found
    assert ARTICLE_EN not in titles(client, "/search/?q=cities")
    browse = titles(client, "/search/")
    assert not {PARKING_EN, ARTICLE_EN, LESSON_EN} & set(browse)
    assert {tree.project.title, tree.article.title, tree.procurement.title} <= set(browse)


@pytest.mark.parametrize("url", ["/search/", "/en/search/", "/en/search/?q=Park"])
def test_no_page_is_found_twice_in_any_language(client, tree, url):
    found = titles(client, url)
    assert found, url
    assert len(found) == len(set(found)), found


def test_an_english_reader_finds_each_page_once_in_one_version(client, tree):
    browse = results(client, "/en/search/")
    assert sorted(browse) == sorted(
        [
            (PARKING_EN, None),
            (ARTICLE_EN, None),
            (LESSON_EN, None),
            (tree.lesson.title, "de"),
            (tree.news.title, "de"),
            (tree.streetlights.title, "de"),
            # The alias in the English tree stands for the German project: German text.
            (tree.warnemuende.title, "de"),
        ]
    )
    found = titles(client, "/en/search/?q=Parkleitsystem")
    assert found[0] == tree.warnemuende.title
    assert found.count(tree.warnemuende.title) == 1


def suggested(client, url) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    return [suggestion["label"] for suggestion in response.json()["suggestions"]]


def test_suggestions_offer_the_titles_the_readers_search_finds(client, tree):
    english = suggested(client, "/en/search/suggest/?q=Park")
    assert PARKING_EN in english and tree.warnemuende.title in english
    assert tree.project.title not in english
    german = suggested(client, "/search/suggest/?q=Park")
    assert tree.project.title in german and tree.warnemuende.title in german
    assert PARKING_EN not in german


# --------------------------------------------------------------------------
# Facets per language
# --------------------------------------------------------------------------


def facet_links(text):
    return [(match["href"], int(match["count"])) for match in FACET_LINK.finditer(text)]


@pytest.mark.parametrize(
    "start",
    [
        "/en/search/",
        "/en/search/?q=parking",
        "/en/search/?q=Park",
        "/en/search/?type=project",
        "/en/search/?city=luebeck",
        "/en/search/?city=rostock&type=lesson",
        "/en/search/?tag=parken",
        "/search/?q=Park",
        "/search/?city=rostock",
    ],
)
def test_every_facet_count_equals_the_results_its_link_leads_to(client, tree, start):
    _response, text = search_page(client, start)
    links = facet_links(text)
    assert links, "the page offers facet links"
    path = start.split("?", 1)[0]
    for href, count in links:
        response, _text = search_page(client, path + href)
        assert response.context["search"].total == count, href


@pytest.mark.parametrize("url", ["/en/search/", "/search/"])
def test_a_city_is_one_facet_value_in_every_language(client, tree, url):
    """English pages belong to the English Lübeck, German ones to the German: one value."""
    response, _text = search_page(client, url)
    [city] = [facet for facet in response.context["search"].facets if facet.name == "city"]
    counts = {value.label: value.count for value in city.values}
    assert len(counts) == len(city.values)
    # Lübeck: the project and its lesson; Rostock: two projects and a lesson.
    assert counts == {"Lübeck": 2, "Rostock": 3}


def test_facet_counts_count_what_the_reader_finds(client, tree):
    response, _text = search_page(client, "/en/search/?q=parking")
    search = response.context["search"]
    [kind] = [facet for facet in search.facets if facet.name == "type"]
    assert sum(value.count for value in kind.values) == search.total
    assert {value.value: value.count for value in kind.values} == {"project": 2, "lesson": 1}


# --------------------------------------------------------------------------
# The analysis per language, and what it costs
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "inflected", "base"),
    [
        ("en", "cities", "city"),
        ("en", "parking", "park"),
        ("da", "kommunerne", "kommune"),
        ("sv", "städerna", "städer"),
        ("fi", "kaupungeissa", "kaupungeista"),
        ("lt", "miestuose", "miestai"),
    ],
)
def test_languages_with_a_postgresql_stemmer_are_stemmed(language, inflected, base):
    assert stem_in(inflected, language) == stem_in(base, language)


@pytest.mark.parametrize(
    ("language", "word"), [("pl", "Miastach"), ("lv", "Pilsētās"), ("et", "Linnades")]
)
def test_languages_without_one_are_read_as_written(language, word):
    assert stem_in(word, language) == word.casefold()


def test_an_english_search_costs_at_most_two_queries_more_than_a_german_one(client, tree):
    counted, types = {}, {}
    for url in ("/search/?q=Sensoren", "/en/search/?q=Sensoren"):
        client.get(url)  # caches warm, as for every reader after the first
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        # The same page types on both pages: each type's pages are one query.
        types[url] = {hit.type_key for hit in response.context["search"].results}
        counted[url] = len(queries)
    assert types["/en/search/?q=Sensoren"] == types["/search/?q=Sensoren"] == {"project", "lesson"}
    assert counted["/en/search/?q=Sensoren"] <= counted["/search/?q=Sensoren"] + 2, counted
