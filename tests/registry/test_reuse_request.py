"""„Wir möchten das nachnutzen“: stored, mailed, throttled, and nothing on bad input."""

import html

from django.contrib.auth import get_user_model

import pytest

from registry.models import ReuseRequest
from registry.reuse import RATE_LIMIT
from registry.wagtail_hooks import reuse_requests_visible_to

VALID = {
    "name": "Max Muster",
    "municipality": "Hansestadt Greifswald",
    "email": "max.muster@greifswald.example",
    "message": "Wir möchten die Parkraumsteuerung für unseren Hafen übernehmen.",
    "consent_to_contact": "on",
    "website": "",
}


def form_url(project):
    return f"{project.url}nachnutzen/"


def text_of(response):
    return html.unescape(response.content.decode())


def test_every_project_page_has_the_form_with_labels_and_a_hidden_honeypot(client, site_tree):
    text = text_of(client.get(site_tree.project.url))
    assert "Wir möchten das nachnutzen" in text
    assert f'action="{form_url(site_tree.project)}#nachnutzen"' in text
    for label in ("Ihr Name", "Ihre Kommune oder Behörde", "Ihre dienstliche E-Mail-Adresse"):
        assert label in text
    assert '<div class="form__trap" aria-hidden="true">' in text
    assert "Bitte leer lassen" in text
    assert 'tabindex="-1"' in text


def test_request_is_stored_mailed_to_the_contacts_and_redirected(
    client, site_tree, mailoutbox, django_capture_on_commit_callbacks
):
    # The mail leaves once the request is stored (on commit).
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form_url(site_tree.project), VALID, REMOTE_ADDR="192.0.2.10")
    assert response.status_code == 302
    assert response["Location"] == f"{site_tree.project.url}nachnutzen/danke/"

    stored = ReuseRequest.objects.get()
    assert stored.project.pk == site_tree.project.pk
    assert stored.municipality == "Hansestadt Greifswald"
    assert stored.consent_to_contact is True
    assert "192.0.2.10" not in stored.client_hash
    assert len(stored.client_hash) == 64

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    # Both contacts get the mail; the requester never sees their addresses.
    assert sorted(message.to) == sorted(
        [site_tree.public_contact.email, site_tree.partners_contact.email]
    )
    assert "Hansestadt Greifswald" in message.subject
    assert "max.muster@greifswald.example" in message.body

    thanks = text_of(client.get(response["Location"]))
    assert "Ihre Anfrage ist angekommen" in thanks
    assert site_tree.partners_contact.name not in thanks
    assert site_tree.partners_contact.email not in thanks


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"email": "keine-adresse"}, "gültige E-Mail-Adresse"),
        ({"name": ""}, "Bitte geben Sie Ihren Namen an."),
        ({"consent_to_contact": ""}, "Ohne Ihre Einwilligung"),
        ({"message": "x" * 3001}, "höchstens 3000 Zeichen"),
        ({"municipality": "K" * 151}, "höchstens 150 Zeichen"),
        ({"website": "http://spam.example"}, "automatisch erkannt"),
    ],
)
def test_bad_input_is_shown_and_stores_nothing(client, site_tree, mailoutbox, changes, message):
    data = {**VALID, **changes}
    if data["consent_to_contact"] == "":
        del data["consent_to_contact"]
    response = client.post(form_url(site_tree.project), data)
    assert response.status_code == 400
    text = text_of(response)
    assert "Die Anfrage wurde nicht gesendet" in text
    assert message in text
    assert not ReuseRequest.objects.exists()
    assert mailoutbox == []


def test_requests_per_client_are_limited(
    client, site_tree, mailoutbox, django_capture_on_commit_callbacks
):
    for _ in range(RATE_LIMIT):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(form_url(site_tree.project), VALID, REMOTE_ADDR="198.51.100.7")
        assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form_url(site_tree.project), VALID, REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 429
    assert "in der letzten Stunde schon 5 Anfragen" in text_of(response)
    assert ReuseRequest.objects.count() == RATE_LIMIT
    # Another client is not affected.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form_url(site_tree.project), VALID, REMOTE_ADDR="198.51.100.8")
    assert response.status_code == 302
    assert len(mailoutbox) == RATE_LIMIT + 1


def test_admin_lists_requests_only_for_the_users_cities(site_tree, partner_user):
    ReuseRequest.objects.create(
        project=site_tree.project,
        name="A",
        municipality="B",
        email="a@b.example",
        message="Nachricht",
        consent_to_contact=True,
        client_hash="0" * 64,
    )
    superuser = get_user_model().objects.create_superuser("chef", password="x")
    assert reuse_requests_visible_to(superuser, ReuseRequest.objects.all()).count() == 1
    # A signed-in user without any city's page permissions sees none.
    assert reuse_requests_visible_to(partner_user, ReuseRequest.objects.all()).count() == 0


def test_admin_listing_shows_the_requests_to_a_superuser(admin_client, site_tree):
    ReuseRequest.objects.create(
        project=site_tree.project,
        name="Max Muster",
        municipality="Greifswald",
        email="a@b.example",
        message="Nachricht",
        consent_to_contact=True,
        client_hash="0" * 64,
    )
    response = admin_client.get("/admin/snippets/registry/reuserequest/")
    assert response.status_code == 200
    assert "Greifswald" in response.content.decode()
