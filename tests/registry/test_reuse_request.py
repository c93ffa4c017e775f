"""„Wir möchten das nachnutzen“: stored, mailed, throttled, and nothing on bad input."""

import html

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import RequestFactory
from django.utils import translation

import pytest

from registry.models import ReuseRequest
from registry.permissions import reuse_requests_visible_to
from registry.reuse import RATE_LIMIT, RATE_WINDOW, client_hash, reuse_request_attempts_key

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
    assert "in der letzten Stunde schon 5 Anfragen oder Versuche" in text_of(response)
    assert ReuseRequest.objects.count() == RATE_LIMIT
    # Another client is not affected.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form_url(site_tree.project), VALID, REMOTE_ADDR="198.51.100.8")
    assert response.status_code == 302
    assert len(mailoutbox) == RATE_LIMIT + 1


REJECTED = [
    {**VALID, "email": "keine-adresse"},
    {**VALID, "website": "http://spam.example"},
    {**VALID, "message": "kurz"},
]


def test_rejected_posts_count_towards_the_limit(
    client, site_tree, mailoutbox, django_capture_on_commit_callbacks
):
    url = form_url(site_tree.project)
    for attempt in range(RATE_LIMIT):
        response = client.post(url, REJECTED[attempt % len(REJECTED)], REMOTE_ADDR="203.0.113.5")
        assert response.status_code == 400
    response = client.post(url, REJECTED[0], REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 429

    # Even a valid request is refused now, and neither stored nor mailed.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, VALID, REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 429
    assert 3500 < int(response["Retry-After"]) <= 3600
    text = text_of(response)
    assert "Ihre Anfrage wurde nicht gesendet" in text
    assert "Bitte versuchen Sie es in 60 Minuten noch einmal" in text
    assert 'value="Hansestadt Greifswald"' in text  # kept for the later try
    assert not ReuseRequest.objects.exists()
    assert mailoutbox == []
    # Reading the project page is not an attempt and stays possible.
    assert client.get(site_tree.project.url, REMOTE_ADDR="203.0.113.5").status_code == 200

    # Another client is not affected.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, VALID, REMOTE_ADDR="203.0.113.6")
    assert response.status_code == 302
    assert ReuseRequest.objects.count() == 1
    assert len(mailoutbox) == 1


def test_the_attempt_limit_ends_with_its_window(client, site_tree, mailoutbox):
    url = form_url(site_tree.project)
    for _ in range(RATE_LIMIT + 1):
        client.post(url, REJECTED[0], REMOTE_ADDR="203.0.113.7")
    assert client.post(url, VALID, REMOTE_ADDR="203.0.113.7").status_code == 429

    # Move the start of the client's window back by a whole window instead of waiting.
    key = reuse_request_attempts_key(
        client=client_hash(RequestFactory().post(url, REMOTE_ADDR="203.0.113.7"))
    )
    started, attempts = cache.get(key)
    assert attempts == RATE_LIMIT + 2
    cache.set(key, (started - RATE_WINDOW.total_seconds(), attempts))

    response = client.post(url, VALID, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 302
    assert ReuseRequest.objects.count() == 1


@pytest.fixture
def german_afterwards():
    """A request under /en/ leaves English active in this thread, and page.url would carry /en/."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def test_the_refusal_speaks_english_under_en(client, site_tree, german_afterwards):
    url = "/en" + form_url(site_tree.project)
    for _ in range(RATE_LIMIT + 1):
        response = client.post(url, REJECTED[0], REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 429
    text = text_of(response)
    assert "Your request was not sent: 5 requests or attempts have already come" in text
    assert "Please try again in 60 minutes" in text


def test_stored_requests_stay_limited_when_the_cache_forgets(client, site_tree):
    """A restarted worker or another process has no count: the stored requests still limit."""
    url = form_url(site_tree.project)
    for _ in range(RATE_LIMIT):
        assert client.post(url, VALID, REMOTE_ADDR="203.0.113.8").status_code == 302
    cache.clear()
    response = client.post(url, VALID, REMOTE_ADDR="203.0.113.8")
    assert response.status_code == 429
    assert 3500 < int(response["Retry-After"]) <= 3600
    assert ReuseRequest.objects.count() == RATE_LIMIT


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
