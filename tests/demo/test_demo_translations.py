"""
The demo content's English pages (demo/content/en/, loaded by
demo.translations): translations of the German pages made through
wagtail-localize, published under /en/ with English addresses, an English
menu and no German text left but names. The demo is loaded once for the
module (the second run, which must change nothing, is
test_demo_content's); the data is rolled back when the module is done.
"""

import html
import re
from io import StringIO
from types import SimpleNamespace

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils.translation import override

from wagtail.models import GroupPagePermission, Locale, Page, WorkflowPage

import pytest
from wagtail_localize.models import StringTranslation, Translation

from demo.data_files import CONTENT_DIR, demo_content_read
from demo.translations import demo_translations_read, string_segments
from demo_files import break_file
from governance.services import EDITORS_GROUP_NAME
from knowledge.models import LessonPage
from registry.models import CityPage, ProjectPage

GERMAN_ONLY_NOTICE = "This page is available in German only."

# Stored texts that are the same in both languages: names (the product, the
# cities, their official names, the cities' slugs) and codes (a licence's
# SPDX identifier).
SAME_IN_BOTH = {
    "Hanse Wissensnetz",
    "luebeck",
    "rostock",
    "stralsund",
    "wismar",
    "Lübeck",
    "Rostock",
    "Stralsund",
    "Wismar",
    "Hansestadt Lübeck",
    "Hanse- und Universitätsstadt Rostock",
    "Hansestadt Stralsund",
    "Hansestadt Wismar",
    "EUPL-1.2",
    "MIT",
    "AGPL-3.0-or-later",
    "Apache-2.0",
}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        content = demo_content_read()
        translations = demo_translations_read(
            content=content, content_dir=CONTENT_DIR, language="en"
        )
        out = StringIO()
        call_command("load_demo_content", stdout=out)
        english = Locale.objects.get(language_code="en")
        pages = [
            page.specific
            for page in Page.objects.filter(locale=english, depth__gt=1).order_by("path")
        ]
        yield SimpleNamespace(
            content=content, translations=translations, output=out.getvalue(), pages=pages
        )
        transaction.set_rollback(True)


def german_source(page):
    return page.get_translation(Locale.get_default()).specific


def text_of(response):
    assert response.status_code == 200, response.request["PATH_INFO"]
    return html.unescape(response.content.decode())


def expected_pages(translations) -> int:
    projects = [project for items in translations.projects.values() for project in items]
    return (
        1  # home
        + len(translations.sections)
        + len(translations.standard_pages)
        + len(translations.cities)
        + len(projects)
        + sum(len(project["lessons"]) for project in projects)
        + len(translations.articles)
        + len(translations.news)
    )


@pytest.mark.django_db
def test_every_page_of_the_files_is_translated_and_published_under_en(demo):
    assert len(demo.pages) == expected_pages(demo.translations)
    assert "Übersetzte Seiten" in demo.output
    for page in demo.pages:
        assert page.live and page.alias_of_id is None, page.url_path
        assert not page.has_unpublished_changes, page.url_path
        assert page.live_revision_id is not None, page.url_path
        assert page.url.startswith("/en/"), page.url_path
        german = german_source(page)
        assert german.translation_key == page.translation_key
        assert german.live
    projects = [project for items in demo.translations.projects.values() for project in items]
    assert len(demo.translations.cities) >= 4
    assert len(projects) >= 8
    assert len(demo.translations.articles) >= 2
    assert {page["source"] for page in demo.translations.standard_pages} >= {
        "impressum",
        "datenschutz",
        "barrierefreiheit",
    }
    assert [news["source"] for news in demo.translations.news] == [
        "absichtserklaerung-hansestaedte"
    ]


@pytest.mark.django_db
def test_english_pages_have_english_addresses_and_belong_to_the_english_city(demo):
    project = ProjectPage.objects.get(slug="sensor-parking-guidance-old-town")
    assert project.url == "/en/cities/luebeck/sensor-parking-guidance-old-town/"
    city = project.get_parent().specific
    assert isinstance(city, CityPage) and city.locale.language_code == "en"
    assert project.city_id == city.pk
    assert city.municipality_key == "01003000"
    lessons = LessonPage.objects.child_of(project)
    assert {lesson.slug for lesson in lessons} == {
        "plan-battery-replacement-from-the-start",
        "agree-display-boards-early-with-heritage-conservation",
    }
    assert {lesson.city_id for lesson in lessons} == {city.pk}
    # What is no text is the German page's: tags, fields of action, contacts.
    german = german_source(project)
    assert set(project.tags.names()) == set(german.tags.names())
    assert set(project.fields_of_action.all()) == set(german.fields_of_action.all())
    assert [link.contact_id for link in project.project_contacts.all()] == [
        link.contact_id for link in german.project_contacts.all()
    ]


@pytest.mark.django_db
def test_invented_english_pages_carry_the_english_demo_marker(demo):
    prefix = demo.translations.demo_prefix
    for page in demo.pages:
        german = german_source(page)
        for field in ("summary", "teaser", "intro"):
            german_text = getattr(german, field, "")
            if german_text.startswith(demo.content.demo_prefix):
                assert getattr(page, field).startswith(prefix), page.url_path
        german_body = getattr(german, "body", None)
        if german_body and str(german_body[0].value).startswith("<p>Demo-Inhalt:"):
            assert str(page.body[0].value).startswith("<p>Demo content:"), page.url_path


@pytest.mark.django_db
def test_no_stored_german_text_is_left_on_the_english_pages(demo):
    """Every string wagtail-localize finds on the German page is translated, names aside."""
    untranslated = []
    for page in demo.pages:
        english = string_segments(page)
        german = string_segments(german_source(page))
        assert english.keys() == german.keys(), page.url_path
        for path, texts in german.items():
            for german_text, english_text in zip(texts, english[path], strict=True):
                if english_text == german_text and german_text not in SAME_IN_BOTH:
                    untranslated.append(f"{page.url_path} {path}: {german_text}")
    assert not untranslated, "\n".join(untranslated)


@pytest.mark.django_db
def test_english_pages_read_in_english_with_an_english_menu(demo, client):
    for page in demo.pages:
        german = german_source(page)
        text = text_of(client.get(page.url))
        assert '<html lang="en">' in text, page.url
        assert GERMAN_ONLY_NOTICE not in text, page.url
        menu = re.search(r'<nav class="main-nav".*?</nav>', text, re.S).group(0)
        for title in ("About the alliance", "Cities", "Knowledge", "News"):
            assert f">{title}</a>" in menu, page.url
        assert "Städte" not in menu and ' lang="de"' not in menu, page.url
        main = re.search(r"<main.*?</main>", text, re.S).group(0)
        assert re.search(rf'<h1(?: class="[\w_-]+")?>{re.escape(page.title)}</h1>', main), page.url
        # The German page's own sentences are not on the English page.
        german_texts = [
            text
            for texts in string_segments(german).values()
            for text in texts
            if len(text) > 25 and text not in SAME_IN_BOTH and "<" not in text
        ]
        left = [text for text in german_texts if html.unescape(text) in main]
        assert not left, f"{page.url}: {left}"


@pytest.mark.django_db
def test_the_language_switch_leads_to_the_same_page_in_the_other_language(demo, client):
    project = ProjectPage.objects.get(slug="sensor-parking-guidance-old-town")
    german = german_source(project)
    text = text_of(client.get(project.url))
    switch = re.search(r'<nav class="language-switch".*?</nav>', text, re.S).group(0)
    with override("de"):
        german_url = german.url
    assert f'<a href="{german_url}" lang="de" hreflang="de"' in switch
    assert f'<a href="{project.url}" lang="en" hreflang="en" aria-current="true"' in switch
    assert text_of(client.get(german_url))


@pytest.mark.django_db
def test_an_english_page_takes_at_most_two_queries_more_than_its_german_page(demo, client):
    for slug in ("luebeck", "sensor-parking-guidance-old-town", "tendering-a-lorawan-network"):
        english = Page.objects.get(slug=slug, locale__language_code="en").specific
        with override("de"):
            german_url = german_source(english).url
        for url in (german_url, english.url):
            client.get(url)  # the site and the caches, as for every reader after the first
        with CaptureQueriesContext(connection) as german_queries:
            client.get(german_url)
        with CaptureQueriesContext(connection) as english_queries:
            client.get(english.url)
        english_sql = [query["sql"][:160] for query in english_queries.captured_queries]
        german_sql = {query["sql"][:160] for query in german_queries.captured_queries}
        extra = [sql for sql in english_sql if sql not in german_sql]
        assert len(english_queries) <= len(german_queries) + 2, (english.url, extra)


@pytest.mark.django_db
def test_translations_are_a_translators_work_in_wagtail_localize(demo):
    """An editor finds each translation in wagtail-localize, filled in by hand, not by machine."""
    english = Locale.objects.get(language_code="en")
    for page in demo.pages:
        german = german_source(page)
        assert Translation.objects.filter(
            source__object_id=german.translation_key, target_locale=english, enabled=True
        ).exists(), page.url_path
    translated = StringTranslation.objects.filter(locale=english)
    assert translated.exists()
    assert not translated.exclude(translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL)


@pytest.mark.django_db
def test_a_citys_editors_and_review_cover_its_english_pages(demo):
    luebeck = CityPage.objects.get(slug="luebeck", locale__language_code="en")
    german = german_source(luebeck)
    editors = EDITORS_GROUP_NAME.format(city="Lübeck")
    assert GroupPagePermission.objects.filter(page=luebeck, group__name=editors).exists()
    assert not GroupPagePermission.objects.filter(
        page=luebeck, group__name=EDITORS_GROUP_NAME.format(city="Rostock")
    ).exists()
    assert (
        WorkflowPage.objects.get(page=luebeck).workflow_id
        == WorkflowPage.objects.get(page=german).workflow_id
    )


@pytest.mark.django_db
def test_a_german_page_changed_since_loading_is_left_untranslated_and_named(demo):
    english_lesson = LessonPage.objects.get(slug="keep-booking-by-phone")
    german = german_source(english_lesson)
    english_lesson.delete()
    german.body.append(("heading", {"text": "Nachtrag", "level": "h2"}))
    german.save_revision().publish()

    out = StringIO()
    call_command("load_demo_content", stdout=out)

    assert german.get_translation_or_none(Locale.objects.get(language_code="en")) is None
    assert f"„{german.title}“ ({german.url_path}) nicht übersetzt" in out.getvalue()
    assert "Nichts neu angelegt" in out.getvalue()


# --------------------------------------------------------------------------
# Mistakes in the translation files: named, and nothing is stored
# --------------------------------------------------------------------------


def load_fails(content_dir):
    pages = Page.objects.count()
    with pytest.raises(CommandError) as error:
        call_command("load_demo_content", content_dir=content_dir, stdout=StringIO())
    assert Page.objects.count() == pages
    return str(error.value)


@pytest.mark.django_db
def test_a_paragraph_that_lost_a_list_item_is_named_with_file_and_line(content_dir):
    line = break_file(
        content_dir,
        "en/projects/luebeck.yaml",
        "<li>a procurement office that runs the procedure for everyone</li>",
        "",
    )
    message = load_fails(content_dir)
    assert (
        f"en/projects/luebeck.yaml, Zeile {line - 2}, projects[1].adoption_requirements: "
        "2 Textstücke (Absätze, Listenpunkte), im Deutschen 3"
    ) in message


@pytest.mark.django_db
def test_a_source_that_names_no_german_page_is_named(content_dir):
    line = break_file(content_dir, "en/cities.yaml", "source: wismar", "source: rostok")
    break_file(content_dir, "en/articles.yaml", "  - heading: Operation\n", "")
    message = load_fails(content_dir)
    assert f"en/cities.yaml, Zeile {line}, cities[3].source: „rostok“ ist als Stadt" in message
    assert "en/articles.yaml" in message and "articles[0].body: Blöcke heading," in message


@pytest.mark.django_db
def test_site_wide_listings_name_each_page_once_in_german(demo, client):
    """The German home page, overview, lessons finder and tag pages list no English copies."""
    english_titles = [
        page.title
        for page in demo.pages
        if isinstance(page, (ProjectPage, LessonPage)) and page.title != german_source(page).title
    ]
    assert english_titles
    for path in ("/", "/overview/", "/erfahrungen/", "/tags/lorawan/"):
        text = text_of(client.get(path))
        shown = [title for title in english_titles if title in text]
        assert not shown, f"{path}: {shown}"
    overview = text_of(client.get("/overview/"))
    assert len(re.findall(r'<th scope="row"', overview)) == len(demo.content.cities)
