"""A wiki article in English, translated through wagtail-localize (factories.translation_of)."""

import pytest

import factories
from knowledge.models import ArticlePage, KnowledgeIndexPage

pytestmark = pytest.mark.django_db


def test_a_translated_article_sits_under_the_english_wiki(site_tree):
    article_en = factories.translation_of(site_tree.article)

    assert article_en.locale.language_code == "en" and article_en.live
    wiki_en = article_en.get_parent().specific
    assert isinstance(wiki_en, KnowledgeIndexPage)
    assert wiki_en.locale.language_code == "en"
    assert wiki_en.alias_of_id == site_tree.knowledge_index.pk
    assert article_en.url == "/en/wissen/lorawan-ausschreiben/"
    assert list(article_en.tags.names()) == ["LoRaWAN"]
    article_de = ArticlePage.objects.get(pk=site_tree.article.pk)
    assert article_de.title == "LoRaWAN-Netz ausschreiben"
    assert article_de.locale.language_code == "de"
    assert article_de.get_parent().pk == site_tree.knowledge_index.pk
