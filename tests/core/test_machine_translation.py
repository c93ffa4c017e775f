"""
Machine translation, flagged (core.machine_translation): a translated page
whose text a machine made and no person reviewed says so on the page, in the
API and in the feeds, and links to its German original; a city's editor marks
it reviewed in the admin (governance.views), and the notice goes when the
translation is published.

Lübeck's project is translated into English and pre-filled by wagtail-localize's
development translator (test settings; it reverses the words), then published
by Lübeck's moderator, once for the module.
"""

import html
import re
from types import SimpleNamespace
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

import feedparser
import pytest
from wagtail_localize.models import StringSegment, StringTranslation, Translation

import factories
from core.machine_translation import FEED_CATEGORY, TranslationReview
from core.serializers import MachineTranslatedField
from governance.services import governance_ensure_all
from registry.models import ProjectPage

pytestmark = pytest.mark.django_db

GERMAN_URL = "/staedte/luebeck/parkraum/"
ENGLISH_URL = "/en/staedte/luebeck/parkraum/"
NOTICE = re.compile(r'<p class="notice notice--machine-translation".*?</p>', re.S)


def build_machine_translated(tree):
    governance = governance_ensure_all()
    users = {}
    for role, group in (
        ("editor", governance["luebeck"].editors),
        ("moderator", governance["luebeck"].moderators),
        ("rostock_editor", governance["rostock"].editors),
    ):
        user = get_user_model().objects.create_user(role, email=f"{role}@stadt.example")
        user.groups.add(group)
        users[role] = user
    project_en = factories.machine_translation_of(tree.project, user=users["moderator"])
    return SimpleNamespace(tree=tree, users=users, project_en=project_en)


@pytest.fixture(scope="module")
def mt(site_tree_module, built_once_per_module):
    with built_once_per_module(lambda: build_machine_translated(site_tree_module)) as data:
        yield data


def page_text(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return html.unescape(response.content.decode())


def notice_on(client, url) -> str | None:
    client.logout()
    found = NOTICE.search(page_text(client, url))
    return found.group(0) if found else None


def translation_of_project(mt) -> Translation:
    return Translation.objects.get(
        source__object_id=mt.project_en.translation_key, target_locale=mt.project_en.locale
    )


def publish_in_translation_editor(client, page, capture):
    """The translation editor's "Publish", as the city's moderator clicks it."""
    with capture(execute=True):
        response = client.post(f"/admin/pages/{page.pk}/edit/", {"action": "publish"})
    assert response.status_code == 302


def review_url(page) -> str:
    return f"/admin/translation-review/{page.pk}/"


# --------------------------------------------------------------------------
# What a reader sees
# --------------------------------------------------------------------------


def test_a_machine_translated_page_says_so_and_links_to_the_german_original(client, mt):
    text = page_text(client, ENGLISH_URL)
    notice = NOTICE.search(text).group(0)

    assert "Machine-translated." in notice
    assert "has not yet been reviewed by a person" in notice
    link = f'<a href="{GERMAN_URL}" hreflang="de" lang="de">Digitale Parkraumsteuerung</a>'
    assert link in notice
    # In the interface's own language (English): no mark of another language.
    assert notice.startswith('<p class="notice notice--machine-translation">')
    assert "Parkraumsteuerung Digitale" in text  # the machine's title


def test_the_german_original_shows_no_notice_and_asks_nothing_about_it(client, mt):
    client.get(GERMAN_URL)  # warm the site's caches
    with CaptureQueriesContext(connection) as queries:
        text = page_text(client, GERMAN_URL)

    assert "notice--machine-translation" not in text
    assert not [query for query in queries if "core_translationreview" in query["sql"]]


def test_the_notice_costs_an_english_page_one_query_and_one_more_when_shown(client, mt):
    client.get(ENGLISH_URL)  # warm the site's caches
    with CaptureQueriesContext(connection) as flagged:
        assert "notice--machine-translation" in page_text(client, ENGLISH_URL)
    TranslationReview.objects.filter(page_id=mt.project_en.pk).update(machine_translated=False)
    with CaptureQueriesContext(connection) as reviewed:
        assert "notice--machine-translation" not in page_text(client, ENGLISH_URL)

    asked = [query for query in flagged if "core_translationreview" in query["sql"]]
    assert len(asked) == 1
    # The other: the German original, for the link.
    assert len(flagged) - len(reviewed) == 1


# --------------------------------------------------------------------------
# API and feeds
# --------------------------------------------------------------------------


def test_the_api_says_whether_a_page_is_machine_translated(client, mt):
    detail = client.get(f"/api/v2/projects/{mt.tree.project.pk}/").json()
    assert detail["meta"]["machine_translated"] is False
    listing = client.get("/api/v2/projects/").json()
    assert [item["meta"]["machine_translated"] for item in listing["items"]] == [False]
    for endpoint in ("cities", "lessons", "articles", "news"):
        items = client.get(f"/api/v2/{endpoint}/").json()["items"]
        assert items and all(item["meta"]["machine_translated"] is False for item in items)

    # The English tree is not in the API's listings yet (no ?locale=); the
    # field the endpoints share says it of the English page.
    field = MachineTranslatedField()
    field.bind("machine_translated", parent=None)
    assert field.to_representation(ProjectPage.objects.get(pk=mt.project_en.pk)) is True
    assert field.to_representation(ProjectPage.objects.get(pk=mt.tree.project.pk)) is False


def test_the_german_api_asks_nothing_about_machine_translation(client, mt):
    client.get("/api/v2/projects/")  # warm the site's caches
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v2/projects/")
        client.get(f"/api/v2/projects/{mt.tree.project.pk}/")
    assert not [query for query in queries if "core_translationreview" in query["sql"]]


def feed_entries(client, address):
    feed = feedparser.parse(client.get(address).content)
    assert not feed.bozo, feed.bozo_exception
    return {entry.link.removeprefix("http://testserver"): entry for entry in feed.entries}


def test_the_feed_entry_of_a_machine_translated_page_says_so(client, mt):
    english = feed_entries(client, "/feeds/projects/?locale=en")[ENGLISH_URL]
    assert FEED_CATEGORY in [tag.term for tag in english.tags]
    # The English feed (?locale=en) says it in English.
    assert english.summary.startswith("Machine-translated: ")
    german = feed_entries(client, "/feeds/projects/")[GERMAN_URL]
    assert FEED_CATEGORY not in [tag.term for tag in german.get("tags", [])]
    assert not german.summary.startswith("Maschinell übersetzt")


# --------------------------------------------------------------------------
# Reviewing in the admin
# --------------------------------------------------------------------------


def test_an_editors_review_counts_when_the_city_publishes(
    client, mt, django_capture_on_commit_callbacks
):
    page = mt.project_en
    client.force_login(mt.users["editor"])
    form = page_text(client, review_url(page))
    assert "maschinell übersetzte Texte warten auf Prüfung" in form
    assert "Die veröffentlichte Seite trägt den Hinweis „maschinell übersetzt“." in form

    response = client.post(review_url(page), {"confirmed": "on"})
    assert (response.status_code, response["Location"]) == (302, f"/admin/pages/{page.pk}/edit/")
    review = TranslationReview.objects.get(page_id=page.pk)
    assert review.reviewed_by == mt.users["editor"]
    # An editor does not publish: the readers still see the notice…
    assert notice_on(client, ENGLISH_URL) is not None

    # …until the city's moderator publishes the translation.
    client.force_login(mt.users["moderator"])
    publish_in_translation_editor(client, page, django_capture_on_commit_callbacks)
    assert notice_on(client, ENGLISH_URL) is None
    assert "Parkraumsteuerung Digitale" in page_text(client, ENGLISH_URL)


def test_a_moderators_review_publishes_and_the_notice_goes(
    client, mt, django_capture_on_commit_callbacks
):
    client.force_login(mt.users["moderator"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(review_url(mt.project_en), {"confirmed": "on"})
    assert response.status_code == 302

    assert notice_on(client, ENGLISH_URL) is None
    assert not TranslationReview.objects.get(page_id=mt.project_en.pk).machine_translated
    detail = client.get(f"/api/v2/projects/{mt.tree.project.pk}/").json()
    assert detail["meta"]["machine_translated"] is False


def test_a_review_without_confirmation_changes_nothing(client, mt):
    client.force_login(mt.users["moderator"])

    response = client.post(review_url(mt.project_en), {})

    assert response.status_code == 200
    assert "Bitte bestätigen Sie, dass Sie die Übersetzung geprüft haben" in html.unescape(
        response.content.decode()
    )
    review = TranslationReview.objects.get(page_id=mt.project_en.pk)
    assert (review.reviewed_by, review.reviewed_at, review.machine_translated) == (None, None, True)
    assert notice_on(client, ENGLISH_URL) is not None


def test_no_editor_reviews_another_citys_translation(client, mt):
    client.force_login(mt.users["rostock_editor"])

    # Wagtail's admin answers a refusal with a redirect to the dashboard.
    response = client.get(review_url(mt.project_en))
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    response = client.post(review_url(mt.project_en), {"confirmed": "on"})

    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert TranslationReview.objects.get(page_id=mt.project_en.pk).reviewed_at is None
    assert notice_on(client, ENGLISH_URL) is not None


def test_only_translations_are_reviewed(client, mt):
    client.force_login(mt.users["moderator"])
    assert client.get(review_url(mt.tree.project)).status_code == 404
    assert client.get("/admin/translation-review/999999/").status_code == 404


def test_the_translation_offers_the_review_while_there_is_something_to_review(
    client, mt, django_capture_on_commit_callbacks
):
    client.force_login(mt.users["editor"])
    link = f'href="{review_url(mt.project_en)}"'
    assert link in client.get(f"/admin/pages/{mt.project_en.pk}/edit/").content.decode()
    german_edit = client.get(f"/admin/pages/{mt.tree.project.pk}/edit/").content.decode()
    assert "/admin/translation-review/" not in german_edit

    client.force_login(mt.users["moderator"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(review_url(mt.project_en), {"confirmed": "on"})
    client.force_login(mt.users["editor"])
    assert link not in client.get(f"/admin/pages/{mt.project_en.pk}/edit/").content.decode()


def test_editing_every_machine_string_is_a_review_too(
    client, mt, django_capture_on_commit_callbacks
):
    """A string a person edited in the translation editor is a person's translation."""
    translation = translation_of_project(mt)
    client.force_login(mt.users["moderator"])
    machine = StringTranslation.objects.filter(
        locale=translation.target_locale,
        translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE,
    )
    for segment in StringSegment.objects.filter(source=translation.source):
        string = machine.filter(
            translation_of_id=segment.string_id, context_id=segment.context_id
        ).first()
        if string is None:
            continue
        response = client.put(
            f"/admin/localize/translate/{translation.pk}/strings/{segment.pk}/edit/",
            urlencode({"value": string.data}),
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code == 200

    publish_in_translation_editor(client, mt.project_en, django_capture_on_commit_callbacks)

    assert notice_on(client, ENGLISH_URL) is None
    assert TranslationReview.objects.get(page_id=mt.project_en.pk).reviewed_at is None


def test_new_machine_text_after_a_review_is_flagged_again(
    client, mt, django_capture_on_commit_callbacks
):
    client.force_login(mt.users["moderator"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(review_url(mt.project_en), {"confirmed": "on"})
    assert notice_on(client, ENGLISH_URL) is None

    # The German summary changes; the translation is synced and the new
    # sentence pre-filled by machine, then published.
    german = ProjectPage.objects.get(pk=mt.tree.project.pk)
    german.summary = "Sensoren melden freie Plätze in der ganzen Stadt."
    german.save_revision().publish()
    translation = translation_of_project(mt)
    client.force_login(mt.users["moderator"])
    assert client.post(f"/admin/localize/update/{translation.source_id}/", {}).status_code == 302
    client.post(f"/admin/localize/translate/{translation.pk}/machine_translate/", {"next": "/"})
    publish_in_translation_editor(client, mt.project_en, django_capture_on_commit_callbacks)

    notice = notice_on(client, ENGLISH_URL)
    assert notice is not None
    assert "Stadt. ganzen der in Plätze freie melden Sensoren" in page_text(client, ENGLISH_URL)
