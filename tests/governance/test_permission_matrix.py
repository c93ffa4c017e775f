"""
The permission matrix: every role of Lübeck against Lübeck's own content and
against Rostock's, through real HTTP requests to the Wagtail admin.

Each action reports whether it *happened* (judged from the database, not from
the status code). Against the other city nothing may happen, and the response
must be a refusal: 403, 404, or Wagtail's redirect to the dashboard with
"Sorry, you do not have permission". `EXPECTED_OWN` and, for each city's
English tree (made with wagtail-localize), `EXPECTED_OWN_EN` are the tables
docs/permissions.md is generated from (`python tests/governance/permissions_doc.py`).
"""

from urllib.parse import urlencode

from django.core import mail
from django.test import TestCase

from wagtail.models import Locale, Page, Revision, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from core.machine_translation import TranslationReview
from knowledge.models import LessonPage
from registry.models import Contact

from .conftest import client_for

# Listings refuse by leaving the other city's items out, with a 200.
LISTINGS = {"Admin-API: Seitenliste", "Kontakte: Liste", "Kontakte: Auswahldialog"}


def refused(response):
    """403, 404, the admin API's 400 for a parent it cannot see, or Wagtail's redirect home."""
    if response.status_code in (400, 403, 404):
        return True
    return response.status_code == 302 and response["Location"] == "/admin/"


def lesson_form(page, *, title, action):
    data = {
        "title": title,
        "slug": page.slug,
        "summary": page.summary,
        "kind": page.kind,
        "phase": page.phase,
        "body": streamfield([]),
        "do_differently": rich_text("<p>Früher anfangen.</p>"),
        "tags": "",
        "comments": inline_formset([]),
    }
    if action:
        data[f"action-{action}"] = action
    return nested_form_data(data)


def latest_title(page):
    return Page.objects.get(pk=page.pk).get_latest_revision_as_object().title


# Each action: (client, target, fixture) -> (response, happened)


def edit_view(client, target, gov):
    response = client.get(f"/admin/pages/{target.lesson.pk}/edit/")
    return response, response.status_code == 200 and target.lesson.title in response.text


def save_draft(client, target, gov):
    response = client.post(
        f"/admin/pages/{target.lesson.pk}/edit/",
        lesson_form(target.lesson, title="Geändert", action=None),
    )
    return response, latest_title(target.lesson) == "Geändert"


def submit_for_review(client, target, gov):
    response = client.post(
        f"/admin/pages/{target.lesson.pk}/edit/",
        lesson_form(target.lesson, title="Zur Prüfung", action="submit"),
    )
    return response, WorkflowState.objects.filter(
        base_content_type__isnull=False, object_id=str(target.lesson.pk)
    ).exists()


def publish(client, target, gov):
    response = client.post(
        f"/admin/pages/{target.lesson.pk}/edit/",
        lesson_form(target.lesson, title="Sofort online", action="publish"),
    )
    return response, LessonPage.objects.get(pk=target.lesson.pk).title == "Sofort online"


def delete(client, target, gov):
    response = client.post(f"/admin/pages/{target.lesson.pk}/delete/")
    return response, not Page.objects.filter(pk=target.lesson.pk).exists()


def move(client, target, gov):
    destination = target.second_project
    response = client.post(f"/admin/pages/{target.lesson.pk}/move/{destination.pk}/confirm/")
    return response, Page.objects.get(pk=target.lesson.pk).get_parent().pk == destination.pk


def copy(client, target, gov):
    before = LessonPage.objects.count()
    response = client.post(
        f"/admin/pages/{target.lesson.pk}/copy/",
        {
            "new_title": "Kopie",
            "new_slug": "kopie",
            "new_parent_page": target.project.pk,
            "copy_subpages": "",
            "publish_copies": "",
        },
    )
    return response, LessonPage.objects.count() == before + 1


def unpublish(client, target, gov):
    response = client.post(f"/admin/pages/{target.lesson.pk}/unpublish/")
    return response, not Page.objects.get(pk=target.lesson.pk).live


def lock(client, target, gov):
    response = client.post(f"/admin/pages/{target.lesson.pk}/lock/")
    return response, Page.objects.get(pk=target.lesson.pk).locked


def add_subpage(client, target, gov):
    response = client.get(f"/admin/pages/add/knowledge/lessonpage/{target.project.pk}/")
    return response, response.status_code == 200


def view_draft(client, target, gov):
    response = client.get(f"/admin/pages/{target.lesson.pk}/view_draft/")
    return response, response.status_code == 200 and "(Entwurf)" in response.text


def preview(client, target, gov):
    url = f"/admin/pages/{target.lesson.pk}/edit/preview/"
    posted = client.post(url, lesson_form(target.lesson, title="Vorschau-Titel", action=None))
    response = client.get(url)
    happened = posted.status_code == 200 and "Vorschau-Titel" in response.text
    return (posted if not happened else response), happened


def revision_view(client, target, gov):
    revision = Revision.page_revisions.filter(object_id=str(target.lesson.pk)).latest("pk")
    response = client.get(f"/admin/pages/{target.lesson.pk}/revisions/{revision.pk}/view/")
    return response, response.status_code == 200 and "(Entwurf)" in response.text


def revision_compare(client, target, gov):
    response = client.get(f"/admin/pages/{target.lesson.pk}/revisions/compare/live...latest/")
    return response, response.status_code == 200 and "(Entwurf)" in response.text


def revision_revert(client, target, gov):
    first = Revision.page_revisions.filter(object_id=str(target.lesson.pk)).earliest("pk")
    response = client.get(f"/admin/pages/{target.lesson.pk}/revisions/{first.pk}/revert/")
    return response, response.status_code == 200


def history(client, target, gov):
    response = client.get(f"/admin/pages/{target.lesson.pk}/history/")
    return response, response.status_code == 200


def workflow_history(client, target, gov):
    response = client.get(f"/admin/pages/{target.lesson.pk}/workflow_history/")
    return response, response.status_code == 200


def _start_review(target, gov):
    """The target city's own editor submits the lesson; returns its task state."""
    own = target in (gov.own, gov.own_en)
    city_editor = gov.users["editor"] if own else gov.users["rostock_editor"]
    lesson = LessonPage.objects.get(pk=target.lesson.pk)
    state = lesson.get_workflow().start(lesson, city_editor)
    return state.current_task_state


def approve(client, target, gov):
    task_state = _start_review(target, gov)
    response = client.post(
        f"/admin/pages/workflow/action/{target.lesson.pk}/approve/{task_state.pk}/",
        {"comment": "Passt."},
    )
    task_state.refresh_from_db()
    return response, task_state.status == "approved"


def reject(client, target, gov):
    task_state = _start_review(target, gov)
    response = client.post(
        f"/admin/pages/workflow/action/{target.lesson.pk}/reject/{task_state.pk}/",
        {"comment": "Bitte Quellen ergänzen."},
    )
    task_state.refresh_from_db()
    return response, task_state.status == "rejected"


def api_detail(client, target, gov):
    response = client.get(f"/admin/api/main/pages/{target.lesson.pk}/")
    return response, response.status_code == 200


def api_listing(client, target, gov):
    response = client.get(f"/admin/api/main/pages/?child_of={target.project.pk}")
    happened = response.status_code == 200 and any(
        item["id"] == target.lesson.pk for item in response.json()["items"]
    )
    return response, happened


def api_unpublish(client, target, gov):
    response = client.post(
        f"/admin/api/main/pages/{target.lesson.pk}/action/unpublish/",
        content_type="application/json",
        data={},
    )
    return response, not Page.objects.get(pk=target.lesson.pk).live


def api_delete(client, target, gov):
    response = client.post(
        f"/admin/api/main/pages/{target.lesson.pk}/action/delete/",
        content_type="application/json",
        data={},
    )
    return response, not Page.objects.filter(pk=target.lesson.pk).exists()


def contact_list(client, target, gov):
    response = client.get("/admin/snippets/registry/contact/")
    return response, target.contact.name in response.text


def contact_edit(client, target, gov):
    contact = target.contact
    response = client.post(
        f"/admin/snippets/registry/contact/edit/{contact.pk}/",
        {
            "name": "Übernommen",
            "role": contact.role,
            "organisation": contact.organisation,
            "city": contact.city_id,
            "email": contact.email,
            "phone": contact.phone,
            "visibility": contact.visibility,
        },
    )
    return response, Contact.objects.get(pk=contact.pk).name == "Übernommen"


def contact_delete(client, target, gov):
    response = client.post(f"/admin/snippets/registry/contact/delete/{target.contact.pk}/")
    return response, not Contact.objects.filter(pk=target.contact.pk).exists()


def contact_chooser(client, target, gov):
    response = client.get("/admin/snippets/choose/registry/contact/")
    return response, f"/chosen/{target.contact.pk}/" in response.text


def contact_chooser_search(client, target, gov):
    response = client.get(
        "/admin/snippets/choose/registry/contact/results/", {"q": target.contact.name}
    )
    # The query is echoed in the page; a result is a link to the "chosen" view.
    return response, f"/chosen/{target.contact.pk}/" in response.text


def contact_chosen(client, target, gov):
    response = client.get(f"/admin/snippets/choose/registry/contact/chosen/{target.contact.pk}/")
    happened = response.status_code == 200 and response.json()["result"]["string"] == str(
        target.contact
    )
    return response, happened


# --------------------------------------------------------------------------
# The English tree: wagtail-localize's translation editor and its views
# --------------------------------------------------------------------------


def english():
    return Locale.objects.get(language_code="en")


def translation_edit_view(client, target, gov):
    """A synced translation opens in wagtail-localize's editor, which shows the German strings."""
    response = client.get(f"/admin/pages/{target.lesson.pk}/edit/")
    german_title = Page.objects.get(
        translation_key=target.lesson.translation_key, locale__language_code="de"
    ).title
    return response, response.status_code == 200 and german_title in response.text


def translate_string(client, target, gov):
    translation = target.translation
    segment = StringSegment.objects.get(source=translation.source, context__path="title")
    response = client.put(
        f"/admin/localize/translate/{translation.pk}/strings/{segment.pk}/edit/",
        urlencode({"value": "Lesson learnt"}),
        content_type="application/x-www-form-urlencoded",
    )
    happened = StringTranslation.objects.filter(
        translation_of_id=segment.string_id, locale=translation.target_locale, data="Lesson learnt"
    ).exists()
    return response, happened


def machine_prefill(client, target, gov):
    translation = target.translation
    response = client.post(
        f"/admin/localize/translate/{translation.pk}/machine_translate/", {"next": "/admin/"}
    )
    happened = StringTranslation.objects.filter(
        locale=translation.target_locale,
        context__object_id=translation.source.object_id,
        translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE,
    ).exists()
    return response, happened


def publish_translation(client, target, gov):
    translation = target.translation
    segment = StringSegment.objects.get(source=translation.source, context__path="title")
    StringTranslation.objects.create(
        translation_of_id=segment.string_id,
        locale=translation.target_locale,
        context_id=segment.context_id,
        data="Published in English",
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(f"/admin/pages/{target.lesson.pk}/edit/", {"action": "publish"})
    return response, LessonPage.objects.get(pk=target.lesson.pk).title == "Published in English"


def translation_preview(client, target, gov):
    response = client.get(f"/admin/localize/translate/{target.translation.pk}/preview/")
    return response, response.status_code == 200 and "Erfahrung" in response.text


def translate_new_page(client, target, gov):
    """The city's German draft page into English: a new page in the city's English tree."""
    response = client.post(
        f"/admin/localize/submit/page/{target.draft_page.pk}/", {"locales": [english().pk]}
    )
    happened = Page.objects.filter(
        translation_key=target.draft_page.translation_key, locale=english()
    ).exists()
    return response, happened


def sync_translations(client, target, gov):
    source = target.translation.source
    response = client.post(f"/admin/localize/update/{source.pk}/", {})
    after = TranslationSource.objects.get(pk=source.pk).last_updated_at
    return response, after != source.last_updated_at


def mark_translation_reviewed(client, target, gov):
    """The admin's "Übersetzung prüfen" (governance.views): a person reviewed the machine's text."""
    response = client.post(f"/admin/translation-review/{target.lesson.pk}/", {"confirmed": "on"})
    happened = TranslationReview.objects.filter(
        page_id=target.lesson.pk, reviewed_at__isnull=False
    ).exists()
    return response, happened


def stop_translation(client, target, gov):
    response = client.post(f"/admin/localize/translate/{target.translation.pk}/disable/")
    return response, not Translation.objects.get(pk=target.translation.pk).enabled


ACTIONS = {
    "Seite bearbeiten (Formular)": edit_view,
    "Entwurf speichern": save_draft,
    "Zur Freigabe einreichen": submit_for_review,
    "Direkt veröffentlichen": publish,
    "Löschen": delete,
    "Verschieben": move,
    "Kopieren": copy,
    "Veröffentlichung zurückziehen": unpublish,
    "Sperren": lock,
    "Unterseite anlegen": add_subpage,
    "Entwurf ansehen": view_draft,
    "Vorschau": preview,
    "Version ansehen": revision_view,
    "Versionen vergleichen": revision_compare,
    "Version wiederherstellen": revision_revert,
    "Verlauf": history,
    "Workflow-Verlauf": workflow_history,
    "Workflow: freigeben": approve,
    "Workflow: ablehnen": reject,
    "Admin-API: Seite lesen": api_detail,
    "Admin-API: Seitenliste": api_listing,
    "Admin-API: zurückziehen": api_unpublish,
    "Admin-API: löschen": api_delete,
    "Kontakte: Liste": contact_list,
    "Kontakte: bearbeiten": contact_edit,
    "Kontakte: löschen": contact_delete,
    "Kontakte: Auswahldialog": contact_chooser,
    "Kontakte: Auswahl-Suche": contact_chooser_search,
    "Kontakte: auswählen": contact_chosen,
}

# In the English tree: the same page actions, but a synced translation is
# written in wagtail-localize's editor, not in the page form.
EN_ACTIONS = {
    "Übersetzung bearbeiten (Editor)": translation_edit_view,
    "Text übersetzen": translate_string,
    "Maschinell vorübersetzen": machine_prefill,
    "Übersetzung veröffentlichen": publish_translation,
    "Vorschau der Übersetzung": translation_preview,
    "Seite ins Englische übersetzen": translate_new_page,
    "Übersetzungen synchronisieren": sync_translations,
    "Übersetzung als geprüft markieren": mark_translation_reviewed,
    "Übersetzung beenden": stop_translation,
    **{
        name: action
        for name, action in ACTIONS.items()
        if action not in {edit_view, save_draft, submit_for_review, publish, preview}
        and not name.startswith("Kontakte")
    },
}

# What each role may do to its OWN city's content. Against another city the
# answer is always "no" (the alliance administration has no "other" city).
MODERATOR_ONLY = {
    "Direkt veröffentlichen",
    "Löschen",
    "Verschieben",
    "Veröffentlichung zurückziehen",
    "Sperren",
    "Workflow: freigeben",
    "Workflow: ablehnen",
    "Admin-API: zurückziehen",
    "Admin-API: löschen",
}
EXPECTED_OWN = {
    "editor": {action: action not in MODERATOR_ONLY for action in ACTIONS},
    "moderator": dict.fromkeys(ACTIONS, True),
    # Alliance administrators manage all cities' pages (through the city index),
    # but reviews belong to the city's own moderators.
    "alliance": {
        action: action not in {"Workflow: freigeben", "Workflow: ablehnen"} for action in ACTIONS
    },
}
OTHER_CITY_ROLES = ("editor", "moderator", "press")
# The same rights in the city's English tree; publishing a translation is
# publishing.
EXPECTED_OWN_EN = {
    "editor": {
        action: action not in MODERATOR_ONLY | {"Übersetzung veröffentlichen"}
        for action in EN_ACTIONS
    },
    "moderator": dict.fromkeys(EN_ACTIONS, True),
    "alliance": {
        action: action not in {"Workflow: freigeben", "Workflow: ablehnen"} for action in EN_ACTIONS
    },
}


def cases(own, other, expected_own, actions):
    """Each role against its own city's tree, and the roles with a city against the other's."""
    return [
        pytest.param(role, own, action, id=f"{role}-{own}-{action}")
        for role in expected_own
        for action in actions
    ] + [
        pytest.param(role, other, action, id=f"{role}-{other}-{action}")
        for role in OTHER_CITY_ROLES
        for action in actions
    ]


CASES = cases("own", "other", EXPECTED_OWN, ACTIONS)
EN_CASES = cases("own_en", "other_en", EXPECTED_OWN_EN, EN_ACTIONS)


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "city", "action"), CASES + EN_CASES)
def test_permission_matrix(client, gov, role, city, action):
    """Lübeck's roles against Lübeck's and Rostock's content, German tree and English."""
    actions, expected_own = (
        (EN_ACTIONS, EXPECTED_OWN_EN) if city.endswith("_en") else (ACTIONS, EXPECTED_OWN)
    )
    client = client_for(client, gov.users[role])
    target = getattr(gov, city)
    own = city.startswith("own")
    expected = expected_own[role][action] if own else False
    mail.outbox.clear()
    response, happened = actions[action](client, target, gov)
    assert happened == expected, (response.status_code, response.get("Location"))
    if not own and action not in LISTINGS | {"Kontakte: Auswahl-Suche"}:
        assert refused(response), (response.status_code, response.get("Location"))
