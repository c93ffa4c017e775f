"""
„Wir möchten das nachnutzen“: the request another municipality sends about a
project. Business logic in small keyword-only functions; the view below only
turns HTTP into calls and back (Post/Redirect/Get).
"""

import hashlib
import hmac
import math
import time
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .forms import ReuseRequestForm
from .models import ProjectPage, ReuseRequest

# At most this many POSTs per client within the window, whatever becomes of
# them (stored, invalid, honeypot, refused), and at most this many stored
# requests: enough for a person asking about several projects, too few for a
# spam run.
RATE_LIMIT = 5
RATE_WINDOW = timedelta(hours=1)


def client_hash(request) -> str:
    """
    A salted hash of the client address: the same client gives the same value,
    yet the stored value does not reveal the address. REMOTE_ADDR only, since
    X-Forwarded-For can be forged unless a trusted proxy rewrites it.
    """
    address = request.META.get("REMOTE_ADDR", "") or "unknown"
    key = f"reuse-request:{settings.SECRET_KEY}".encode()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()


def reuse_request_attempts_key(*, client: str) -> str:
    return f"reuse-request-attempts:{client}"


def reuse_request_attempt_record(*, client: str) -> float:
    """
    Count one POST of the client, before anything else looks at it, so that
    invalid and honeypot posts use up the allowance as stored ones do. Returns
    the seconds until the client may post again, 0 while it is within the limit.

    The count lives in Django's default cache as (window start, attempts); the
    window opens with the client's first POST and closes RATE_WINDOW later, so
    retrying while refused does not push the end further away. Without a shared
    cache in CACHES (production has none configured, so Django's per-process
    local memory) every worker process counts for itself and a restart forgets:
    a client may get up to RATE_LIMIT posts per worker. Reading and writing the
    count is not one atomic step either, so two posts at the same instant may
    count once. That is why reuse_request_stored_retry_after() stays in place:
    it counts stored requests in the database, the same in every process.
    """
    now = time.time()
    window = RATE_WINDOW.total_seconds()
    key = reuse_request_attempts_key(client=client)
    started, attempts = cache.get(key) or (now, 0)
    if now - started >= window:
        started, attempts = now, 0
    attempts += 1
    remaining = started + window - now
    cache.set(key, (started, attempts), timeout=math.ceil(remaining))
    return remaining if attempts > RATE_LIMIT else 0


def reuse_request_stored_retry_after(*, client: str) -> float:
    """
    The durable backstop: seconds until the oldest of the client's last
    RATE_LIMIT stored requests leaves the window, 0 if fewer are stored in it.
    """
    now = timezone.now()
    latest = (
        ReuseRequest.objects.filter(client_hash=client, created_at__gte=now - RATE_WINDOW)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
    )
    oldest_counted = latest[RATE_LIMIT - 1 : RATE_LIMIT].first()
    if oldest_counted is None:
        return 0
    return max((oldest_counted + RATE_WINDOW - now).total_seconds(), 1)


def reuse_request_retry_after(*, client: str) -> int:
    """
    Count this POST and return the whole seconds until the client may post
    again (for the Retry-After header and the message), 0 if it may go on.
    """
    retry_after = max(
        reuse_request_attempt_record(client=client),
        reuse_request_stored_retry_after(client=client),
    )
    return math.ceil(retry_after)


def reuse_request_blocked_message(*, retry_after: int) -> str:
    minutes = max(math.ceil(retry_after / 60), 1)
    return ngettext(
        "Ihre Anfrage wurde nicht gesendet: Von Ihrem Anschluss kamen in der letzten Stunde "
        "schon %(limit)d Anfragen oder Versuche. Bitte versuchen Sie es in %(minutes)d Minute "
        "noch einmal oder schreiben Sie an die Geschäftsstelle des Verbunds.",
        "Ihre Anfrage wurde nicht gesendet: Von Ihrem Anschluss kamen in der letzten Stunde "
        "schon %(limit)d Anfragen oder Versuche. Bitte versuchen Sie es in %(minutes)d Minuten "
        "noch einmal oder schreiben Sie an die Geschäftsstelle des Verbunds.",
        minutes,
    ) % {"limit": RATE_LIMIT, "minutes": minutes}


def reuse_request_recipients(*, project: ProjectPage) -> list[str]:
    """
    Every contact of the project that has an e-mail address, partners-only ones
    included: the mail goes to them, the requester never sees the addresses.
    """
    addresses = []
    for link in project.project_contacts.select_related("contact").order_by("sort_order"):
        email = link.contact.email
        if email and email not in addresses:
            addresses.append(email)
    return addresses


@transaction.atomic
def reuse_request_create(*, project: ProjectPage, data: dict, client: str) -> ReuseRequest:
    """Store the request and mail it to the project's contacts once stored."""
    reuse_request = ReuseRequest.objects.create(
        project=project,
        name=data["name"],
        municipality=data["municipality"],
        email=data["email"],
        message=data["message"],
        consent_to_contact=data["consent_to_contact"],
        client_hash=client,
    )
    recipients = reuse_request_recipients(project=project)
    if recipients:
        transaction.on_commit(
            lambda: reuse_request_notify(reuse_request=reuse_request, recipients=recipients)
        )
    return reuse_request


def reuse_request_notify(*, reuse_request: ReuseRequest, recipients: list[str]) -> None:
    project = reuse_request.project
    subject = _("Nachnutzungsanfrage zu „%(project)s“ von %(municipality)s") % {
        "project": project.title,
        "municipality": reuse_request.municipality,
    }
    body = render_to_string(
        "components/reuse_request_email.txt",
        {"reuse_request": reuse_request, "project": project, "project_url": project.full_url},
    )
    send_mail(
        subject.replace("\n", " "),
        body,
        settings.DEFAULT_FROM_EMAIL,
        recipients,
        fail_silently=False,
    )


def reuse_request_view(request, *, project: ProjectPage):
    """
    POST stores and redirects to the thank-you page; a bad or throttled POST
    renders the project page again with the messages and stores nothing. A
    GET shows the project page with the form (e.g. after a failed redirect).
    Every POST counts towards the rate limit, before the form is checked.
    """
    if request.method == "GET":
        return project.render(request)
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])

    form = ReuseRequestForm(request.POST)
    client = client_hash(request)
    retry_after = reuse_request_retry_after(client=client)
    if retry_after:
        form.is_valid()  # keep the entered values for a later try
        response = project.render(
            request,
            context_overrides={
                "reuse_form": form,
                "reuse_form_blocked": reuse_request_blocked_message(retry_after=retry_after),
            },
        )
        response.status_code = 429
        response["Retry-After"] = str(retry_after)
        return response
    if not form.is_valid():
        response = project.render(request, context_overrides={"reuse_form": form})
        response.status_code = 400
        return response

    reuse_request_create(project=project, data=form.cleaned_data, client=client)
    return HttpResponseRedirect(
        project.get_url(request=request) + project.reverse_subpage("reuse_request_sent")
    )
