"""
Writes with side effects for the registry: importing a project from a
publiccode.yml document. All or nothing; the callers wrap it in a transaction.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from wagtail.actions.convert_alias import ConvertAliasPageAction
from wagtail.models import Locale

from .choices import ContactVisibility
from .models import CityPage, Contact, FieldOfAction, ProjectContact, ProjectPage
from .publiccode import (
    CATEGORY_FIELD_OF_ACTION,
    STATUS_TO_DEVELOPMENT,
    FieldError,
    PubliccodeReadError,
    page_fingerprint,
    publiccode_load,
    publiccode_to_project_fields,
    validate_publiccode,
)
from .publiccode_markdown import body_to_markdown

GERMAN_TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})

# Model field → where it came from in publiccode.yml, for error messages.
MODEL_FIELD_PATHS = {
    "title": "name",
    "slug": "name",
    "repository_url": "url",
    "summary": "description.{language}.shortDescription",
    "body": "description.{language}.longDescription",
    "licence": "legal.license",
    "status": "developmentStatus",
}


class PubliccodeImportError(Exception):
    def __init__(self, errors: list[FieldError]):
        super().__init__("; ".join(str(error) for error in errors))
        self.errors = errors


@dataclass
class PubliccodeImportResult:
    project: ProjectPage
    created: bool
    published: bool
    # The project's translations the file filled, by language code.
    translations: dict


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


def validation_errors_as_field_errors(
    error: ValidationError, *, language: str = "de"
) -> list[FieldError]:
    if not hasattr(error, "error_dict"):
        return [FieldError("(Projekt)", message) for message in error.messages]
    return [
        FieldError(MODEL_FIELD_PATHS.get(name, name).format(language=language), message)
        for name, errors in error.message_dict.items()
        for message in errors
    ]


def page_text_set(page, *, summary: str, body: list[dict]) -> None:
    """
    Summary and body from a description, unless the page says the same already:
    the file carries Markdown, the page may carry formatting it cannot (images,
    tables, figures), which an unchanged re-import keeps.
    """
    new_body = ProjectPage._meta.get_field("body").to_python(body)
    unchanged = page.pk and page.summary == summary
    if unchanged and body_to_markdown(page.body) == body_to_markdown(new_body):
        return
    page.summary = summary
    page.body = new_body


def fields_of_action_for(*, fields: dict, current: list, available=None) -> list:
    """
    The fields of action the file's categories (and features that name one)
    stand for, added to those an editor chose already. `available`: the
    fields of action, read once by a caller that maps many files.
    """
    slugs = {
        CATEGORY_FIELD_OF_ACTION[c] for c in fields["categories"] if c in CATEGORY_FIELD_OF_ACTION
    }
    named = {feature.casefold() for feature in fields["features"]}
    chosen = list(current)
    for field in FieldOfAction.objects.all() if available is None else available:
        if (field.slug in slugs or field.name.casefold() in named) and field not in chosen:
            chosen.append(field)
    return chosen


def project_translation_import(
    *, project: ProjectPage, language: str, content: dict, publish: bool
) -> ProjectPage | None:
    """
    Create or update the project's translation into `language` with a
    description of the file, as Wagtail copies a page for translation (with
    aliases of untranslated parents, as wagtail-localize does). Returns the
    page as saved in its newest revision; None when the installation has no
    locale for the language.
    """
    locale = Locale.objects.filter(language_code=language).first()
    if locale is None:
        return None
    existing = ProjectPage.objects.filter(
        translation_key=project.translation_key, locale=locale
    ).first()
    if existing is not None and existing.alias_of_id:
        # An alias (of a project whose lessons were translated first) shows
        # the German text; the file's description makes it a page of its own.
        ConvertAliasPageAction(existing).execute(skip_permission_checks=True)
        existing.refresh_from_db()
    if existing is not None:
        translation = existing.get_latest_revision_as_object()
    else:
        translation = project.copy_for_translation(locale, copy_parents=True)
        translation = ProjectPage.objects.get(pk=translation.pk)
    translation.title = translation.draft_title = content["title"]
    page_text_set(translation, summary=content["summary"], body=content["body"])
    translation.publiccode_extra = {}  # the German project holds the file's extras
    try:
        revision = translation.save_revision()
    except ValidationError as error:
        raise PubliccodeImportError(
            validation_errors_as_field_errors(error, language=content["key"])
        ) from error
    if publish:
        revision.publish()
    return translation


@transaction.atomic
def project_import_publiccode(
    *, city: CityPage, raw: bytes, publish: bool = False
) -> PubliccodeImportResult:
    """
    Create or update the city's project described by a publiccode.yml file's bytes,
    and its translations into the languages of the file that are switched on.
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
    project.licence = fields["licence"]
    project.reusable_software = True
    # Status: the mapping is many-to-one (operation and completed are both
    # "stable"), so keep a status that maps to the same developmentStatus.
    if created or STATUS_TO_DEVELOPMENT[project.status] != STATUS_TO_DEVELOPMENT[fields["status"]]:
        project.status = fields["status"]
    page_text_set(project, summary=fields["summary"], body=fields["body"])
    current = [] if created else list(project.fields_of_action.all())
    project.fields_of_action = fields_of_action_for(fields=fields, current=current)

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

    # What the page text was at the import, per description: while it stays
    # so, the export writes the file's own description (Markdown and all).
    extra = fields["extra"]
    extra["fingerprints"] = {fields["primary_key"]: page_fingerprint(project)}
    project.publiccode_extra = extra

    # Page.save and save_revision run full_clean; the transaction undoes a half-done import.
    try:
        if created:
            city.add_child(instance=project)
        revision = project.save_revision()
    except ValidationError as error:
        raise PubliccodeImportError(
            validation_errors_as_field_errors(error, language=fields["primary_key"])
        ) from error
    if publish:
        revision.publish()
    project = ProjectPage.objects.get(pk=project.pk)

    translations = {}
    for language, content in fields["translations"].items():
        translation = project_translation_import(
            project=project, language=language, content=content, publish=publish
        )
        if translation is not None:
            translations[language] = translation
            extra["fingerprints"][content["key"]] = page_fingerprint(translation)
    if translations:
        project = project.get_latest_revision_as_object()
        project.publiccode_extra = extra
        revision = project.save_revision()
        if publish:
            revision.publish()
        project = ProjectPage.objects.get(pk=project.pk)
    return PubliccodeImportResult(
        project=project, created=created, published=publish, translations=translations
    )
