"""
Every admin URL, pointed at the other city's objects, for Lübeck's editor and
approver, with GET and with POST.

The hand-written matrix (test_permission_matrix.py) asks about the actions
editors know; this probe asks every view Wagtail and the project register
(admin_probe.py walks the URL resolver), so a view nobody thought of cannot
open Rostock's data to Lübeck. A case passes when the response shows nothing
of Rostock that readers of the site cannot see (a draft title, the title of
an unpublished or private page, a contact, a requester, a file title, a
user) and the database is unchanged; a refusal (403, 404, 405, a redirect)
passes that way too. The live title of a live, public page is on the site
for anyone, and the page chooser offers it as a transfer source: it is no
secret (`page_secrets`).
"""

import contextlib
import json
import re
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from wagtail.admin.models import EditingSession
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    ModelLogEntry,
    Page,
    PageLogEntry,
    PageViewRestriction,
    Revision,
    Site,
    Task,
    TaskState,
    UploadedFile,
    Workflow,
    WorkflowPage,
    WorkflowState,
)

import pytest
from wagtail_localize.models import (
    OverridableSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

import factories
from core.models import SynonymGroup
from discovery.models import PartnerNetwork
from registry.models import Contact, FieldOfAction, ReuseRequest

from .admin_probe import ALLOW_LIST, ProbeCase, Victim, admin_patterns, probe_plan
from .conftest import build_governed_tree

ROLES = ("editor", "moderator")
METHODS = ("GET", "POST")
# Plausible form fields: enough for a careless view to save something.
POST_DATA = {"title": "Übernommen", "name": "Übernommen", "comment": "Übernommen"}
# The admin API's page actions read where to copy or move a page to, and a revision.
API_POST_DATA = {"destination_page_id": Victim("own_project"), "revision_id": Victim("revision")}

DRAFT_ONLY_TITLE = "Machbarkeitsstudie Rostock Hafen"
PRIVATE_TITLE = "Interner Bericht Rostock Hafen"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """
    The governed tree of conftest.py plus, for Rostock, everything an admin URL
    can take: a never-published page under review, a reuse request, an image
    and a document in the city's collection, an upload in progress, an editing
    session, a redirect. Built once per module; each test runs in a savepoint.
    """
    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        transaction.atomic(),
        override_settings(MEDIA_ROOT=str(media)),
    ):
        gov = build_governed_tree()
        yield SimpleNamespace(gov=gov, **victims(gov))
        transaction.set_rollback(True)


def victims(gov) -> dict:
    other = gov.other
    rostock = gov.governance["rostock"]
    rostock_editor = gov.users["rostock_editor"]
    rostock_editor.first_name, rostock_editor.last_name = "Rieke", "Hanseatin"
    rostock_editor.save()

    private = factories.LessonPageFactory(parent=other.project, title=PRIVATE_TITLE)
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="hafen"
    )
    draft = factories.LessonPageFactory(parent=other.project, title=DRAFT_ONLY_TITLE, live=False)
    draft.save_revision(user=rostock_editor)
    workflow_state = draft.get_workflow().start(draft, rostock_editor)
    task_state = workflow_state.current_task_state

    reuse_request = other.reuse_request
    image = get_image_model().objects.create(
        title="Luftbild Rostock Stadthafen",
        file=get_test_image_file("luftbild.png"),
        collection=rostock.collection,
        uploaded_by_user=rostock_editor,
    )
    document = get_document_model().objects.create(
        title="Vertrag Rostock Sensorik",
        file=ContentFile(b"%PDF-1.4 Vertrag", name="vertrag.pdf"),
        collection=rostock.collection,
        uploaded_by_user=rostock_editor,
    )

    def upload(model, name, content):
        return UploadedFile.objects.create(
            file=ContentFile(content, name=name),
            for_content_type=ContentType.objects.get_for_model(model),
            uploaded_by_user=rostock_editor,
        )

    revisions = Revision.page_revisions.filter(object_id=str(other.lesson.pk)).order_by("pk")
    # The alliance administration's: no city role may learn which networks are harvested.
    partner_network = PartnerNetwork.objects.create(
        name="Netz Nordost", base_url="https://netz-nordost.example.org/"
    )
    return {
        "secrets": {
            "Adresse des Partnernetzwerks": "netz-nordost.example.org",
            **page_secrets(other.city),
            **page_secrets(gov.other_en.city),
            "Kontaktname": other.contact.name,
            "Kontakt-E-Mail": other.contact.email,
            "anfragende Person": reuse_request.name,
            "E-Mail der Anfrage": reuse_request.email,
            "Nachricht der Anfrage": reuse_request.message,
            "Bildtitel": image.title,
            "Dokumenttitel": document.title,
            "Name der Rostocker Redakteurin": "Rieke Hanseatin",
            "E-Mail der Rostocker Redakteurin": rostock_editor.email,
        },
        "objects": {
            "lesson": other.lesson.pk,
            "project": other.project.pk,
            "city": other.city.pk,
            "own_project": gov.own.project.pk,
            "moderated_page": draft.pk,
            "revision": revisions.last().pk,
            "first_revision": revisions.first().pk,
            "workflow_state": workflow_state.pk,
            "task_state": task_state.pk,
            "task": task_state.task_id,
            "workflow": rostock.workflow.pk,
            "collection": rostock.collection.pk,
            "group": rostock.editors.pk,
            "user": rostock_editor.pk,
            "user_uidb64": urlsafe_base64_encode(force_bytes(rostock_editor.pk)),
            # Not a valid token: the probe is an attacker, who does not have one.
            "password_reset_token": "0-0",
            "contact": other.contact.pk,
            "reuse_request": reuse_request.pk,
            "field_of_action": FieldOfAction.objects.order_by("pk").first().pk,
            "synonym_group": SynonymGroup.objects.create(terms="Rostock\nWarnemünde").pk,
            "partner_network": partner_network.pk,
            "image": image.pk,
            "document": document.pk,
            "uploaded_image": upload(get_image_model(), "hafen.png", b"png").pk,
            "uploaded_document": upload(get_document_model(), "entwurf.pdf", b"pdf").pk,
            "editing_session": EditingSession.objects.create(
                user=rostock_editor,
                content_type=ContentType.objects.get_for_model(Page),
                object_id=str(other.lesson.pk),
                last_seen_at=timezone.now(),
                is_editing=True,
            ).pk,
            "redirect": Redirect.objects.create(
                old_path="/alt/sensorik-rostock", redirect_page=other.project
            ).pk,
            "site": Site.objects.get(is_default_site=True).pk,
            **translation_victims(gov.other_en),
        },
    }


def translation_victims(other_en) -> dict:
    """What wagtail-localize's admin URLs take, of Rostock's English tree."""
    from wagtail_localize.models import StringSegment

    translation = other_en.translation
    project_source = TranslationSource.objects.get(object_id=other_en.project.translation_key)
    overridable = OverridableSegment.objects.filter(
        source__in=[translation.source, project_source]
    ).first()
    return {
        "translation": translation.pk,
        "translation_source": translation.source_id,
        "string_segment": StringSegment.objects.filter(source=translation.source).first().pk,
        "overridable_segment": overridable.pk,
        "locale": translation.target_locale_id,
    }


def page_secrets(city) -> dict:
    """
    What the other city's pages keep from other cities: the title of every
    page readers cannot see (never published, unpublished, private) and every
    draft title that differs from the live one. The live title of a live,
    public page is no secret: anyone reads it on the site, and the page
    chooser offers such a page to other cities as the source of a transfer.
    This is the one place where the probe lets a title of the other city
    through.
    """
    public = set(
        Page.objects.live()
        .public()
        .descendant_of(city, inclusive=True)
        .values_list("pk", flat=True)
    )
    secrets = {}
    for page in Page.objects.descendant_of(city, inclusive=True):
        if page.pk not in public:
            secrets[f"Titel der nicht öffentlichen Seite {page.pk}"] = page.title
        if page.pk not in public or page.draft_title != page.title:
            secrets[f"Entwurfstitel der Seite {page.pk}"] = page.draft_title
    return secrets


# --------------------------------------------------------------------------
# What must not change: a cheap fingerprint of every table an attack could touch
# --------------------------------------------------------------------------

FINGERPRINT = {
    Page: (
        "id",
        "path",
        "title",
        "draft_title",
        "live",
        "locked",
        "locked_by_id",
        "latest_revision_id",
        "has_unpublished_changes",
        "owner_id",
        "alias_of_id",
    ),
    Revision: ("id", "object_id"),
    WorkflowState: ("id", "status", "current_task_state_id"),
    TaskState: ("id", "status"),
    Workflow: ("id", "name", "active"),
    Task: ("id", "name", "active"),
    WorkflowPage: ("page_id", "workflow_id"),
    Contact: ("id", "name", "email", "phone", "city_id", "visibility"),
    ReuseRequest: ("id", "name", "email", "message", "project_id"),
    FieldOfAction: ("id", "name", "slug"),
    SynonymGroup: ("id", "terms", "note"),
    PartnerNetwork: ("id", "name", "base_url", "active"),
    get_image_model(): ("id", "title", "file", "collection_id"),
    get_document_model(): ("id", "title", "file", "collection_id"),
    Collection: ("id", "path", "name"),
    CollectionViewRestriction: ("id", "collection_id", "restriction_type"),
    PageViewRestriction: ("id", "page_id", "restriction_type"),
    Group: ("id", "name"),
    Group.permissions.through: ("group_id", "permission_id"),
    GroupPagePermission: ("id", "group_id", "page_id", "permission_id"),
    GroupCollectionPermission: ("id", "group_id", "collection_id", "permission_id"),
    Permission: ("id",),
    get_user_model(): (
        "id",
        "username",
        "email",
        "first_name",
        "last_name",
        "password",
        "is_active",
        "is_superuser",
    ),
    get_user_model().groups.through: ("user_id", "group_id"),
    UploadedFile: ("id",),
    EditingSession: ("id", "user_id", "object_id", "is_editing"),
    Redirect: ("id", "old_path", "redirect_page_id", "redirect_link"),
    Site: ("id", "hostname", "root_page_id", "is_default_site"),
    PageLogEntry: ("id", "action", "page_id"),
    ModelLogEntry: ("id", "action", "object_id"),
    # wagtail-localize: what a translation is made of.
    TranslationSource: ("id", "object_id", "last_updated_at"),
    Translation: ("id", "source_id", "target_locale_id", "enabled"),
    StringTranslation: ("id", "translation_of_id", "locale_id", "context_id", "data"),
    OverridableSegment: ("id",),
    Locale: ("id", "language_code"),
}


def fingerprint() -> dict:
    return {
        model._meta.label: list(model.objects.order_by(*fields[:1]).values_list(*fields))
        for model, fields in FINGERPRINT.items()
    }


def changed_tables(before: dict, after: dict) -> list[str]:
    return [label for label in before if before[label] != after[label]]


# --------------------------------------------------------------------------
# The request
# --------------------------------------------------------------------------


CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")


def resolved(value, objects):
    if isinstance(value, Victim):
        return str(objects[value.kind])
    return value


def case_path(case: ProbeCase, objects) -> str:
    """
    The URL of exactly this pattern: a plain route is filled in place (it may
    be unnamed, or share its path with a view it overrides); a regular
    expression is reversed by its name.
    """
    arguments = {name: resolved(value, objects) for name, value in case.arguments.items()}
    pattern = case.pattern
    if not pattern.is_regex:
        return "/" + CONVERTER.sub(lambda match: arguments[match[1]], pattern.route)
    name = f"{pattern.namespace}:{pattern.name}" if pattern.namespace else pattern.name
    return reverse(name, kwargs=arguments)


def response_text(response) -> str:
    body = (
        b"".join(response.streaming_content) if response.streaming else response.content
    ).decode("utf-8", errors="replace")
    if "json" in response.get("Content-Type", ""):
        # JsonResponse escapes non-ASCII characters; compare the decoded text too.
        with contextlib.suppress(ValueError):
            body += json.dumps(json.loads(body), ensure_ascii=False)
    messages = " ".join(str(message) for message in get_messages(response.wsgi_request))
    return f"{response.get('Location', '')} {body} {messages}"


def leaked(text: str, secrets: dict) -> dict:
    return {label: secret for label, secret in secrets.items() if secret in text}


def probe_params():
    params = []
    for case in probe_plan():
        for role in ROLES:
            for method in METHODS:
                params.append(pytest.param(case, role, method, id=f"{case.label}-{role}-{method}"))
    return params


@pytest.mark.django_db
@pytest.mark.parametrize(("case", "role", "method"), probe_params())
def test_admin_url_shows_and_changes_nothing_of_another_city(client, world, case, role, method):
    if not isinstance(case, ProbeCase):
        pytest.fail(f"{case.label}: nicht gegen die andere Stadt geprüft ({case.reason})")
    objects = world.objects
    unknown = [
        value.kind
        for value in [*case.arguments.values(), *case.query.values()]
        if isinstance(value, Victim) and value.kind not in objects
    ]
    assert not unknown, f"{case.label}: kein Objekt der anderen Stadt für {unknown}"

    client.force_login(world.gov.users[role])
    path = case_path(case, objects)
    query = {name: resolved(value, objects) for name, value in case.query.items()}
    before = fingerprint()
    if method == "GET":
        response = client.get(path, query)
    elif case.json:
        body = {name: resolved(value, objects) for name, value in API_POST_DATA.items()}
        response = client.post(path, body, content_type="application/json", query_params=query)
    else:
        response = client.post(path, POST_DATA, query_params=query)

    assert response.status_code < 500, f"{method} {path}: {response.status_code}"
    shown = leaked(response_text(response), world.secrets)
    assert not shown, f"{method} {path} ({response.status_code}) zeigt Rostocks {shown}"
    changed = changed_tables(before, fingerprint())
    assert not changed, f"{method} {path} ({response.status_code}) ändert {changed}"


def test_allow_list_names_only_existing_patterns():
    """An allow-list entry whose pattern is gone would hide the next view of that name."""
    routes = {pattern.route for pattern in admin_patterns()}
    assert set(ALLOW_LIST) <= routes, set(ALLOW_LIST) - routes


@pytest.mark.django_db
def test_only_live_titles_of_public_pages_are_no_secret(world):
    """The probe looks for every title readers cannot see, and every differing draft title."""
    secrets = set(world.secrets.values())
    other = world.gov.other
    assert {DRAFT_ONLY_TITLE, PRIVATE_TITLE, other.draft_page.title} <= secrets
    assert "Erfahrung Rostock (Entwurf)" in secrets
    assert other.project.title not in secrets  # live and public: on the site for anyone
    assert {other.contact.name, other.contact.email, "Rieke Hanseatin"} <= secrets
