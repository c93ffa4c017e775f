"""„Wir möchten das nachnutzen“: stored, mailed, throttled, and nothing on bad input."""

import html
import random
import signal
import threading

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.db import connections
from django.tasks import TaskResultStatus
from django.test import Client, RequestFactory
from django.utils import timezone, translation

import pytest
from django_tasks_db.models import DBTaskResult

from config.settings.base import mailers_from_environment
from registry.choices import MailStatus
from registry.models import ReuseRequest, ReuseRequestAttempts
from registry.permissions import reuse_requests_visible_to
from registry.reuse import MAIL_ATTEMPTS, RATE_LIMIT, RATE_WINDOW, client_hash
from smtp_sink import free_port, smtp_server

VALID = {
    "name": "Max Muster",
    "municipality": "Hansestadt Greifswald",
    "email": "max.muster@greifswald.example",
    "message": "Wir möchten die Parkraumsteuerung für unseren Hafen übernehmen.",
    "consent_to_contact": "on",
    "website": "",
}


def run_mail_worker():
    """
    The mail queue's real worker, as `manage.py db_worker --backend mail`
    runs in production, until no task is due. It installs its own signal
    handlers for a graceful stop; the test run gets its own back afterwards.
    """
    stop_signals = (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)
    handlers = {number: signal.getsignal(number) for number in stop_signals}
    try:
        call_command(
            "db_worker",
            "--backend=mail",
            "--batch",
            "--no-reload",
            "--no-startup-delay",
            "--interval=0",
            verbosity=0,
        )
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)


# The worker, as in production, sees only committed requests and drops a
# connection left inside a transaction; tests that run it commit for real.
committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)
# A committed test cannot run on top of a tree kept open in the module's
# transaction (it would commit it and empty the database): a tree per test.
pytestmark = [pytest.mark.site_tree_per_test, pytest.mark.usefixtures("migrated_rows_kept")]


def form_url(project):
    return f"{project.url}nachnutzen/"


def text_of(response):
    return html.unescape(response.content.decode())


def test_the_project_page_links_to_the_form_and_sets_no_cookie(client, site_tree):
    response = client.get(site_tree.project.url)
    text = text_of(response)
    assert "Wir möchten das nachnutzen" in text
    assert f'href="{form_url(site_tree.project)}"' in text
    assert "Wir möchten das nachnutzen – Anfrage stellen" in text
    assert "<form" not in text.split('id="main"')[1]  # the header's search is the only form
    assert "csrfmiddlewaretoken" not in text
    assert not response.cookies


def test_the_form_page_has_labels_a_hidden_honeypot_and_sets_the_csrf_cookie(client, site_tree):
    response = client.get(form_url(site_tree.project))
    assert response.status_code == 200
    text = text_of(response)
    assert "<h1" in text and "Wir möchten das nachnutzen</h1>" in text
    assert f"<title>Nachnutzung anfragen: {site_tree.project.title} – " in text
    assert f'<a href="{site_tree.project.url}">Zurück zu „{site_tree.project.title}“</a>' in text
    breadcrumbs = text.split('aria-label="Sie sind hier"')[1].split("</nav>")[0]
    assert f'<a href="{site_tree.project.url}">{site_tree.project.title}</a>' in breadcrumbs
    assert '<span aria-current="page">Nachnutzung anfragen</span>' in breadcrumbs
    assert f'action="{form_url(site_tree.project)}#nachnutzen"' in text
    for label in ("Ihr Name", "Ihre Kommune oder Behörde", "Ihre dienstliche E-Mail-Adresse"):
        assert label in text
    assert '<div class="form__trap" aria-hidden="true">' in text
    assert "Bitte leer lassen" in text
    assert 'tabindex="-1"' in text
    assert '<meta name="robots" content="noindex">' in text
    # Nothing of the project page itself is rendered (or queried) here.
    assert "Ähnliche Projekte in anderen Städten" not in text
    assert "csrfmiddlewaretoken" in text
    assert list(response.cookies) == ["csrftoken"]


def test_the_form_page_speaks_english_under_en(client, site_tree, german_afterwards):
    url = "/en" + form_url(site_tree.project)
    text = text_of(client.get(url))
    assert '<html lang="en">' in text
    assert f"Request to reuse: {site_tree.project.title}" in text
    assert "We would like to reuse this</h1>" in text
    assert f'action="{url}#nachnutzen"' in text
    assert "Your name" in text


def test_the_form_page_is_not_in_the_sitemap(client, site_tree):
    text = client.get("/sitemap.xml").content.decode()
    assert site_tree.project.url in text
    assert "nachnutzen" not in text


def test_a_refused_post_renders_the_form_page_with_the_errors_in_front(client, site_tree):
    """A checked post is a form with CSRF: the client enforces it, as a browser would."""
    browser = Client(enforce_csrf_checks=True)
    url = form_url(site_tree.project)
    token = browser.get(url).cookies["csrftoken"].value
    response = browser.post(
        url, {**VALID, "email": "x", "csrfmiddlewaretoken": token}, REMOTE_ADDR="192.0.2.40"
    )
    assert response.status_code == 400
    text = text_of(response)
    assert "<title>Fehler: Nachnutzung anfragen:" in text
    assert 'role="alert" tabindex="-1" id="nachnutzen">' in text  # the focused summary
    assert 'value="Hansestadt Greifswald"' in text
    assert "Ähnliche Projekte in anderen Städten" not in text
    # Without the token the post is refused before it counts.
    refused = Client(enforce_csrf_checks=True).post(url, VALID, REMOTE_ADDR="192.0.2.41")
    assert refused.status_code == 403
    assert not ReuseRequestAttempts.objects.filter(
        client_hash=client_hash(RequestFactory().post(url, REMOTE_ADDR="192.0.2.41"))
    ).exists()


@committed
def test_request_is_stored_mailed_to_the_contacts_and_redirected(
    client, site_tree, mailoutbox, django_capture_on_commit_callbacks
):
    # The mail is queued once the request is stored (on commit) and leaves with the worker.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form_url(site_tree.project), VALID, REMOTE_ADDR="192.0.2.10")
    assert response.status_code == 302
    assert mailoutbox == []
    run_mail_worker()
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
    stored.refresh_from_db()
    assert stored.mail_status == MailStatus.SENT

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


@committed
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
    run_mail_worker()
    assert len(mailoutbox) == RATE_LIMIT + 1


REJECTED = [
    {**VALID, "email": "keine-adresse"},
    {**VALID, "website": "http://spam.example"},
    {**VALID, "message": "kurz"},
]


@committed
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
    run_mail_worker()
    assert len(mailoutbox) == 1


def test_the_attempt_limit_ends_with_its_window(client, site_tree, mailoutbox):
    url = form_url(site_tree.project)
    for _ in range(RATE_LIMIT + 1):
        client.post(url, REJECTED[0], REMOTE_ADDR="203.0.113.7")
    assert client.post(url, VALID, REMOTE_ADDR="203.0.113.7").status_code == 429

    # Move the start of the client's window back by a whole window instead of waiting.
    count = ReuseRequestAttempts.objects.get(
        client_hash=client_hash(RequestFactory().post(url, REMOTE_ADDR="203.0.113.7"))
    )
    assert count.attempts == RATE_LIMIT + 2
    count.window_opened -= RATE_WINDOW.total_seconds()
    count.save()

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


def test_the_limit_holds_when_the_cache_forgets(client, site_tree):
    """A restarted worker or another process has an empty cache: the count is in the database."""
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


@pytest.fixture
def smtp_port(settings):
    """A port on 127.0.0.1 where no mail server listens (yet), configured as in production."""
    port = free_port()
    settings.MAILERS = mailers_from_environment(
        {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(port), "EMAIL_TIMEOUT": "5"}
    )
    return port


def queued_mail():
    """The mail tasks waiting in the queue, due now or later."""
    return DBTaskResult.objects.filter(status=TaskResultStatus.READY, backend_name="mail")


def make_retries_due():
    """Bring the queued retries forward instead of waiting minutes for them."""
    return queued_mail().update(run_after=timezone.now())


@committed
def test_a_request_sent_while_the_mail_server_is_down_is_mailed_once_it_is_back(
    client, site_tree, smtp_port, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form_url(site_tree.project), VALID, REMOTE_ADDR="192.0.2.20")
    assert response.status_code == 302
    assert "Ihre Anfrage ist angekommen" in text_of(client.get(response["Location"]))

    # The worker tries while the server is down: the request waits for the next try.
    run_mail_worker()
    stored = ReuseRequest.objects.get()
    assert stored.mail_status == MailStatus.PENDING
    assert stored.mail_attempts == 1
    assert "ConnectionRefusedError" in stored.mail_error

    with smtp_server(smtp_port) as inbox:
        run_mail_worker()
        assert inbox.envelopes == []  # the retry is not due yet
        assert make_retries_due() == 1
        run_mail_worker()
        # Nothing is left to send: another run sends nothing twice.
        make_retries_due()
        run_mail_worker()

    assert ReuseRequest.objects.count() == 1
    messages = inbox.messages()
    assert len(messages) == 1
    recipients, message = messages[0]
    assert recipients == sorted([site_tree.public_contact.email, site_tree.partners_contact.email])
    assert message["Subject"] == (
        f"Nachnutzungsanfrage zu „{site_tree.project.title}“ von Hansestadt Greifswald"
    )
    body = message.get_content()
    assert "max.muster@greifswald.example" in body
    assert VALID["message"] in body
    stored.refresh_from_db()
    assert stored.mail_status == MailStatus.SENT
    assert stored.mail_attempts == 2
    assert stored.mail_error == ""


@committed
def test_a_mail_that_keeps_failing_is_shown_as_failed_in_the_admin(
    client, admin_client, site_tree, smtp_port, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form_url(site_tree.project), VALID, REMOTE_ADDR="192.0.2.21")
    assert response.status_code == 302
    run_mail_worker()
    for _ in range(MAIL_ATTEMPTS):  # one more round than attempts: the last queues nothing
        make_retries_due()
        run_mail_worker()

    stored = ReuseRequest.objects.get()
    assert stored.mail_status == MailStatus.FAILED
    assert stored.mail_attempts == MAIL_ATTEMPTS
    assert not queued_mail().exists()

    listing = text_of(admin_client.get("/admin/snippets/registry/reuserequest/"))
    assert "Mailversand" in listing
    assert "Fehlgeschlagen" in listing
    inspect = text_of(
        admin_client.get(f"/admin/snippets/registry/reuserequest/inspect/{stored.pk}/")
    )
    assert "ConnectionRefusedError" in inspect


@committed
@pytest.mark.parametrize("line_break", ["\r", "\n", "\r\n", "\u2028", "\u2029", "\x85"])
def test_line_breaks_in_name_and_municipality_become_spaces_and_the_mail_goes_out(
    client, site_tree, mailoutbox, django_capture_on_commit_callbacks, line_break
):
    data = {
        **VALID,
        "name": f"Max{line_break}Muster",
        "municipality": f"Hansestadt{line_break}Greifswald{line_break}Bcc: x@spam.example",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form_url(site_tree.project), data, REMOTE_ADDR="192.0.2.22")
    assert response.status_code == 302
    stored = ReuseRequest.objects.get()
    assert stored.name == "Max Muster"
    assert stored.municipality == "Hansestadt Greifswald Bcc: x@spam.example"

    run_mail_worker()
    stored.refresh_from_db()
    assert stored.mail_status == MailStatus.SENT
    assert len(mailoutbox) == 1
    message = mailoutbox[0].message()
    assert message["Subject"].endswith("von Hansestadt Greifswald Bcc: x@spam.example")
    assert message["Bcc"] is None
    assert sorted(mailoutbox[0].recipients()) == sorted(
        [site_tree.public_contact.email, site_tree.partners_contact.email]
    )


@committed
def test_a_line_separator_in_the_project_title_does_not_stop_the_mail(
    client, site_tree, mailoutbox, django_capture_on_commit_callbacks
):
    project = site_tree.project
    project.title = "Smarte\u2028Parkplätze"
    project.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form_url(project), VALID, REMOTE_ADDR="192.0.2.23")
    assert response.status_code == 302
    run_mail_worker()
    assert ReuseRequest.objects.get().mail_status == MailStatus.SENT
    assert mailoutbox[0].subject.startswith("Nachnutzungsanfrage zu „Smarte Parkplätze“")


def post_at_once(url, payloads, *, address):
    """
    Every payload from its own thread (so its own database connection), all
    released at the same moment. Returns (status, Retry-After) per post.
    """
    start = threading.Barrier(len(payloads))
    results = []

    def post(data):
        try:
            start.wait(timeout=30)
            response = Client().post(url, data, REMOTE_ADDR=address)
            results.append((response.status_code, response.get("Retry-After")))
        except Exception as error:
            results.append((repr(error), None))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(data,)) for data in payloads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(results) == len(payloads), results
    return results


CONCURRENT_POSTS = 20

# SQLite's in-memory test database is shared between threads through its
# shared cache, which refuses a second writer at once ("database table is
# locked") instead of waiting as a database file does; PostgreSQL, which
# production and CI use, runs these posts truly in parallel.
needs_postgres = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="concurrent writers need PostgreSQL (set DATABASE_URL)",
)


@pytest.mark.postgres
@needs_postgres
@committed
def test_simultaneous_posts_of_one_client_store_exactly_the_limit(site_tree):
    results = post_at_once(
        form_url(site_tree.project), [VALID] * CONCURRENT_POSTS, address="198.51.100.50"
    )
    statuses = sorted(status for status, _ in results)
    assert statuses == [302] * RATE_LIMIT + [429] * (CONCURRENT_POSTS - RATE_LIMIT), results
    assert all(3500 < int(retry) <= 3600 for status, retry in results if status == 429)
    assert ReuseRequest.objects.count() == RATE_LIMIT
    assert ReuseRequestAttempts.objects.get().attempts == CONCURRENT_POSTS


@pytest.mark.postgres
@needs_postgres
@committed
def test_simultaneous_junk_posts_use_up_the_same_allowance(site_tree):
    payloads = [VALID, *REJECTED[:2]] * 7
    random.Random(7).shuffle(payloads)
    results = post_at_once(form_url(site_tree.project), payloads, address="198.51.100.51")
    statuses = [status for status, _ in results]
    assert statuses.count(429) == len(payloads) - RATE_LIMIT, results
    assert set(statuses) <= {302, 400, 429}, results
    assert ReuseRequest.objects.count() == statuses.count(302)
