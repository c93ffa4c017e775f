"""
Writes with side effects for the registry: importing a project from a
publiccode.yml document. All or nothing; the callers wrap it in a transaction.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from .choices import ContactVisibility
from .models import CityPage, Contact, FieldOfAction, ProjectContact, ProjectPage
from .publiccode import (
    STATUS_TO_DEVELOPMENT,
    FieldError,
    PubliccodeReadError,
    body_paragraphs,
    publiccode_load,
    publiccode_to_project_fields,
    validate_publiccode,
)

GERMAN_TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})

# Model field → where it came from in publiccode.yml, for error messages.
MODEL_FIELD_PATHS = {
    "title": "name",
    "slug": "name",
    "repository_url": "url",
    "summary": "description.de.shortDescription",
    "licence": "legal.license",
    "status": "developmentStatus",
}


# taggit's Tag.name; a longer feature would fail in the database, not in validation.
TAG_NAME_MAX = 100


class PubliccodeImportError(Exception):
    def __init__(self, errors: list[FieldError]):
        super().__init__("; ".join(str(error) for error in errors))
        self.errors = errors


@dataclass
class PubliccodeImportResult:
    project: ProjectPage
    created: bool
    published: bool


def publiccode_parse(raw: bytes) -> dict:
    """Parse a file's bytes, or raise PubliccodeImportError with the place of the problem."""
    try:
        data = publiccode_load(raw)
    except PubliccodeReadError as error:
        raise PubliccodeImportError([error.error]) from error
    errors = validate_publiccode(data)
    if errors:
        raise PubliccodeImportError(errors)
    return data


def normalise_repository_url(url: str) -> str:
    url = url.strip().rstrip("/")
    return url[:-4] if url.endswith(".git") else url


def project_matching(*, city: CityPage, repository_url: str) -> ProjectPage | None:
    """The city's project with this repository (with or without `.git`, trailing slash)."""
    wanted = normalise_repository_url(repository_url)
    candidates = ProjectPage.objects.child_of(city).exclude(repository_url="")
    for project in candidates.order_by("pk"):
        if normalise_repository_url(project.repository_url) == wanted:
            return project
    return None


def unique_slug(*, city: CityPage, title: str) -> str:
    base = slugify(title.lower().translate(GERMAN_TRANSLITERATION))[:70] or "projekt"
    slug, number = base, 2
    taken = set(city.get_children().values_list("slug", flat=True))
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def contact_for_import(*, city: CityPage, entry: dict) -> Contact:
    """An existing contact of the city (by e-mail, else by name), or a new public one."""
    contact = None
    if entry["email"]:
        contact = Contact.objects.filter(city=city, email__iexact=entry["email"]).first()
    if contact is None:
        contact = Contact.objects.filter(city=city, name=entry["name"]).first()
    if contact is None:
        # Published in the publiccode.yml already, so public here too.
        contact = Contact(
            city=city,
            name=entry["name"],
            email=entry["email"],
            phone=entry["phone"],
            organisation=entry["organisation"],
            visibility=ContactVisibility.PUBLIC,
        )
        contact.full_clean()
        contact.save()
    return contact


def stream_paragraphs(paragraphs: list[str]) -> list[dict]:
    from django.utils.html import escape

    return [{"type": "paragraph", "value": f"<p>{escape(text)}</p>"} for text in paragraphs]


def validation_errors_as_field_errors(error: ValidationError) -> list[FieldError]:
    if not hasattr(error, "error_dict"):
        return [FieldError("(Projekt)", message) for message in error.messages]
    return [
        FieldError(MODEL_FIELD_PATHS.get(name, name), message)
        for name, errors in error.message_dict.items()
        for message in errors
    ]


@transaction.atomic
def project_import_publiccode(
    *, city: CityPage, raw: bytes, publish: bool = False
) -> PubliccodeImportResult:
    """
    Create or update the city's project described by a publiccode.yml file's bytes.
    A new project is a draft unless `publish`; an update is saved as a new
    revision (published only with `publish`), so editors review imports.
    Raises PubliccodeImportError and changes nothing on any error.
    """
    data = publiccode_parse(raw)
    fields = publiccode_to_project_fields(data=data)
    existing = project_matching(city=city, repository_url=fields["repository_url"])
    created = existing is None
    if created:
        project = ProjectPage(slug=unique_slug(city=city, title=fields["title"]), live=publish)
    else:
        project = existing.get_latest_revision_as_object()

    project.title = fields["title"]
    project.draft_title = fields["title"]
    project.repository_url = fields["repository_url"]
    project.summary = fields["summary"]
    project.licence = fields["licence"]
    project.reusable_software = True
    # Status: the mapping is many-to-one (operation and completed are both
    # "stable"), so keep a status that maps to the same developmentStatus.
    if created or STATUS_TO_DEVELOPMENT[project.status] != STATUS_TO_DEVELOPMENT[fields["status"]]:
        project.status = fields["status"]
    # The body travels as plain text; keep the formatted body when its text is unchanged.
    if created or body_paragraphs(project.body) != fields["body_paragraphs"]:
        project.body = stream_paragraphs(fields["body_paragraphs"])

    vocabulary = {item.name.casefold(): item for item in FieldOfAction.objects.all()}
    fields_of_action = [
        vocabulary[f.casefold()] for f in fields["features"] if f.casefold() in vocabulary
    ]
    tags = [f for f in fields["features"] if f.casefold() not in vocabulary]
    too_long = [tag for tag in tags if len(tag) > TAG_NAME_MAX]
    if too_long:
        raise PubliccodeImportError(
            [
                FieldError(
                    "description.features", f"„{tag[:40]}…“ ist länger als {TAG_NAME_MAX} Zeichen."
                )
                for tag in too_long
            ]
        )
    project.fields_of_action = fields_of_action
    project.tags.set(tags)

    try:
        contacts = [contact_for_import(city=city, entry=entry) for entry in fields["contacts"]]
    except ValidationError as error:
        raise PubliccodeImportError(
            [
                FieldError(f"maintenance.contacts.{e.path}", e.message)
                for e in validation_errors_as_field_errors(error)
            ]
        ) from error
    linked = {link.contact_id for link in project.project_contacts.all()}
    links = list(project.project_contacts.all())
    for contact in contacts:
        if contact.pk not in linked:
            links.append(ProjectContact(contact=contact, sort_order=len(links)))
            linked.add(contact.pk)
    project.project_contacts = links

    # Page.save and save_revision run full_clean; the transaction undoes a half-done import.
    try:
        if created:
            city.add_child(instance=project)
        revision = project.save_revision()
    except ValidationError as error:
        raise PubliccodeImportError(validation_errors_as_field_errors(error)) from error
    if publish:
        revision.publish()
    project = ProjectPage.objects.get(pk=project.pk)
    return PubliccodeImportResult(project=project, created=created, published=publish)
