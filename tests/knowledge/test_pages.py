"""What readers see in the knowledge section: lessons learned and wiki articles."""

import html

import factories


def get_text(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_lesson_page_shows_its_summary_project_and_tags(client, site_tree):
    lesson = site_tree.lesson
    text = get_text(client, lesson)
    assert lesson.title in text
    assert lesson.summary in text
    assert "Früher anfangen." in text  # what we would do differently
    assert site_tree.project.title in text
    assert "LoRaWAN" in text


def test_knowledge_index_lists_published_articles(client, site_tree):
    draft = factories.ArticlePageFactory(
        parent=site_tree.knowledge_index, title="Noch nicht fertig", live=False
    )
    text = get_text(client, site_tree.knowledge_index)
    assert site_tree.knowledge_index.intro in text
    assert site_tree.article.title in text
    assert draft.title not in text


def test_article_page_shows_its_summary_tags_and_related_projects(client, site_tree):
    article = site_tree.article
    article.related_projects.add(site_tree.project)
    article.save()
    text = get_text(client, article)
    assert article.title in text
    assert article.summary in text
    assert "Der Leitfaden." in text
    assert "LoRaWAN" in text
    assert site_tree.project.title in text
