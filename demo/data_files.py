"""
Read the demo content from the YAML files in `demo/content/` and check them
before anything is stored.

The files are written for editors who correct a text without reading Python,
so a mistake must be easy to find: every problem is reported with the file,
the line and the key path (`projects[2].lessons[0].phase`), all problems of a
run at once, and the loader stores nothing while there is any. The checks use
the model fields' own validation (choices, lengths, URLs, e-mail addresses),
so the data files cannot drift from what the admin would accept.
"""

import datetime
from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

import yaml
from taggit.models import Tag

from core.models import SynonymGroup
from core.search.models import synonym_terms_problems, synonym_terms_split, term_stems
from governance.services import (
    ALLIANCE_ADMIN_GROUP_NAME,
    EDITORS_GROUP_NAME,
    MODERATORS_GROUP_NAME,
    PRESS_GROUP_NAME,
)
from home.models import HomePage, NewsIndexPage, NewsPage, StandardPage
from knowledge.models import ArticlePage, KnowledgeIndexPage, LessonPage
from registry.models import (
    CityIndexPage,
    CityPage,
    Contact,
    FieldOfAction,
    ProjectContact,
    ProjectPage,
    Transfer,
)

CONTENT_DIR = Path(__file__).resolve().parent / "content"
PROJECTS_DIR = "projects"
BLOCK_TYPES = ("heading", "paragraph")


class DemoDataError(Exception):
    """The data files cannot be read or do not say what the loader needs."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class DemoContent:
    """Everything in the data files, checked; projects keyed by city slug."""

    demo_prefix: str
    demo_notices: dict[str, str]
    home_page: dict
    sections: dict[str, dict]
    standard_pages: list[dict]
    cities: list[dict]
    contacts_last_confirmed: datetime.date
    contacts: list[dict]
    projects: dict[str, list[dict]]
    articles: list[dict]
    news: list[dict]
    transfers: list[dict]
    synonyms: list[dict]
    password: str
    users: list[dict]
    machine_translated_page: dict


# --------------------------------------------------------------------------
# YAML with line numbers
# --------------------------------------------------------------------------


class LineMapping(dict):
    """A YAML mapping that knows the line of each of its keys."""

    lines: dict[Any, int]


class LineList(list):
    """A YAML list that knows the line of each of its items."""

    lines: list[int]


class LineLoader(yaml.SafeLoader):
    """PyYAML's safe loader, keeping lines for messages and refusing duplicate keys."""


def construct_line_mapping(loader: LineLoader, node: yaml.MappingNode):
    data = LineMapping()
    data.lines = {}
    yield data
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=False)
        if key in data.lines:
            raise yaml.constructor.ConstructorError(
                None, None, _("Schlüssel „%(key)s“ doppelt") % {"key": key}, key_node.start_mark
            )
        data.lines[key] = key_node.start_mark.line + 1
        data[key] = loader.construct_object(value_node, deep=False)


def construct_line_list(loader: LineLoader, node: yaml.SequenceNode):
    data = LineList()
    data.lines = [item.start_mark.line + 1 for item in node.value]
    yield data
    data.extend(loader.construct_object(item, deep=False) for item in node.value)


LineLoader.add_constructor("tag:yaml.org,2002:map", construct_line_mapping)
LineLoader.add_constructor("tag:yaml.org,2002:seq", construct_line_list)


# --------------------------------------------------------------------------
# Where a value sits, for the messages
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Location:
    file: str
    path: tuple[str | int, ...] = ()
    line: int | None = None

    def key(self, container: Any, key: str) -> "Location":
        line = getattr(container, "lines", {}).get(key, self.line)
        return Location(self.file, (*self.path, key), line)

    def item(self, container: Any, index: int) -> "Location":
        lines = getattr(container, "lines", [])
        line = lines[index] if index < len(lines) else self.line
        return Location(self.file, (*self.path, index), line)

    def problem(self, message: str) -> str:
        path = ""
        for part in self.path:
            path += f"[{part}]" if isinstance(part, int) else f".{part}" if path else part
        where = self.file
        if self.line is not None:
            where += ", " + _("Zeile %(line)d") % {"line": self.line}
        return f"{where}, {path or '/'}: {message}"


# --------------------------------------------------------------------------
# What the files must contain
# --------------------------------------------------------------------------


def type_problem(value: Any, expected: tuple[type, ...]) -> str | None:
    """A message when `value` is not of one of the expected YAML types."""
    # bool is an int and a datetime a date to Python, not to an editor.
    if isinstance(value, expected) and not any(
        isinstance(value, kind) and kind not in expected for kind in (bool, datetime.datetime)
    ):
        return None
    names = {
        str: _("Text"),
        int: _("eine ganze Zahl"),
        float: _("eine Zahl"),
        bool: _("true oder false"),
        datetime.date: _("ein Datum (JJJJ-MM-TT)"),
        list: _("eine Liste"),
        dict: _("Schlüssel mit Werten"),
    }
    wanted = f" {_('oder')} ".join(dict.fromkeys(names[kind] for kind in expected))
    return _("erwartet %(wanted)s, gefunden: %(value)r") % {"wanted": wanted, "value": value}


class Spec(ABC):
    """What a value in a data file must look like; each kind checks its own."""

    @abstractmethod
    def check(self, value: Any, at: Location, problems: list[str]) -> None:
        """Append a message with the value's place for every problem found."""


@dataclass(frozen=True)
class Scalar(Spec):
    kind: type

    def check(self, value, at, problems):
        problem = type_problem(value, (self.kind,))
        if problem:
            problems.append(at.problem(problem))
        elif self.kind is str and not value.strip():
            problems.append(at.problem(_("darf nicht leer sein")))


@dataclass(frozen=True)
class ModelValue(Spec):
    """A value for a model field, checked by the field itself."""

    model: type[models.Model]
    name: str

    def expected_types(self, field: models.Field) -> tuple[type, ...]:
        if isinstance(field, models.BooleanField):
            return (bool,)
        if isinstance(field, models.DecimalField):
            return (int, float, str)
        if isinstance(field, models.IntegerField):
            return (int,)
        if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
            return (datetime.date,)
        return (str,)

    def check(self, value, at, problems):
        field = self.model._meta.get_field(self.name)
        problem = type_problem(value, self.expected_types(field))
        if problem:
            problems.append(at.problem(problem))
            return
        try:
            field.clean(value, None)
        except ValidationError as error:
            message = " ".join(error.messages)
            if field.choices and value not in dict(field.flatchoices):
                message += " " + _("Erlaubt sind: %(values)s") % {
                    "values": ", ".join(str(key) for key, _label in field.flatchoices)
                }
            problems.append(at.problem(message))


@dataclass(frozen=True)
class ListOf(Spec):
    item: Spec

    def check(self, value, at, problems):
        problem = type_problem(value, (list,))
        if problem:
            problems.append(at.problem(problem))
            return
        for index, item in enumerate(value):
            self.item.check(item, at.item(value, index), problems)


@dataclass(frozen=True)
class Record(Spec):
    """A mapping with exactly these keys: a misspelt key is an error, not ignored."""

    fields: dict[str, Spec]

    def check(self, value, at, problems):
        problem = type_problem(value, (dict,))
        if problem:
            problems.append(at.problem(problem))
            return
        for name in value:
            if name not in self.fields:
                problems.append(
                    at.key(value, name).problem(
                        _("unbekannter Schlüssel; erlaubt sind: %(keys)s")
                        % {"keys": ", ".join(self.fields)}
                    )
                )
        for name, spec in self.fields.items():
            if name in value:
                spec.check(value[name], at.key(value, name), problems)
            else:
                problems.append(at.problem(_("Schlüssel „%(key)s“ fehlt") % {"key": name}))


@dataclass(frozen=True)
class Blocks(Spec):
    """A page body: a list of `heading: text` and `paragraph: <p>HTML</p>` entries."""

    def check(self, value, at, problems):
        problem = type_problem(value, (list,))
        if problem:
            problems.append(at.problem(problem))
            return
        for index, block in enumerate(value):
            here = at.item(value, index)
            if not isinstance(block, dict) or len(block) != 1:
                problems.append(
                    here.problem(
                        _("erwartet genau einen Eintrag wie „heading: …“ oder „paragraph: …“")
                    )
                )
                continue
            (block_type,) = block
            if block_type not in BLOCK_TYPES:
                problems.append(
                    here.key(block, block_type).problem(
                        _("unbekannter Blocktyp; erlaubt sind: %(types)s")
                        % {"types": ", ".join(BLOCK_TYPES)}
                    )
                )
                continue
            Scalar(str).check(block[block_type], here.key(block, block_type), problems)


@dataclass(frozen=True)
class SynonymTerms(Spec):
    """
    The terms of a synonym group, one per list entry, checked by the rules
    the admin applies (core.search.models.synonym_terms_problems).
    """

    def check(self, value, at, problems):
        found: list[str] = []
        ListOf(Scalar(str)).check(value, at, found)
        if not found:
            for index, term in enumerate(value):
                if len(synonym_terms_split(term)) != 1:
                    found.append(
                        at.item(value, index).problem(
                            _("ein Begriff je Eintrag, ohne Komma, Semikolon oder Zeilenumbruch")
                        )
                    )
        if not found:
            found.extend(at.problem(message) for message in synonym_terms_problems(terms=value))
        problems.extend(found)


def model_fields(model: type[models.Model], *names: str) -> dict[str, Spec]:
    return {name: ModelValue(model, name) for name in names}


TEXT = Scalar(str)
FLAG = Scalar(bool)
TEXTS = ListOf(TEXT)
TAGS = ListOf(ModelValue(Tag, "name"))


def section(model: type[models.Model]) -> Record:
    return Record(model_fields(model, "slug", "title", "show_in_menus", "intro"))


SITE = Record(
    {
        "demo_marker": Record(
            {
                "prefix": TEXT,
                "notices": Record({"project": TEXT, "lesson": TEXT, "article": TEXT, "news": TEXT}),
            }
        ),
        "home_page": Record(model_fields(HomePage, "title", "intro")),
        "sections": Record(
            {
                "cities": section(CityIndexPage),
                "knowledge": section(KnowledgeIndexPage),
                "news": section(NewsIndexPage),
            }
        ),
    }
)
PAGES = Record(
    {
        "standard_pages": ListOf(
            Record(
                {
                    **model_fields(StandardPage, "slug", "title", "show_in_menus", "intro"),
                    "body": Blocks(),
                }
            )
        )
    }
)
CITY_FIELDS = (
    "title",
    "official_name",
    "federal_state",
    "district",
    "municipality_key",
    "population",
    "population_date",
    "latitude",
    "longitude",
    "website",
    "member_since",
    "membership_status",
    "portrait",
)
CITIES = Record({"cities": ListOf(Record(model_fields(CityPage, "slug", *CITY_FIELDS)))})
CONTACT_FIELDS = ("is_function", "role", "organisation", "email", "phone", "visibility")
CONTACTS = Record(
    {
        "last_confirmed": ModelValue(Contact, "last_confirmed"),
        "contacts": ListOf(
            Record({"city": TEXT, **model_fields(Contact, "name", *CONTACT_FIELDS)})
        ),
    }
)
LESSON = Record(
    {
        **model_fields(LessonPage, "slug", "title", "summary", "kind", "phase"),
        "tags": TAGS,
        "body": Blocks(),
        "do_differently": ModelValue(LessonPage, "do_differently"),
    }
)
PROJECT_FIELDS = (
    "title",
    "status",
    "start_date",
    "end_date",
    "investment_eur",
    "operating_cost_eur",
    "funding_source",
    "reusable_concept",
    "reusable_tender",
    "reusable_software",
    "reusable_data",
    "repository_url",
    "licence",
    "adoption_requirements",
    "last_reviewed",
)
PROJECT = Record(
    {
        **model_fields(ProjectPage, "slug", "summary", *PROJECT_FIELDS),
        "fields_of_action": TEXTS,
        "tags": TAGS,
        "partner_cities": TEXTS,
        "contacts": ListOf(
            Record({"contact": TEXT, "role": ModelValue(ProjectContact, "role_in_project")})
        ),
        "body": Blocks(),
        "lessons": ListOf(LESSON),
    }
)
PROJECTS = Record({"projects": ListOf(PROJECT)})
ARTICLES = Record(
    {
        "articles": ListOf(
            Record(
                {
                    **model_fields(ArticlePage, "slug", "title", "summary"),
                    "fields_of_action": TEXTS,
                    "related_projects": TEXTS,
                    "tags": TAGS,
                    "body": Blocks(),
                }
            )
        )
    }
)
NEWS = Record(
    {
        "news": ListOf(
            Record(
                {
                    **model_fields(NewsPage, "slug", "title", "date"),
                    "is_demo": FLAG,
                    "teaser": ModelValue(NewsPage, "teaser"),
                    "related_cities": TEXTS,
                    "related_projects": TEXTS,
                    "tags": TAGS,
                    "body": Blocks(),
                }
            )
        )
    }
)
TRANSFERS = Record(
    {
        "transfers": ListOf(
            Record(
                {
                    "source": TEXT,
                    "adopting": TEXT,
                    **model_fields(Transfer, "date", "effort_person_days", "effort_level", "notes"),
                }
            )
        )
    }
)

SYNONYMS = Record(
    {"synonyms": ListOf(Record({"terms": SynonymTerms(), **model_fields(SynonymGroup, "note")}))}
)


def users_spec() -> Record:
    user_fields = model_fields(get_user_model(), "username", "email", "first_name", "last_name")
    return Record(
        {
            "password": TEXT,
            "users": ListOf(
                Record({**user_fields, "is_superuser": FLAG, "groups": TEXTS, "role": TEXT})
            ),
        }
    )


MACHINE_TRANSLATION = Record(
    {
        "machine_translated_page": Record(
            {
                "page": TEXT,
                "language": TEXT,
                "tool": TEXT,
                "strings": ListOf(Record({"source": TEXT, "translation": TEXT})),
            }
        )
    }
)

FILES = {
    "site.yaml": SITE,
    "pages.yaml": PAGES,
    "cities.yaml": CITIES,
    "contacts.yaml": CONTACTS,
    "articles.yaml": ARTICLES,
    "news.yaml": NEWS,
    "transfers.yaml": TRANSFERS,
    "synonyms.yaml": SYNONYMS,
    "machine_translation.yaml": MACHINE_TRANSLATION,
}


# --------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------


def display_path(path: Path) -> str:
    """The path as an editor finds it: relative to the project when inside it."""
    try:
        return str(path.relative_to(settings.BASE_DIR))
    except ValueError:
        return str(path)


def data_file_read(*, path: Path, problems: list[str]) -> tuple[bool, Any]:
    """Whether the file could be parsed, and its data (a problem recorded if not)."""
    at = Location(display_path(path))
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.append(at.problem(_("Datei fehlt")))
        return False, None
    except (OSError, UnicodeDecodeError) as error:
        problems.append(at.problem(_("Datei nicht lesbar: %(error)s") % {"error": error}))
        return False, None
    try:
        return True, yaml.load(text, Loader=LineLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = getattr(error, "problem", None) or str(error)
        problems.append(
            Location(at.file, line=line).problem(
                _("kein gültiges YAML: %(reason)s") % {"reason": reason}
            )
        )
        return False, None


def demo_content_read(*, content_dir: Path = CONTENT_DIR) -> DemoContent:
    """
    All data files, checked against their structure and against each other;
    raises DemoDataError listing every problem found.
    """
    problems: list[str] = []
    specs: dict[str, Spec] = {**FILES, "users.yaml": users_spec()}
    documents = {}
    for name, spec in specs.items():
        path = content_dir / name
        parsed, data = data_file_read(path=path, problems=problems)
        if parsed:
            spec.check(data, Location(display_path(path)), problems)
        documents[name] = data
    project_paths = sorted((content_dir / PROJECTS_DIR).glob("*.yaml"))
    for path in project_paths:
        parsed, data = data_file_read(path=path, problems=problems)
        if parsed:
            PROJECTS.check(data, Location(display_path(path)), problems)
        documents[f"{PROJECTS_DIR}/{path.name}"] = data
    if problems:
        raise DemoDataError(problems)

    references_check(documents=documents, content_dir=content_dir, problems=problems)
    if problems:
        raise DemoDataError(problems)

    cities = documents["cities.yaml"]["cities"]
    projects_by_city = {
        path.stem: documents[f"{PROJECTS_DIR}/{path.name}"]["projects"] for path in project_paths
    }
    site = documents["site.yaml"]
    return DemoContent(
        demo_prefix=site["demo_marker"]["prefix"],
        demo_notices=dict(site["demo_marker"]["notices"]),
        home_page=site["home_page"],
        sections=site["sections"],
        standard_pages=documents["pages.yaml"]["standard_pages"],
        cities=cities,
        contacts_last_confirmed=documents["contacts.yaml"]["last_confirmed"],
        contacts=documents["contacts.yaml"]["contacts"],
        # In the order of cities.yaml, so every run creates pages in the same order.
        projects={
            city["slug"]: projects_by_city[city["slug"]]
            for city in cities
            if city["slug"] in projects_by_city
        },
        articles=documents["articles.yaml"]["articles"],
        news=documents["news.yaml"]["news"],
        transfers=documents["transfers.yaml"]["transfers"],
        synonyms=documents["synonyms.yaml"]["synonyms"],
        password=documents["users.yaml"]["password"],
        users=documents["users.yaml"]["users"],
        machine_translated_page=documents["machine_translation.yaml"]["machine_translated_page"],
    )


# --------------------------------------------------------------------------
# References between the files
# --------------------------------------------------------------------------


def unique_check(
    items: list, *, key: str, at: Location, problems: list[str], scope: Iterable = ()
) -> None:
    """Slugs and names are the keys by which a second run finds what the first created."""
    seen = set(scope)
    for index, item in enumerate(items):
        if item[key] in seen:
            problems.append(
                at.item(items, index)
                .key(item, key)
                .problem(_("„%(value)s“ kommt mehrfach vor") % {"value": item[key]})
            )
        seen.add(item[key])


def reference_check(
    value: str, *, known: list[str], what: str, at: Location, problems: list[str]
) -> None:
    if value not in known:
        problems.append(
            at.problem(
                _("„%(value)s“ ist %(what)s nicht bekannt; bekannt sind: %(known)s")
                % {"value": value, "what": what, "known": ", ".join(known)}
            )
        )


def references_check(*, documents: dict, content_dir: Path, problems: list[str]) -> None:
    def at(name: str, *path: str | int) -> Location:
        """Location of documents[name][path…]."""
        location = Location(display_path(content_dir / name))
        container = documents[name]
        for part in path:
            if isinstance(part, int):
                location = location.item(container, part)
            else:
                location = location.key(container, part)
            container = container[part]
        return location

    def each_known(name: str, *path: str | int, known: list[str], what: str) -> None:
        """Every value of the list at documents[name][path…] is one of `known`."""
        values = documents[name]
        for part in path:
            values = values[part]
        for index, value in enumerate(values):
            reference_check(
                value, known=known, what=what, at=at(name, *path, index), problems=problems
            )

    cities = documents["cities.yaml"]["cities"]
    city_slugs = [city["slug"] for city in cities]
    what_city = _("als Stadt in cities.yaml")
    unique_check(cities, key="slug", at=at("cities.yaml", "cities"), problems=problems)
    sections = documents["site.yaml"]["sections"]
    unique_check(
        documents["pages.yaml"]["standard_pages"],
        key="slug",
        at=at("pages.yaml", "standard_pages"),
        problems=problems,
        scope=[section["slug"] for section in sections.values()],
    )

    contacts = documents["contacts.yaml"]["contacts"]
    contact_names = [contact["name"] for contact in contacts]
    unique_check(contacts, key="name", at=at("contacts.yaml", "contacts"), problems=problems)
    for index, contact in enumerate(contacts):
        reference_check(
            contact["city"],
            known=city_slugs,
            what=what_city,
            at=at("contacts.yaml", "contacts", index, "city"),
            problems=problems,
        )

    field_of_action_slugs = list(FieldOfAction.objects.values_list("slug", flat=True))
    what_field = _("als Handlungsfeld (siehe Handlungsfelder im Admin)")
    project_refs = []
    for name in sorted(documents):
        if not name.startswith(f"{PROJECTS_DIR}/"):
            continue
        city_slug = Path(name).stem
        if city_slug not in city_slugs:
            problems.append(
                at(name).problem(
                    _("Der Dateiname nennt keine Stadt aus cities.yaml (bekannt sind: %(known)s)")
                    % {"known": ", ".join(city_slugs)}
                )
            )
        projects = documents[name]["projects"]
        unique_check(projects, key="slug", at=at(name, "projects"), problems=problems)
        for index, project in enumerate(projects):
            project_refs.append(f"{city_slug}/{project['slug']}")
            here = ("projects", index)
            each_known(
                name, *here, "fields_of_action", known=field_of_action_slugs, what=what_field
            )
            each_known(name, *here, "partner_cities", known=city_slugs, what=what_city)
            for position, entry in enumerate(project["contacts"]):
                reference_check(
                    entry["contact"],
                    known=contact_names,
                    what=_("als Kontakt in contacts.yaml"),
                    at=at(name, *here, "contacts", position, "contact"),
                    problems=problems,
                )
            unique_check(
                project["lessons"], key="slug", at=at(name, *here, "lessons"), problems=problems
            )

    what_project = _("als Projekt (Stadt/Projekt-Slug)")
    articles = documents["articles.yaml"]["articles"]
    unique_check(articles, key="slug", at=at("articles.yaml", "articles"), problems=problems)
    for index in range(len(articles)):
        here = ("articles", index)
        each_known(
            "articles.yaml", *here, "fields_of_action", known=field_of_action_slugs, what=what_field
        )
        each_known(
            "articles.yaml", *here, "related_projects", known=project_refs, what=what_project
        )
    news = documents["news.yaml"]["news"]
    unique_check(news, key="slug", at=at("news.yaml", "news"), problems=problems)
    for index in range(len(news)):
        each_known("news.yaml", "news", index, "related_cities", known=city_slugs, what=what_city)
        each_known(
            "news.yaml", "news", index, "related_projects", known=project_refs, what=what_project
        )
    for index, transfer in enumerate(documents["transfers.yaml"]["transfers"]):
        for key in ("source", "adopting"):
            reference_check(
                transfer[key],
                known=project_refs,
                what=what_project,
                at=at("transfers.yaml", "transfers", index, key),
                problems=problems,
            )

    machine_translated_check(
        data=documents["machine_translation.yaml"]["machine_translated_page"],
        standard_pages=documents["pages.yaml"]["standard_pages"],
        at=at("machine_translation.yaml", "machine_translated_page"),
        problems=problems,
    )

    synonym_keys_check(
        groups=documents["synonyms.yaml"]["synonyms"],
        at=at("synonyms.yaml", "synonyms"),
        problems=problems,
    )

    users = documents["users.yaml"]["users"]
    unique_check(users, key="username", at=at("users.yaml", "users"), problems=problems)
    city_titles = {city["title"] for city in cities} | set(
        CityPage.objects.values_list("title", flat=True)
    )
    group_names = [PRESS_GROUP_NAME, ALLIANCE_ADMIN_GROUP_NAME] + [
        pattern.format(city=title)
        for title in sorted(city_titles)
        for pattern in (EDITORS_GROUP_NAME, MODERATORS_GROUP_NAME)
    ]
    for index in range(len(users)):
        each_known("users.yaml", "users", index, "groups", known=group_names, what=_("als Gruppe"))


def synonym_keys_check(*, groups: list, at: Location, problems: list[str]) -> None:
    """
    A synonym group's first term is its key (demo.loader.synonyms_ensure):
    it may stand in no other group of the file, compared as the search
    compares terms, or a second run could not tell the groups apart.
    """
    stems_by_group = [{term_stems(term) for term in group["terms"]} for group in groups]
    for index, group in enumerate(groups):
        key = term_stems(group["terms"][0])
        for other, stems in enumerate(stems_by_group):
            if other != index and key in stems:
                problems.append(
                    at.item(groups, index)
                    .key(group, "terms")
                    .problem(
                        _(
                            "Der erste Begriff „%(term)s“ ist der Schlüssel der Gruppe und "
                            "steht auch in synonyms[%(other)d]; bitte einen anderen voranstellen."
                        )
                        % {"term": group["terms"][0], "other": other}
                    )
                )
                break


def machine_translated_check(
    *, data: dict, standard_pages: list, at: Location, problems: list[str]
) -> None:
    """
    The machine-translated page translates a standard page of pages.yaml into
    a language the installation can switch on (not German, the source), with
    each German text once.
    """
    reference_check(
        data["page"],
        known=[page["slug"] for page in standard_pages],
        what=_("als Standardseite in pages.yaml"),
        at=at.key(data, "page"),
        problems=problems,
    )
    languages = [code for code in settings.CONTENT_LANGUAGE_NAMES if code != settings.LANGUAGE_CODE]
    reference_check(
        data["language"],
        known=languages,
        what=_("als Sprache, in die übersetzt werden kann"),
        at=at.key(data, "language"),
        problems=problems,
    )
    unique_check(data["strings"], key="source", at=at.key(data, "strings"), problems=problems)
