"""
Language of parts (WCAG 2.1 SC 3.1.2, which BITV 2.0 binds): on every public
page type, each text a reader sees is marked with the language it is written
in. The content is stored in German, and part of it translated into English
(demo.translations); the interface is German at `/` and English at `/en/`.
So on an English page every German text that comes from the database
(titles, bodies, snippet names, tags, contacts' roles) must have a
`lang="de"` ancestor nearer than `<html lang="en">`, and every interface text
and English page's text must not; on a German page everything is German and
nothing says otherwise.

What is stored is read from the demo content itself (every text column of the
project's models and the tags, bodies as the reader sees them, each in the
language of its page's locale), so the test knows a text's language without a
list kept by hand.
"""

import re

from django.apps import apps
from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import override

from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Page
from wagtail.rich_text import expand_db_html

import pytest
from taggit.models import Tag

from home.models import HomePage, NewsPage, StandardPage
from knowledge.models import ArticlePage, LessonPage
from registry.choices import FederalState
from registry.models import CityIndexPage, CityPage, ProjectPage

pytestmark = pytest.mark.browser

# The page types of the public site (conftest.DEMO_PAGES and DEMO_VIEWS), the
# three legal pages and the page for an unknown address.
KINDS = [
    "home",
    "city_index",
    "city",
    "project",
    "lesson",
    "article",
    "news",
    "tag",
    "search",
    "overview",
    "not_found",
]
LEGAL_PAGES = ["barrierefreiheit", "impressum", "datenschutz"]

# Texts written into the templates in German for every interface language:
# the product's name and the German federal states (registry.choices).
GERMAN_NAMES = ["Hanse Wissensnetz", *FederalState.labels]

# Columns whose values are addresses, codes or keys, not words in a language.
NOT_PROSE = {"slug", "url_path", "path", "licence", "municipality_key", "phone", "draft_title"}

# Every text node the page renders (screen-reader-only text included), with
# the language of its nearest element that states one. A link in the
# language switch names its language in that language (`hreflang`).
TEXT_NODES_JS = """() => {
    const found = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const el = node.parentElement;
        const text = node.textContent.replace(/\\s+/g, ' ').trim();
        if (!text || !el || el.closest('script, style, template, noscript')) continue;
        if (!el.checkVisibility() && !el.closest('svg text')) continue;
        const marked = el.closest('[lang]');
        const own = el.closest('.language-switch a[hreflang]');
        const classes = typeof el.className === 'string' ? el.className.trim() : '';
        const describe = el.tagName.toLowerCase()
            + (classes ? '.' + classes.split(/\\s+/).join('.') : '');
        found.push({
            text,
            lang: marked ? marked.getAttribute('lang') : null,
            endonym: own ? own.getAttribute('hreflang') : null,
            where: describe,
        });
    }
    return found;
}"""

LETTERS = re.compile(r"[^\W\d_]{2,}")


def plain(text: str) -> str:
    return re.sub(r"\s+", " ", strip_tags(text)).strip()


def stored_value(field, value) -> str:
    if isinstance(field, StreamField):
        return plain(str(value))
    if isinstance(field, RichTextField):
        return plain(expand_db_html(value))
    return plain(str(value))


@pytest.fixture(scope="module")
def stored_texts(demo_site, django_db_blocker):
    """
    Every text the demo content stores, one per line, as readers see it, by
    language: a page's texts in its locale's, all else in German.
    """
    texts = {"de": list(GERMAN_NAMES)}
    project_apps = {"core", "registry", "knowledge", "home", "discovery"}
    with django_db_blocker.unblock(), override("de"):
        texts["de"] += Tag.objects.values_list("name", flat=True)
        for model in apps.get_models():
            if model._meta.app_label not in project_apps or model._meta.abstract:
                continue
            fields = [
                field
                for field in model._meta.get_fields()
                if field.concrete
                and not field.is_relation
                and isinstance(field, (models.CharField, models.TextField, StreamField))
                and not isinstance(field, (models.URLField, models.EmailField, models.SlugField))
                and field.name not in NOT_PROSE
            ]
            items = model.objects.all()
            if issubclass(model, Page):
                fields += [Page._meta.get_field("title"), Page._meta.get_field("seo_title")]
                items = items.select_related("locale")
            for item in items:
                language = item.locale.language_code if isinstance(item, Page) else "de"
                texts.setdefault(language, []).extend(
                    stored_value(field, getattr(item, field.attname))
                    for field in fields
                    if getattr(item, field.attname)
                )
    return {
        language: "\n".join(text for text in lines if text) for language, lines in texts.items()
    }


@pytest.fixture(scope="module")
def english_interface_texts():
    """The English interface's own strings (the message catalogue), for telling them apart."""
    from django.utils.translation import trans_real

    catalog = trans_real.translation("en")._catalog
    return {plain(str(text)) for _key, text in catalog.items() if isinstance(text, str)}


def is_stored(text: str, stored_texts: str) -> bool:
    """
    Whether `text` is (part of) stored content: as a whole, or sentence by
    sentence where a search excerpt strings a page's fields together; a
    shortened text's "…" and a chart label's colon are the template's.
    """
    parts = [part.strip("…:;,. ") for part in re.split(r"(?<=[.;…])\s+", text)]
    return all(part in stored_texts for part in parts if LETTERS.search(part))


# Kinds that are views of their own, not Wagtail pages: they have no page
# whose language a notice could name.
VIEWS = {"tag", "search", "overview", "not_found"}


# The page types of DEMO_PAGES, for their English translations.
PAGE_TYPES = [
    HomePage,
    CityIndexPage,
    CityPage,
    ProjectPage,
    LessonPage,
    ArticlePage,
    NewsPage,
    StandardPage,
]


def page_paths(demo_path, *, english):
    """
    (path, whether it shows one stored page) for every kind, the 404 page
    last; in English also the first translated page of each page type.
    """
    paths = [(demo_path(kind, english=english), kind not in VIEWS) for kind in KINDS]
    for slug in LEGAL_PAGES:
        page = StandardPage.objects.live().get(slug=slug, locale__language_code="de")
        paths.insert(-1, (("/en" if english else "") + page.url, True))
    if english:
        locale = Locale.objects.get(language_code="en")
        for model in PAGE_TYPES:
            page = model.objects.live().filter(locale=locale).order_by("path").first()
            if page is not None:
                paths.insert(-1, (page.url, True))
    return paths


def mislabelled(site, *, interface, stored_texts, interface_texts=frozenset()):
    """Lines naming each visible text whose nearest `lang` is not its language."""
    problems = []
    for node in site.page.evaluate(TEXT_NODES_JS):
        text = node["text"]
        if not LETTERS.search(text):
            continue  # numbers and punctuation read the same in both languages
        if node["endonym"]:
            expected = node["endonym"]
        elif interface == "de":
            expected = "de"
        else:
            stored = is_stored(text, stored_texts["de"])
            translated = is_stored(text, stored_texts.get(interface, ""))
            if stored and (translated or text in interface_texts):
                # A word that is both (say, "Status", or a city's name): either mark is right.
                continue
            expected = "de" if stored else interface
        if node["lang"] != expected:
            problems.append(f"  {node['where']} {text[:70]!r}: lang={node['lang']}, is {expected}")
    return problems


def test_english_pages_mark_german_content_as_german(
    site, demo_path, stored_texts, english_interface_texts
):
    report = []
    for path, shows_a_page in page_paths(demo_path, english=True):
        site.visit(path, expect_status=404 if "gibt-es-nicht" in path else 200)
        assert site.page.locator("html").get_attribute("lang") == "en"
        notices = site.page.locator(".notice--language").all_inner_texts()
        noticed = bool(notices and "available in German only" in notices[0])
        german = site.page.locator('main h1[lang="de"]').count() > 0
        if shows_a_page and noticed != german:
            report.append(f"{path}: the notice that the page is in German only is {noticed}")
        problems = mislabelled(
            site,
            interface="en",
            stored_texts=stored_texts,
            interface_texts=english_interface_texts,
        )
        if problems:
            report.append(f"{path}: {len(problems)} texts\n" + "\n".join(problems[:12]))
        violations = site.axe_violations()
        if violations:
            report.append(f"{path}: axe\n" + "\n".join(violations))
    assert not report, "\n".join(report)


def test_german_pages_are_german_throughout(site, demo_path, stored_texts):
    report = []
    for path, _shows_a_page in page_paths(demo_path, english=False):
        site.visit(path, expect_status=404 if "gibt-es-nicht" in path else 200)
        assert site.page.locator("html").get_attribute("lang") == "de"
        assert site.page.locator(".notice--language").count() == 0, f"{path}: a notice"
        problems = mislabelled(site, interface="de", stored_texts=stored_texts)
        if problems:
            report.append(f"{path}: {len(problems)} texts\n" + "\n".join(problems[:12]))
        assert site.page.locator("main [lang]").count() == 0, f"{path}: a lang inside main"
    assert not report, "\n".join(report)
