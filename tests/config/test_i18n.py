"""German first, English second: the interface under / and under /en/."""

import gettext
import html
import re
from pathlib import Path

from django.conf import settings
from django.utils import translation

import pytest

LOCALE = Path(settings.BASE_DIR) / "locale"


@pytest.fixture(autouse=True)
def german_outside_requests():
    """
    The test client activates the request's language in this thread and leaves
    it active; page.url would then carry /en/. Start and end each test in German.
    """
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def get_text(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return html.unescape(response.content.decode())


def test_the_root_speaks_german(client, site_tree):
    text = get_text(client, site_tree.luebeck.url)
    assert '<html lang="de">' in text
    assert "Zum Inhalt springen" in text
    assert "Steckbrief" in text
    assert "Skip to content" not in text


def test_en_prefix_gives_the_english_interface(client, site_tree):
    text = get_text(client, "/en" + site_tree.luebeck.url)
    assert '<html lang="en">' in text
    assert "Skip to content" in text
    assert "Fact sheet" in text
    assert "Official municipality key" in text
    assert "Steckbrief" not in text


def test_choices_are_translated_in_english(client, site_tree):
    # gettext_lazy labels from registry.choices reach the page in the reader's language.
    german = get_text(client, site_tree.project.url)
    english = get_text(client, "/en" + site_tree.project.url)
    with translation.override("de"):
        label_de = str(site_tree.project.get_status_display())
    with translation.override("en"):
        label_en = str(site_tree.project.get_status_display())
    assert label_de != label_en
    assert label_de in german and label_en not in german
    assert label_en in english and label_de not in english


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_language_switcher_links_to_the_same_page_in_the_other_language(client, site_tree, prefix):
    path = site_tree.project.url
    text = get_text(client, prefix + path)
    switcher = re.search(r'<nav class="language-switch".*?</nav>', text, re.S).group(0)
    assert f'<a href="{path}" lang="de" hreflang="de"' in switcher
    assert f'<a href="/en{path}" lang="en" hreflang="en"' in switcher
    current = "en" if prefix else "de"
    assert re.search(rf'lang="{current}" hreflang="{current}" aria-current="true"', switcher)
    assert f'<link rel="alternate" hreflang="de" href="http://testserver{path}">' in text
    assert f'<link rel="alternate" hreflang="en" href="http://testserver/en{path}">' in text


def test_language_switcher_keeps_the_query_string(client, site_tree):
    text = get_text(client, "/tags/?page=1")
    assert 'href="/en/tags/?page=1" lang="en"' in text


def test_english_404_page_is_english(client, site_tree):
    response = client.get("/en/gibt-es-nicht/")
    assert response.status_code == 404
    text = html.unescape(response.content.decode())
    assert '<html lang="en">' in text
    assert "Page not found" in text


def po_entries(path):
    """(msgctxt, msgid, [msgstr…]) from a .po file, enough for our own catalogues."""
    entries, current, key = [], None, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if current and current.get("msgid"):
                entries.append(current)
            current, key = None, None
            continue
        match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?) "(.*)"$', line)
        if match:
            current = current or {}
            key = match.group(1)
            current[key] = match.group(2)
        elif line.startswith('"') and key:
            current[key] += line[1:-1]
    return entries


def unescape_po(value):
    return value.encode("latin-1", "backslashreplace").decode("unicode_escape")


def test_every_interface_string_has_an_english_translation():
    untranslated = [
        entry["msgid"]
        for entry in po_entries(LOCALE / "en" / "LC_MESSAGES" / "django.po")
        if not all(entry[key] for key in entry if key.startswith("msgstr"))
    ]
    assert untranslated == []


@pytest.mark.parametrize("language", ["de", "en"])
def test_compiled_catalogue_matches_its_source(language):
    """The committed .mo is what a fresh clone runs with (CI has no gettext): keep it current."""
    folder = LOCALE / language / "LC_MESSAGES"
    with (folder / "django.mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    stale = []
    for entry in po_entries(folder / "django.po"):
        msgid = unescape_po(entry["msgid"])
        context = unescape_po(entry["msgctxt"]) if "msgctxt" in entry else None
        if "msgid_plural" in entry:
            expected = unescape_po(entry["msgstr[1]"]) or unescape_po(entry["msgid_plural"])
            plural = unescape_po(entry["msgid_plural"])
            found = (
                catalogue.npgettext(context, msgid, plural, 2)
                if context
                else catalogue.ngettext(msgid, plural, 2)
            )
        else:
            expected = unescape_po(entry["msgstr"]) or msgid
            found = catalogue.pgettext(context, msgid) if context else catalogue.gettext(msgid)
        if found != expected:
            stale.append(msgid)
    assert stale == [], "Run `make messages` (or compilemessages) and commit the .mo files"
