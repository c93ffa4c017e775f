"""
Harvesting a publiccode.yml catalogue (a PartnerNetwork of kind
"publiccode"): read each file its sources name (discovery.catalogue_sources),
check it by the rules of the registry's own import (registry.services
.publiccode_parse: the same messages, each naming the field) and keep a
read-only copy of each valid file's software as a HarvestedProject, written
as an installation's copies are (discovery.harvest.partner_copy_replace).

File by file, where an installation is all or nothing: a catalogue collects
files from many publishers, and one publisher's mistake should not hide the
others. A file that cannot be read or is refused keeps its previous copy and
is reported with its address and the field (on the network's last error,
bounded, and in full by the command); the others are taken. A catalogue none
of whose files could be taken, or whose sources cannot be read at all (a
folder missing or not allowed, the deadline passed), changes nothing, as a
partner that is down. A file no longer listed, or gone from its folder,
loses its copy at the next run. Reading is bounded as for an installation:
http(s) only, READ_TIMEOUT per file, NETWORK_DEADLINE per catalogue, and a
file no larger than the import allows (registry.publiccode.MAX_FILE_BYTES).

What a copy takes from a file (the rest stays in the file):
- title: `name`; summary: `shortDescription` of the German description,
  else the English one, else the first.
- status: `developmentStatus` as the import maps it (stable → operation).
- fields of action: from `categories` (and features naming a field of
  action), as the import files a project; tags: the `categories`, never
  the features.
- licence: `legal.license` (SPDX, normalised); repository: `url` if it is
  an http(s) address.
- city: the first of `usedBy`, else `legal.mainCopyrightOwner`, else
  `organisation.name`; the standard has no project dates.
- the link back: `landingURL`, else the file's web address; for a file
  from a folder, `landingURL`, else `url`.
- the id: the first 8 bytes of the SHA-256 of the file's address or path,
  so the same file keeps its copy from run to run.
"""

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import translation

from registry.choices import ProjectStatus
from registry.models import FieldOfAction
from registry.publiccode import (
    MAX_FILE_BYTES,
    FieldError,
    as_text,
    content_language,
    publiccode_to_project_fields,
)
from registry.services import PubliccodeImportError, fields_of_action_for, publiccode_parse

from .catalogue_sources import (
    WEB_ADDRESS,
    CatalogueSource,
    catalogue_source_problems,
    catalogue_sources,
)
from .harvest import (
    DeadlineExceeded,
    HarvestError,
    HarvestOutcome,
    PartnerContent,
    deadline_check,
    fetch_bytes,
    network_harvest,
    problems_summary,
)
from .models import PartnerNetwork

# Files of one catalogue: openCode and Developers Italia list a few thousand.
MAX_CATALOGUE_FILES = 10_000
FOLDER_FILE_SUFFIXES = (".yml", ".yaml")
ACCEPT = "application/yaml, text/yaml, text/x-yaml, text/plain;q=0.9, */*;q=0.1"
# Categories kept as tags: the standard's vocabulary, a handful per file.
MAX_TAGS = 20


@dataclass(frozen=True)
class CatalogueFile:
    """A catalogue's file: its web address, or its path in `folder` (which it may not leave)."""

    address: str
    folder: Path | None = None

    @property
    def source_id(self) -> int:
        """Stable as long as the address is: a positive 63-bit number, as a row id must be."""
        digest = hashlib.sha256(self.address.encode()).digest()
        return (int.from_bytes(digest[:8], "big") >> 1) or 1


# --------------------------------------------------------------------------
# Finding and reading the files
# --------------------------------------------------------------------------


def folder_files(folder: Path) -> list[Path]:
    """Every .yml and .yaml file below `folder`, in name order, hidden ones left out."""

    def unreadable(error: OSError):
        raise HarvestError(f"Ordner {error.filename} nicht lesbar: {error.strerror}.")

    found = []
    for directory, subdirectories, names in os.walk(folder, onerror=unreadable):
        subdirectories[:] = sorted(name for name in subdirectories if not name.startswith("."))
        found += [
            Path(directory) / name
            for name in sorted(names)
            if not name.startswith(".") and name.lower().endswith(FOLDER_FILE_SUFFIXES)
        ]
        if len(found) > MAX_CATALOGUE_FILES:
            break
    return found


def catalogue_files(sources: list[CatalogueSource]) -> list[CatalogueFile]:
    """
    The files the sources name, each once. A source folder that is missing
    stops the run: its files' copies would otherwise all be removed.
    """
    files: dict[str, CatalogueFile] = {}
    for source in sources:
        if source.is_web:
            files.setdefault(source.address, CatalogueFile(source.address))
            continue
        try:
            place = Path(source.address).resolve(strict=True)
        except (OSError, RuntimeError):
            raise HarvestError(f"{source.address} gibt es nicht oder ist nicht lesbar.") from None
        found = [place] if place.is_file() else folder_files(place) if place.is_dir() else []
        if not found and not place.is_dir():
            raise HarvestError(f"{source.address} ist weder ein Ordner noch eine Datei.")
        for path in found:
            files.setdefault(str(path), CatalogueFile(str(path), folder=place))
        if len(files) > MAX_CATALOGUE_FILES:
            break
    if len(files) > MAX_CATALOGUE_FILES:
        raise HarvestError(f"Mehr als {MAX_CATALOGUE_FILES} Dateien; so groß ist kein Katalog.")
    return list(files.values())


def file_bytes(file: CatalogueFile, *, deadline: float) -> bytes:
    """
    A file's bytes, at most one more than the import takes (publiccode_load
    then says it is too large). HarvestError for a web address that does not
    answer, PubliccodeImportError for a file that cannot be read.
    """
    if file.folder is None:
        return fetch_bytes(
            file.address, deadline=deadline, max_bytes=MAX_FILE_BYTES + 1, accept=ACCEPT
        )
    deadline_check(deadline)
    path = Path(file.address)
    try:
        if not path.resolve().is_relative_to(file.folder):
            raise PubliccodeImportError(
                [FieldError("(Datei)", f"Verweist aus dem Ordner {file.folder} hinaus.")]
            )
        with path.open("rb") as handle:
            return handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        message = f"nicht lesbar: {error.strerror or error}."
        raise PubliccodeImportError([FieldError("(Datei)", message)]) from error


# --------------------------------------------------------------------------
# What a copy takes from a file
# --------------------------------------------------------------------------


def summary_description(descriptions: dict) -> tuple[str, dict]:
    """The German description, else the English one, else the first, with its key."""
    for language in (settings.LANGUAGE_CODE, "en"):
        for key, description in descriptions.items():
            if content_language(key) == language:
                return key, description
    return next(iter(descriptions.items()))


def city_name_of(data: dict) -> tuple[str, str]:
    """Who runs or owns the software, with the field it came from."""
    candidates = [
        ("usedBy[0]", (data.get("usedBy") or [None])[0]),
        ("legal.mainCopyrightOwner", data["legal"].get("mainCopyrightOwner")),
        ("organisation.name", (data.get("organisation") or {}).get("name")),
    ]
    for path, value in candidates:
        name = " ".join(as_text(value).split())
        if name:
            return path, name[:255]
    return "", ""


def status_label(status: str) -> str:
    """In German, as an installation's API gives its labels."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(ProjectStatus(status).label)


def project_values(*, file: CatalogueFile, raw: bytes, fields_of_action: list) -> dict:
    """
    The copy's values of one file, checked by the import's rules, or
    PubliccodeImportError with the field-named messages.
    """
    data = publiccode_parse(raw)
    fields = publiccode_to_project_fields(data=data)
    key, description = summary_description(data["description"])
    repository = fields["repository_url"] if WEB_ADDRESS.match(fields["repository_url"]) else ""
    landing = as_text(data.get("landingURL"))
    link = landing or (file.address if file.folder is None else repository)
    city_path, city = city_name_of(data)
    values = {
        "title": fields["title"],
        "summary": " ".join(as_text(description["shortDescription"]).split()),
        "city_name": city,
        "tags": list(dict.fromkeys(fields["categories"]))[:MAX_TAGS],
        "source_url": link,
        "translation_key": None,
        "first_published_at": None,
        "last_published_at": None,
        "status": fields["status"],
        "status_label": status_label(fields["status"]),
        "fields_of_action": [
            {"slug": field.slug, "name": field.name}
            for field in fields_of_action_for(fields=fields, current=[], available=fields_of_action)
        ],
        "start_date": None,
        "end_date": None,
        "licence": fields["licence"],
        "repository_url": repository,
        "last_reviewed": None,
    }
    paths = {
        "title": "name",
        "summary": f"description.{key}.shortDescription",
        "city_name": city_path,
        "licence": "legal.license",
        "repository_url": "url",
        "source_url": "landingURL" if landing else "url",
    }
    errors = stored_value_problems(values, paths)
    if not link:
        errors.append(
            FieldError(
                "landingURL",
                "Fehlt, und url ist keine http(s)-Adresse: die Kopie hätte keinen Verweis "
                "zum Original.",
            )
        )
    if errors:
        raise PubliccodeImportError(errors)
    return values


# What the copy's columns hold at most (discovery.models.HarvestedProject).
MAX_LENGTHS = {"title": 255, "licence": 200, "repository_url": 1000, "source_url": 1000}


def stored_value_problems(values: dict, paths: dict) -> list[FieldError]:
    """What the rules allow but a column cannot hold: overlong text, NUL (PostgreSQL refuses it)."""
    errors = []
    for name, path in paths.items():
        value = values[name]
        if name in MAX_LENGTHS and len(value) > MAX_LENGTHS[name]:
            errors.append(FieldError(path, f"Höchstens {MAX_LENGTHS[name]} Zeichen übernommen."))
        elif "\x00" in value:
            errors.append(FieldError(path, "Enthält ein Nullzeichen (\\0)."))
    return errors


# --------------------------------------------------------------------------
# The catalogue's run
# --------------------------------------------------------------------------


def catalogue_content(
    *, network: PartnerNetwork, sources: list[CatalogueSource], deadline: float
) -> PartnerContent:
    """The copies of every file that could be taken; the others kept and reported."""
    files = catalogue_files(sources)
    if not files:
        raise HarvestError("Keine publiccode.yml-Datei in den Quellen gefunden.")
    fields_of_action = list(FieldOfAction.objects.all())
    wanted = network.field_of_action_slugs
    content = PartnerContent(projects={}, lessons={})
    for file in files:
        try:
            values = project_values(
                file=file,
                raw=file_bytes(file, deadline=deadline),
                fields_of_action=fields_of_action,
            )
        except DeadlineExceeded:
            raise
        except HarvestError as error:
            content.problems.append(str(error))
        except PubliccodeImportError as error:
            content.problems.append(f"{file.address}: {error}")
        else:
            if not wanted or wanted & {entry["slug"] for entry in values["fields_of_action"]}:
                content.projects[file.source_id] = values
            continue
        content.kept_projects.add(file.source_id)
    if len(content.problems) == len(files):
        heading = f"Keine der {len(files)} Dateien übernommen; die bisherigen Kopien bleiben:"
        raise HarvestError(problems_summary(content.problems, heading=heading))
    return content


def stored_sources(network: PartnerNetwork) -> list[CatalogueSource]:
    """The sources entered in the admin, checked again: the allowed folders may have changed."""
    if not network.publiccode_sources.strip():
        raise HarvestError(
            "Keine publiccode.yml-Quellen eingetragen; ein solcher Katalog wird nur auf der "
            "Kommandozeile gelesen (harvest_network --publiccode QUELLE … --network NAME)."
        )
    problems = catalogue_source_problems(network.publiccode_sources)
    if problems:
        raise HarvestError("Quellen nicht lesbar: " + "; ".join(problems))
    return catalogue_sources(network.publiccode_sources)


def catalogue_harvest(
    *, network: PartnerNetwork, sources: list[CatalogueSource] | None = None
) -> HarvestOutcome:
    """
    One catalogue's run, from its own sources or from `sources` given on the
    command line (which are not stored).
    """

    def read(deadline: float) -> PartnerContent:
        chosen = stored_sources(network) if sources is None else sources
        return catalogue_content(network=network, sources=chosen, deadline=deadline)

    return network_harvest(network=network, read=read)
