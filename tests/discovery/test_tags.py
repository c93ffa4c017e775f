"""Tag pages: published pages only, grouped by type and city, counts that match the search."""

import datetime
import html
import re

from django.db import reset_queries

import factories


def get_text(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_tag_page_groups_by_city_with_links_into_the_search(client, site_tree):
    factories.ProjectPageFactory(
        parent=site_tree.rostock, title="Funknetz Rostock", tags=["LoRaWAN"]
    )
    text = get_text(client, "/tags/lorawan/")
    section = text.split('id="tag-cities"')[1].split("</section>")[0]
    links = re.findall(
        r'href="(/search/\?tag=lorawan&city=[^"]+)">([^<]+) <span class="tag__count">\((\d+)\)',
        section,
    )
    by_city = {name.strip(): (href, int(count)) for href, name, count in links}
    # Lübeck: project and lesson; Rostock: the new project.
    assert by_city["Lübeck"][1] == 2
    assert by_city["Rostock"][1] == 1
    for href, count in by_city.values():
        assert client.get(href).context["search"].total == count


def test_tag_page_lists_a_bounded_number_per_type_and_links_to_the_rest(
    client, site_tree, django_assert_max_num_queries
):
    for number in range(13):
        factories.ProjectPageFactory(
            parent=site_tree.rostock, title=f"Parken {number:02d}", tags=["Parken"]
        )
    reset_queries()  # a full query log (9,000 entries) would count 0
    with django_assert_max_num_queries(30) as captured:
        text = get_text(client, "/tags/parken/")
    assert "Projekte (14)" in re.sub(r"<[^>]+>", "", text)
    assert "Alle 14 Projekte mit diesem Schlagwort in der Suche" in text
    assert "/search/?tag=parken&type=project" in text
    assert text.count('class="card card--project"') == 12
    bound = len(captured.captured_queries)
    for number in range(5):
        factories.ProjectPageFactory(
            parent=site_tree.luebeck, title=f"Mehr Parken {number}", tags=["Parken"]
        )
    reset_queries()  # a full query log (9,000 entries) would count 0
    with django_assert_max_num_queries(bound):
        client.get("/tags/parken/")


def test_tag_index_counts_pages_in_a_bounded_number_of_queries(
    client, site_tree, django_assert_max_num_queries
):
    reset_queries()  # a full query log (9,000 entries) would count 0
    with django_assert_max_num_queries(15) as captured:
        text = get_text(client, "/tags/")
    assert "LoRaWAN (4 Seiten)" in re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", text))
    bound = len(captured.captured_queries)
    for number in range(5):
        factories.NewsPageFactory(parent=site_tree.news_index, tags=[f"Thema {number}"])
    reset_queries()  # a full query log (9,000 entries) would count 0
    with django_assert_max_num_queries(bound):
        client.get("/tags/")


class TestTagPages:
    def test_tag_index_lists_the_tags_in_use(self, client, site_tree):
        text = get_text(client, "/tags/")
        assert "LoRaWAN" in text
        assert "Parken" in text
        assert "/tags/lorawan/" in text

    def test_tag_page_lists_every_kind_of_tagged_page(self, client, site_tree):
        text = get_text(client, "/tags/lorawan/")
        for page in (site_tree.project, site_tree.lesson, site_tree.article, site_tree.news):
            assert page.title in text
            assert page.url in text

    def test_a_draft_is_not_listed(self, client, site_tree):
        draft = factories.ProjectPageFactory(
            parent=site_tree.rostock, title="Geheimer Entwurf", tags=["LoRaWAN"], live=False
        )
        text = get_text(client, "/tags/lorawan/")
        assert site_tree.project.title in text
        assert draft.title not in text

    def test_a_tag_only_on_drafts_has_no_page(self, client, site_tree):
        factories.ProjectPageFactory(parent=site_tree.rostock, tags=["Entwurf"], live=False)
        assert client.get("/tags/entwurf/").status_code == 404
        assert "Entwurf" not in get_text(client, "/tags/")

    def test_an_unknown_tag_is_not_found(self, client, site_tree):
        assert client.get("/tags/gibt-es-nicht/").status_code == 404


# Created in reverse reading order, so insertion order and reading order differ.
TAGS_CREATED = ["Zugang", "Bahn", "ärger", "Apfel", "alpha"]
READING_ORDER = ["alpha", "Apfel", "ärger", "Bahn", "Zugang"]


def tag_names_shown(text, *, start):
    section = text.split(start, 1)[1]
    return re.findall(r'class="tag" href="/tags/[^"]+/">([^<]+)</a>', section)[:5]


def test_every_tag_list_is_in_reading_order_whatever_the_insertion_order(client, site_tree):
    import feedparser
    import yaml

    project = factories.ProjectPageFactory(
        parent=site_tree.rostock, title="Ordnung", tags=TAGS_CREATED
    )
    news_index = site_tree.news_index
    factories.NewsPageFactory(
        parent=news_index,
        title="Ordnungsmeldung",
        date=datetime.date(2030, 1, 1),
        tags=TAGS_CREATED,
    )

    page = get_text(client, project.url)
    assert tag_names_shown(page, start="Schlagwörter") == READING_ORDER
    cards = get_text(client, news_index.url)
    assert tag_names_shown(cards, start="Ordnungsmeldung") == READING_ORDER
    api = client.get(f"/api/v2/projects/{project.pk}/").json()
    assert api["tags"] == READING_ORDER
    feed = feedparser.parse(client.get("/feeds/tags/alpha/").content)
    assert len(feed.entries) == 2
    for entry in feed.entries:
        assert [t.term for t in entry.tags] == READING_ORDER, entry.title
    rows = client.get("/open-data/projects.json").json()
    row = next(
        r for r in (rows if isinstance(rows, list) else rows["projects"]) if r["title"] == "Ordnung"
    )
    assert row["tags"] == READING_ORDER
    publiccode = yaml.safe_load(client.get(f"{project.url}publiccode.yml").content)
    assert publiccode["description"]["de"]["features"][:5] == READING_ORDER
