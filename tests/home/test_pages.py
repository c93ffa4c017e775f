"""What readers see on the home page, news, standard pages and the tag pages."""

import html

import factories


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
