"""
„Wir möchten das nachnutzen“: the request another municipality sends about a
project. Business logic in small keyword-only functions; the view below only
turns HTTP into calls and back (Post/Redirect/Get).
"""

import hashlib
import hmac
import logging
import math
import time
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import connection, transaction
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.tasks import task
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.client_address import client_address

from .choices import MailStatus
from .forms import ReuseRequestForm
from .models import ProjectPage, ReuseRequest, ReuseRequestAttempts

logger = logging.getLogger(__name__)

# At most this many POSTs per client within the window, whatever becomes of
# them (stored, invalid, honeypot, refused): enough for a person asking about
# several projects, too few for a spam run.
RATE_LIMIT = 5
RATE_WINDOW = timedelta(hours=1)

# Waits before the next try after a failed send: a short outage is bridged
# within minutes, a mail server that is down over a weekend night within a
# day or two. After the last one the request is marked as failed in the admin.
MAIL_RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=15),
    timedelta(hours=1),
    timedelta(hours=3),
    timedelta(hours=6),
    timedelta(hours=12),
    timedelta(hours=24),
)
MAIL_ATTEMPTS = len(MAIL_RETRY_DELAYS) + 1


def client_hash(request) -> str:
    """
    A salted hash of the client address: the same client gives the same value,
    yet the stored value does not reveal the address. Behind a reverse proxy
    named in TRUSTED_PROXIES the address it forwards counts, never one a
    client wrote into X-Forwarded-For itself (core.client_address).
    """
    address = client_address(request) or "unknown"
    key = f"reuse-request:{settings.SECRET_KEY}".encode()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()


def reuse_request_attempt_record(*, client: str, now: float | None = None) -> float:
    """
    Count one POST of the client, before anything else looks at it, so that
    invalid and honeypot posts use up the allowance as stored ones do. Returns
    the seconds until the client may post again, 0 while it is within the limit.

    The window opens with the client's first POST and closes RATE_WINDOW
    later, so retrying while refused does not push its end further away.
    Opening a new window and counting are one INSERT … ON CONFLICT DO UPDATE
    … RETURNING (SQLite ≥ 3.35, PostgreSQL): the database applies concurrent
    upserts of one row one after the other and each returns its own count, so
    simultaneous posts cannot read the same count, and every worker process
    counts in the same row. The SET expressions read the row as it was before
    this statement, which is what makes the window's reset and the increment
    one step.
    """
    now = time.time() if now is None else now
    window = RATE_WINDOW.total_seconds()
    table = connection.ops.quote_name(ReuseRequestAttempts._meta.db_table)
    sql = f"""
        INSERT INTO {table} (client_hash, window_opened, attempts)
        VALUES (%s, %s, 1)
        ON CONFLICT (client_hash) DO UPDATE SET
            window_opened = CASE WHEN {table}.window_opened <= %s
                THEN excluded.window_opened ELSE {table}.window_opened END,
            attempts = CASE WHEN {table}.window_opened <= %s
                THEN 1 ELSE {table}.attempts + 1 END
        RETURNING window_opened, attempts
    """
    expired = now - window
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [client, now, expired, expired])
        opened, attempts = cursor.fetchone()
        if attempts == 1:
            # A new window: the ended windows of all clients go, so the table
            # holds at most the clients of the last hour.
            ReuseRequestAttempts.objects.filter(window_opened__lte=expired).delete()
    if attempts <= RATE_LIMIT:
        return 0
    # Another post's upsert may have opened the window with a `now` read a
    # moment after ours: the wait is never longer than the window.
    return min(max(opened + window - now, 1), window)


def reuse_request_retry_after(*, client: str) -> int:
    """
    Count this POST and return the whole seconds until the client may post
    again (for the Retry-After header and the message), 0 if it may go on.
    """
    return math.ceil(reuse_request_attempt_record(client=client))


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
    """
    Store the request and queue its mail once stored. The mail never runs in
    the request: a mail server that is down or misconfigured must not turn a
    stored request into an error page, and the queue tries again later.
    """
    recipients = reuse_request_recipients(project=project)
    reuse_request = ReuseRequest.objects.create(
        project=project,
        name=data["name"],
        municipality=data["municipality"],
        email=data["email"],
        message=data["message"],
        consent_to_contact=data["consent_to_contact"],
        client_hash=client,
        mail_status=MailStatus.PENDING if recipients else MailStatus.NO_RECIPIENTS,
    )
    if recipients:
        # robust: a queue that cannot take the task is logged; the request is
        # stored all the same and shows as not yet sent in the admin.
        transaction.on_commit(
            partial(
                reuse_request_mail.enqueue,
                reuse_request_id=reuse_request.pk,
                recipients=recipients,
            ),
            robust=True,
        )
    return reuse_request


def reuse_request_subject(*, reuse_request: ReuseRequest) -> str:
    """
    The subject is a mail header, so every line break (CR, LF, U+2028 and the
    other separators str.split() knows) becomes a space: the form folds what
    the requester typed, and this covers the project title as well.
    """
    subject = _("Nachnutzungsanfrage zu „%(project)s“ von %(municipality)s") % {
        "project": reuse_request.project.title,
        "municipality": reuse_request.municipality,
    }
    return " ".join(subject.split())


def reuse_request_send(*, reuse_request: ReuseRequest, recipients: list[str]) -> None:
    project = reuse_request.project
    body = render_to_string(
        "components/reuse_request_email.txt",
        {"reuse_request": reuse_request, "project": project, "project_url": project.full_url},
    )
    send_mail(
        reuse_request_subject(reuse_request=reuse_request),
        body,
        settings.DEFAULT_FROM_EMAIL,
        recipients,
        fail_silently=False,
    )


@task(backend="mail")
def reuse_request_mail(*, reuse_request_id: int, recipients: list[str]) -> str:
    """
    Send one request's mail; on any failure record it and queue the next try
    after the next of MAIL_RETRY_DELAYS. Every failure is caught, whatever its
    kind (connection refused, a rejected login, a broken mail setting): each
    is worth another try once someone has fixed the cause, and the admin
    listing shows it meanwhile. A request already sent is not sent again.
    """
    reuse_request = (
        ReuseRequest.objects.select_related("project").filter(pk=reuse_request_id).first()
    )
    if reuse_request is None or reuse_request.mail_status == MailStatus.SENT:
        return "skipped"
    reuse_request.mail_attempts += 1
    try:
        reuse_request_send(reuse_request=reuse_request, recipients=recipients)
    except Exception as error:
        reuse_request_mail_failed(reuse_request=reuse_request, recipients=recipients, error=error)
        return reuse_request.mail_status
    reuse_request.mail_status = MailStatus.SENT
    reuse_request.mail_error = ""
    reuse_request.save(update_fields=["mail_status", "mail_attempts", "mail_error"])
    return reuse_request.mail_status


def reuse_request_mail_failed(
    *, reuse_request: ReuseRequest, recipients: list[str], error: Exception
) -> None:
    """Record a failed send and queue the next try, or give up after the last one."""
    logger.warning(
        "Reuse request %s: mail attempt %s failed: %r",
        reuse_request.pk,
        reuse_request.mail_attempts,
        error,
    )
    reuse_request.mail_error = f"{type(error).__name__}: {error}"[:2000]
    retry = reuse_request.mail_attempts < MAIL_ATTEMPTS
    # A backend that runs tasks at once cannot wait before the next try.
    with transaction.atomic():
        if retry and reuse_request_mail.get_backend().supports_defer:
            delay = MAIL_RETRY_DELAYS[reuse_request.mail_attempts - 1]
            reuse_request_mail.using(run_after=timezone.now() + delay).enqueue(
                reuse_request_id=reuse_request.pk, recipients=recipients
            )
            reuse_request.mail_status = MailStatus.PENDING
        else:
            reuse_request.mail_status = MailStatus.FAILED
        reuse_request.save(update_fields=["mail_status", "mail_attempts", "mail_error"])


def reuse_request_page(request, *, project: ProjectPage, form=None, blocked: str = ""):
    """
    The form on a page of its own (<project url>nachnutzen/): the only page
    that sets the CSRF cookie, so the project page itself sets none and a
    shared cache can keep it. The context is the project and the form only;
    the project page's lists (lessons, similar projects, …) are not needed.
    """
    return TemplateResponse(
        request,
        "pages/reuse_request.html",
        {
            "page": project,
            "self": project,
            "reuse_form": form if form is not None else ReuseRequestForm(),
            "reuse_form_blocked": blocked,
        },
    )


def reuse_request_view(request, *, project: ProjectPage):
    """
    GET shows the form page. POST stores and redirects to the thank-you page;
    a bad or throttled POST renders the form page again with the messages and
    stores nothing. Every POST counts towards the rate limit, before the form
    is checked.
    """
    if request.method == "GET":
        return reuse_request_page(request, project=project)
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])

    form = ReuseRequestForm(request.POST)
    client = client_hash(request)
    retry_after = reuse_request_retry_after(client=client)
    if retry_after:
        form.is_valid()  # keep the entered values for a later try
        response = reuse_request_page(
            request,
            project=project,
            form=form,
            blocked=reuse_request_blocked_message(retry_after=retry_after),
        )
        response.status_code = 429
        response["Retry-After"] = str(retry_after)
        return response
    if not form.is_valid():
        response = reuse_request_page(request, project=project, form=form)
        response.status_code = 400
        return response

    reuse_request_create(project=project, data=form.cleaned_data, client=client)
    return HttpResponseRedirect(
        project.get_url(request=request) + project.reverse_subpage("reuse_request_sent")
    )


def reuse_request_sent_page(request, *, project: ProjectPage):
    """The thank-you page after a stored request (Post/Redirect/Get)."""
    return TemplateResponse(
        request, "pages/reuse_request_sent.html", {"page": project, "self": project}
    )
