"""
The journey of a machine translation, through the admin views an editor
clicks (wagtail-localize's and the review of governance.views) and the pages
a reader opens: Lübeck's editor translates a project into English with the
machine pre-fill, Lübeck's moderator publishes it, and English readers see
the notice "machine-translated"; the editor corrects the title and marks the
translation reviewed, the moderator publishes it, and the notice is gone;
the English search finds the project by an English word of its title.
"""

import html
import re
from urllib.parse import urlencode

from django.contrib.auth import get_user_model

from wagtail.models import Locale

import pytest
from wagtail_localize.models import StringSegment, Translation

from governance.services import governance_ensure_all

pytestmark = pytest.mark.django_db

ENGLISH_URL = "/en/staedte/luebeck/parkraum/"
NOTICE = re.compile(r'<p class="notice notice--machine-translation".*?</p>', re.S)


def reader_sees(client, url) -> str:
    client.logout()
    response = client.get(url)
    assert response.status_code == 200, url
    return html.unescape(response.content.decode())


def test_an_editor_machine_translates_a_project_and_the_notice_goes_after_review(
    client, site_tree, django_capture_on_commit_callbacks
):
    governance = governance_ensure_all()
    users = {}
    for role, group in (
        ("editor", governance["luebeck"].editors),
        ("moderator", governance["luebeck"].moderators),
    ):
        users[role] = get_user_model().objects.create_user(role, email=f"{role}@stadt.example")
        users[role].groups.add(group)
    english = Locale.objects.get(language_code="en")
    project = site_tree.project

    # The editor translates the project into English…
    client.force_login(users["editor"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/localize/submit/page/{project.pk}/", {"locales": [english.pk]}
        )
    assert response.status_code == 302
    project_en = project.get_translation(english)
    translation = Translation.objects.get(
        source__object_id=project.translation_key, target_locale=english
    )
    editor_url = f"/admin/pages/{project_en.pk}/edit/"
    assert client.get(editor_url).status_code == 200

    # …pre-fills it by machine (the test settings' translator reverses the words)…
    response = client.post(
        f"/admin/localize/translate/{translation.pk}/machine_translate/", {"next": editor_url}
    )
    assert response.status_code == 302

    # …and the city's moderator publishes it.
    client.force_login(users["moderator"])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(editor_url, {"action": "publish"}).status_code == 302

    text = reader_sees(client, ENGLISH_URL)
    assert "Parkraumsteuerung Digitale" in text
    notice = NOTICE.search(text).group(0)
    assert "Machine-translated." in notice
    assert 'href="/staedte/luebeck/parkraum/" hreflang="de" lang="de"' in notice

    # The editor corrects the title and marks the translation reviewed.
    client.force_login(users["editor"])
    title = StringSegment.objects.get(source=translation.source, context__path="title")
    response = client.put(
        f"/admin/localize/translate/{translation.pk}/strings/{title.pk}/edit/",
        urlencode({"value": "Digital parking guidance"}),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    review = f"/admin/translation-review/{project_en.pk}/"
    assert f'href="{review}"' in client.get(editor_url).content.decode()
    assert client.post(review, {"confirmed": "on"}).status_code == 302
    # Not published yet: readers still see the machine's text and the notice.
    assert NOTICE.search(reader_sees(client, ENGLISH_URL))

    # The moderator publishes: the notice is gone, the reviewed title is there.
    client.force_login(users["moderator"])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(editor_url, {"action": "publish"}).status_code == 302
    text = reader_sees(client, ENGLISH_URL)
    assert not NOTICE.search(text)
    assert "<h1>Digital parking guidance</h1>" in text

    # The English search finds the project by an English word of its title.
    results = reader_sees(client, "/en/search/?q=parking")
    assert 'href="/en/staedte/luebeck/parkraum/"' in results
