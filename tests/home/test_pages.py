"""What readers see on the home page, news and standard pages."""

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
