"""
The demo's page in a third language (demo/content/machine_translation.yaml):
„Über den Verbund“ in Polish, stored as the translation editor's machine
pre-fill stores it. The site has no Polish interface texts, so the notice
"machine-translated" is in English, marked as English, and links to the
German original. Loaded only where Polish is switched on (`make run` does).
"""

import html
from functools import partial

from django.test import override_settings

from wagtail.models import Locale, Page

import pytest

from demo.data_files import demo_content_read
from demo.loader import (
    DemoLoadReport,
    build_standard_page,
    child_page_ensure,
    machine_translated_page_ensure,
)
from home.models import StandardPage

pytestmark = pytest.mark.django_db

WITH_POLISH = [("de", "Deutsch"), ("en", "English"), ("pl", "Polski")]


def german_original(site_tree, content):
    """The German page of pages.yaml that the Polish page translates, as the loader makes it."""
    slug = content.machine_translated_page["page"]
    data = next(page for page in content.standard_pages if page["slug"] == slug)
    return child_page_ensure(
        parent=site_tree.home,
        page_class=StandardPage,
        slug=slug,
        build=partial(build_standard_page, data),
        report=DemoLoadReport(),
        kind="standard",
    )


@override_settings(WAGTAIL_CONTENT_LANGUAGES=WITH_POLISH, LANGUAGES=WITH_POLISH)
def test_the_polish_page_is_published_and_marked_machine_translated(
    client, site_tree, django_capture_on_commit_callbacks
):
    content = demo_content_read()
    german = german_original(site_tree, content)
    report = DemoLoadReport()

    with django_capture_on_commit_callbacks(execute=True):
        machine_translated_page_ensure(home=site_tree.home, content=content, report=report)

    assert report.created["machine_translated"] == 1
    polish = StandardPage.objects.get(
        translation_key=german.translation_key, locale__language_code="pl"
    )
    assert polish.live and polish.url == "/pl/o-sojuszu-miast/"
    response = client.get(polish.url)
    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    assert "<h1>O sojuszu miast</h1>" in text
    assert "<i>Lisa von Lübeck</i>" in text
    assert "Absichtserklärung" not in text  # no German text left untranslated
    notice = text.split('<p class="notice notice--machine-translation" lang="en">')[1]
    notice = notice.split("</p>")[0]
    assert "Machine-translated." in notice
    assert '<a href="/ueber-den-verbund/" hreflang="de" lang="de">Über den Verbund</a>' in notice

    again = DemoLoadReport()
    machine_translated_page_ensure(home=site_tree.home, content=content, report=again)
    assert (again.created["machine_translated"], again.present["machine_translated"]) == (0, 1)


def test_without_polish_switched_on_there_is_no_polish_page(site_tree):
    content = demo_content_read()
    german_original(site_tree, content)
    report = DemoLoadReport()

    machine_translated_page_ensure(home=site_tree.home, content=content, report=report)

    assert report.created["machine_translated"] == report.present["machine_translated"] == 0
    assert not Locale.objects.filter(language_code="pl").exists()
    assert not Page.objects.filter(locale__language_code="pl").exists()
