"""
„Wir möchten das nachnutzen“: the request another municipality sends about a
project. Business logic in small keyword-only functions; the view below only
turns HTTP into calls and back (Post/Redirect/Get).
"""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from .forms import ReuseRequestForm
from .models import ProjectPage, ReuseRequest

# At most this many stored requests per client within the window; enough for a
# person asking about several projects, too few for a spam run.
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


def reuse_request_rate_limited(*, client: str) -> bool:
    since = timezone.now() - RATE_WINDOW
    return (
        ReuseRequest.objects.filter(client_hash=client, created_at__gte=since).count() >= RATE_LIMIT
    )


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
    """
    if request.method == "GET":
        return project.render(request)
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])

    form = ReuseRequestForm(request.POST)
    client = client_hash(request)
    if reuse_request_rate_limited(client=client):
        form.is_valid()  # keep the entered values for a later try
        response = project.render(
            request,
            context_overrides={
                "reuse_form": form,
                "reuse_form_blocked": _(
                    "Von Ihrem Anschluss sind in der letzten Stunde schon %(limit)d Anfragen "
                    "eingegangen. Bitte versuchen Sie es später noch einmal oder schreiben Sie "
                    "an die Geschäftsstelle des Verbunds."
                )
                % {"limit": RATE_LIMIT},
            },
        )
        response.status_code = 429
        return response
    if not form.is_valid():
        response = project.render(request, context_overrides={"reuse_form": form})
        response.status_code = 400
        return response

    reuse_request_create(project=project, data=form.cleaned_data, client=client)
    return HttpResponseRedirect(
        project.get_url(request=request) + project.reverse_subpage("reuse_request_sent")
    )
