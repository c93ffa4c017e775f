"""
The site's public address, from one setting: `WAGTAILADMIN_BASE_URL`.

Wagtail builds every absolute link (the API's `html_url`, a project's
publiccode.yml `landingURL`, the sitemap, notification e-mails) from the
Site record's hostname and port, which a fresh database creates as
localhost:80. So the deploy writes the address into the Site record: after
every `migrate` (a `post_migrate` handler) and on demand with
`manage.py configure_site`. Wagtail derives the scheme from the port
(443 is https, anything else http), so https works only on port 443.
https://docs.wagtail.org/en/stable/reference/settings.html#wagtailadmin-base-url
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from wagtail.models import Site


@dataclass(frozen=True)
class SiteAddress:
    hostname: str
    port: int


def site_address_parse(url: str) -> SiteAddress:
    """The hostname and port of a base URL such as https://wissensnetz.example.de."""
    problem = f"WAGTAILADMIN_BASE_URL „{url}“ ist keine öffentliche Adresse der Website"
    try:
        parts = urlsplit((url or "").strip())
        port = parts.port
    except ValueError as error:
        raise ImproperlyConfigured(f"{problem}: {error}.") from error
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ImproperlyConfigured(f"{problem}; erwartet z. B. https://wissensnetz.example.de.")
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        raise ImproperlyConfigured(
            f"{problem}: nur Schema, Rechnername und Port, ohne Pfad, z. B. "
            "https://wissensnetz.example.de."
        )
    if parts.scheme == "https" and port not in (None, 443):
        raise ImproperlyConfigured(
            f"{problem}: https geht nur auf Port 443 (Wagtail leitet das Schema vom Port ab)."
        )
    if parts.scheme == "http" and port == 443:
        raise ImproperlyConfigured(f"{problem}: Port 443 ist https.")
    default_port = 443 if parts.scheme == "https" else 80
    return SiteAddress(hostname=parts.hostname, port=port or default_port)


@transaction.atomic
def site_address_apply(*, url: str | None = None, using: str = "default") -> tuple[Site, bool]:
    """
    Write the address into the default Site record; True if it changed.
    Idempotent: run it after every deploy. Without a Site record there is
    nothing to configure yet (home's data migration creates it).
    """
    address = site_address_parse(settings.WAGTAILADMIN_BASE_URL if url is None else url)
    site = (
        Site.objects.using(using).filter(is_default_site=True).first()
        or Site.objects.using(using).order_by("pk").first()
    )
    if site is None:
        return None, False
    if (site.hostname, site.port) == (address.hostname, address.port):
        return site, False
    site.hostname, site.port = address.hostname, address.port
    site.save(using=using, update_fields=["hostname", "port"])
    Site.clear_site_root_paths_cache()
    return site, True


def site_address_after_migrate(sender, using="default", **kwargs):
    """
    post_migrate: every deploy runs migrate, so the address follows the
    environment. A wrong address stops migrate with the message alone, as a
    CommandError, not a traceback.
    """
    from django.core.management import CommandError

    try:
        site_address_apply(using=using)
    except ImproperlyConfigured as error:
        raise CommandError(str(error)) from error
