"""
Trust between the roles, over the admin's own HTTP interface: a city's
records stay with the city in every admin view (reuse requests, contacts,
the page chooser, the move confirmation), and the alliance administration
cannot hand out more rights than it holds.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from wagtail.models import Page

import pytest

from registry.membership import ALLIANCE_ADMIN_GROUP_NAME
from registry.models import ReuseRequest

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
