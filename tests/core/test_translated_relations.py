"""
What an English reader follows from an English page: the pages a relation
names (partner cities, similar projects, transfers, a news item's cities and
projects, an article's projects, the overview's cities, the home page's
sections) are the German ones, and the English page leads to their English
versions where they exist (core.translations.in_language), to the German
page, marked as German, where they do not. German pages stay as they were.
"""

import html
import re

from django.urls import reverse
from django.utils import translation

import pytest

import factories
from registry.models import Transfer
from registry.similar import similar_projects_refresh_all

pytestmark = pytest.mark.django_db


def links(response) -> dict[str, str]:
    """The page's `<a>` elements: address → the attributes after it (lang, hreflang)."""
    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    return dict(re.findall(r'<a href="([^"]+)"([^>]*)>', text))


@pytest.fixture
def related(site_tree):
    """
    The Lübeck project with Rostock as partner city, a Rostock project that
    reuses it (and so is similar: it shares its tags), and a second Rostock
    project never translated; Lübeck, Rostock and the two reused projects in
    English.
    """
    rostock_project = factories.ProjectPageFactory(
        parent=site_tree.rostock, title="Parken in Warnemünde", tags=["LoRaWAN", "Parken"]
    )
    untranslated = factories.ProjectPageFactory(
        parent=site_tree.rostock, title="Parksensoren Südstadt", tags=["Parken"]
    )
    project = site_tree.project
    project.partner_cities.set([site_tree.rostock])
    project.save_revision().publish()
    Transfer.objects.create(source_project=project, adopting_project=rostock_project)
    english = {
        "luebeck": factories.translation_of(site_tree.luebeck),
        "rostock": factories.translation_of(site_tree.rostock),
        "project": factories.translation_of(project),
        "rostock_project": factories.translation_of(rostock_project),
    }
    similar_projects_refresh_all()
    return {"german": {"project": project, "rostock_project": rostock_project}} | {
        "english": english,
        "untranslated": untranslated,
    }


# The English project page: the German page's 12 queries (tests/registry/
# test_pages.py), whether a person reviewed its translation
# (core.machine_translation), and two that lead to English
# versions: one for the partner cities, one for the similar projects and the
# transfers' other ends together (the German page's transfers are found by
# the translation key in the transfer query itself).
ENGLISH_PROJECT_PAGE_MAX_QUERIES = 15


def test_an_english_project_leads_to_the_english_versions_of_what_it_names(
    client, related, django_assert_max_num_queries
):
    english = related["english"]
    client.get(english["project"].url)  # warm the site and URL caches
    with django_assert_max_num_queries(ENGLISH_PROJECT_PAGE_MAX_QUERIES):
        response = client.get(english["project"].url)
    found = links(response)

    # Partner city, the project that reuses it (a transfer, and a similar project).
    assert english["rostock"].url in found
    assert 'lang="de"' not in found[english["rostock"].url]
    assert english["rostock_project"].url in found
    german = [address for address in found if address.startswith("/staedte/rostock/")]
    # Not translated: the German page, marked as German.
    assert german == [related["untranslated"].url]
    assert 'hreflang="de"' in found[related["untranslated"].url]
    # The reuse is the German project's, named once (its English version
    # carries a copy of the transfer).
    assert "Reused in 1 city" in response.content.decode()


def test_a_german_project_keeps_leading_to_german_pages(client, related, site_tree):
    response = client.get(related["german"]["project"].url)
    found = links(response)

    assert site_tree.rostock.url in found
    assert related["german"]["rostock_project"].url in found
    assert not [address for address in found if address.startswith("/en/staedte/rostock/")]
    # Reused once, although the reusing project is also in English.
    assert "Nachgenutzt in 1 Stadt" in response.content.decode()


def test_the_overview_and_city_pages_count_a_translated_reuse_once(client, related, site_tree):
    english = related["english"]
    for city, text in (
        (site_tree.luebeck, "1-mal"),
        (english["luebeck"], "1 time"),
    ):
        page = client.get(city.url).content.decode()
        assert text in page, city.url


def test_english_news_articles_overview_and_home_lead_to_english_pages(client, related, site_tree):
    english = related["english"]
    news = site_tree.news
    news.related_cities.set([site_tree.rostock])
    news.related_projects.set([related["german"]["rostock_project"]])
    news.save_revision().publish()
    article = site_tree.article
    article.related_projects.set([related["german"]["rostock_project"]])
    article.save_revision().publish()
    city_index_en = factories.translation_of(site_tree.city_index)

    for page in (factories.translation_of(news), factories.translation_of(article)):
        found = links(client.get(page.url))
        assert english["rostock_project"].url in found, page.url
        assert related["german"]["rostock_project"].url not in found, page.url
    assert english["rostock"].url in links(client.get(factories.translation_of(news).url))

    with translation.override("en"):
        overview = reverse("overview")
    found = links(client.get(overview))
    assert english["luebeck"].url in found and english["rostock"].url in found
    assert site_tree.luebeck.url not in found

    home = links(client.get("/en/"))
    assert city_index_en.url in home


def test_the_api_names_a_translated_reuse_once(client, related):
    german = related["german"]["project"]
    reusing = [related["german"]["rostock_project"].pk]

    detail = client.get(f"/api/v2/projects/{german.pk}/").json()
    assert [reference["id"] for reference in detail["reused_in"]] == reusing
    listing = client.get("/api/v2/projects/", {"fields": "reused_in"}).json()["items"]
    [item] = [item for item in listing if item["id"] == german.pk]
    assert [reference["id"] for reference in item["reused_in"]] == reusing
