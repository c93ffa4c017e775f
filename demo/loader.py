"""
Turn the demo data files (`demo/content/`, read by `demo.data_files`) into
pages, contacts and users.

Every `ensure_*` function looks its object up by a stable key first (slug under
the parent page, name and city for a contact, username for a user, the first
term for a synonym group) and creates
it only when it is missing. An object that exists is left exactly as it is,
even when the data here has changed since: the loader never overwrites an
editor's work and never adds a revision on a second run.

Pages are created the way an editor would create them: added to the tree, then
saved as a revision and published, so each has a live revision in its history
(https://docs.wagtail.org/en/stable/reference/pages/model_reference.html#wagtail.models.Page.save_revision).
"""

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from wagtail.models import Locale, Page

from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from core.locales import content_locales_ensure
from core.models import SynonymGroup
from core.search.models import synonym_terms_split, term_stems
from demo.data_files import (
    CITY_FIELDS,
    CONTACT_FIELDS,
    CONTENT_DIR,
    PROJECT_FIELDS,
    DemoContent,
    demo_content_read,
)
from demo.translations import (
    TRANSLATION_LANGUAGES,
    demo_translations_ensure,
    demo_translations_read,
)
from governance.services import governance_ensure_all
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
from registry.similar import similar_projects_refresh_all

# The kinds of object the report counts, in the order the summary lists them.
REPORT_KINDS = {
    "home": "Startseite (Titel, Einleitung)",
    "section": "Bereichsseiten",
    "standard": "Standardseiten",
    "machine_translated": "Maschinell übersetzte Seite",
    "city": "Städte",
    "project": "Projekte",
    "lesson": "Erfahrungen",
    "article": "Wissensartikel",
    "news": "Nachrichten",
    "contact": "Kontakte",
    "transfer": "Übernahmen",
    "synonym": "Synonymgruppen",
    "translation": "Übersetzte Seiten",
    "user": "Benutzer",
}


class DemoContentError(Exception):
    """The database is not in a state the demo content can be loaded into."""


@dataclass
class DemoLogin:
    username: str
    password: str
    role: str


@dataclass
class DemoLoadReport:
    """What one run created and what it found already present, per kind."""

    created: Counter = field(default_factory=Counter)
    present: Counter = field(default_factory=Counter)
    logins: list[DemoLogin] = field(default_factory=list)
    users_loaded: bool = False
    # Pages left untranslated because their German page changed since loading.
    skipped: list[str] = field(default_factory=list)

    def record(self, kind: str, *, created: bool) -> None:
        (self.created if created else self.present)[kind] += 1

    @property
    def total_created(self) -> int:
        return sum(self.created.values())


# --------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------


def load_demo_content(*, with_users: bool, content_dir: Path = CONTENT_DIR) -> DemoLoadReport:
    """
    Create whatever part of the demo content is missing, all or nothing: the
    data files are read and checked completely before the first write
    (`DemoDataError` lists what is wrong), and the writes share one transaction.
    """
    report = DemoLoadReport()
    with transaction.atomic():
        content = demo_content_read(content_dir=content_dir)
        translations = [
            demo_translations_read(content=content, content_dir=content_dir, language=language)
            for language in TRANSLATION_LANGUAGES
        ]
        home = home_page_update(content=content, report=report)
        standard_pages_ensure(home=home, content=content, report=report)
        machine_translated_page_ensure(home=home, content=content, report=report)
        sections = content.sections
        city_index = section_page_ensure(
            parent=home, page_class=CityIndexPage, data=sections["cities"], report=report
        )
        knowledge_index = section_page_ensure(
            parent=home, page_class=KnowledgeIndexPage, data=sections["knowledge"], report=report
        )
        news_index = section_page_ensure(
            parent=home, page_class=NewsIndexPage, data=sections["news"], report=report
        )
        cities = cities_ensure(index=city_index, content=content, report=report)
        contacts = contacts_ensure(cities=cities, content=content, report=report)
        projects = projects_ensure(cities=cities, contacts=contacts, content=content, report=report)
        child_pages_ensure(
            parent=knowledge_index,
            page_class=ArticlePage,
            items=content.articles,
            build=partial(build_article_page, projects=projects, content=content),
            report=report,
            kind="article",
        )
        child_pages_ensure(
            parent=news_index,
            page_class=NewsPage,
            items=content.news,
            build=partial(build_news_page, cities=cities, projects=projects, content=content),
            report=report,
            kind="news",
        )
        transfers_ensure(projects=projects, content=content, report=report)
        # Publishing keeps the lists of similar projects, but a run that finds
        # every page present publishes nothing: recompute them all (cheap at
        # this size), so a database loaded before they were stored gets them.
        similar_projects_refresh_all()
        synonyms_ensure(content=content, report=report)
        # Groups, collections and review workflows per city, press and alliance.
        governance_ensure_all()
        # After governance: a translation gets its German page's rights and workflow.
        for language_translations in filter(None, translations):
            demo_translations_ensure(
                content=content, translations=language_translations, report=report
            )
        if with_users:
            demo_users_ensure(content=content, report=report)
    return report


# --------------------------------------------------------------------------
# Pages in general
# --------------------------------------------------------------------------


def child_page_ensure[P: Page](
    *,
    parent: Page,
    page_class: type[P],
    slug: str,
    build: Callable[[], P],
    report: DemoLoadReport,
    kind: str,
) -> P:
    """
    Return the child of `parent` with `slug`, creating and publishing it from
    `build()` when there is none. `build` is only called when needed, so a
    second run neither creates tags nor touches the page.
    """
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        existing = existing.specific
        if not isinstance(existing, page_class):
            raise DemoContentError(
                f"Unter „{parent.title}“ gibt es schon eine Seite „{slug}“ vom Typ "
                f"{type(existing).__name__}, erwartet wird {page_class.__name__}. "
                "Bitte die Seite umbenennen oder löschen."
            )
        report.record(kind, created=False)
        return existing

    page = build()
    page.slug = slug
    parent.add_child(instance=page)
    page.save_revision().publish()
    report.record(kind, created=True)
    # Re-read: publishing saved a copy built from the revision, not `page`.
    return page_class.objects.get(pk=page.pk)


def child_pages_ensure[P: Page](
    *,
    parent: Page,
    page_class: type[P],
    items: list[dict],
    build: Callable[[dict], P],
    report: DemoLoadReport,
    kind: str,
) -> list[P]:
    """`child_page_ensure` for each entry of a data file's list, in the file's order."""
    return [
        child_page_ensure(
            parent=parent,
            page_class=page_class,
            slug=data["slug"],
            build=partial(build, data),
            report=report,
            kind=kind,
        )
        for data in items
    ]


def stream_data(blocks: Iterable[dict[str, str]], *, notice: str = "") -> list[dict]:
    """
    StreamField data for `core.blocks.BodyBlock` from the data files'
    `heading: text` and `paragraph: html` entries (checked by
    `demo.data_files.Blocks`), with the demo notice as the first paragraph.
    """
    data = [{"type": "paragraph", "value": f"<p>{notice}</p>"}] if notice else []
    for block in blocks:
        ((block_type, value),) = block.items()
        if block_type == "heading":
            data.append({"type": "heading", "value": {"text": value, "level": "h2"}})
        else:
            data.append({"type": "paragraph", "value": value})
    return data


def demo_summary(text: str, *, content: DemoContent) -> str:
    return f"{content.demo_prefix}{text}"


def fields_of_action_by_slug(slugs: Iterable[str]) -> list[FieldOfAction]:
    """The seeded fields of action (registry migration 0002) for these slugs."""
    slugs = list(slugs)
    found = {item.slug: item for item in FieldOfAction.objects.filter(slug__in=slugs)}
    missing = [slug for slug in slugs if slug not in found]
    if missing:
        raise DemoContentError(
            f"Handlungsfelder fehlen: {', '.join(missing)}. Ist `manage.py migrate` gelaufen?"
        )
    return [found[slug] for slug in slugs]


# --------------------------------------------------------------------------
# Home page, sections and standard pages
# --------------------------------------------------------------------------


def home_page_update(*, content: DemoContent, report: DemoLoadReport) -> HomePage:
    """Give the home page (created by migration home 0003) its title and intro."""
    home = HomePage.objects.first()
    if home is None:
        raise DemoContentError("Keine Startseite gefunden. Bitte zuerst `manage.py migrate`.")
    wanted = content.home_page
    if home.title == wanted["title"] and home.intro == wanted["intro"]:
        report.record("home", created=False)
        return home
    home.title = wanted["title"]
    home.draft_title = wanted["title"]
    home.intro = wanted["intro"]
    home.save_revision().publish()
    report.record("home", created=True)
    return HomePage.objects.get(pk=home.pk)


def section_page_ensure[P: Page](
    *, parent: HomePage, page_class: type[P], data: dict, report: DemoLoadReport
) -> P:
    def build():
        return page_class(
            title=data["title"], intro=data["intro"], show_in_menus=data["show_in_menus"]
        )

    return child_page_ensure(
        parent=parent,
        page_class=page_class,
        slug=data["slug"],
        build=build,
        report=report,
        kind="section",
    )


def build_standard_page(data: dict) -> StandardPage:
    return StandardPage(
        title=data["title"],
        intro=data["intro"],
        body=stream_data(data["body"]),
        show_in_menus=data["show_in_menus"],
    )


def standard_pages_ensure(*, home: HomePage, content: DemoContent, report: DemoLoadReport) -> None:
    child_pages_ensure(
        parent=home,
        page_class=StandardPage,
        items=content.standard_pages,
        build=build_standard_page,
        report=report,
        kind="standard",
    )


def machine_translated_page_ensure(
    *, home: HomePage, content: DemoContent, report: DemoLoadReport
) -> None:
    """
    The one page in a third language (machine_translation.yaml), stored as
    the translation editor's machine pre-fill stores it: wagtail-localize's
    strings of type "machine", then published, so the page shows the notice
    "machine-translated" (core.machine_translation) until a city's editor
    reviews it. Only where its language is switched on (CONTENT_LANGUAGES;
    `make run` switches Polish on); otherwise nothing is done.
    """
    data = content.machine_translated_page
    if data["language"] not in dict(settings.WAGTAIL_CONTENT_LANGUAGES):
        return
    content_locales_ensure()
    locale = Locale.objects.get(language_code=data["language"])
    page = home.get_children().filter(slug=data["page"]).first()
    if page is None:
        raise DemoContentError(f"Die Seite „{data['page']}“ fehlt unter der Startseite.")
    page = page.specific
    if Page.objects.filter(translation_key=page.translation_key, locale=locale).exists():
        report.record("machine_translated", created=False)
        return
    source, _created = TranslationSource.get_or_create_from_instance(page)
    translation, _created = Translation.objects.update_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    translated = {entry["source"]: entry["translation"] for entry in data["strings"]}
    missing = []
    for segment in source.stringsegment_set.select_related("string", "context").order_by("order"):
        text = translated.get(segment.string.data)
        if text is None:
            if segment.string.data.strip():
                missing.append(segment.string.data)
            continue
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={
                "data": text,
                "translation_type": StringTranslation.TRANSLATION_TYPE_MACHINE,
                "tool_name": data["tool"],
            },
        )
    if missing:
        raise DemoContentError(
            "machine_translation.yaml: Es fehlt die Übersetzung von "
            + "; ".join(f"„{text}“" for text in missing)
        )
    # Published when the transaction commits (wagtail-localize).
    translation.save_target(publish=True)
    report.record("machine_translated", created=True)


# --------------------------------------------------------------------------
# Registry: cities, contacts, projects and their lessons
# --------------------------------------------------------------------------


def cities_ensure(
    *, index: CityIndexPage, content: DemoContent, report: DemoLoadReport
) -> dict[str, CityPage]:
    """The member cities with their official facts; keyed by slug."""
    cities = {}
    for data in content.cities:

        def build(data=data):
            return CityPage(**{name: data[name] for name in CITY_FIELDS})

        cities[data["slug"]] = child_page_ensure(
            parent=index,
            page_class=CityPage,
            slug=data["slug"],
            build=build,
            report=report,
            kind="city",
        )
    return cities


def contacts_ensure(
    *, cities: dict[str, CityPage], content: DemoContent, report: DemoLoadReport
) -> dict[str, Contact]:
    """Functional mailboxes and invented persons; keyed by name (unique in the data)."""
    contacts = {}
    for data in content.contacts:
        city = cities[data["city"]]
        contact = Contact.objects.filter(name=data["name"], city=city).first()
        if contact is None:
            contact = Contact(
                name=data["name"],
                city=city,
                last_confirmed=content.contacts_last_confirmed,
                **{name: data[name] for name in CONTACT_FIELDS},
            )
            contact.full_clean()
            contact.save()
            report.record("contact", created=True)
        else:
            report.record("contact", created=False)
        contacts[data["name"]] = contact
    return contacts


def build_project_page(
    data: dict,
    *,
    cities: dict[str, CityPage],
    contacts: dict[str, Contact],
    content: DemoContent,
) -> ProjectPage:
    page = ProjectPage(
        summary=demo_summary(data["summary"], content=content),
        body=stream_data(data["body"], notice=content.demo_notices["project"]),
        **{name: data[name] for name in PROJECT_FIELDS},
    )
    page.fields_of_action = fields_of_action_by_slug(data["fields_of_action"])
    page.partner_cities = [cities[slug] for slug in data["partner_cities"]]
    page.tags.add(*data["tags"])
    page.project_contacts = [
        ProjectContact(
            contact=contacts[entry["contact"]], role_in_project=entry["role"], sort_order=position
        )
        for position, entry in enumerate(data["contacts"])
    ]
    return page


def projects_ensure(
    *,
    cities: dict[str, CityPage],
    contacts: dict[str, Contact],
    content: DemoContent,
    report: DemoLoadReport,
) -> dict[str, ProjectPage]:
    """Each city's projects and their lessons; keyed by "city slug/project slug"."""
    projects = {}
    for city_slug, city_projects in content.projects.items():
        for data in city_projects:
            project = child_page_ensure(
                parent=cities[city_slug],
                page_class=ProjectPage,
                slug=data["slug"],
                build=lambda data=data: build_project_page(
                    data, cities=cities, contacts=contacts, content=content
                ),
                report=report,
                kind="project",
            )
            lessons_ensure(project=project, lessons=data["lessons"], content=content, report=report)
            projects[f"{city_slug}/{data['slug']}"] = project
    return projects


def build_lesson_page(data: dict, *, content: DemoContent) -> LessonPage:
    page = LessonPage(
        title=data["title"],
        summary=demo_summary(data["summary"], content=content),
        kind=data["kind"],
        phase=data["phase"],
        body=stream_data(data["body"], notice=content.demo_notices["lesson"]),
        do_differently=data["do_differently"],
    )
    page.tags.add(*data["tags"])
    return page


def lessons_ensure(
    *, project: ProjectPage, lessons: list[dict], content: DemoContent, report: DemoLoadReport
) -> None:
    child_pages_ensure(
        parent=project,
        page_class=LessonPage,
        items=lessons,
        build=partial(build_lesson_page, content=content),
        report=report,
        kind="lesson",
    )


# --------------------------------------------------------------------------
# Knowledge and news
# --------------------------------------------------------------------------


def build_article_page(
    data: dict, *, projects: dict[str, ProjectPage], content: DemoContent
) -> ArticlePage:
    page = ArticlePage(
        title=data["title"],
        summary=demo_summary(data["summary"], content=content),
        body=stream_data(data["body"], notice=content.demo_notices["article"]),
    )
    page.fields_of_action = fields_of_action_by_slug(data["fields_of_action"])
    page.related_projects = [projects[key] for key in data["related_projects"]]
    page.tags.add(*data["tags"])
    return page


def build_news_page(
    data: dict,
    *,
    cities: dict[str, CityPage],
    projects: dict[str, ProjectPage],
    content: DemoContent,
) -> NewsPage:
    """The founding news reports real facts and carries no demo marker."""
    is_demo = data["is_demo"]
    page = NewsPage(
        title=data["title"],
        date=data["date"],
        teaser=demo_summary(data["teaser"], content=content) if is_demo else data["teaser"],
        body=stream_data(data["body"], notice=content.demo_notices["news"] if is_demo else ""),
    )
    page.related_cities = [cities[slug] for slug in data["related_cities"]]
    page.related_projects = [projects[key] for key in data["related_projects"]]
    page.tags.add(*data["tags"])
    return page


# --------------------------------------------------------------------------
# Users
# --------------------------------------------------------------------------


def demo_users_ensure(*, content: DemoContent, report: DemoLoadReport) -> None:
    """
    A superuser and one account per role (users.yaml), all with the demo
    password. Roles are groups of `governance.services`; an account that still
    has the demo password is put into its groups again, so an old demo
    database gets the current roles.
    """
    user_model = get_user_model()
    groups = {group.name: group for group in Group.objects.all()}
    demo_password = content.password
    missing = sorted({name for data in content.users for name in data["groups"]} - set(groups))
    if missing:
        raise DemoContentError(
            f"Gruppen fehlen: {', '.join(missing)}. Heißt eine Stadt inzwischen anders als "
            "in cities.yaml? Dann die Gruppen in users.yaml anpassen."
        )
    for data in content.users:
        user = user_model.objects.filter(username=data["username"]).first()
        if user is None:
            names = {
                "email": data["email"],
                "first_name": data["first_name"],
                "last_name": data["last_name"],
            }
            if data["is_superuser"]:
                user = user_model.objects.create_superuser(
                    data["username"], password=demo_password, **names
                )
            else:
                user = user_model.objects.create_user(
                    data["username"], password=demo_password, is_staff=True, **names
                )
            report.record("user", created=True)
            password = demo_password
        else:
            report.record("user", created=False)
            # An account someone created by hand keeps its own password; don't print ours.
            password = demo_password if user.check_password(demo_password) else "(eigenes Passwort)"
        if password == demo_password and data["groups"]:
            user.groups.add(*(groups[name] for name in data["groups"]))
        report.logins.append(DemoLogin(data["username"], password, data["role"]))
    report.users_loaded = True


# --------------------------------------------------------------------------
# Transfers between cities („übernommen von“)
# --------------------------------------------------------------------------


def transfers_ensure(
    *, projects: dict[str, ProjectPage], content: DemoContent, report: DemoLoadReport
) -> None:
    """
    Each transfer is a child of the adopting project, so it is added to the
    page and published as a new revision, as an editor would; a transfer that
    exists is left alone.
    """
    for data in content.transfers:
        source = projects[data["source"]]
        adopting = projects[data["adopting"]]
        if Transfer.objects.filter(source_project=source, adopting_project=adopting).exists():
            report.record("transfer", created=False)
            continue
        page = adopting.get_latest_revision_as_object()
        page.adopted_from.add(
            Transfer(
                source_project=source,
                date=data["date"],
                effort_person_days=data["effort_person_days"],
                effort_level=data["effort_level"],
                notes=data["notes"],
            )
        )
        page.save_revision().publish()
        report.record("transfer", created=True)


# --------------------------------------------------------------------------
# Synonyms for the search
# --------------------------------------------------------------------------


def synonyms_ensure(*, content: DemoContent, report: DemoLoadReport) -> None:
    """
    The demo's synonym groups, their note marked as demo content. A group has
    no slug; its key is its first term, compared by stems as the search
    compares terms (demo.data_files.synonym_keys_check keeps it unique): a
    group is present when any stored group contains that term, so a second
    run creates no duplicate and leaves a group an editor changed alone.
    """
    stored = {
        stems
        for text in SynonymGroup.objects.values_list("terms", flat=True)
        for stems in map(term_stems, synonym_terms_split(text))
    }
    for data in content.synonyms:
        if term_stems(data["terms"][0]) in stored:
            report.record("synonym", created=False)
            continue
        group = SynonymGroup(
            terms="\n".join(data["terms"]), note=demo_summary(data["note"], content=content)
        )
        group.full_clean()
        group.save()
        report.record("synonym", created=True)
