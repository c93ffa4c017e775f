"""
Where a publiccode.yml catalogue's files come from (a PartnerNetwork of kind
"publiccode"): one source a line, either an http(s) address of one
publiccode.yml file or a folder (or one file) on this server. From a folder
every `.yml` and `.yaml` file below it is read (discovery.publiccode_harvest).

A folder is read with the server's rights, and what the files say, valid or
not, ends up in the admin. So a folder entered in the admin is allowed only
below one of the folders the operator lists in PUBLICCODE_CATALOGUE_ROOTS
(none by default), checked after symbolic links are followed. The command
line (`harvest_network --publiccode`), run by someone with a shell on the
server already, may name any folder.
"""

import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

# Sources of one catalogue; the files they hold are bounded on their own.
MAX_SOURCES = 5000
MAX_SOURCE_LENGTH = 1000
WEB_ADDRESS = re.compile(r"^https?://", re.IGNORECASE)
ANY_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass(frozen=True)
class CatalogueSource:
    """One line of a catalogue: a web address, or an absolute path on this server."""

    address: str
    is_web: bool


def catalogue_source_lines(text: str) -> list[str]:
    """The sources as written, without blank lines and repetitions."""
    return list(dict.fromkeys(line.strip() for line in text.splitlines() if line.strip()))


def catalogue_source_text(text: str) -> str:
    """The sources as stored: one a line, trimmed."""
    return "\n".join(catalogue_source_lines(text))


def folder_roots() -> list[Path]:
    return [Path(root).resolve() for root in settings.PUBLICCODE_CATALOGUE_ROOTS if root]


def folder_problem(path: Path) -> str | None:
    """Why a folder entered in the admin may not be read, or None."""
    roots = folder_roots()
    if not roots:
        return _(
            "Ordner auf dem Server sind hier nicht freigegeben (PUBLICCODE_CATALOGUE_ROOTS "
            "ist leer): nur http(s)-Adressen, oder den Ordner auf der Kommandozeile lesen "
            "(manage.py harvest_network --publiccode ORDNER --network NAME)."
        )
    if not any(path.resolve().is_relative_to(root) for root in roots):
        return _(
            "liegt in keinem freigegebenen Ordner (PUBLICCODE_CATALOGUE_ROOTS: %(roots)s)."
        ) % {"roots": ", ".join(str(root) for root in roots)}
    return None


def source_problem(line: str, *, any_folder: bool) -> str | None:
    if len(line) > MAX_SOURCE_LENGTH or "\x00" in line:
        return _("zu lang oder mit unzulässigen Zeichen.")
    if WEB_ADDRESS.match(line):
        try:
            URLValidator(schemes=["http", "https"])(line)
        except ValidationError:
            return _("keine gültige http(s)-Adresse.")
        return None
    if ANY_SCHEME.match(line):
        return _("nur http(s)-Adressen oder Ordner auf dem Server.")
    if not any_folder:
        if not line.startswith("/"):
            return _("weder eine http(s)-Adresse noch ein absoluter Pfad (/…).")
        return folder_problem(Path(line))
    return None


def catalogue_source_problems(text: str, *, any_folder: bool = False) -> list[str]:
    """Each line that cannot be a source, with why; `any_folder` for the command line."""
    lines = catalogue_source_lines(text)
    if len(lines) > MAX_SOURCES:
        return [_("Höchstens %(max)d Quellen je Katalog.") % {"max": MAX_SOURCES}]
    problems = []
    for line in lines:
        problem = source_problem(line, any_folder=any_folder)
        if problem:
            problems.append(f"„{line[:200]}“: {problem}")
    return problems


def catalogue_sources(text: str, *, any_folder: bool = False) -> list[CatalogueSource]:
    """
    The sources of `text`, checked (catalogue_source_problems must be empty);
    paths made absolute, relative ones (command line only) from the working
    directory.
    """
    return [
        CatalogueSource(line, True)
        if WEB_ADDRESS.match(line)
        else CatalogueSource(str(Path(line).absolute()), False)
        for line in catalogue_source_lines(text)
    ]
