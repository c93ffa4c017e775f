"""
The rules of the publiccode.yml standard (https://yml.publiccode.tools/), as
the reference parser (italia/publiccode-parser-go) applies them to a file
without network access: every key the standard defines, its type, whether it
is required, and the format of its value. A key the standard does not define
is an error, as in the reference parser, so that a misspelt key is reported
instead of silently lost.

Every version the reference parser accepts is read by the same rules: it
parses a 0.2 file as the latest version too, and recommends "0" (the major
version) for new files.

Not checked, because they need the network or the file's repository: whether
`url`, `landingURL` and the documentation answer, whether `logo`,
screenshots and `legal.authorsFile` exist, whether a video address offers
oEmbed, and whether an Italian `urn:x-italian-pa:` code is in the IPA
register.
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator

import langcodes
import regex

from .validators import normalise_spdx_expression

# What the reference parser accepts; "0" is what it recommends.
SUPPORTED_VERSIONS = (
    "0",
    "0.2",
    "0.2.0",
    "0.2.1",
    "0.2.2",
    "0.3",
    "0.3.0",
    "0.4",
    "0.4.0",
    "0.5",
    "0.5.0",
    "0.7",
    "0.7.0",
)
RECOMMENDED_VERSION = "0"

DEVELOPMENT_STATUSES = ("concept", "development", "beta", "stable", "obsolete")
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
# The standard's list of software categories (`categories`).
CATEGORIES = frozenset(
    [
        "accounting",
        "agile-project-management",
        "applicant-tracking",
        "application-development",
        "appointment-scheduling",
        "backup",
        "billing-and-invoicing",
        "blog",
        "budgeting",
        "business-intelligence",
        "business-process-management",
        "cad",
        "call-center-management",
        "cloud-management",
        "collaboration",
        "communications",
        "compliance-management",
        "contact-management",
        "content-management",
        "crm",
        "customer-service-and-support",
        "data-analytics",
        "data-collection",
        "data-visualization",
        "design",
        "design-system",
        "digital-asset-management",
        "digital-citizenship",
        "document-management",
        "donor-management",
        "e-commerce",
        "e-signature",
        "educational-content",
        "email-management",
        "email-marketing",
        "employee-management",
        "enterprise-project-management",
        "enterprise-social-networking",
        "erp",
        "event-management",
        "facility-management",
        "feedback-and-reviews-management",
        "financial-reporting",
        "fleet-management",
        "fundraising",
        "gamification",
        "geographic-information-systems",
        "grant-management",
        "graphic-design",
        "help-desk",
        "hr",
        "ide",
        "identity-management",
        "instant-messaging",
        "integrated-library-system",
        "inventory-management",
        "it-asset-management",
        "it-development",
        "it-management",
        "it-security",
        "it-service-management",
        "knowledge-management",
        "learning-management-system",
        "marketing",
        "mind-mapping",
        "mobile-marketing",
        "mobile-payment",
        "network-management",
        "office",
        "online-booking",
        "online-community",
        "payment-gateway",
        "payroll",
        "predictive-analysis",
        "procurement",
        "productivity-suite",
        "project-collaboration",
        "project-management",
        "property-management",
        "real-estate-management",
        "regulations-and-directives",
        "remote-support",
        "resource-management",
        "sales-management",
        "seo",
        "service-desk",
        "social-media-management",
        "survey",
        "talent-management",
        "task-management",
        "taxes-management",
        "test-management",
        "time-management",
        "time-tracking",
        "translation",
        "video-conferencing",
        "video-editing",
        "visitor-management",
        "voip",
        "warehouse-management",
        "web-collaboration",
        "web-conferencing",
        "whistleblowing",
        "website-builder",
        "workflow-management",
        "other",
    ]
)
# The standard's public-administration sectors (`intendedAudience.scope`).
SCOPES = frozenset(
    [
        "agriculture",
        "culture",
        "defence",
        "education",
        "emergency-services",
        "employment",
        "energy",
        "environment",
        "finance-and-economic-development",
        "foreign-affairs",
        "government",
        "healthcare",
        "infrastructures",
        "justice",
        "local-authorities",
        "manufacturing",
        "research",
        "science-and-technology",
        "security",
        "society",
        "sport",
        "tourism",
        "transportation",
        "welfare",
    ]
)
# Short names the standard allows in `supports[].id` as `alias:<name>`.
SUPPORTS_ALIASES = frozenset(
    {"gdpr", "eidas", "nis2", "cra", "spid", "cie", "anpr", "pagopa", "io"}
)

SHORT_DESCRIPTION_MAX = 150
LONG_DESCRIPTION_MIN = 150
LONG_DESCRIPTION_MAX = 10_000
GENERIC_NAME_MAX = 35


@dataclass(frozen=True)
class FieldError:
    """One problem in a publiccode.yml document, at a dotted path such as `legal.license`."""

    path: str
    message: str

    def __str__(self):
        return f"{self.path}: {self.message}"


class WrittenNumber:
    """
    A number that remembers how the file wrote it. The standard has no
    numbers: `phone: +494511220` or `softwareVersion: 1.10` are text that
    YAML reads as numbers, and the reference parser reads the text written.
    """

    source: str


class WrittenInt(WrittenNumber, int):
    pass


class WrittenFloat(WrittenNumber, float):
    pass


def text_of(value):
    """A value at a place the standard wants text: a number as the file wrote it."""
    return value.source if isinstance(value, WrittenNumber) else value


TYPE_NAMES = {
    str: "Text",
    list: "Liste",
    dict: "Abschnitt",
    bool: "true/false",
    int: "Zahl",
    float: "Zahl",
    type(None): "leere Angabe",
    datetime.date: "Datum",
    datetime.datetime: "Zeitpunkt",
}


def type_name(value_type) -> str:
    """The German name of a YAML value's type, for messages (a bool is no number here)."""
    for known in (bool, datetime.datetime, datetime.date, str, list, dict, int, float):
        if issubclass(value_type, known):
            return TYPE_NAMES[known]
    return TYPE_NAMES.get(value_type, value_type.__name__)


# A rule checks one value at a path and returns its problems.
Rule = Callable[[object, str], list[FieldError]]


@dataclass(frozen=True)
class Key:
    rule: Rule
    required: bool = False


def graphemes(text: str) -> int:
    """Characters as a reader counts them (an emoji with its skin tone is one), as the standard."""
    return len(regex.findall(r"\X", text))


def expect(value, expected: type, path: str) -> list[FieldError]:
    if expected is str and isinstance(value, WrittenNumber):
        return []  # text that YAML read as a number
    if isinstance(value, expected) and not (expected is not bool and isinstance(value, bool)):
        return []
    found = type_name(type(value))
    return [FieldError(path, f"Erwartet: {TYPE_NAMES[expected]} (gefunden: {found}).")]


def text(
    *,
    max_length: int | None = None,
    min_length: int | None = None,
    check: Callable[[str], str | None] | None = None,
) -> Rule:
    """Text, at most/at least so many characters, and `check` returns a problem or None."""

    def rule(value, path):
        errors = expect(value, str, path)
        if errors:
            return errors
        value = text_of(value)
        if max_length is not None and graphemes(value) > max_length:
            return [FieldError(path, f"Höchstens {max_length} Zeichen erlaubt.")]
        if min_length is not None and graphemes(value) < min_length:
            return [FieldError(path, f"Mindestens {min_length} Zeichen nötig.")]
        problem = check(value) if check else None
        return [FieldError(path, problem)] if problem else []

    return rule


def required_text(value, path):
    errors = expect(value, str, path)
    if not errors and not text_of(value).strip():
        errors = [FieldError(path, "Darf nicht leer sein.")]
    return errors


def boolean(value, path):
    # YAML 1.1's yes/no/on/off are text here, as in YAML 1.2 and the reference parser.
    return expect(value, bool, path)


def one_of(choices, *, vocabulary: str = "") -> Rule:
    """One of `choices`; a long vocabulary is named instead of listed."""

    def rule(value, path):
        errors = expect(value, str, path)
        if not errors and text_of(value) not in choices:
            allowed = vocabulary or f"erlaubt: {', '.join(choices)}"
            errors = [FieldError(path, f"„{value}“ ist unbekannt ({allowed}).")]
        return errors

    return rule


def date(value, path):
    """YYYY-MM-DD, quoted or not; a time of day is not a date."""
    if isinstance(value, datetime.datetime):
        return [FieldError(path, "Erwartet: Datum im Format JJJJ-MM-TT, ohne Uhrzeit.")]
    if isinstance(value, datetime.date):
        return []
    errors = expect(value, str, path)
    if errors:
        return errors
    value = text_of(value)
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            raise ValueError
        datetime.date.fromisoformat(value)
    except ValueError:
        return [FieldError(path, f"„{value}“ ist kein Datum im Format JJJJ-MM-TT.")]
    return []


def split_address(value: str):
    """The parts of an address, or None for text that is none (spaces, a broken IPv6 host)."""
    if not value or any(character.isspace() for character in value):
        return None
    try:
        return urlsplit(value)
    except ValueError:
        return None


def url_problem(value: str, *, web_only: bool) -> str | None:
    parts = split_address(value)
    if parts is None or not parts.scheme or not (parts.netloc or parts.path):
        return f"„{value}“ ist keine Adresse (z. B. https://…)."
    if web_only and (parts.scheme not in ("http", "https") or not parts.netloc):
        return f"„{value}“ ist keine Web-Adresse (http:// oder https://)."
    return None


def address(*, web_only: bool = True) -> Rule:
    return text(check=lambda value: url_problem(value, web_only=web_only))


def repository_url_problem(value: str) -> str | None:
    if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://\S+$", value.strip()):
        return f"„{value}“ ist keine Adresse eines Repositorys, z. B. https://…/projekt.git."
    return None


def email_problem(value: str) -> str | None:
    try:
        EmailValidator()(value)
    except ValidationError:
        return f"„{value}“ ist keine E-Mail-Adresse."
    return None


def language_tag_problem(value: str) -> str | None:
    """A BCP 47 tag such as de, en-GB or sl-IT-nedis; en_GB (with an underscore) is not one."""
    try:
        valid = bool(re.fullmatch(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*", value))
        valid = valid and langcodes.tag_is_valid(value)
    except ValueError:
        valid = False
    if not valid:
        return f"„{value}“ ist kein Sprachcode nach BCP 47 (z. B. „de“, „en-GB“)."
    return None


def country_problem(value: str) -> str | None:
    """ISO 3166-1 alpha-2, all capitals (all small letters are still read, mixed case not)."""
    if not re.fullmatch(r"[A-Z]{2}|[a-z]{2}", value) or not langcodes.tag_is_valid(
        f"und-{value.upper()}"
    ):
        return f"„{value}“ ist kein Ländercode nach ISO 3166-1 (z. B. „DE“)."
    return None


def mime_type_problem(value: str) -> str | None:
    if not re.fullmatch(r" *[A-Za-z0-9][\w!#$&^-]{0,126}/[A-Za-z0-9][\w!#$&^.+-]{0,126} *", value):
        return f"„{value}“ ist kein MIME-Typ (z. B. „text/csv“)."
    return None


def licence_problem(value: str) -> str | None:
    try:
        normalise_spdx_expression(value)
    except ValidationError as error:
        return " ".join(error.messages)
    return None


def uri_problem(value: str, *, aliases: frozenset = frozenset()) -> str | None:
    """An absolute URL (scheme and host) or a URN (urn:<namespace>:<text>)."""
    if aliases and value.startswith("alias:"):
        if value.removeprefix("alias:") in aliases:
            return None
        return f"„{value}“: unbekannter Kurzname (bekannt: {', '.join(sorted(aliases))})."
    if re.fullmatch(r"(?i)urn:[a-z0-9][a-z0-9-]{0,31}:\S+", value):
        return None
    parts = split_address(value)
    if parts is not None and parts.scheme and parts.netloc:
        return None
    return f"„{value}“ ist weder eine Adresse (https://…) noch eine URN (urn:…)."


def file_or_address(*, extensions: tuple[str, ...]) -> Rule:
    """A path relative to the repository or a web address, of a file with one of `extensions`."""

    def check(value: str) -> str | None:
        parts = split_address(value)
        if parts is None:
            return f"„{value}“ ist weder eine Web-Adresse noch ein Pfad im Repository."
        if parts.scheme and parts.scheme not in ("http", "https"):
            return f"„{value}“: nur eine Web-Adresse oder ein Pfad im Repository ist erlaubt."
        if not parts.scheme and value.startswith("/"):
            return f"„{value}“: ein Pfad im Repository beginnt nicht mit „/“."
        if not parts.path.lower().endswith(extensions):
            return f"„{value}“: erlaubt sind Dateien mit {', '.join(extensions)}."
        return None

    return text(check=check)


def list_of(item: Rule, *, non_empty: bool = False) -> Rule:
    def rule(value, path):
        errors = expect(value, list, path)
        if errors:
            return errors
        if non_empty and not value:
            return [FieldError(path, "Mindestens ein Eintrag ist nötig.")]
        for index, entry in enumerate(value):
            errors += item(entry, f"{path}[{index}]")
        return errors

    return rule


def address_or_addresses(value, path):
    if isinstance(value, list):
        return list_of(address(web_only=False))(value, path)
    return address(web_only=False)(value, path)


def mapping(keys: dict[str, Key], *, then: Callable | None = None) -> Rule:
    """
    A section with these keys. A key given as null (`key:` with nothing after
    it) counts as absent, as in the reference parser. `then` checks rules
    across keys once the keys themselves are right.
    """

    def rule(value, path):
        errors = expect(value, dict, path)
        if errors:
            return errors
        prefix = f"{path}." if path else ""
        for key in value:
            if key not in keys:
                errors.append(
                    FieldError(
                        f"{prefix}{key}", "Diesen Schlüssel kennt der Standard nicht (Tippfehler?)."
                    )
                )
        for key, spec in keys.items():
            item = value.get(key)
            if item is None:
                if spec.required:
                    errors.append(FieldError(f"{prefix}{key}", "Pflichtangabe fehlt."))
                continue
            errors += spec.rule(item, f"{prefix}{key}")
        if not errors and then is not None:
            errors += then(value, path)
        return errors

    return rule


def described_languages(value, path):
    errors = expect(value, dict, path)
    if errors:
        return errors
    if not value:
        return [FieldError(path, "Mindestens eine Sprache, z. B. „de“, ist nötig.")]
    for language, description in value.items():
        problem = language_tag_problem(language)
        if problem:
            errors.append(FieldError(f"{path}.{language}", problem))
        errors += DESCRIPTION(description, f"{path}.{language}")
    return errors


def maintenance_rules(value, path):
    """Contractors exactly when maintained by contract; contacts when internal or community."""
    kind = value["type"]
    errors = []
    if kind == "contract" and value.get("contractors") is None:
        errors.append(FieldError(f"{path}.contractors", "Pflichtangabe bei Wartung „contract“."))
    if kind != "contract" and value.get("contractors") is not None:
        errors.append(FieldError(f"{path}.contractors", "Nur bei Wartung „contract“ erlaubt."))
    if kind in ("internal", "community") and value.get("contacts") is None:
        errors.append(
            FieldError(f"{path}.contacts", "Pflichtangabe bei Wartung „internal“/„community“.")
        )
    return errors


ORGANISATION = mapping({"name": Key(text()), "uri": Key(text(check=uri_problem), required=True)})
DESCRIPTION = mapping(
    {
        "localisedName": Key(text()),
        "genericName": Key(text(max_length=GENERIC_NAME_MAX)),
        "shortDescription": Key(text(max_length=SHORT_DESCRIPTION_MAX), required=True),
        "longDescription": Key(
            text(min_length=LONG_DESCRIPTION_MIN, max_length=LONG_DESCRIPTION_MAX),
            required=True,
        ),
        "documentation": Key(address()),
        "apiDocumentation": Key(address()),
        "features": Key(list_of(text(), non_empty=True), required=True),
        "screenshots": Key(list_of(file_or_address(extensions=(".jpg", ".png")))),
        "videos": Key(list_of(address())),
        "awards": Key(list_of(text())),
    }
)
DEPENDENCIES = list_of(
    mapping(
        {
            "name": Key(required_text, required=True),
            "versionMin": Key(text()),
            "versionMax": Key(text()),
            "version": Key(text()),
            "optional": Key(boolean),
        }
    )
)
COUNTRY_SECTION = mapping(
    {
        "countryExtensionVersion": Key(one_of(("0.2", "1.0"))),
        "conforme": Key(
            mapping(
                {
                    "lineeGuidaDesign": Key(boolean),
                    "modelloInteroperabilita": Key(boolean),
                    "misureMinimeSicurezza": Key(boolean),
                    "gdpr": Key(boolean),
                }
            )
        ),
        "riuso": Key(mapping({"codiceIPA": Key(text())})),
        "piattaforme": Key(
            mapping({name: Key(boolean) for name in ("spid", "pagopa", "cie", "anpr", "io")})
        ),
    }
)


def one_country_section(value, path):
    if value.get("IT") is not None and value.get("it") is not None:
        return [FieldError("it", "„IT“ steht schon in der Datei; „it“ bitte entfernen.")]
    return []


DOCUMENT = mapping(
    {
        "publiccodeYmlVersion": Key(one_of(SUPPORTED_VERSIONS), required=True),
        "name": Key(required_text, required=True),
        "applicationSuite": Key(text()),
        "url": Key(text(check=repository_url_problem), required=True),
        "landingURL": Key(address()),
        "isBasedOn": Key(address_or_addresses),
        "softwareVersion": Key(text()),
        "releaseDate": Key(date),
        "logo": Key(file_or_address(extensions=(".svg", ".svgz", ".png"))),
        "monochromeLogo": Key(file_or_address(extensions=(".svg", ".svgz", ".png"))),
        "organisation": Key(ORGANISATION),
        "inputTypes": Key(list_of(text(check=mime_type_problem))),
        "outputTypes": Key(list_of(text(check=mime_type_problem))),
        "platforms": Key(list_of(text(), non_empty=True), required=True),
        "categories": Key(
            list_of(one_of(CATEGORIES, vocabulary="siehe die Kategorien des Standards"))
        ),
        "usedBy": Key(list_of(text())),
        "fundedBy": Key(list_of(ORGANISATION)),
        "roadmap": Key(address()),
        "developmentStatus": Key(one_of(DEVELOPMENT_STATUSES), required=True),
        "softwareType": Key(one_of(SOFTWARE_TYPES), required=True),
        "supports": Key(
            list_of(
                mapping(
                    {
                        "id": Key(
                            text(check=lambda v: uri_problem(v, aliases=SUPPORTS_ALIASES)),
                            required=True,
                        )
                    }
                )
            )
        ),
        "intendedAudience": Key(
            mapping(
                {
                    "scope": Key(
                        list_of(one_of(SCOPES, vocabulary="siehe die Bereiche des Standards"))
                    ),
                    "countries": Key(list_of(text(check=country_problem))),
                    "unsupportedCountries": Key(list_of(text(check=country_problem))),
                }
            )
        ),
        "description": Key(described_languages, required=True),
        "legal": Key(
            mapping(
                {
                    "license": Key(text(check=licence_problem), required=True),
                    "mainCopyrightOwner": Key(text()),
                    "repoOwner": Key(text()),
                    "authorsFile": Key(text()),
                }
            ),
            required=True,
        ),
        "maintenance": Key(
            mapping(
                {
                    "type": Key(one_of(MAINTENANCE_TYPES), required=True),
                    "contractors": Key(
                        list_of(
                            mapping(
                                {
                                    "name": Key(required_text, required=True),
                                    "email": Key(text(check=email_problem)),
                                    "website": Key(address()),
                                    "until": Key(date, required=True),
                                }
                            )
                        )
                    ),
                    "contacts": Key(
                        list_of(
                            mapping(
                                {
                                    "name": Key(required_text, required=True),
                                    "email": Key(text(check=email_problem)),
                                    "phone": Key(text()),
                                    "affiliation": Key(text()),
                                }
                            )
                        )
                    ),
                },
                then=maintenance_rules,
            ),
            required=True,
        ),
        "localisation": Key(
            mapping(
                {
                    "localisationReady": Key(boolean, required=True),
                    "availableLanguages": Key(
                        list_of(text(check=language_tag_problem), non_empty=True), required=True
                    ),
                }
            ),
            required=True,
        ),
        "dependsOn": Key(
            mapping(
                {
                    "open": Key(DEPENDENCIES),
                    "proprietary": Key(DEPENDENCIES),
                    "hardware": Key(DEPENDENCIES),
                }
            )
        ),
        "IT": Key(COUNTRY_SECTION),
        # The lower-case spelling is deprecated but still read.
        "it": Key(COUNTRY_SECTION),
    },
    then=one_country_section,
)


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


def version_problem(data: dict) -> list[FieldError]:
    """The version first: which rules apply depends on it, and a wrong one explains the rest."""
    raw = data.get("publiccodeYmlVersion")
    if raw is None:
        return [FieldError("publiccodeYmlVersion", "Pflichtangabe fehlt.")]
    if not isinstance(raw, str):
        return [
            FieldError(
                "publiccodeYmlVersion",
                f'Muss Text in Anführungszeichen sein, z. B. "{RECOMMENDED_VERSION}", '
                f"nicht {raw!r}.",
            )
        ]
    if raw not in SUPPORTED_VERSIONS:
        return [
            FieldError(
                "publiccodeYmlVersion",
                f"Version „{raw}“ wird nicht unterstützt (unterstützt: "
                f"{', '.join(SUPPORTED_VERSIONS)}; empfohlen: „{RECOMMENDED_VERSION}“).",
            )
        ]
    return []


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
    errors = version_problem(data)
    if errors:
        return errors
    return DOCUMENT(data, "")
