"""
publiccode.yml for projects that offer software: the metadata file that
openCode, the EU's and Italy's software catalogues read.
Standard: https://yml.publiccode.tools/ (exported as version 0.4; the
validator and the import accept 0.2 to 0.7).

Pure functions: `project_to_publiccode` builds the document, the validator
checks any parsed document, `publiccode_to_project_fields` maps one back.

Mapping decisions (documented for editors and catalogue operators):
- `url` is the repository (`repository_url`). A project without repository
  or without licence has no export (404): the standard makes `url` the
  software's identity (the page address would identify a web page, not
  software) and requires `legal.license`.
- `developmentStatus`: idea → concept, planning → development, pilot → beta,
  operation and completed → stable, discontinued → obsolete. On import,
  stable becomes operation unless the project is already completed.
- `shortDescription` is the summary, cut at a word boundary to 150
  characters. `longDescription` is the summary, then the body as plain text
  (headings become paragraphs), then, if still under the standard's 150
  characters, one sentence naming the registry page; the import drops that
  sentence again and restores summary and body.
- `features` are the tags followed by the fields of action; on import a
  feature that names a field of action becomes one, every other a tag.
- `maintenance`: "internal" with the project's public contacts, "none" when
  it has no public contact or is discontinued. Partners-only contacts are
  never exported.
"""

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.utils.html import strip_tags
from django.utils.text import Truncator

import yaml

from core.queries import published_pages
from core.tag_order import tag_names_in_order

from .choices import ProjectStatus
from .validators import normalise_spdx_expression

EXPORT_VERSION = "0.4"
SUPPORTED_VERSIONS = ("0.2", "0.3", "0.4", "0.5", "0.6", "0.7")
SHORT_DESCRIPTION_MAX = 150
LONG_DESCRIPTION_MIN = 150
LONG_DESCRIPTION_MAX = 10_000
REGISTRY_NOTE_PREFIX = "Dieses Projekt ist im Hanse Wissensnetz dokumentiert"

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
SOFTWARE_TYPES = (
    "standalone/mobile",
    "standalone/iot",
    "standalone/desktop",
    "standalone/web",
    "standalone/backend",
    "standalone/other",
    "addon",
    "library",
    "configurationFiles",
)
MAINTENANCE_TYPES = ("internal", "contract", "community", "none")


@dataclass(frozen=True)
class FieldError:
    """One problem in a publiccode.yml document, at a dotted path such as `legal.license`."""

    path: str
    message: str

    def __str__(self):
        return f"{self.path}: {self.message}"


# --------------------------------------------------------------------------
# Export
# --------------------------------------------------------------------------


def truncate_words(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word boundary with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return Truncator(text).chars(limit, truncate="…")


def body_paragraphs(body) -> list[str]:
    """The body's text blocks as plain-text paragraphs."""
    paragraphs = []
    for block in body:
        if block.block_type == "heading":
            text = block.value.get("text", "")
        elif block.block_type == "paragraph":
            html = block.value.source if hasattr(block.value, "source") else str(block.value)
            for part in re.split(r"</p>|<br\s*/?>", html):
                part = " ".join(strip_tags(part).split())
                if part:
                    paragraphs.append(part)
            continue
        else:
            continue
        text = " ".join(strip_tags(text).split())
        if text:
            paragraphs.append(text)
    return paragraphs


def project_public_contacts(project) -> list:
    return [
        link.contact
        for link in project.project_contacts.select_related("contact").order_by("sort_order")
        if link.contact.is_visible_to(None)  # a file published for anyone
    ]


def project_to_publiccode(*, project, page_url: str | None = None) -> dict:
    """The publiccode.yml document (as a dict) of a project with `repository_url`."""
    page_url = page_url or project.full_url or ""
    summary = " ".join(project.summary.split())
    paragraphs = [summary] + body_paragraphs(project.body)
    long_description = "\n\n".join(p for p in paragraphs if p)
    if len(long_description) < LONG_DESCRIPTION_MIN:
        city = project.city.title if project.city else ""
        note = f"{REGISTRY_NOTE_PREFIX}" + (f" (Stadt: {city})" if city else "")
        note += f": {page_url}" if page_url else "."
        long_description = f"{long_description}\n\n{note}"
        if len(long_description) < LONG_DESCRIPTION_MIN:
            long_description += " Dort stehen Ansprechpersonen, Kosten und Erfahrungen."
    long_description = Truncator(long_description).chars(LONG_DESCRIPTION_MAX, truncate="…")

    tag_names = tag_names_in_order(project.tags)
    field_names = [field.name for field in project.fields_of_action.all()]
    features = list(dict.fromkeys(tag_names + field_names)) or [project.title]

    contacts = project_public_contacts(project)
    if contacts and project.status != ProjectStatus.DISCONTINUED:
        maintenance = {"type": "internal", "contacts": [contact_entry(c) for c in contacts]}
    else:
        maintenance = {"type": "none"}

    document = {
        "publiccodeYmlVersion": EXPORT_VERSION,
        "name": project.title,
        "url": project.repository_url,
    }
    if page_url:
        document["landingURL"] = page_url
    release = project.last_published_at or project.first_published_at
    if release:
        document["releaseDate"] = release.date().isoformat()
    document.update(
        {
            "platforms": ["web"],
            "developmentStatus": STATUS_TO_DEVELOPMENT[ProjectStatus(project.status)],
            "softwareType": "standalone/web",
            "description": {
                "de": {
                    "shortDescription": truncate_words(summary, SHORT_DESCRIPTION_MAX),
                    "longDescription": long_description,
                    "features": features,
                }
            },
            "legal": {"license": project.licence},
            "maintenance": maintenance,
            "localisation": {"localisationReady": False, "availableLanguages": ["de"]},
        }
    )
    if project.city:
        document["legal"]["mainCopyrightOwner"] = project.city.official_name
    return document


def contact_entry(contact) -> dict:
    entry = {"name": contact.name}
    if contact.email:
        entry["email"] = contact.email
    if contact.phone:
        entry["phone"] = contact.phone
    if contact.organisation:
        entry["affiliation"] = contact.organisation
    return entry


def publiccode_yaml(document: dict) -> str:
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)


def publiccode_available(*, project) -> bool:
    """The standard requires `url` and `legal.license`; without them there is no valid file."""
    return bool(project.reusable_software and project.repository_url and project.licence)


def publiccode_view(request, path: str) -> HttpResponse:
    """
    `<project url>publiccode.yml`. A plain URL pattern in front of Wagtail's
    page serving (config/urls.py): Wagtail routes only paths that end in a
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
    return publiccode_response(request, project=project)


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


class BoundedSafeLoader(yaml.SafeLoader):
    """
    PyYAML's SafeLoader with limits on aliases, nesting and the size of the
    document once aliases are expanded, and with duplicate keys refused:
    plain YAML keeps the last of two equal keys silently, which would import
    a different value than the one an editor reviewed first.
    """

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
# Validation
# --------------------------------------------------------------------------

# Required keys per version: (dotted path, type, versions that require it).
# Where a key is required only in some versions the set says which.
ALL = frozenset(SUPPORTED_VERSIONS)
REQUIRED_KEYS = [
    ("name", str, ALL),
    ("url", str, ALL),
    ("platforms", list, ALL),
    ("developmentStatus", str, ALL),
    ("softwareType", str, ALL),
    ("description", dict, ALL),
    ("legal", dict, ALL),
    ("legal.license", str, ALL),
    ("maintenance", dict, ALL),
    ("maintenance.type", str, ALL),
    ("localisation", dict, ALL),
    ("localisation.localisationReady", bool, ALL),
    ("localisation.availableLanguages", list, ALL),
    # Optional since 0.4: categories; releaseDate was mandatory in 0.2 only.
    ("categories", list, frozenset({"0.2", "0.3"})),
    ("releaseDate", (str, datetime.date), frozenset({"0.2"})),
]
OPTIONAL_KEYS = [
    ("landingURL", str),
    ("releaseDate", (str, datetime.date)),
    ("categories", list),
    ("legal.mainCopyrightOwner", str),
    ("maintenance.contacts", list),
]
TYPE_NAMES = {
    str: "Text",
    list: "Liste",
    dict: "Abschnitt",
    bool: "true/false",
    int: "Zahl",
    float: "Zahl",
    type(None): "leere Angabe",
}


def type_name(expected) -> str:
    if isinstance(expected, tuple):
        return TYPE_NAMES.get(expected[0], expected[0].__name__)
    return TYPE_NAMES.get(expected, expected.__name__)


MISSING = object()


def lookup(data: dict, path: str):
    value = data
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return MISSING
        value = value[part]
    return value


def version_of(data: dict) -> tuple[str | None, list[FieldError]]:
    raw = data.get("publiccodeYmlVersion", MISSING)
    if raw is MISSING:
        return None, [FieldError("publiccodeYmlVersion", "Pflichtangabe fehlt.")]
    if not isinstance(raw, str):
        return None, [
            FieldError(
                "publiccodeYmlVersion",
                f'Muss Text in Anführungszeichen sein, z. B. "0.4", nicht {raw!r}.',
            )
        ]
    major_minor = ".".join(raw.split(".")[:2])
    if major_minor not in SUPPORTED_VERSIONS:
        return None, [
            FieldError(
                "publiccodeYmlVersion",
                f"Version „{raw}“ wird nicht unterstützt (unterstützt: "
                f"{', '.join(SUPPORTED_VERSIONS)}).",
            )
        ]
    return major_minor, []


def non_text_keys(value, path: str = "") -> list[FieldError]:
    """Keys that are not text (`1:`, `true:`, `2024-01-01:`), anywhere in the document."""
    errors = []
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                errors.append(
                    FieldError(path or "(Dokument)", f"Schlüssel {key!r} muss Text sein.")
                )
                continue
            errors += non_text_keys(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            errors += non_text_keys(item, f"{path}[{index}]")
    return errors


def validate_publiccode(data) -> list[FieldError]:
    """Every problem of a parsed publiccode.yml document, each with its path. Empty: valid."""
    if not isinstance(data, dict):
        return [
            FieldError(
                "(Dokument)",
                "Das Dokument muss ein YAML-Abschnitt mit Schlüsseln sein, "
                f"keine {type_name(type(data))}.",
            )
        ]
    errors = non_text_keys(data)
    if errors:
        return errors
    version, errors = version_of(data)
    if version is None:
        return errors

    for path, expected, versions in REQUIRED_KEYS:
        value = lookup(data, path)
        parent_missing = "." in path and lookup(data, path.rsplit(".", 1)[0]) is MISSING
        if value is MISSING:
            if version in versions and not parent_missing:
                errors.append(FieldError(path, "Pflichtangabe fehlt."))
            continue
        if not isinstance(value, expected):
            errors.append(FieldError(path, f"Erwartet: {type_name(expected)}."))
    for path, expected in OPTIONAL_KEYS:
        value = lookup(data, path)
        if value is not MISSING and not isinstance(value, expected):
            errors.append(FieldError(path, f"Erwartet: {type_name(expected)}."))
    if any(e.path in {p for p, _t, _v in REQUIRED_KEYS} for e in errors):
        # Content checks below assume the right shapes.
        return errors

    if not data["name"].strip():
        errors.append(FieldError("name", "Darf nicht leer sein."))
    if not re.match(r"^[a-z][a-z0-9+.-]*://\S+$", data["url"]):
        errors.append(FieldError("url", "Muss eine Adresse sein, z. B. https://…/projekt.git."))
    for index, platform in enumerate(data["platforms"]):
        if not isinstance(platform, str):
            errors.append(FieldError(f"platforms[{index}]", "Erwartet: Text."))
    if data["developmentStatus"] not in DEVELOPMENT_TO_STATUS:
        errors.append(
            FieldError(
                "developmentStatus",
                f"„{data['developmentStatus']}“ ist unbekannt (erlaubt: "
                f"{', '.join(DEVELOPMENT_TO_STATUS)}).",
            )
        )
    if data["softwareType"] not in SOFTWARE_TYPES:
        errors.append(FieldError("softwareType", f"„{data['softwareType']}“ ist unbekannt."))
    errors += validate_descriptions(data["description"], version=version)
    try:
        normalise_spdx_expression(data["legal"]["license"])
    except ValidationError as error:
        errors.append(FieldError("legal.license", " ".join(error.messages)))
    maintenance_type = data["maintenance"]["type"]
    if maintenance_type not in MAINTENANCE_TYPES:
        errors.append(FieldError("maintenance.type", f"„{maintenance_type}“ ist unbekannt."))
    contacts = data["maintenance"].get("contacts", [])
    if maintenance_type in ("internal", "community") and not contacts:
        errors.append(
            FieldError("maintenance.contacts", "Pflichtangabe bei Wartung „internal“/„community“.")
        )
    for index, contact in enumerate(contacts if isinstance(contacts, list) else []):
        path = f"maintenance.contacts[{index}]"
        if not isinstance(contact, dict):
            errors.append(FieldError(path, "Erwartet: Abschnitt mit name, email, phone."))
            continue
        if not isinstance(contact.get("name"), str) or not contact["name"].strip():
            errors.append(FieldError(f"{path}.name", "Pflichtangabe fehlt."))
        for key in ("email", "phone", "affiliation"):
            if key in contact and not isinstance(contact[key], str):
                errors.append(FieldError(f"{path}.{key}", "Erwartet: Text."))
    for index, language in enumerate(data["localisation"]["availableLanguages"]):
        if not isinstance(language, str):
            errors.append(
                FieldError(f"localisation.availableLanguages[{index}]", "Erwartet: Text.")
            )
    return errors


def validate_descriptions(descriptions: dict, *, version: str) -> list[FieldError]:
    errors = []
    if not descriptions:
        return [FieldError("description", "Mindestens eine Sprache, z. B. „de“, ist nötig.")]
    for language, description in descriptions.items():
        path = f"description.{language}"
        if not isinstance(description, dict):
            errors.append(FieldError(path, "Erwartet: Abschnitt."))
            continue
        short = description.get("shortDescription", MISSING)
        if short is MISSING:
            errors.append(FieldError(f"{path}.shortDescription", "Pflichtangabe fehlt."))
        elif not isinstance(short, str):
            errors.append(FieldError(f"{path}.shortDescription", "Erwartet: Text."))
        elif len(short) > SHORT_DESCRIPTION_MAX:
            errors.append(FieldError(f"{path}.shortDescription", "Höchstens 150 Zeichen erlaubt."))
        long = description.get("longDescription", MISSING)
        if long is MISSING:
            errors.append(FieldError(f"{path}.longDescription", "Pflichtangabe fehlt."))
        elif not isinstance(long, str):
            errors.append(FieldError(f"{path}.longDescription", "Erwartet: Text."))
        elif not LONG_DESCRIPTION_MIN <= len(long) <= LONG_DESCRIPTION_MAX:
            errors.append(
                FieldError(f"{path}.longDescription", "Muss 150 bis 10.000 Zeichen lang sein.")
            )
        features = description.get("features", MISSING)
        if features is MISSING:
            if version in ("0.2", "0.3"):
                errors.append(FieldError(f"{path}.features", "Pflichtangabe fehlt."))
        elif not isinstance(features, list):
            errors.append(FieldError(f"{path}.features", "Erwartet: Liste."))
        else:
            for index, feature in enumerate(features):
                if not isinstance(feature, str):
                    errors.append(FieldError(f"{path}.features[{index}]", "Erwartet: Text."))
    return errors


# --------------------------------------------------------------------------
# Import
# --------------------------------------------------------------------------


def description_for_import(data: dict) -> dict:
    descriptions = data["description"]
    for language in ("de", "en"):
        if language in descriptions:
            return descriptions[language]
    return next(iter(descriptions.values()))


def publiccode_to_project_fields(*, data: dict) -> dict:
    """
    Project fields from a valid document (run `validate_publiccode` first):
    title, repository_url, status, summary, body_paragraphs, licence,
    features (tags and fields of action are split by the caller, who knows the
    vocabulary), contacts (name, email, phone, organisation).
    """
    description = description_for_import(data)
    paragraphs = [p.strip() for p in description["longDescription"].split("\n\n") if p.strip()]
    paragraphs = [p for p in paragraphs if not p.startswith(REGISTRY_NOTE_PREFIX)]
    short = " ".join(description["shortDescription"].split())
    summary = short
    if paragraphs:
        stem = short.rstrip("…").rstrip()
        first = " ".join(paragraphs[0].split())
        if first.startswith(stem) and len(first) <= 400:
            summary = first
            paragraphs = paragraphs[1:]
    contacts = [
        {
            "name": contact["name"].strip(),
            "email": contact.get("email", "").strip(),
            "phone": contact.get("phone", "").strip(),
            "organisation": contact.get("affiliation", "").strip(),
        }
        for contact in data["maintenance"].get("contacts", [])
    ]
    return {
        "title": data["name"].strip(),
        "repository_url": data["url"].strip(),
        "status": DEVELOPMENT_TO_STATUS[data["developmentStatus"]],
        "summary": summary,
        "body_paragraphs": paragraphs,
        "licence": normalise_spdx_expression(data["legal"]["license"]),
        "features": [feature.strip() for feature in description.get("features", [])],
        "contacts": contacts,
        "reusable_software": True,
    }
