"""
Trust between the roles, over the admin's own HTTP interface: a city's
records stay with the city in every admin view (reuse requests, contacts,
the page chooser and explorer, the move confirmation, bulk actions, the
admin API's images and documents, the reports), and the alliance
administration cannot hand out more rights than it holds.
"""

from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.log_actions import log
from wagtail.models import Page

import pytest

from registry.membership import ALLIANCE_ADMIN_GROUP_NAME
from registry.models import Contact, ReuseRequest

from .conftest import client_for
from .test_permission_matrix import refused

pytestmark = pytest.mark.django_db

REUSE = "/admin/snippets/registry/reuserequest"
CONTACTS = "/admin/snippets/registry/contact"


# --------------------------------------------------------------------------
# Reuse requests: personal data of the requester
# --------------------------------------------------------------------------

REUSE_VIEWS = ["inspect", "history", "usage", "edit", "delete"]


@pytest.mark.parametrize("view", REUSE_VIEWS)
@pytest.mark.parametrize("role", ["editor", "moderator", "press"])
def test_another_citys_reuse_request_is_not_shown(client, gov, role, view):
    request = gov.other.reuse_request
    response = client_for(client, gov.users[role]).get(f"{REUSE}/{view}/{request.pk}/")
    assert refused(response), response.status_code
    assert request.email not in response.text
    assert request.name not in response.text


def test_the_citys_own_reuse_request_is_readable_but_read_only(client, gov):
    request = gov.own.reuse_request
    client_for(client, gov.users["editor"])
    inspect = client.get(f"{REUSE}/inspect/{request.pk}/")
    assert inspect.status_code == 200
    assert request.email in inspect.text
    edited = client.post(f"{REUSE}/edit/{request.pk}/", {"name": "Überschrieben"})
    assert refused(edited)
    deleted = client.post(f"{REUSE}/delete/{request.pk}/")
    assert refused(deleted)
    assert ReuseRequest.objects.get(pk=request.pk).name == request.name


def test_reuse_request_listing_shows_only_the_own_city(client, gov):
    client_for(client, gov.users["editor"])
    for response in (client.get(f"{REUSE}/"), client.get(f"{REUSE}/results/", {"q": "Anklam"})):
        assert response.status_code == 200
        assert gov.own.reuse_request.email in response.text
        assert gov.other.reuse_request.email not in response.text


def test_the_alliance_reads_every_citys_reuse_requests(client, gov):
    client_for(client, gov.users["alliance"])
    response = client.get(f"{REUSE}/inspect/{gov.other.reuse_request.pk}/")
    assert response.status_code == 200
    assert gov.other.reuse_request.email in response.text


# --------------------------------------------------------------------------
# Contacts: the views beyond edit, delete and the chooser (see the matrix)
# --------------------------------------------------------------------------


@pytest.mark.parametrize("view", ["inspect", "history", "usage", "copy"])
def test_another_citys_contact_is_not_shown_in_any_single_contact_view(client, gov, view):
    contact = gov.other.contact
    response = client_for(client, gov.users["editor"]).get(f"{CONTACTS}/{view}/{contact.pk}/")
    assert refused(response), response.status_code
    assert contact.name not in response.text


def test_contact_choose_multiple_returns_only_own_contacts(client, gov):
    client_for(client, gov.users["editor"])
    response = client.get(
        "/admin/snippets/choose/registry/contact/chosen-multiple/",
        {"id": [gov.own.contact.pk, gov.other.contact.pk]},
    )
    chosen = {item["id"] for item in response.json()["result"]}
    assert chosen == {str(gov.own.contact.pk)}


# --------------------------------------------------------------------------
# Page chooser
# --------------------------------------------------------------------------


def chooser_search(client, query, page_type="wagtailcore.page"):
    response = client.get("/admin/choose-page/search/", {"q": query, "page_type": page_type})
    assert response.status_code == 200
    return response.text


def chooser_browse(client, page):
    response = client.get(f"/admin/choose-page/{page.pk}/")
    return response, (response.json()["html"] if response.status_code == 200 else "")


@pytest.mark.parametrize("role", ["editor", "moderator", "press"])
def test_the_page_chooser_hides_another_citys_drafts(client, gov, role):
    client_for(client, gov.users[role])
    secret = gov.other.draft_page
    _, html = chooser_browse(client, gov.other.project)
    assert secret.title not in html
    assert secret.title not in chooser_search(client, "Geheime")
    # A published lesson whose pending draft has a new title: neither shows.
    assert "Erfahrung Rostock (Entwurf)" not in chooser_search(client, "Erfahrung")
    browsed, _ = chooser_browse(client, secret)
    assert refused(browsed)
    chosen = client.get("/admin/choose-page/chosen-multiple/", {"id": secret.pk})
    assert refused(chosen)
    assert secret.title not in chosen.text


def test_the_page_chooser_offers_another_citys_published_project_as_transfer_source(client, gov):
    """The adopting city's editor picks the source project („übernommen von“)."""
    client_for(client, gov.users["editor"])
    source = gov.other.project
    found = chooser_search(client, "Sensorik", page_type="registry.projectpage")
    assert f'data-id="{source.pk}"' in found
    _, html = chooser_browse(client, gov.other.city)
    assert f'data-id="{source.pk}"' in html


def test_the_page_chooser_shows_the_own_citys_drafts_and_the_alliance_all(client, gov):
    client_for(client, gov.users["editor"])
    assert gov.own.draft_page.title in chooser_search(client, "Geheime")
    assert gov.other.draft_page.title not in chooser_search(client, "Geheime")
    client_for(client, gov.users["alliance"])
    assert gov.other.draft_page.title in chooser_search(client, "Geheime")


# --------------------------------------------------------------------------
# Moving another city's page
# --------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["editor", "moderator"])
def test_the_move_views_of_another_citys_page_refuse_without_showing_it(client, gov, role):
    client_for(client, gov.users[role])
    lesson = gov.other.lesson
    destination = gov.own.second_project
    for url in (
        f"/admin/pages/{lesson.pk}/move/",
        f"/admin/pages/{lesson.pk}/move/{destination.pk}/confirm/",
    ):
        response = client.get(url)
        assert refused(response), (url, response.status_code)
        assert "Erfahrung Rostock" not in response.text
    assert Page.objects.get(pk=lesson.pk).get_parent().pk == gov.other.project.pk


def test_the_own_citys_moderator_still_sees_the_move_confirmation(client, gov):
    client_for(client, gov.users["moderator"])
    lesson, destination = gov.own.lesson, gov.own.second_project
    response = client.get(f"/admin/pages/{lesson.pk}/move/{destination.pk}/confirm/")
    assert response.status_code == 200
    assert "Erfahrung Lübeck" in response.text


# --------------------------------------------------------------------------
# Accounts: the alliance administration grants no more than it holds
# --------------------------------------------------------------------------

PASSWORD = "Hanse-Kogge-1358!"


def account_form(username, **extra):
    return {
        "username": username,
        "email": f"{username}@stadt.example",
        "first_name": "Ina",
        "last_name": "Neu",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **extra,
    }


@pytest.fixture
def alliance(client, gov):
    return client_for(client, gov.users["alliance"])


@pytest.fixture
def superuser(gov):
    return get_user_model().objects.create_superuser(
        "chefin", email="chefin@verbund.example", password="alt-und-geheim"
    )


def test_the_alliance_creates_a_city_editor(alliance, gov):
    editors = gov.governance["rostock"].editors
    alliance.post("/admin/users/new/", account_form("neu-rostock", groups=[editors.pk]))
    created = get_user_model().objects.get(username="neu-rostock")
    assert list(created.groups.all()) == [editors]
    assert not created.is_superuser


def test_the_alliance_sees_no_administrator_checkbox(alliance):
    response = alliance.get("/admin/users/new/")
    assert response.status_code == 200
    assert 'name="is_superuser"' not in response.text
    assert ALLIANCE_ADMIN_GROUP_NAME not in response.text


def test_the_alliance_cannot_create_a_superuser(alliance):
    alliance.post("/admin/users/new/", account_form("hinterhof", is_superuser="on"))
    assert not get_user_model().objects.filter(username="hinterhof", is_superuser=True).exists()


def test_the_alliance_cannot_create_another_alliance_admin(alliance):
    group = Group.objects.get(name=ALLIANCE_ADMIN_GROUP_NAME)
    alliance.post("/admin/users/new/", account_form("zweitadmin", groups=[group.pk]))
    assert not group.user_set.filter(username="zweitadmin").exists()


def test_the_alliance_cannot_promote_an_account_or_itself(alliance, gov):
    group = Group.objects.get(name=ALLIANCE_ADMIN_GROUP_NAME)
    editor = gov.users["rostock_editor"]
    alliance.post(
        f"/admin/users/edit/{editor.pk}/",
        account_form(editor.username, is_superuser="on", is_active="on", groups=[group.pk]),
    )
    editor = get_user_model().objects.get(pk=editor.pk)  # the fixture's object stays as it was
    assert not editor.is_superuser
    assert not editor.groups.filter(pk=group.pk).exists()
    me = gov.users["alliance"]
    alliance.post(f"/admin/users/edit/{me.pk}/", account_form(me.username, is_superuser="on"))
    me = get_user_model().objects.get(pk=me.pk)
    assert not me.is_superuser
    assert me.groups.filter(pk=group.pk).exists()  # the own group is not taken away either


def test_the_alliance_cannot_take_over_a_superuser(alliance, superuser):
    edit = alliance.get(f"/admin/users/edit/{superuser.pk}/")
    assert refused(edit)
    posted = alliance.post(
        f"/admin/users/edit/{superuser.pk}/",
        {
            **account_form(superuser.username, email="uebernommen@boese.example"),
            "password1": "Neues-Passwort-2024",
            "password2": "Neues-Passwort-2024",
        },
    )
    assert refused(posted)
    deleted = alliance.post(f"/admin/users/delete/{superuser.pk}/")
    assert refused(deleted)
    superuser.refresh_from_db()
    assert superuser.email == "chefin@verbund.example"
    assert superuser.check_password("alt-und-geheim")
    assert superuser.is_active and superuser.is_superuser


def test_bulk_actions_cannot_deactivate_a_superuser_or_grant_the_alliance_group(
    alliance, gov, superuser
):
    alliance.post(
        f"/admin/bulk/auth/user/set_active_state/?id={superuser.pk}", {"mark_as_active": "False"}
    )
    superuser.refresh_from_db()
    assert superuser.is_active
    group = Group.objects.get(name=ALLIANCE_ADMIN_GROUP_NAME)
    editor = gov.users["rostock_editor"]
    alliance.post(f"/admin/bulk/auth/user/assign_role/?id={editor.pk}", {"role": group.pk})
    assert not editor.groups.filter(pk=group.pk).exists()


def test_the_alliance_cannot_edit_group_permissions(alliance, gov):
    editors = gov.governance["luebeck"].editors
    response = alliance.get(f"/admin/groups/edit/{editors.pk}/")
    assert refused(response)


# --------------------------------------------------------------------------
# Images and documents in the admin API
# --------------------------------------------------------------------------


@pytest.fixture
def city_files(gov, tmp_path, settings):
    """An image and a document in each city's collection."""
    settings.MEDIA_ROOT = str(tmp_path)
    files = {}
    for key, slug in (("own", "luebeck"), ("other", "rostock")):
        collection = gov.governance[slug].collection
        files[key] = SimpleNamespace(
            image=get_image_model().objects.create(
                title=f"Luftbild {collection.name}",
                file=get_test_image_file(f"luftbild-{slug}.png"),
                collection=collection,
            ),
            document=get_document_model().objects.create(
                title=f"Vertrag {collection.name}",
                file=ContentFile(b"%PDF-1.4", name=f"vertrag-{slug}.pdf"),
                collection=collection,
            ),
        )
    return files


@pytest.mark.parametrize("kind", ["image", "document"])
def test_the_admin_api_lists_only_the_own_citys_images_and_documents(client, gov, city_files, kind):
    client_for(client, gov.users["editor"])
    own, other = getattr(city_files["own"], kind), getattr(city_files["other"], kind)
    listing = client.get(f"/admin/api/main/{kind}s/")
    assert listing.status_code == 200
    titles = {item["title"] for item in listing.json()["items"]}
    assert own.title in titles
    assert other.title not in titles
    detail = client.get(f"/admin/api/main/{kind}s/{other.pk}/")
    assert detail.status_code == 404
    assert other.title not in detail.text


# --------------------------------------------------------------------------
# Bulk actions: the confirmation names only what the user may see
# --------------------------------------------------------------------------


def test_bulk_delete_of_contacts_names_only_the_own_citys(client, gov):
    client_for(client, gov.users["editor"])
    mixed = client.get(
        "/admin/bulk/registry/contact/delete/", {"id": [gov.own.contact.pk, gov.other.contact.pk]}
    )
    assert mixed.status_code == 200
    assert gov.own.contact.name in mixed.text
    assert gov.other.contact.name not in mixed.text
    only_other = client.get("/admin/bulk/registry/contact/delete/", {"id": gov.other.contact.pk})
    assert only_other.status_code == 404
    assert gov.other.contact.name not in only_other.text


@pytest.mark.parametrize("method", ["get", "post"])
def test_bulk_move_does_not_name_another_citys_draft(client, gov, method):
    client_for(client, gov.users["moderator"])
    url = f"/admin/bulk/wagtailcore/page/move/?id={gov.own.lesson.pk}&id={gov.other.draft_page.pk}"
    response = getattr(client, method)(url)
    assert gov.other.draft_page.title not in response.text
    assert "Erfahrung Lübeck" in response.text
    assert Page.objects.get(pk=gov.other.draft_page.pk).get_parent().pk == gov.other.project.pk


def test_bulk_tagging_of_images_does_not_name_another_citys_image(client, gov, city_files):
    client_for(client, gov.users["editor"])
    other = city_files["other"].image
    url = f"/admin/bulk/wagtailimages/image/add_tags/?id={city_files['own'].image.pk}&id={other.pk}"
    for response in (client.get(url), client.post(url, {})):
        assert city_files["own"].image.title in response.text
        assert other.title not in response.text


# --------------------------------------------------------------------------
# Reports and the explorer
# --------------------------------------------------------------------------


def test_page_types_report_names_no_unpublished_page_of_another_city(client, gov):
    client_for(client, gov.users["editor"])
    for url in ("/admin/reports/page-types-usage/", "/admin/reports/page-types-usage/results/"):
        response = client.get(url)
        assert response.status_code == 200
        assert gov.other.draft_page.title not in response.text
        # The own city's last edited lesson is named instead (in English:
        # its English tree was made after the German one).
        assert gov.own_en.lesson.title in response.text


@pytest.fixture
def rostock_history(gov):
    """The Rostock editor, by name, edits a Rostock page, a Rostock contact and the shared wiki."""
    author = get_user_model().objects.get(pk=gov.users["rostock_editor"].pk)
    author.first_name, author.last_name = "Rieke", "Hanseatin"
    author.save()
    Page.objects.get(pk=gov.other.lesson.pk).specific.save_revision(user=author, log_action=True)
    log(instance=gov.other.contact, action="wagtail.edit", user=author)
    return author


def test_site_history_names_nobody_of_another_citys_pages_and_records(client, gov, rostock_history):
    client_for(client, gov.users["editor"])
    log(instance=gov.own.contact, action="wagtail.edit", user=gov.users["editor"])
    for url in ("/admin/reports/site-history/", "/admin/reports/site-history/results/"):
        response = client.get(url)
        assert response.status_code == 200
        assert "Rieke Hanseatin" not in response.text
        assert gov.other.contact.name not in response.text
        assert gov.own.contact.name in response.text


def test_site_history_shows_who_edited_the_shared_wiki(client, gov, rostock_history):
    article = Page.objects.get(pk=gov.article.pk).specific
    article.save_revision(user=rostock_history, log_action=True)
    response = client_for(client, gov.users["editor"]).get("/admin/reports/site-history/")
    assert "Rieke Hanseatin" in response.text
    assert gov.article.title in response.text


@pytest.mark.parametrize("role", ["editor", "moderator"])
def test_the_explorer_lists_no_draft_of_another_city(client, gov, role):
    client_for(client, gov.users[role])
    for url in (
        f"/admin/pages/{gov.other.project.pk}/",
        f"/admin/pages/{gov.other.project.pk}/results/",
    ):
        response = client.get(url)
        assert gov.other.draft_page.title not in response.text
        assert "Erfahrung Rostock (Entwurf)" not in response.text
    own = client.get(f"/admin/pages/{gov.own.project.pk}/")
    assert gov.own.draft_page.title in own.text
    assert "Erfahrung Lübeck (Entwurf)" in own.text


# --------------------------------------------------------------------------
# Contact search, and empty form posts
# --------------------------------------------------------------------------


@pytest.mark.parametrize("url", [f"{CONTACTS}/", f"{CONTACTS}/results/"])
def test_contact_search_finds_the_own_citys_contacts(client, gov, url):
    client_for(client, gov.users["editor"])
    for query in ("Partnerkontakt", "Projektleitung"):  # a name, a role
        response = client.get(url, {"q": query})
        assert response.status_code == 200
        assert gov.own.contact.name in response.text
        assert gov.other.contact.name not in response.text


def test_an_empty_external_link_form_is_shown_again(client, gov):
    client_for(client, gov.users["editor"])
    response = client.post("/admin/choose-external-link/", {})
    assert response.status_code == 200
    assert response.json()["step"] == "external_link"
    assert "error" in response.json()["html"]


@pytest.mark.parametrize("role", ["editor", "moderator"])
def test_a_pasted_address_of_another_citys_page_shows_no_draft_title(client, gov, role):
    """A live lesson of Rostock with a newer, retitled draft; its address pasted as a link."""
    lesson = Page.objects.get(pk=gov.other.lesson.pk)
    draft_title = lesson.draft_title
    assert lesson.live and draft_title != lesson.title
    client_for(client, gov.users[role])

    response = client.post(
        "/admin/choose-external-link/", {"external-link-chooser-url": lesson.url}
    )

    assert response.status_code == 200
    assert draft_title not in response.text
    assert response.json()["step"] == "external_link_chosen"
    assert "id" not in response.json()["result"]


def test_a_pasted_address_of_an_own_page_becomes_a_page_link(client, gov):
    lesson = gov.own.lesson
    client_for(client, gov.users["editor"])

    response = client.post(
        "/admin/choose-external-link/", {"external-link-chooser-url": lesson.url}
    )

    assert response.json()["result"]["id"] == lesson.pk


def test_the_contact_chooser_has_nothing_to_create(client, gov):
    client_for(client, gov.users["editor"])
    response = client.post("/admin/snippets/choose/registry/contact/create/", {"name": "Neu"})
    assert response.status_code == 404
    assert not Contact.objects.filter(name="Neu").exists()
