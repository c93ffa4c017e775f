"""A news page in English, translated through wagtail-localize (factories.translation_of)."""

import pytest

import factories
from home.models import NewsIndexPage, NewsPage

pytestmark = pytest.mark.django_db


def test_a_translated_news_page_sits_under_the_english_news_index(site_tree):
    news_en = factories.translation_of(site_tree.news)

    assert news_en.locale.language_code == "en" and news_en.live
    index_en = news_en.get_parent().specific
    assert isinstance(index_en, NewsIndexPage) and index_en.locale.language_code == "en"
    assert news_en.date == site_tree.news.date
    assert news_en.url == "/en/nachrichten/rostock-funkt/"
    news_de = NewsPage.objects.get(pk=site_tree.news.pk)
    assert (news_de.title, news_de.locale.language_code) == ("Rostock funkt stadtweit", "de")
    assert news_de.url == "/nachrichten/rostock-funkt/"
