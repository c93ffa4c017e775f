"""
The site's public address comes from WAGTAILADMIN_BASE_URL: after `migrate`
every absolute link a reader or a catalogue sees carries it, not localhost.
"""

from io import StringIO

from django.core.management import CommandError, call_command

from wagtail.models import Site

import pytest
import yaml

ADDRESS = "https://wissensnetz.example.de"


def test_after_migrate_api_publiccode_and_sitemap_use_the_configured_address(
    client, site_tree, settings
):
    Site.objects.update(hostname="localhost", port=80)
    settings.WAGTAILADMIN_BASE_URL = ADDRESS
    call_command("migrate", verbosity=0)

    project = site_tree.project
    api = client.get(f"/api/v2/projects/{project.pk}/").json()
    assert api["meta"]["html_url"] == f"{ADDRESS}/staedte/luebeck/{project.slug}/"

    publiccode = client.get(f"{project.url}publiccode.yml")
    assert publiccode.status_code == 200
    landing = yaml.safe_load(publiccode.content)["landingURL"]
    assert landing == f"{ADDRESS}/staedte/luebeck/{project.slug}/"

    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"<loc>{ADDRESS}/staedte/luebeck/{project.slug}/</loc>" in sitemap
    assert "localhost" not in sitemap


@pytest.mark.django_db
def test_configure_site_corrects_host_port_and_scheme_and_is_idempotent(settings):
    Site.objects.update(hostname="localhost", port=8000)
    settings.WAGTAILADMIN_BASE_URL = "http://wissensnetz.example.de:8080"
    out = StringIO()
    call_command("configure_site", stdout=out)
    assert "http://wissensnetz.example.de:8080 übernommen" in out.getvalue()
    call_command("configure_site", f"--url={ADDRESS}/", stdout=out)
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == ("wissensnetz.example.de", 443, ADDRESS)
    again = StringIO()
    call_command("configure_site", f"--url={ADDRESS}", stdout=again)
    assert "war schon eingetragen" in again.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("wissensnetz.example.de", "erwartet z. B. https://"),
        ("ftp://wissensnetz.example.de", "erwartet z. B. https://"),
        ("https://wissensnetz.example.de:8443", "https geht nur auf Port 443"),
        ("http://wissensnetz.example.de:443", "Port 443 ist https"),
        ("https://wissensnetz.example.de/wiki/", "ohne Pfad"),
        ("https://wissensnetz.example.de:99999", "keine öffentliche Adresse"),
        ("", "erwartet z. B. https://"),
    ],
)
def test_an_invalid_address_is_refused_and_changes_nothing(url, message):
    before = list(Site.objects.values_list("hostname", "port"))
    with pytest.raises(CommandError, match=message):
        call_command("configure_site", f"--url={url}", stdout=StringIO())
    assert list(Site.objects.values_list("hostname", "port")) == before


@pytest.mark.django_db
def test_migrate_stops_with_a_clear_message_on_an_invalid_address(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://wissensnetz.example.de:8443"
    with pytest.raises(CommandError, match="https geht nur auf Port 443"):
        call_command("migrate", verbosity=0)
