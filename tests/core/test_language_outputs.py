"""
Everything a reader or a machine gets counts each page once and knows its
language: with Lübeck's project translated into English (wagtail-localize's
own code, tests/factories/translations.py), the overview, the charts, the
home page, the city and tag pages, the feeds, the open data and the API name
the project once; the English outputs show its English version; the sitemap
and the pages' heads list every language version; an English page marks a
link to a German page as German.
"""

import csv
import html
import io
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page

import feedparser
import pytest

import factories
from registry.models import CityPage, FieldOfAction

ENGLISH_TITLE = "Digital parking guidance"
ENGLISH_SUMMARY = "Sensors report free parking spaces on the old town island."


@pytest.fixture
def translated(site_tree):
    """Lübeck's project in mobility, translated into English and published."""
    mobility = FieldOfAction.objects.get(slug="mobilitaet")
    site_tree.project.fields_of_action.set([mobility])
    site_tree.project.save_revision().publish()
    project_en = factories.translation_of(site_tree.project)
    project_en.title = ENGLISH_TITLE
    project_en.summary = ENGLISH_SUMMARY
    project_en.save_revision().publish()
    site_tree.project_en = project_en
    site_tree.mobility = mobility
    return site_tree


def full(page) -> str:
    """The page's address in its own language, as machines get it."""
    return Page.objects.get(pk=page.pk).get_full_url()


def text_of(response):
    assert response.status_code == 200, response.content[:500]
    return html.unescape(response.content.decode())


def card_titles(text):
    return re.findall(r'<h3 class="card__title"[^>]*><a href="[^"]+"[^>]*>([^<]+)</a>', text)


# --------------------------------------------------------------------------
# Counts: each project once
# --------------------------------------------------------------------------


def test_the_overview_counts_a_translated_project_once(client, translated):
    text = text_of(client.get("/overview/"))
    luebeck = translated.luebeck
    match = re.search(rf'<td><a href="{luebeck.pk}/{translated.mobility.pk}/">(\d+)</a>', text)
    assert match and match.group(1) == "1"
    # One row per city: the English stand-in for Lübeck is no city of its own.
    assert len(re.findall(r'<tr><th scope="row"', text)) == 2


def test_the_home_pages_charts_and_latest_projects_name_the_project_once(client, translated):
    german = text_of(client.get("/"))
    assert card_titles(german).count("Digitale Parkraumsteuerung") == 1
    assert ENGLISH_TITLE not in german
    # The status chart: one project in operation, not two.
    assert re.search(r"<th scope=\"row\">Im Betrieb</th><td class=\"num\">1</td>", german)

    english = text_of(client.get("/en/"))
    titles = card_titles(english)
    assert titles.count(ENGLISH_TITLE) == 1
    assert "Digitale Parkraumsteuerung" not in titles
    assert re.search(r"<th scope=\"row\">In operation</th><td class=\"num\">1</td>", english)


def test_city_pages_list_the_project_once_in_the_readers_language(client, translated):
    german = text_of(client.get(translated.luebeck.url))
    assert card_titles(german) == ["Digitale Parkraumsteuerung"]

    city_en = CityPage.objects.get(locale__language_code="en")
    english = text_of(client.get(city_en.url))
    assert card_titles(english) == [ENGLISH_TITLE]
    assert f'href="{translated.project_en.url}"' in english


def test_an_english_city_lists_its_projects_not_translated_yet_in_german(client, translated):
    untranslated = factories.ProjectPageFactory(parent=translated.luebeck, title="Bürgerfunk")
    city_en = CityPage.objects.get(locale__language_code="en")

    english = text_of(client.get(city_en.url))

    assert sorted(card_titles(english)) == ["Bürgerfunk", ENGLISH_TITLE]
    # The German page is linked as German: its title and its address.
    card = re.search(r'<h3 class="card__title"[^>]*><a [^>]*>Bürgerfunk</a>', english).group(0)
    assert 'lang="de"' in card and 'hreflang="de"' in card
    assert f'href="{untranslated.url}"' in card


def test_the_city_index_counts_each_project_once(client, translated):
    text = text_of(client.get(translated.city_index.url))
    assert len(re.findall(r'<h2 class="card__title"', text)) == 2


def test_a_tag_page_lists_the_project_once(client, translated):
    german = text_of(client.get("/tags/lorawan/"))
    assert german.count(">Digitale Parkraumsteuerung</a>") == 1
    english = text_of(client.get("/en/tags/lorawan/"))
    assert english.count(f">{ENGLISH_TITLE}</a>") == 1
    assert ">Digitale Parkraumsteuerung</a>" not in english


def test_the_tag_index_counts_each_page_once(client, translated):
    text = text_of(client.get("/tags/"))
    # Project, lesson, article and news item carry LoRaWAN; the translation adds none.
    assert re.search(r'>LoRaWAN <span class="tag__count">\(4 Seiten\)</span>', text)


# --------------------------------------------------------------------------
# Feeds
# --------------------------------------------------------------------------


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return feed


def test_the_projects_feed_has_each_project_once_and_in_english_on_request(client, translated):
    german = parse(client, "/feeds/projects/")
    assert [entry.title for entry in german.entries] == ["Digitale Parkraumsteuerung (Lübeck)"]

    english = parse(client, "/feeds/projects/?locale=en")
    assert [entry.title for entry in english.entries] == [f"{ENGLISH_TITLE} (Lübeck)"]
    assert english.entries[0].link == f"http://testserver{translated.project_en.url}"
    assert english.entries[0].summary == ENGLISH_SUMMARY
    assert english.feed.title == "Hanse Wissensnetz – new and changed projects"


def test_city_and_tag_feeds_have_each_page_once(client, translated):
    city = parse(client, "/feeds/cities/luebeck/")
    titles = [entry.title for entry in city.entries]
    assert titles.count("Digitale Parkraumsteuerung") == 1 and ENGLISH_TITLE not in titles

    tag = parse(client, "/feeds/tags/lorawan/?locale=en")
    titles = [entry.title for entry in tag.entries]
    assert titles.count(ENGLISH_TITLE) == 1 and "Digitale Parkraumsteuerung" not in titles
    assert len(titles) == 4


@pytest.mark.parametrize("url", ["/feeds/news/?locale=xx", "/feeds/projects/?locale=pl"])
def test_a_feed_in_an_unknown_language_is_refused_with_a_message(client, db, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "„locale“" in response.content.decode() and "de, en" in response.content.decode()


# --------------------------------------------------------------------------
# Open data
# --------------------------------------------------------------------------


def csv_rows(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_open_data_has_one_row_per_project_with_its_language(client, translated):
    rows = csv_rows(client, "/open-data/projects.csv")
    assert [(row["id"], row["title"], row["language"]) for row in rows] == [
        (str(translated.project.pk), "Digitale Parkraumsteuerung", "de")
    ]

    english = client.get("/open-data/projects.json?locale=en").json()["projects"]
    assert len(english) == 1
    row = english[0]
    assert (row["id"], row["title"], row["summary"], row["language"]) == (
        translated.project.pk,
        ENGLISH_TITLE,
        ENGLISH_SUMMARY,
        "en",
    )
    assert row["url"] == full(translated.project_en)


def test_open_data_in_english_keeps_untranslated_projects_in_german(client, translated):
    factories.ProjectPageFactory(parent=translated.rostock, title="Stadtweites Funknetz")
    rows = csv_rows(client, "/open-data/projects.csv?locale=en")
    assert sorted((row["title"], row["language"]) for row in rows) == [
        (ENGLISH_TITLE, "en"),
        ("Stadtweites Funknetz", "de"),
    ]


def test_open_data_in_an_unknown_language_is_refused(client, db):
    response = client.get("/open-data/projects.csv?locale=klingon")
    assert response.status_code == 400
    assert "„locale“" in response.content.decode()


# --------------------------------------------------------------------------
# API
# --------------------------------------------------------------------------


def test_the_api_lists_the_german_tree_with_each_items_translations(client, translated):
    items = client.get("/api/v2/projects/").json()["items"]
    assert [(item["id"], item["meta"]["locale"]) for item in items] == [
        (translated.project.pk, "de")
    ]
    assert items[0]["meta"]["translations"] == {"en": full(translated.project_en)}


def test_the_api_lists_the_english_tree_on_request(client, translated):
    items = client.get("/api/v2/projects/?locale=en").json()["items"]
    assert [(item["id"], item["title"], item["meta"]["locale"]) for item in items] == [
        (translated.project_en.pk, ENGLISH_TITLE, "en")
    ]
    assert items[0]["meta"]["translations"] == {"de": full(translated.project)}
    # Lübeck under /en/ is wagtail-localize's alias of the German city: not a translation.
    assert client.get("/api/v2/cities/?locale=en").json()["items"] == []
    assert client.get("/api/v2/lessons/?locale=en").json()["meta"]["total_count"] == 0


def test_the_api_in_a_language_without_a_tree_lists_nothing(client, site_tree):
    response = client.get("/api/v2/news/?locale=en")
    assert response.status_code == 200
    assert response.json()["items"] == []


@pytest.mark.parametrize("value", ["xx", "pl", "", "de\x00"])
def test_the_api_refuses_an_unknown_locale_with_a_message(client, site_tree, value):
    response = client.get("/api/v2/projects/", {"locale": value})
    assert response.status_code == 400
    assert "„locale“" in response.json()["message"]
    assert "de, en" in response.json()["message"]


def test_an_english_api_listing_takes_at_most_two_queries_more(client, translated):
    for url in ("/api/v2/projects/", "/api/v2/projects/?locale=en"):
        client.get(url)  # content types, site root paths, the total: cached after this
    counts = {}
    for url in ("/api/v2/projects/", "/api/v2/projects/?locale=en"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts[url] = len(queries)
    assert counts["/api/v2/projects/?locale=en"] <= counts["/api/v2/projects/"] + 2, counts


# --------------------------------------------------------------------------
# Sitemap and hreflang
# --------------------------------------------------------------------------


def test_the_sitemap_lists_every_language_version_with_alternates(client, translated):
    text = client.get("/sitemap.xml").content.decode()
    german = full(translated.project)
    english = full(translated.project_en)
    assert f"<loc>{german}</loc>" in text and f"<loc>{english}</loc>" in text
    alternates = [
        f'<xhtml:link rel="alternate" hreflang="de" href="{german}"/>',
        f'<xhtml:link rel="alternate" hreflang="en" href="{english}"/>',
        f'<xhtml:link rel="alternate" hreflang="x-default" href="{german}"/>',
    ]
    for entry_url in (german, english):
        entry = text.split(f"<loc>{entry_url}</loc>", 1)[1].split("</url>", 1)[0]
        assert all(alternate in entry for alternate in alternates), entry
    # The alias standing in for Lübeck is no page of its own in the sitemap.
    city_en = CityPage.objects.get(locale__language_code="en")
    assert f"<loc>{full(city_en)}</loc>" not in text
    assert text.count(f"<loc>{german}</loc>") == 1


def head_alternates(text):
    head = text.split("</head>", 1)[0]
    return re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', head)


def test_a_translated_pages_head_names_its_language_versions(client, translated):
    german, english = translated.project.url, translated.project_en.url
    expected = [
        ("de", f"http://testserver{german}"),
        ("en", f"http://testserver{english}"),
        ("x-default", f"http://testserver{german}"),
    ]
    assert head_alternates(text_of(client.get(german))) == expected
    assert head_alternates(text_of(client.get(english))) == expected


def test_an_untranslated_pages_head_names_no_english_version(client, translated):
    """Its address under /en/ shows German text: no English version to offer."""
    rostock = translated.rostock.url
    assert head_alternates(text_of(client.get(rostock))) == [
        ("de", f"http://testserver{rostock}"),
        ("x-default", f"http://testserver{rostock}"),
    ]


# --------------------------------------------------------------------------
# Query counts
# --------------------------------------------------------------------------


def test_an_english_page_takes_at_most_two_queries_more_than_its_german_page(client, translated):
    german, english = translated.project.url, translated.project_en.url
    for url in (german, english):
        client.get(url)  # site root paths, navigation and head alternates: cached after this
    counts = {}
    for url in (german, english):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts[url] = len(queries)
    assert counts[english] <= counts[german] + 2, counts


def test_similar_projects_name_a_translated_project_once(client, translated):
    other = factories.ProjectPageFactory(
        parent=translated.rostock, title="Funkzähler", tags=["LoRaWAN"]
    )
    text = text_of(client.get(other.url))
    similar = text.split('id="similar-projects"', 1)[1].split("</section>", 1)[0]
    assert card_titles(similar) == ["Digitale Parkraumsteuerung"]
