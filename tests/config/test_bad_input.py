"""
Bad input from anonymous clients, site-wide and in the read API: a clear
answer and never a server error. NUL in an address, control characters in a
search term, numbers too large for the database, unknown operators.
tests/config/test_fuzz.py sends the same kinds of input at random to every
URL; these are the cases it found, pinned (the search page's in
tests/discovery/test_search.py).
"""

from django.test import Client

import pytest

import factories


@pytest.fixture
def anonymous():
    """A client that shows a server error as the response a browser would get."""
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("url", ["/tags/lorawan%00/", "/feeds/tags/a%00/", "/en/%00/"])
def test_nul_in_an_address_is_a_bad_request(anonymous, site_tree, url):
    response = anonymous.get(url)
    assert response.status_code == 400
    assert "(%00)" in response.content.decode()


def test_nul_in_an_english_address_is_explained_in_english(anonymous, site_tree):
    response = anonymous.get("/en/tags/a%00/")
    assert response.status_code == 400
    assert response.content.decode() == "Invalid address: it contains a NUL character (%00)."


def api_titles(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["items"]]


@pytest.mark.parametrize(
    "url, expected",
    [
        ("/api/v2/projects/?search=Parkpl%C3%A4tze", ["Digitale Parkraumsteuerung"]),
        ("/api/v2/lessons/?search=Bodensensoren", ["Sensoren im Winter testen"]),
        ("/api/v2/cities/?fields=contacts(*)&search=L%C3%BCbeck", ["Lübeck"]),
        ("/api/v2/articles/?search=Leistungsbeschreibung", ["LoRaWAN-Netz ausschreiben"]),
        ("/api/v2/news/?search=Stadtteile", ["Rostock funkt stadtweit"]),
        ("/api/v2/projects/?search=Parkpl%C3%A4tze%00", ["Digitale Parkraumsteuerung"]),
        (
            "/api/v2/projects/?search=Parkpl%C3%A4tze&search_operator=or",
            ["Digitale Parkraumsteuerung"],
        ),
        ("/api/v2/projects/?search=Parkpl%C3%A4tze&city=luebeck", ["Digitale Parkraumsteuerung"]),
        ("/api/v2/projects/?search=Parkpl%C3%A4tze&city=rostock", []),
        ("/api/v2/projects/?search=%00", []),
    ],
)
def test_api_search_finds_the_matching_pages(anonymous, site_tree, url, expected):
    assert api_titles(anonymous, url) == expected


def test_api_search_lists_the_best_match_first(anonymous, site_tree):
    """By relevance, not by title: the page named after the term comes before a mention."""
    factories.ProjectPageFactory(
        parent=site_tree.rostock,
        title="Altstadt-Sensorik",
        summary="Nutzt nebenbei auch ein Funknetz.",
    )
    factories.ProjectPageFactory(
        parent=site_tree.rostock,
        title="Zentrales Funknetz",
        summary="Ein Funknetz für die ganze Stadt: Funknetz-Gateways auf allen Dächern.",
    )
    titles = api_titles(anonymous, "/api/v2/projects/?search=Funknetz")
    assert titles == ["Zentrales Funknetz", "Altstadt-Sensorik"]
    # With ?order= the order asked for wins over relevance.
    titles = api_titles(anonymous, "/api/v2/projects/?search=Funknetz&order=title")
    assert titles == ["Altstadt-Sensorik", "Zentrales Funknetz"]


def test_unknown_search_operator_names_the_known_ones(anonymous, site_tree):
    response = anonymous.get("/api/v2/projects/?search=Park&search_operator=xor")
    assert response.status_code == 400
    assert response.json()["message"] == (
        "Unbekannter Wert „xor“ für „search_operator“. Bekannt: and, or"
    )


@pytest.mark.parametrize("endpoint", ["projects", "fields-of-action"])
@pytest.mark.parametrize("offset", ["9223372036854775808", "99999999999999999999999"])
def test_offset_past_the_end_lists_nothing(anonymous, site_tree, endpoint, offset):
    response = anonymous.get(f"/api/v2/{endpoint}/?offset={offset}")
    assert response.status_code == 200
    data = response.json()
    assert data["items"] == []
    assert data["meta"]["total_count"] > 0


@pytest.mark.parametrize(
    "query, message",
    [
        ("offset=-1", "„offset“ muss eine ganze Zahl ab 0 sein."),
        ("limit=zwanzig", "„limit“ muss eine ganze Zahl ab 0 sein."),
        ("limit=21", "„limit“ darf höchstens 20 sein."),
    ],
)
def test_bad_offset_or_limit_is_explained(anonymous, site_tree, query, message):
    response = anonymous.get(f"/api/v2/projects/?{query}")
    assert response.status_code == 400
    assert response.json()["message"] == message


@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/projects/99999999999999999999/",
        "/api/v2/fields-of-action/9223372036854775808/",
        "/api/v2/projects/find/?id=99999999999999999999",
        "/api/v2/projects/find/?id=abc",
        "/api/v2/projects/find/?html_path=/staedte/%00/",
        "/api/v2/cities/find/?site=%00",
        "/api/v2/projects/?site=a%00b",
    ],
)
def test_ids_and_paths_that_name_nothing_are_not_found(anonymous, site_tree, url):
    assert anonymous.get(url).status_code == 404
