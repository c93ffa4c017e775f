"""What readers see on the home page, news and standard pages."""

import html
import re

from django.db import reset_queries

import factories
from registry.choices import ProjectStatus
from registry.models import CityPage

# Queries of the home page when its listings and charts are computed (after
# a change) and when they come from the cache, at any registry size.
COMPUTED_MAX_QUERIES = 16
CACHED_MAX_QUERIES = 5


def get_text(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_home_page_shows_cities_and_the_latest_content(client, site_tree):
    text = get_text(client, "/")
    for title in (
        "Lübeck",
        "Rostock",
        site_tree.project.title,
        site_tree.news.title,
        site_tree.article.title,
    ):
        assert title in text


def latest_projects(text):
    section = text.split('id="home-projects"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a>', section)


def status_count(text, label):
    """The count in the status chart's data table."""
    chart = text.split('id="home-chart-status', 1)[1]
    return int(
        re.search(rf'<th scope="row">{re.escape(str(label))}</th><td class="num">(\d+)<', chart)[1]
    )


def test_home_page_names_the_few_cities_by_federal_state(client, site_tree):
    text = get_text(client, "/")
    section = text.split('id="home-cities"', 1)[1].split("</section>", 1)[0]
    states = re.findall(r"<h3[^>]*>([^<]+)</h3>", section)
    assert states == ["Mecklenburg-Vorpommern", "Schleswig-Holstein"]
    schleswig_holstein = section.split(">Schleswig-Holstein</h3>", 1)[1]
    assert f'href="{site_tree.luebeck.url}"' in schleswig_holstein
    assert f'href="{site_tree.rostock.url}"' not in schleswig_holstein
    assert f'href="{site_tree.rostock.url}"' in section
    assert f'href="{site_tree.city_index.url}">Alle Städte mit Karte (2)</a>' in section


def test_a_publication_shows_on_the_home_page_at_the_next_request(
    client, site_tree, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    """
    The latest projects and the charts are computed once per change: the
    next request after a publication shows it, the requests after that read
    what it computed.
    """
    factories.site_root_paths_warm()
    reset_queries()
    with django_assert_max_num_queries(COMPUTED_MAX_QUERIES) as computed:
        text = get_text(client, "/")
    assert latest_projects(text) == [site_tree.project.title]
    ideas = status_count(text, ProjectStatus.IDEA.label)
    with django_assert_max_num_queries(CACHED_MAX_QUERIES) as cached:
        assert get_text(client, "/") == text
    print(f"home page queries: {len(computed)} computed, {len(cached)} from the cache")
    assert len(cached) < len(computed)

    with django_capture_on_commit_callbacks(execute=True):
        project = factories.ProjectPageFactory(
            parent=site_tree.rostock, title="Bürgerportal Rostock", status=ProjectStatus.IDEA
        )
    text = get_text(client, "/")
    assert latest_projects(text) == [project.title, site_tree.project.title]
    assert status_count(text, ProjectStatus.IDEA.label) == ideas + 1

    with django_capture_on_commit_callbacks(execute=True):
        project.unpublish()
    text = get_text(client, "/")
    assert latest_projects(text) == [site_tree.project.title]
    assert status_count(text, ProjectStatus.IDEA.label) == ideas


def test_home_page_of_200_cities_counts_them_per_federal_state(
    client, site_tree, large_registry, django_assert_max_num_queries
):
    factories.site_root_paths_warm()
    reset_queries()
    with django_assert_max_num_queries(COMPUTED_MAX_QUERIES):
        response = client.get("/")
    print(f"home page at 202 cities: {len(response.content)} bytes")
    text = html.unescape(response.content.decode())
    section = text.split('id="home-cities"', 1)[1].split("</section>", 1)[0]
    # No city is named; one line per federal state with its number of cities.
    assert "Hansestadt 007" not in section
    lines = re.findall(
        r'<li><span class="city-states__name">([^<]+)</span>: (\d+) Städte</li>', section
    )
    assert len(lines) == 16
    assert sum(int(count) for _state, count in lines) == CityPage.objects.live().count() == 202
    assert dict(lines)["Schleswig-Holstein"] == "14"  # 13 of the 200, and Lübeck
    assert f'href="{site_tree.city_index.url}">Alle Städte mit Karte (202)</a>' in section
    assert len(latest_projects(text)) == 6
    assert status_count(text, ProjectStatus.IDEA.label) == 200
    with django_assert_max_num_queries(CACHED_MAX_QUERIES):
        assert client.get("/").status_code == 200


def test_news_index_lists_published_news(client, site_tree):
    draft = factories.NewsPageFactory(
        parent=site_tree.news_index, title="Noch nicht freigegeben", live=False
    )
    text = get_text(client, site_tree.news_index.url)
    assert site_tree.news.title in text
    assert site_tree.news.teaser in text
    assert draft.title not in text


def test_news_page_shows_its_teaser_body_and_tags(client, site_tree):
    text = get_text(client, site_tree.news.url)
    assert site_tree.news.title in text
    assert site_tree.news.teaser in text
    assert "Der Volltext der Meldung." in text
    assert "LoRaWAN" in text


def test_standard_page_shows_its_intro(client, site_tree):
    text = get_text(client, site_tree.standard.url)
    assert site_tree.standard.title in text
    assert site_tree.standard.intro in text


def main_navigation(text):
    nav = text.split('class="main-nav__list"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<li><a href="[^"]+"[^>]*>([^<]+)</a>', nav)


def test_the_navigation_follows_publishing_on_the_next_request(
    client, site_tree, django_capture_on_commit_callbacks
):
    # The navigation is read once per change of the content (core.aggregates,
    # whose generation moves when the change commits): a section published or
    # unpublished shows on the very next page.
    assert "Mitmachen" not in main_navigation(get_text(client, "/"))
    with django_capture_on_commit_callbacks(execute=True):
        section = factories.StandardPageFactory(
            parent=site_tree.home, title="Mitmachen", show_in_menus=True
        )
        section.save_revision().publish()
    assert "Mitmachen" in main_navigation(get_text(client, site_tree.project.url))
    with django_capture_on_commit_callbacks(execute=True):
        section.unpublish()
    assert "Mitmachen" not in main_navigation(get_text(client, site_tree.project.url))
