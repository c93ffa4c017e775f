"""
The language of stored content (core.content_language) and what readers get
from it: German pages as before, English pages with the German parts marked
`lang="de"` and a notice that the page exists in German only; an English
translation comes out as English without a mark or notice.
"""

import html
import re

from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils.translation import override

from wagtail.models import Locale, Page

import pytest
from taggit.models import Tag

from core.content_language import content_language
from registry.models import FieldOfAction

NOTICE = "This page is available in German only."


def tree_pages(site_tree):
    """The tree's pages, whose `url` is then their German address."""
    return [
        site_tree.home,
        site_tree.city_index,
        site_tree.luebeck,
        site_tree.project,
        site_tree.lesson,
        site_tree.knowledge_index,
        site_tree.article,
        site_tree.news_index,
        site_tree.news,
        site_tree.standard,
    ]


def text_of(response):
    assert response.status_code == 200, response
    return html.unescape(response.content.decode())


def main_of(text):
    return text.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def test_every_page_is_in_the_language_of_its_locale(site_tree):
    request = RequestFactory().get("/")
    for page in tree_pages(site_tree):
        assert content_language(page, cache_object=request) == page.locale.language_code == "de"
    # Snippets and tags without a locale are in the source language.
    assert content_language(FieldOfAction.objects.first()) == "de"
    assert content_language(Tag.objects.get(name="LoRaWAN")) == "de"


def test_asking_a_page_for_its_language_costs_no_query(site_tree, django_assert_num_queries):
    request = RequestFactory().get("/")
    content_language(site_tree.home, cache_object=request)
    pages = [Page.objects.get(pk=page.pk) for page in tree_pages(site_tree)]
    with django_assert_num_queries(0):
        assert {content_language(page, cache_object=request) for page in pages} == {"de"}


def test_german_pages_are_as_lean_as_before(client, site_tree):
    """Only <html> and the two links of the language switch name a language."""
    for page in tree_pages(site_tree):
        with override("de"):
            url = page.url
        text = text_of(client.get(url))
        assert re.findall(r' lang="(\w+)"', text) == ["de", "de", "en"], page.url
        assert "notice--language" not in text


def test_english_pages_mark_the_german_content_and_say_so(client, site_tree):
    project = site_tree.project
    with override("de"):
        german_url = project.url
    text = text_of(client.get("/en" + german_url))
    main = main_of(text)
    # The notice comes first, in English (no mark of its own inside <html lang="en">).
    notice = main.split('<p class="notice notice--language">', 1)[1].split("</p>", 1)[0]
    assert NOTICE in notice
    assert f'<a href="{german_url}" hreflang="de">Open the page in German</a>' in notice
    assert main.index("notice--language") < main.index("<h1")
    # The German parts, each marked.
    assert f'<h1 lang="de">{project.title}</h1>' in main
    assert f'<p class="lead" lang="de">{project.summary}</p>' in main
    assert 'lang="de">LoRaWAN</a>' in main
    assert f'<span aria-current="page" lang="de">{project.title}</span>' in text
    assert f'lang="de">{site_tree.city_index.title}</a>' in text  # the breadcrumbs
    assert f'<title lang="de">{project.title} – Hanse Wissensnetz</title>' in text
    # The interface stays English: its headings carry no mark.
    assert '<h2 id="project-facts" class="h-box">Fact sheet</h2>' in main


def test_every_english_page_has_the_notice_and_a_german_heading(client, site_tree):
    for page in tree_pages(site_tree):
        with override("de"):
            url = page.url
        main = main_of(text_of(client.get("/en" + url)))
        assert NOTICE in main, url
        assert re.search(r'<h1[^>]* lang="de"', main), url


def test_an_english_page_takes_at_most_two_queries_more_than_the_german_one(client, site_tree):
    for page in tree_pages(site_tree):
        with override("de"):
            url = page.url
        client.get(url)  # the site and the caches, as for every reader after the first
        with CaptureQueriesContext(connection) as german:
            client.get(url)
        client.get("/en" + url)
        with CaptureQueriesContext(connection) as english:
            client.get("/en" + url)
        print(f"{url}: {len(german)} queries in German, {len(english)} in English")
        assert len(english) <= len(german) + 2, url


def test_views_without_a_page_show_no_notice(client, site_tree):
    for path in ("/en/tags/lorawan/", "/en/search/?q=Parken", "/en/overview/"):
        text = text_of(client.get(path))
        assert "notice--language" not in text, path
    text = text_of(client.get("/en/tags/lorawan/"))
    assert '<h1 lang="de">LoRaWAN</h1>' in text


@pytest.fixture
def english_translation(site_tree):
    """The article translated into English, with Wagtail's translated trees switched on."""
    with override_settings(
        WAGTAIL_I18N_ENABLED=True,
        WAGTAIL_CONTENT_LANGUAGES=[("de", "Deutsch"), ("en", "English")],
    ):
        english, _created = Locale.objects.get_or_create(language_code="en")
        article = site_tree.article.copy_for_translation(english, copy_parents=True)
        article.title = "Tendering a LoRaWAN network"
        article.summary = "What belongs in the specification of a LoRaWAN network."
        article.save_revision().publish()
        for ancestor in article.get_ancestors().filter(depth__gt=1, alias_of=None).specific():
            ancestor.save_revision().publish()
        cache.clear()  # Wagtail's site root paths now list the English root too
        yield Page.objects.get(pk=article.pk).specific


def test_an_english_translation_is_english(client, site_tree, english_translation):
    assert content_language(english_translation) == "en"
    assert content_language(site_tree.article) == "de"
    url = english_translation.url
    text = text_of(client.get(url))

    assert url.startswith("/en/")
    main = main_of(text)
    assert f"<h1>{english_translation.title}</h1>" in main
    assert "notice--language" not in main
    assert f'<p class="lead">{english_translation.summary}</p>' in main
    # Tags have no locale: they stay German, and say so.
    assert re.findall(r' lang="(\w+)"', main) == ["de"]
    assert 'lang="de">LoRaWAN</a>' in main
