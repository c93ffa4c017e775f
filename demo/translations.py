"""
Translations of part of the demo content, from the data files of
`demo/content/<language>/` (so far `en/`): the home page, the section pages,
the standard pages, the cities, some projects with all their lessons, wiki
articles and news, each as a translation of its German page.

A translation is made the way an editor makes it with wagtail-localize: the
German page becomes a translation source (its strings split into segments),
each segment gets its translation as a translator's ("manual") string, and
wagtail-localize builds the translated page from them
(https://wagtail-localize.org/stable/how-to/translate-with-po-files/ describes
the same strings). So the page shares the German page's `translation_key`, is
governed like it (governance copies a city's rights and workflow to the copy)
and shares what is not language (the municipality key, fields of action, tags,
contacts, dates): those are synchronised, not translated. An editor who opens
the translation later sees every string filled in and can update it when the
German page changes.

The data files give the translated texts only, in the shape of the German
files (`source` names the German page by its slug), and are checked against
the German files before anything is stored: a body has the same blocks in the
same order, and a paragraph as many text pieces (paragraphs, list items) as
the German one, because the translation keeps the German page's structure.
A field the file leaves out keeps the German value; that is meant for names
(a city's official name) and codes (a licence), nothing else.

As for the German pages, a translation that exists is never changed: a
second run finds it and leaves it alone. A German page an editor has changed
since it was loaded no longer matches its translation's data; it is left
untranslated and named in the report.
"""

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from wagtail.models import Locale, Page

from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.segments.extract import extract_segments
from wagtail_localize.segments.types import StringSegmentValue
from wagtail_localize.strings import extract_strings

from demo.data_files import (
    PROJECTS_DIR,
    TEXT,
    Blocks,
    DemoContent,
    DemoDataError,
    ListOf,
    Location,
    Record,
    Spec,
    data_file_read,
    display_path,
    model_fields,
    reference_check,
    unique_check,
)
from home.models import HomePage, NewsIndexPage, NewsPage, StandardPage
from knowledge.models import ArticlePage, KnowledgeIndexPage, LessonPage
from registry.models import CityIndexPage, CityPage, ProjectPage

# The languages whose translations the demo content brings, each a folder
# of demo/content/.
TRANSLATION_LANGUAGES = ("en",)


@dataclass(frozen=True)
class DemoTranslations:
    """One language's translated texts, checked against the German content."""

    language: str
    demo_prefix: str
    demo_notices: dict[str, str]
    home_page: dict
    sections: dict[str, dict]
    standard_pages: list[dict]
    cities: list[dict]
    projects: dict[str, list[dict]]
    articles: list[dict]
    news: list[dict]


# --------------------------------------------------------------------------
# What the files must contain
# --------------------------------------------------------------------------


def translated(model, *names: str) -> dict[str, Spec]:
    """`source` (the German page's slug), then the page's slug, title and texts."""
    return {"source": TEXT, **model_fields(model, "slug", "title", *names)}


SITE = Record(
    {
        "demo_marker": Record(
            {
                "prefix": TEXT,
                "notices": Record({"project": TEXT, "lesson": TEXT, "article": TEXT, "news": TEXT}),
            }
        ),
        "home_page": Record(model_fields(HomePage, "slug", "title", "intro")),
        "sections": Record(
            {
                "cities": Record(model_fields(CityIndexPage, "slug", "title", "intro")),
                "knowledge": Record(model_fields(KnowledgeIndexPage, "slug", "title", "intro")),
                "news": Record(model_fields(NewsIndexPage, "slug", "title", "intro")),
            }
        ),
    }
)
PAGES = Record(
    {"standard_pages": ListOf(Record({**translated(StandardPage, "intro"), "body": Blocks()}))}
)
CITIES = Record({"cities": ListOf(Record(translated(CityPage, "district", "portrait")))})
LESSON = Record({**translated(LessonPage, "summary", "do_differently"), "body": Blocks()})
PROJECT = Record(
    {
        **translated(ProjectPage, "summary", "funding_source", "adoption_requirements"),
        "body": Blocks(),
        "lessons": ListOf(LESSON),
    }
)
PROJECTS = Record({"projects": ListOf(PROJECT)})
ARTICLES = Record(
    {"articles": ListOf(Record({**translated(ArticlePage, "summary"), "body": Blocks()}))}
)
NEWS = Record({"news": ListOf(Record({**translated(NewsPage, "teaser"), "body": Blocks()}))})

FILES = {
    "site.yaml": SITE,
    "pages.yaml": PAGES,
    "cities.yaml": CITIES,
    "articles.yaml": ARTICLES,
    "news.yaml": NEWS,
}

# Rich text fields: the translation keeps the German markup and fills in its
# text pieces, so it needs exactly as many.
RICH_TEXT_FIELDS = ("portrait", "adoption_requirements", "do_differently")


# --------------------------------------------------------------------------
# Reading and checking against the German content
# --------------------------------------------------------------------------


def demo_translations_read(
    *, content: DemoContent, content_dir: Path, language: str
) -> DemoTranslations | None:
    """
    The translations into `language`, checked against the German `content`;
    None when the content has no folder for that language. Raises
    DemoDataError listing every problem found.
    """
    folder = content_dir / language
    if not folder.is_dir():
        return None
    problems: list[str] = []
    documents = {}
    for name, spec in FILES.items():
        documents[name] = checked_file(folder / name, spec, problems)
    project_paths = sorted((folder / PROJECTS_DIR).glob("*.yaml"))
    for path in project_paths:
        documents[f"{PROJECTS_DIR}/{path.name}"] = checked_file(path, PROJECTS, problems)
    if problems:
        raise DemoDataError(problems)

    translations_check(documents=documents, content=content, folder=folder, problems=problems)
    if problems:
        raise DemoDataError(problems)

    site = documents["site.yaml"]
    return DemoTranslations(
        language=language,
        demo_prefix=site["demo_marker"]["prefix"],
        demo_notices=dict(site["demo_marker"]["notices"]),
        home_page=site["home_page"],
        sections=site["sections"],
        standard_pages=documents["pages.yaml"]["standard_pages"],
        cities=documents["cities.yaml"]["cities"],
        projects={
            path.stem: documents[f"{PROJECTS_DIR}/{path.name}"]["projects"]
            for path in project_paths
        },
        articles=documents["articles.yaml"]["articles"],
        news=documents["news.yaml"]["news"],
    )


def checked_file(path: Path, spec: Spec, problems: list[str]):
    parsed, data = data_file_read(path=path, problems=problems)
    if parsed:
        spec.check(data, Location(display_path(path)), problems)
    return data


def text_pieces(html: str) -> int:
    """How many strings wagtail-localize makes of a piece of rich text."""
    return len(extract_strings(html)[1]) if html else 0


class Checker:
    """Compares one translated file with its German counterpart, noting each mismatch."""

    def __init__(self, *, path: Path, document, problems: list[str]):
        self.file = display_path(path)
        self.document = document
        self.problems = problems

    def at(self, *keys: str | int) -> Location:
        location = Location(self.file)
        container = self.document
        for key in keys:
            location = (
                location.item(container, key)
                if isinstance(key, int)
                else location.key(container, key)
            )
            container = container[key]
        return location

    def sources(
        self, keys: tuple, german: list[dict], what: str, *, slug_scope: tuple = ()
    ) -> dict[str, dict]:
        """
        The German item each translated item of the list at `keys` names as
        `source`. Slugs are unique among siblings, `slug_scope` holds the
        other siblings' slugs.
        """
        items = self.document
        for key in keys:
            items = items[key]
        unique_check(items, key="source", at=self.at(*keys), problems=self.problems)
        unique_check(items, key="slug", at=self.at(*keys), problems=self.problems, scope=slug_scope)
        by_slug = {item["slug"]: item for item in german}
        found = {}
        for index, item in enumerate(items):
            reference_check(
                item["source"],
                known=list(by_slug),
                what=what,
                at=self.at(*keys, index, "source"),
                problems=self.problems,
            )
            if item["source"] in by_slug:
                found[item["source"]] = by_slug[item["source"]]
                self.same_shape(item, by_slug[item["source"]], keys=(*keys, index))
        return found

    def same_shape(self, item: dict, german: dict, *, keys: tuple) -> None:
        """Empty where German is empty, as many text pieces, the same blocks in order."""
        for name, value in item.items():
            if name in ("source", "slug", "lessons", "body") or name not in german:
                continue
            if bool(value) != bool(german[name]):
                self.problems.append(
                    self.at(*keys, name).problem(
                        _("leer, wo der deutsche Text es nicht ist")
                        if not value
                        else _("im Deutschen leer; hier bitte auch leer lassen")
                    )
                )
            elif name in RICH_TEXT_FIELDS and text_pieces(value) != text_pieces(german[name]):
                self.problems.append(
                    self.at(*keys, name).problem(self.pieces_message(value, german[name]))
                )
        if "body" in item:
            self.same_blocks(item["body"], german["body"], keys=(*keys, "body"))

    def same_blocks(self, blocks: list[dict], german: list[dict], *, keys: tuple) -> None:
        kinds = [next(iter(block)) for block in blocks]
        german_kinds = [next(iter(block)) for block in german]
        if kinds != german_kinds:
            self.problems.append(
                self.at(*keys).problem(
                    _("Blöcke %(kinds)s, im Deutschen %(german)s: gleiche Blöcke in gleicher Folge")
                    % {"kinds": ", ".join(kinds), "german": ", ".join(german_kinds)}
                )
            )
            return
        for index, (block, german_block) in enumerate(zip(blocks, german, strict=True)):
            kind = kinds[index]
            if kind == "paragraph" and text_pieces(block[kind]) != text_pieces(german_block[kind]):
                self.problems.append(
                    self.at(*keys, index)
                    .key(block, kind)
                    .problem(self.pieces_message(block[kind], german_block[kind]))
                )

    @staticmethod
    def pieces_message(html: str, german: str) -> str:
        return _(
            "%(count)d Textstücke (Absätze, Listenpunkte), im Deutschen %(german)d; "
            "die Übersetzung behält die deutsche Gliederung"
        ) % {"count": text_pieces(html), "german": text_pieces(german)}


def translations_check(
    *, documents: dict, content: DemoContent, folder: Path, problems: list[str]
) -> None:
    def checker(name: str) -> Checker:
        return Checker(path=folder / name, document=documents[name], problems=problems)

    checker("pages.yaml").sources(
        ("standard_pages",),
        content.standard_pages,
        _("als Seite in pages.yaml"),
        slug_scope=tuple(
            section["slug"] for section in documents["site.yaml"]["sections"].values()
        ),
    )
    cities = checker("cities.yaml").sources(("cities",), content.cities, _("als Stadt"))
    checker("articles.yaml").sources(("articles",), content.articles, _("als Wissensartikel"))
    checker("news.yaml").sources(("news",), content.news, _("als Nachricht"))
    for name in sorted(documents):
        if not name.startswith(f"{PROJECTS_DIR}/"):
            continue
        city_slug = Path(name).stem
        projects_file = checker(name)
        if city_slug not in cities:
            problems.append(
                projects_file.at().problem(
                    _(
                        "Der Dateiname nennt keine übersetzte Stadt aus cities.yaml (übersetzt "
                        "sind: %(known)s); ein Projekt braucht die Übersetzung seiner Stadt."
                    )
                    % {"known": ", ".join(cities)}
                )
            )
            continue
        projects = projects_file.sources(
            ("projects",), content.projects.get(city_slug, []), _("als Projekt dieser Stadt")
        )
        for index, item in enumerate(documents[name]["projects"]):
            german = projects.get(item["source"])
            if german is None:
                continue
            lessons = projects_file.sources(
                ("projects", index, "lessons"), german["lessons"], _("als Erfahrung des Projekts")
            )
            missing = [
                lesson["slug"] for lesson in german["lessons"] if lesson["slug"] not in lessons
            ]
            if missing:
                problems.append(
                    projects_file.at("projects", index, "lessons").problem(
                        _("Erfahrungen ohne Übersetzung: %(slugs)s") % {"slugs": ", ".join(missing)}
                    )
                )


# --------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class PageTranslation:
    """The German page and what its translation says instead."""

    source: Page
    values: dict


class PageNoLongerMatches(Exception):
    """The German page was changed after loading; its translation's data no longer fits."""


def demo_translations_ensure(
    *, content: DemoContent, translations: DemoTranslations, report
) -> None:
    """
    Translate every page the translation's files name that has no
    translation in that language yet, parents before their children
    (wagtail-localize puts a translation under its parent's translation).
    `report` is the loader's DemoLoadReport.
    """
    locale = Locale.objects.get(language_code=translations.language)
    for item in pages_to_translate(content=content, translations=translations):
        page_translation_ensure(item=item, locale=locale, report=report)


def pages_to_translate(*, content: DemoContent, translations: DemoTranslations):
    """The German pages with their translated values, top down."""
    home = HomePage.objects.filter(locale=Locale.get_default()).first()
    if home is None:
        return
    yield PageTranslation(home, translations.home_page)
    children = {page.slug: page.specific for page in home.get_children()}
    section_slugs = {key: data["slug"] for key, data in content.sections.items()}
    for key, values in translations.sections.items():
        section = children.get(section_slugs[key])
        if section is not None:
            yield PageTranslation(section, values)
    for values in translations.standard_pages:
        page = children.get(values["source"])
        if page is not None:
            yield PageTranslation(page, stream_values(values, notice=""))

    notices = translations.demo_notices
    prefix = translations.demo_prefix
    city_index = children.get(section_slugs["cities"])
    cities = {page.slug: page.specific for page in city_index.get_children()} if city_index else {}
    for values in translations.cities:
        if values["source"] in cities:
            yield PageTranslation(cities[values["source"]], values)
    for city_slug, projects in translations.projects.items():
        city = cities.get(city_slug)
        if city is None:
            continue
        city_projects = {page.slug: page.specific for page in city.get_children()}
        for values in projects:
            project = city_projects.get(values["source"])
            if project is None:
                continue
            fields = {name: value for name, value in values.items() if name != "lessons"}
            fields["summary"] = prefix + fields["summary"]
            yield PageTranslation(project, stream_values(fields, notice=notices["project"]))
            lessons = {page.slug: page.specific for page in project.get_children()}
            for lesson_values in values["lessons"]:
                lesson = lessons.get(lesson_values["source"])
                if lesson is not None:
                    fields = dict(lesson_values, summary=prefix + lesson_values["summary"])
                    yield PageTranslation(lesson, stream_values(fields, notice=notices["lesson"]))

    knowledge_index = children.get(section_slugs["knowledge"])
    if knowledge_index is not None:
        articles = {page.slug: page.specific for page in knowledge_index.get_children()}
        for values in translations.articles:
            if values["source"] in articles:
                fields = dict(values, summary=prefix + values["summary"])
                yield PageTranslation(
                    articles[values["source"]], stream_values(fields, notice=notices["article"])
                )
    news_index = children.get(section_slugs["news"])
    if news_index is not None:
        news = {page.slug: page.specific for page in news_index.get_children()}
        is_demo = {data["slug"]: data["is_demo"] for data in content.news}
        for values in translations.news:
            if values["source"] not in news:
                continue
            fields = dict(values)
            notice = ""
            if is_demo[values["source"]]:
                fields["teaser"] = prefix + fields["teaser"]
                notice = notices["news"]
            yield PageTranslation(news[values["source"]], stream_values(fields, notice=notice))


def stream_values(values: dict, *, notice: str) -> dict:
    """The body's blocks as (type, text) in the stored order, the demo notice first."""
    if "body" not in values:
        return values
    blocks = [("paragraph", f"<p>{notice}</p>")] if notice else []
    blocks += [next(iter(block.items())) for block in values["body"]]
    return dict(values, body=blocks)


def page_translation_ensure(*, item: PageTranslation, locale: Locale, report) -> None:
    source = item.source
    existing = source.get_translation_or_none(locale)
    if existing is not None and existing.alias_of_id is None:
        report.record("translation", created=False)
        return
    try:
        # A savepoint: a German page that no longer fits leaves nothing behind.
        with transaction.atomic():
            page_translate(source=source, values=item.values, locale=locale)
    except PageNoLongerMatches as error:
        report.skipped.append(
            _("„%(title)s“ (%(path)s) nicht übersetzt: %(reason)s")
            % {"title": source.title, "path": source.url_path, "reason": error}
        )
        return
    report.record("translation", created=True)


def page_translate(*, source: Page, values: dict, locale: Locale) -> Page:
    """
    The translation of `source` into `locale`, published, made from the
    translated `values` through wagtail-localize's translation source.
    """
    strings = translated_strings(source=source, values=values)
    translation_source, _created = TranslationSource.update_or_create_from_instance(source)
    rows = []
    for segment in StringSegment.objects.filter(source=translation_source).select_related(
        "string", "context"
    ):
        text = strings.get((segment.context.path, segment.string.data))
        if text is None:
            raise PageNoLongerMatches(
                _("kein übersetzter Text für %(path)s") % {"path": segment.context.path}
            )
        rows.append(
            StringTranslation(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                data=text,
                translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
            )
        )
    # A string an editor translated before stays as they wrote it.
    StringTranslation.objects.bulk_create(rows, ignore_conflicts=True)
    Translation.objects.get_or_create(source=translation_source, target_locale=locale)
    if source.get_translation_or_none(locale) is None:
        # Wagtail's copy into the locale (a draft under the parent's
        # translation; governance gives it the source's rights), made here
        # rather than by wagtail-localize, which makes it while handling an
        # exception: every search-index task run then logs that exception.
        source.copy_for_translation(locale)
    page, _created = translation_source.create_or_update_translation(
        locale, publish=False, copy_parent_pages=False, fallback=False
    )
    # Published here, inside the loader's transaction; wagtail-localize
    # would publish only once the transaction has committed.
    page.get_latest_revision().publish()
    return page


def translated_strings(*, source: Page, values: dict) -> dict[tuple[str, str], str]:
    """
    (segment path, German string) → translated string, by comparing the
    segments wagtail-localize extracts from the German page with those of
    the same page holding the translated values.
    """
    translation = type(source).objects.get(pk=source.pk)
    for name, value in values.items():
        if name == "source":
            continue
        if name == "body":
            value = translated_body(source.body, value)
        setattr(translation, name, value)
    german = string_segments(source)
    translated = string_segments(translation)
    if german.keys() != translated.keys():
        changed = sorted(german.keys() ^ translated.keys())
        raise PageNoLongerMatches(
            _("Felder passen nicht zur deutschen Seite: %(paths)s") % {"paths": ", ".join(changed)}
        )
    strings = {}
    for path, texts in german.items():
        if len(texts) != len(translated[path]):
            raise PageNoLongerMatches(
                _("%(path)s hat %(count)d Textstücke, die Übersetzung %(translated)d")
                % {"path": path, "count": len(texts), "translated": len(translated[path])}
            )
        for text, translated_text in zip(texts, translated[path], strict=True):
            strings.setdefault((path, text), translated_text)
    return strings


def translated_body(body, blocks: list[tuple[str, str]]) -> list[dict]:
    """The German body's blocks (their ids, types and levels) with the translated texts."""
    raw = list(body.raw_data)
    if [block["type"] for block in raw] != [kind for kind, _text in blocks]:
        raise PageNoLongerMatches(_("die Blöcke des Inhalts haben sich geändert"))
    result = []
    for block, (kind, text) in zip(raw, blocks, strict=True):
        value = dict(block["value"], text=text) if kind == "heading" else text
        result.append({"type": kind, "value": value, "id": block["id"]})
    return result


def string_segments(page: Page) -> dict[str, list[str]]:
    """The page's translatable strings by segment path, in the page's order."""
    found = defaultdict(list)
    for segment in extract_segments(page):
        if isinstance(segment, StringSegmentValue):
            found[segment.path].append(segment.string.data)
    return found
