"""
publiccode.yml for projects that offer software: the metadata file that
openCode, the EU's and Italy's software catalogues read.
Standard: https://yml.publiccode.tools/; the rules as the reference parser
applies them are in `registry.publiccode_rules`, Markdown in
`registry.publiccode_markdown`.

Pure functions: `project_to_publiccode` builds the document,
`validate_publiccode` checks any parsed document, `publiccode_to_project_fields`
maps one back; `registry.services.project_import_publiccode` stores it.

Mapping decisions (documented for editors and catalogue operators):
- The export writes `publiccodeYmlVersion: "0"`, which the reference parser
  recommends; the import reads every version the reference parser reads.
- `url` is the repository (`repository_url`). A project without repository
  or without licence has no export (404): the standard makes `url` the
  software's identity and requires `legal.license`.
- `developmentStatus`: idea → concept, planning → development, pilot → beta,
  operation and completed → stable, discontinued → obsolete. On import,
  stable becomes operation unless the project is already completed.
- One description per language: the German page and each published
  translation of the project (wagtail-localize). `shortDescription` is the
  summary, cut at a word boundary to 150 characters; `longDescription` is
  the summary, then the body as Markdown, then, if still under the
  standard's 150 characters, one sentence naming the registry page (the
  import drops it again). On import the German description (else the first)
  fills the project; every other language whose locale is switched on
  (CONTENT_LANGUAGES) fills the project's translation into it.
- What the registry has no field for (platforms, software type, release
  date, version, logo, categories, usedBy, contractors, copyright owner,
  features, languages not switched on, …) is kept as given in the
  project's `publiccode_extra` and written out again unchanged. A
  description whose page text has not changed since the import is written
  out exactly as it came, Markdown and all.
- `categories` and fields of action: the categories that correspond to a
  field of action (FIELD_OF_ACTION_CATEGORIES) file an imported project
  under it; the export adds a category for each field of action the file
  did not name already. A feature that names a field of action files the
  project under it too; features never become tags.
- `maintenance.contacts` are the project's public contacts. Partners-only
  contacts are never exported.
"""

import copy
import datetime
import hashlib
import json
import re

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils.text import Truncator

import yaml

from core.queries import published_pages
from core.tag_order import tag_names_in_order

from .choices import ProjectStatus
from .publiccode_markdown import body_to_markdown, markdown_to_blocks
from .publiccode_rules import (
    LONG_DESCRIPTION_MAX,
    LONG_DESCRIPTION_MIN,
    RECOMMENDED_VERSION,
    SHORT_DESCRIPTION_MAX,
    FieldError,
    WrittenFloat,
    WrittenInt,
    WrittenNumber,
    text_of,
    validate_publiccode,
)
from .validators import normalise_spdx_expression

__all__ = ["FieldError", "validate_publiccode"]  # re-exported for the import's callers

EXPORT_VERSION = RECOMMENDED_VERSION
# The sentence that makes a short long description long enough, per language.
REGISTRY_NOTES = {
    "de": "Dieses Projekt ist im Hanse Wissensnetz dokumentiert",
    "en": "This project is documented in the Hanse Wissensnetz",
}
REGISTRY_NOTE_PREFIX = REGISTRY_NOTES["de"]
REGISTRY_NOTE_MORE = {
    "de": " Dort stehen Ansprechpersonen, Kosten und Erfahrungen.",
    "en": " It lists contacts, costs and lessons learned.",
}
SUMMARY_MAX = 400  # SummaryMixin.summary

STATUS_TO_DEVELOPMENT = {
    ProjectStatus.IDEA: "concept",
    ProjectStatus.PLANNING: "development",
    ProjectStatus.PILOT: "beta",
    ProjectStatus.OPERATION: "stable",
    ProjectStatus.COMPLETED: "stable",
    ProjectStatus.DISCONTINUED: "obsolete",
}
DEVELOPMENT_TO_STATUS = {
    "concept": ProjectStatus.IDEA,
    "development": ProjectStatus.PLANNING,
    "beta": ProjectStatus.PILOT,
    "stable": ProjectStatus.OPERATION,
    "obsolete": ProjectStatus.DISCONTINUED,
}

# The publiccode.yml categories that mean the same as a field of action (by
# slug, registry migration 0002). The first is the one the export writes for
# a project filed under the field. Fields without a matching software
# category (health, safety, environment, energy) have none.
FIELD_OF_ACTION_CATEGORIES = {
    "verwaltung": (
        "digital-citizenship",
        "document-management",
        "e-signature",
        "workflow-management",
        "business-process-management",
        "procurement",
    ),
    "beteiligung": (
        "online-community",
        "survey",
        "feedback-and-reviews-management",
        "whistleblowing",
    ),
    "datenplattformen-open-data": (
        "data-analytics",
        "data-collection",
        "data-visualization",
        "business-intelligence",
        "predictive-analysis",
    ),
    "digitale-infrastruktur": ("network-management", "cloud-management"),
    "stadtentwicklung": (
        "geographic-information-systems",
        "property-management",
        "real-estate-management",
        "cad",
    ),
    "mobilitaet": ("fleet-management",),
    "bildung": ("learning-management-system", "educational-content", "integrated-library-system"),
    "wirtschaft-tourismus": ("online-booking", "e-commerce"),
}
CATEGORY_FIELD_OF_ACTION = {
    category: slug
    for slug, categories in FIELD_OF_ACTION_CATEGORIES.items()
    for category in categories
}

# Keys in the standard's order, for an export that reads like the standard's examples.
DOCUMENT_ORDER = (
    "publiccodeYmlVersion",
    "name",
    "applicationSuite",
    "url",
    "landingURL",
    "isBasedOn",
    "softwareVersion",
    "releaseDate",
    "logo",
    "monochromeLogo",
    "organisation",
    "inputTypes",
    "outputTypes",
    "platforms",
    "categories",
    "usedBy",
    "fundedBy",
    "roadmap",
    "developmentStatus",
    "softwareType",
    "supports",
    "intendedAudience",
    "description",
    "legal",
    "maintenance",
    "localisation",
    "dependsOn",
    "IT",
    "it",
)
# What the registry keeps in its own fields; the rest of a file is kept as given.
MODELLED_KEYS = ("publiccodeYmlVersion", "name", "url", "developmentStatus")


# --------------------------------------------------------------------------
# Export
# --------------------------------------------------------------------------


def truncate_words(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word boundary with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return Truncator(text).chars(limit, truncate="…")


def page_fingerprint(page) -> str:
    """
    A digest of a page's summary and body: equal as long as nobody edited
    them, so the export knows whether an imported description still holds.
    """
    body = [[block.block_type, block.block.get_prep_value(block.value)] for block in page.body]
    text = json.dumps([page.summary, body], sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def note_language(key: str) -> str:
    language = key.split("-")[0].lower()
    return language if language in REGISTRY_NOTES else "en"


def generated_description(page, *, key: str, page_url: str) -> tuple[str, str]:
    """shortDescription and longDescription written from a page's summary and body."""
    summary = " ".join(page.summary.split())
    blocks = [summary] + body_to_markdown(page.body, base_url=page_url)
    long_description = "\n\n".join(block for block in blocks if block)
    if len(long_description) < LONG_DESCRIPTION_MIN:
        language = note_language(key)
        city = page.city.title if page.city else ""
        note = REGISTRY_NOTES[language] + (f" ({city})" if city else "")
        note += f": {page_url}" if page_url else "."
        long_description = f"{long_description}\n\n{note}"
        if len(long_description) < LONG_DESCRIPTION_MIN:
            long_description += REGISTRY_NOTE_MORE[language]
    long_description = Truncator(long_description).chars(LONG_DESCRIPTION_MAX, truncate="…")
    return truncate_words(summary, SHORT_DESCRIPTION_MAX), long_description


def fallback_features(project) -> list[str]:
    """For a project not imported: its tags, then its fields of action, else its title."""
    tag_names = tag_names_in_order(project.tags)
    field_names = [field.name for field in project.fields_of_action.all()]
    return list(dict.fromkeys(tag_names + field_names)) or [project.title]


def page_description(page, *, key: str, stored: dict | None, fingerprint: str | None) -> dict:
    """One language's description: as imported while the page is unchanged, else from the page."""
    entry = copy.deepcopy(stored) if stored else {}
    if not (stored and fingerprint and fingerprint == page_fingerprint(page)):
        short, long = generated_description(page, key=key, page_url=page.full_url or "")
        entry["shortDescription"], entry["longDescription"] = short, long
    if not entry.get("features"):
        entry["features"] = fallback_features(page)
    order = ("localisedName", "genericName", "shortDescription", "longDescription")
    return {k: entry[k] for k in order if k in entry} | {
        k: v for k, v in entry.items() if k not in order
    }


def project_public_contacts(project) -> list:
    return [
        link.contact
        for link in project.project_contacts.select_related("contact").order_by("sort_order")
        if link.contact.is_visible_to(None)  # a file published for anyone
    ]


def contact_entry(contact) -> dict:
    entry = {"name": contact.name}
    if contact.email:
        entry["email"] = contact.email
    if contact.phone:
        entry["phone"] = contact.phone
    if contact.organisation:
        entry["affiliation"] = contact.organisation
    return entry


def source_project(project):
    """The German project of a translation (the one that holds the file's extras), else itself."""
    if project.locale.language_code == settings.LANGUAGE_CODE:
        return project
    return (
        type(project)
        .objects.filter(
            translation_key=project.translation_key, locale__language_code=settings.LANGUAGE_CODE
        )
        .first()
        or project
    )


def project_translations(project) -> list:
    """The project's published translations, in the order of CONTENT_LANGUAGES."""
    order = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
    translations = (
        published_pages(type(project))
        .filter(translation_key=project.translation_key)
        .exclude(pk=project.pk)
        # An alias shows the German text: it is no translation.
        .filter(alias_of__isnull=True)
        .select_related("locale")
    )
    return sorted(
        translations,
        key=lambda page: (
            order.index(page.locale.language_code)
            if page.locale.language_code in order
            else len(order),
            page.locale.language_code,
        ),
    )


def export_descriptions(project, *, extra: dict, stored: dict) -> dict:
    """description.<lang> for the German page, each translation and each kept language."""
    keys = extra.get("languages", {})
    fingerprints = extra.get("fingerprints", {})
    pages = [project] + project_translations(project)
    descriptions = {}
    for page in pages:
        key = keys.get(page.locale.language_code, page.locale.language_code)
        if key in descriptions:
            continue
        descriptions[key] = page_description(
            page, key=key, stored=stored.get(key), fingerprint=fingerprints.get(key)
        )
    for key, entry in stored.items():
        descriptions.setdefault(key, copy.deepcopy(entry))
    return descriptions


def export_categories(project, stored: list | None) -> list[str]:
    categories = list(stored or [])
    named = {CATEGORY_FIELD_OF_ACTION.get(category) for category in categories}
    for field in project.fields_of_action.all():
        if field.slug in FIELD_OF_ACTION_CATEGORIES and field.slug not in named:
            categories.append(FIELD_OF_ACTION_CATEGORIES[field.slug][0])
    return list(dict.fromkeys(categories))


def export_maintenance(project, stored: dict | None) -> dict:
    maintenance = copy.deepcopy(stored) if stored else {}
    contacts = [contact_entry(c) for c in project_public_contacts(project)]
    kind = maintenance.get("type")
    if kind is None:
        # Not imported: maintained by the city while it has a public contact.
        discontinued = project.status == ProjectStatus.DISCONTINUED
        kind = "internal" if contacts and not discontinued else "none"
    if kind in ("internal", "community") and not contacts:
        kind = "none"  # the standard requires a contact for these
    maintenance["type"] = kind
    if contacts:
        maintenance["contacts"] = contacts
    else:
        maintenance.pop("contacts", None)
    return {k: maintenance[k] for k in ("type", "contractors", "contacts") if k in maintenance}


def without_nulls(value):
    """A stored value without keys given as null (they count as absent in the standard)."""
    if isinstance(value, dict):
        return {k: without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [without_nulls(item) for item in value]
    return value


def project_to_publiccode(*, project, page_url: str | None = None) -> dict:
    """The publiccode.yml document (as a dict) of a project with `repository_url`."""
    project = source_project(project)
    page_url = page_url or project.full_url or ""
    extra = project.publiccode_extra or {}
    stored = without_nulls(copy.deepcopy(extra.get("document") or {}))
    imported = bool(stored)

    legal = {"license": project.licence} | {
        k: v for k, v in (stored.get("legal") or {}).items() if k != "license"
    }
    if not imported and project.city:
        legal["mainCopyrightOwner"] = project.city.official_name
    descriptions = export_descriptions(project, extra=extra, stored=stored.get("description", {}))
    computed = {
        "publiccodeYmlVersion": EXPORT_VERSION,
        "name": project.title,
        "url": project.repository_url,
        "landingURL": stored.get("landingURL") or page_url or None,
        "platforms": stored.get("platforms") or ["web"],
        # An empty list given stays given; none given and none to add stays absent.
        "categories": export_categories(project, stored.get("categories"))
        or stored.get("categories"),
        "developmentStatus": STATUS_TO_DEVELOPMENT[ProjectStatus(project.status)],
        "softwareType": stored.get("softwareType") or "standalone/web",
        "description": descriptions,
        "legal": legal,
        "maintenance": export_maintenance(project, stored.get("maintenance")),
        "localisation": stored.get("localisation")
        or {"localisationReady": False, "availableLanguages": ["de"]},
    }
    document = {}
    for key in DOCUMENT_ORDER:
        value = computed[key] if key in computed else stored.get(key)
        if value is not None:
            document[key] = value
    return document


class ExportDumper(yaml.SafeDumper):
    """Long descriptions as YAML block text (`|`), as people write them."""


def represent_text(dumper, text: str):
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


ExportDumper.add_representer(str, represent_text)


def publiccode_yaml(document: dict) -> str:
    return yaml.dump(document, Dumper=ExportDumper, allow_unicode=True, sort_keys=False, width=100)


def publiccode_available(*, project) -> bool:
    """The standard requires `url` and `legal.license`; without them there is no valid file."""
    return bool(project.reusable_software and project.repository_url and project.licence)


def publiccode_view(request, path: str) -> HttpResponse:
    """
    `<project url>publiccode.yml`, under every language's address of the
    project the same file. A plain URL pattern in front of Wagtail's page
    serving (config/urls.py): Wagtail routes only paths that end in a
    slash, so RoutablePageMixin cannot serve a file name.
    """
    from wagtail.models import Page

    from .models import ProjectPage

    page = Page.find_for_request(request, "/" + path)
    if page is None or page.specific_class is not ProjectPage:
        raise Http404("Kein Projekt unter dieser Adresse.")
    project = published_pages(ProjectPage).filter(pk=page.pk).first()
    if project is None:
        raise Http404("Kein veröffentlichtes Projekt unter dieser Adresse.")
    source = source_project(project)
    if source.pk != project.pk and not published_pages(ProjectPage).filter(pk=source.pk).exists():
        raise Http404("Das deutsche Projekt ist nicht veröffentlicht.")
    return publiccode_response(request, project=source)


def publiccode_response(request, *, project) -> HttpResponse:
    """The project's publiccode.yml; 404 without software, repository or licence."""
    if not publiccode_available(project=project):
        raise Http404("Dieses Projekt bietet keine Software mit Repository und Lizenz an.")
    document = project_to_publiccode(project=project, page_url=project.get_full_url(request))
    response = HttpResponse(
        publiccode_yaml(document), content_type="application/yaml; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="publiccode.yml"'
    return response


# --------------------------------------------------------------------------
# Reading a file
# --------------------------------------------------------------------------

# A publiccode.yml is a few kilobytes; the standard's longest text is 10,000
# characters per language. One mebibyte leaves room for every EU language.
MAX_FILE_BYTES = 1024 * 1024
# YAML anchors and aliases are legal in a publiccode.yml, but a handful of
# them nested ten deep expand a 2 KB file to a billion nodes ("billion
# laughs"). These bounds stop that while the file is still being composed.
MAX_ALIASES = 100
MAX_NODES = 50_000
MAX_DEPTH = 30


class PubliccodeReadError(Exception):
    """A file that is not a readable YAML document, with what is wrong where."""

    def __init__(self, error: FieldError):
        super().__init__(str(error))
        self.error = error


def yaml12_resolvers() -> dict:
    """
    SafeLoader's implicit types with YAML 1.2's booleans: only true and
    false. YAML 1.1 also reads yes, no, on and off as booleans; the
    reference parser does not, and refuses `localisationReady: yes`.
    """
    boolean = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
    return {
        first: [
            (tag, boolean if tag == "tag:yaml.org,2002:bool" else pattern)
            for tag, pattern in resolvers
        ]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


class BoundedSafeLoader(yaml.SafeLoader):
    """
    PyYAML's SafeLoader with limits on aliases, nesting and the size of the
    document once aliases are expanded, and with duplicate keys refused:
    plain YAML keeps the last of two equal keys silently, which would import
    a different value than the one an editor reviewed first. Booleans are
    YAML 1.2's, and whole numbers remember how they were written.
    """

    yaml_implicit_resolvers = yaml12_resolvers()

    def __init__(self, stream):
        super().__init__(stream)
        self.alias_count = 0
        self.depth = 0
        self.expanded_nodes = 0
        self.node_sizes: dict[yaml.Node, int] = {}
        self.size_stack = [0]

    def refuse(self, problem: str, mark) -> None:
        raise yaml.composer.ComposerError(None, None, problem, mark)

    def count(self, *, size: int, new_nodes: int, mark) -> None:
        """A parent's size includes its aliases expanded: that is what a consumer would walk."""
        self.size_stack[-1] += size
        self.expanded_nodes += new_nodes
        if self.expanded_nodes > MAX_NODES:
            self.refuse(
                f"mehr als {MAX_NODES} Einträge (mit aufgelösten Verweisen); "
                "so groß ist keine publiccode.yml",
                mark,
            )

    def compose_node(self, parent, index):
        mark = self.peek_event().start_mark
        if self.check_event(yaml.AliasEvent):
            self.alias_count += 1
            if self.alias_count > MAX_ALIASES:
                self.refuse(f"mehr als {MAX_ALIASES} Verweise (YAML-Aliase)", mark)
            node = super().compose_node(parent, index)
            size = self.node_sizes.get(node)
            if size is None:
                self.refuse("ein Verweis (YAML-Alias) auf sich selbst", mark)
            self.count(size=size, new_nodes=size, mark=mark)
            return node
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self.refuse(f"mehr als {MAX_DEPTH} Ebenen verschachtelt", mark)
        self.size_stack.append(0)
        node = super().compose_node(parent, index)
        size = 1 + self.size_stack.pop()
        self.depth -= 1
        self.node_sizes[node] = size
        # The children were added to the total as they were composed.
        self.count(size=size, new_nodes=1, mark=mark)
        return node

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=True)
            try:
                duplicate = key in seen
            except TypeError:
                continue  # unhashable; SafeConstructor reports it
            if duplicate:
                raise yaml.constructor.ConstructorError(
                    None, None, f"Schlüssel „{key}“ kommt doppelt vor", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_int(self, node):
        number = WrittenInt(super().construct_yaml_int(node))
        number.source = node.value
        return number

    def construct_yaml_float(self, node):
        number = WrittenFloat(super().construct_yaml_float(node))
        number.source = node.value
        return number


BoundedSafeLoader.add_constructor("tag:yaml.org,2002:int", BoundedSafeLoader.construct_yaml_int)
BoundedSafeLoader.add_constructor("tag:yaml.org,2002:float", BoundedSafeLoader.construct_yaml_float)


def publiccode_load(raw: bytes):
    """
    The parsed document of a file's bytes, or PubliccodeReadError in German
    with the place of the problem. Never more than MAX_FILE_BYTES; the caller
    reads at most one byte more, so a huge file is never held whole.
    """
    if len(raw) > MAX_FILE_BYTES:
        raise PubliccodeReadError(
            FieldError(
                "(Datei)",
                f"Die Datei ist größer als {MAX_FILE_BYTES // 1024} KiB "
                f"({MAX_FILE_BYTES} Bytes); so groß ist keine publiccode.yml.",
            )
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise PubliccodeReadError(
            FieldError(
                "(Datei)",
                f"Byte {error.start + 1}: kein gültiges UTF-8. "
                "Bitte die Datei als UTF-8 speichern.",
            )
        ) from error
    try:
        return yaml.load(text, Loader=BoundedSafeLoader)
    except yaml.reader.ReaderError as error:
        raise PubliccodeReadError(
            FieldError(
                "(YAML)",
                f"Zeichen {error.position + 1}: unzulässiges Steuerzeichen "
                f"U+{error.character:04X}; ist das eine Textdatei?",
            )
        ) from error
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"Zeile {mark.line + 1}, Spalte {mark.column + 1}: " if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        if "\\t" in problem:  # PyYAML names the tab as an escape
            problem = "Tabulatoren sind in YAML zum Einrücken nicht erlaubt, nur Leerzeichen"
        raise PubliccodeReadError(
            FieldError("(YAML)", f"{where}kein gültiges YAML ({problem}).")
        ) from error
    except (ValueError, OverflowError) as error:
        # A date or number that YAML recognises but cannot build, e.g. 2024-02-30.
        raise PubliccodeReadError(FieldError("(YAML)", f"ungültiger Wert ({error}).")) from error


# --------------------------------------------------------------------------
# Import
# --------------------------------------------------------------------------


def json_ready(value):
    """
    The parsed YAML as JSON keeps it: dates as YYYY-MM-DD, numbers as the
    text they were written as (the standard has no numbers, only text).
    """
    if isinstance(value, dict):
        return {key: json_ready(item) for key, item in value.items()}
    if isinstance(value, list):
        return [json_ready(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, WrittenNumber):
        return value.source
    return value


def as_text(value) -> str:
    """A text field of the file as text; a number as written (an unquoted phone number)."""
    if value is None:
        return ""
    return str(text_of(value)).strip()


def content_language(key: str) -> str:
    """de-DE and de-AT are German: the locale a description's language belongs to."""
    return key.split("-")[0].lower()


def primary_description_key(descriptions: dict) -> str:
    """The German description, else the first: it fills the project itself."""
    for key in descriptions:
        if content_language(key) == settings.LANGUAGE_CODE:
            return key
    return next(iter(descriptions))


def description_content(description: dict) -> dict:
    """
    A page's summary and body from one description. A long description that
    starts with the whole summary (as the export writes it) gives the summary
    back; the registry's own sentence at its end is dropped.
    """
    short = " ".join(as_text(description["shortDescription"]).split())
    long = as_text(description["longDescription"])
    chunks = [c.strip() for c in re.split(r"\n\s*\n", long) if c.strip()]
    notes = tuple(REGISTRY_NOTES.values())
    chunks = [c for c in chunks if not c.startswith(notes)]
    summary = short
    if chunks:
        stem = short.rstrip("…").rstrip()
        first = " ".join(chunks[0].split())
        if stem and first.startswith(stem) and len(first) <= SUMMARY_MAX:
            summary = first
            chunks = chunks[1:]
    return {"summary": summary, "body": markdown_to_blocks("\n\n".join(chunks))}


def publiccode_to_project_fields(*, data: dict) -> dict:
    """
    What a valid document (run `validate_publiccode` first) gives a project:
    title, repository_url, status, licence, summary and body (from the
    German or first description), contacts, `translations` (locale code →
    title, summary, body and the description's key), `categories`,
    `features` (of the description that fills the project), and `extra`,
    the rest of the file for `publiccode_extra`.
    """
    descriptions = data["description"]
    primary = primary_description_key(descriptions)
    switched_on = {code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES}
    languages = {settings.LANGUAGE_CODE: primary}
    translations = {}
    for key, description in descriptions.items():
        locale = content_language(key)
        if key == primary or locale not in switched_on or locale in languages:
            continue  # kept in the extra document only
        languages[locale] = key
        translations[locale] = {
            "key": key,
            "title": as_text(description.get("localisedName")) or as_text(data["name"]),
            **description_content(description),
        }
    contacts = [
        {
            "name": as_text(contact["name"]),
            "email": as_text(contact.get("email")),
            "phone": as_text(contact.get("phone")),
            "organisation": as_text(contact.get("affiliation")),
        }
        for contact in data["maintenance"].get("contacts") or []
    ]
    document = {key: value for key, value in data.items() if key not in MODELLED_KEYS}
    document["legal"] = {k: v for k, v in data["legal"].items() if k != "license"}
    document["maintenance"] = {k: v for k, v in data["maintenance"].items() if k != "contacts"}
    document = without_nulls(json_ready(document))
    return {
        "title": as_text(data["name"]),
        "repository_url": as_text(data["url"]),
        "status": DEVELOPMENT_TO_STATUS[data["developmentStatus"]],
        "licence": normalise_spdx_expression(as_text(data["legal"]["license"])),
        **description_content(descriptions[primary]),
        "primary_key": primary,
        "translations": translations,
        "features": [as_text(f) for f in descriptions[primary].get("features") or []],
        "categories": list(data.get("categories") or []),
        "contacts": contacts,
        "reusable_software": True,
        "extra": {"document": document, "languages": languages},
    }
