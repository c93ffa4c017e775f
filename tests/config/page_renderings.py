"""
Every public page of the database in DATABASE_URL, rendered through Django's
test client, as JSON {url: html} on stdout. The backup check runs it once per
database and compares the two (tests/config/test_backup_restore.py).

    DATABASE_URL=postgres://…/name python tests/config/page_renderings.py

The CSRF token in a form differs on every request, so it is blanked.
"""

import json
import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.test import Client  # noqa: E402

from wagtail.models import Locale, Page  # noqa: E402

CSRF_TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
# Addresses beside the page tree that read the same rows.
OTHER_URLS = [
    "/search/?q=Parken",
    "/search/?q=Daten&city=rostock",
    "/overview/",
    "/erfahrungen/",
    "/tags/",
    "/open-data/",
    "/feeds/projects/",
    "/api/v2/projects/",
    "/api/v2/cities/",
    "/sitemap.xml",
]


def page_urls() -> list[str]:
    translated = tuple(
        f"/{code}/"
        for code in Locale.objects.exclude(language_code="de").values_list(
            "language_code", flat=True
        )
    )
    urls = []
    for page in Page.objects.live().public().specific().order_by("path"):
        url = page.get_url()
        if url:
            # A German page also under the English interface; a translated
            # page (/en/…, /pl/…) has its own address already.
            urls += [url] if url.startswith(translated) else [url, f"/en{url}"]
    return urls


def main() -> None:
    client = Client()
    renderings = {}
    for url in page_urls() + OTHER_URLS:
        response = client.get(url)
        body = response.content.decode()
        renderings[url] = f"{response.status_code}\n{CSRF_TOKEN.sub(r'\1\2', body)}"
    json.dump(renderings, sys.stdout)


if __name__ == "__main__":
    main()
