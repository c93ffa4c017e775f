"""
What a public-sector open-source project owes its readers and reusers: the
licence text, a link to the source on every public page (AGPL section 13),
and its own publiccode.yml that catalogues, and our own import, can read.
"""

import hashlib
import html
import re
import tomllib
from pathlib import Path

from django.conf import settings
from django.test import override_settings
from django.utils import translation

import pytest

from registry.publiccode import publiccode_load, publiccode_to_project_fields, validate_publiccode

REPO = Path(__file__).resolve().parents[2]
# Where the project's source is published (publiccode.yml, the footer's default).
PUBLISHED_SOURCE = "https://gitlab.opencode.de/hanse-wissensnetz/wissensnetz"
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]


@pytest.fixture(autouse=True)
def german_outside_requests():
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def test_license_is_the_unmodified_agpl_v3():
    text = (REPO / "LICENSE").read_bytes()
    # The FSF's agpl-3.0.txt, byte for byte.
    assert hashlib.md5(text).hexdigest() == "eb1e647870add0502f8f010b19de32af"
    assert PYPROJECT["license"] == "AGPL-3.0-or-later"


def footer_source_link(client, url: str) -> tuple[str, str]:
    response = client.get(url)
    assert response.status_code == 200
    footer = response.content.decode().split('<footer class="site-footer">', 1)[1]
    match = re.search(r'<p class="site-footer__source">\s*<a href="([^"]+)">([^<]+)</a>', footer)
    assert match, "no source code link in the footer"
    return html.unescape(match.group(1)), match.group(2)


@pytest.mark.django_db
def test_footer_links_to_the_source_in_german_and_english(client):
    assert footer_source_link(client, "/") == (settings.SOURCE_CODE_URL, "Quellcode")
    assert footer_source_link(client, "/en/") == (settings.SOURCE_CODE_URL, "Source code")


@pytest.mark.django_db
def test_footer_links_to_the_installations_own_source(client, site_tree):
    with override_settings(SOURCE_CODE_URL="https://git.example.de/stadt/wissensnetz?a=1&b=2"):
        for url in ("/", site_tree.project.url, "/search/?q=Parken", "/en/wissen/"):
            assert footer_source_link(client, url)[0] == (
                "https://git.example.de/stadt/wissensnetz?a=1&b=2"
            ), url


@pytest.fixture(scope="module")
def own_publiccode():
    return publiccode_load((REPO / "publiccode.yml").read_bytes())


def test_own_publiccode_yml_passes_our_validator(own_publiccode):
    assert validate_publiccode(own_publiccode) == []


def test_own_publiccode_yml_imports_as_a_project(own_publiccode):
    fields = publiccode_to_project_fields(data=own_publiccode)
    assert fields["title"] == "Hanse Wissensnetz"
    assert fields["licence"] == PYPROJECT["license"]
    assert fields["repository_url"] == PUBLISHED_SOURCE
    assert "Deutsche Suche mit Facetten und „Meinten Sie …?“" in fields["features"]


def test_own_publiccode_yml_states_version_languages_and_platform(own_publiccode):
    assert own_publiccode["softwareVersion"] == PYPROJECT["version"]
    assert own_publiccode["softwareType"] == "standalone/web"
    assert own_publiccode["platforms"] == ["web"]
    assert own_publiccode["localisation"]["availableLanguages"] == ["de", "en"]
    assert set(own_publiccode["description"]) == {"de", "en"}
    changelog = (REPO / "CHANGELOG.md").read_text()
    assert f"## [{PYPROJECT['version']}] - {own_publiccode['releaseDate']}" in changelog


def test_security_policy_says_how_to_report():
    policy = (REPO / "SECURITY.md").read_text()
    assert "## Supported versions" in policy
    assert "## Reporting a vulnerability" in policy
    assert re.search(r"\b\d+ (days|Tage)\b", policy), "no disclosure timeline"
