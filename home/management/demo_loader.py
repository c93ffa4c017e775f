"""
Turn the data in `home.demo_content` into pages, contacts and users.

Every `ensure_*` function looks its object up by a stable key first (slug under
the parent page, name and city for a contact, username for a user) and creates
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

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from wagtail.models import Page

from governance.services import governance_ensure_all
from home import demo_content as content
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

# The kinds of object the report counts, in the order the summary lists them.
REPORT_KINDS = {
    "home": "Startseite (Titel, Einleitung)",
    "section": "Bereichsseiten",
    "standard": "Standardseiten",
    "city": "Städte",
    "project": "Projekte",
    "lesson": "Erfahrungen",
    "article": "Wissensartikel",
    "news": "Nachrichten",
    "contact": "Kontakte",
    "transfer": "Übernahmen",
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

    def record(self, kind: str, *, created: bool) -> None:
        (self.created if created else self.present)[kind] += 1

    @property
    def total_created(self) -> int:
        return sum(self.created.values())


# --------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------


def load_demo_content(*, with_users: bool) -> DemoLoadReport:
    """Create whatever part of the demo content is missing, all or nothing."""
    report = DemoLoadReport()
    with transaction.atomic():
        home = home_page_update(report=report)
        standard_pages_ensure(home=home, report=report)
        city_index = section_page_ensure(
            parent=home, page_class=CityIndexPage, data=content.CITY_INDEX_PAGE, report=report
        )
        knowledge_index = section_page_ensure(
            parent=home,
            page_class=KnowledgeIndexPage,
            data=content.KNOWLEDGE_INDEX_PAGE,
            report=report,
        )
        news_index = section_page_ensure(
            parent=home, page_class=NewsIndexPage, data=content.NEWS_INDEX_PAGE, report=report
        )
        cities = cities_ensure(index=city_index, report=report)
        contacts = contacts_ensure(cities=cities, report=report)
        projects = projects_ensure(cities=cities, contacts=contacts, report=report)
        articles_ensure(index=knowledge_index, projects=projects, report=report)
        news_ensure(index=news_index, cities=cities, projects=projects, report=report)
        transfers_ensure(projects=projects, report=report)
        # Groups, collections and review workflows per city, press and alliance.
        governance_ensure_all()
        if with_users:
            demo_users_ensure(report=report)
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


def stream_data(blocks: Iterable[tuple[str, str]], *, notice: str = "") -> list[dict]:
    """
    StreamField data for `home.blocks.BodyBlock` from ("heading", text) and
    ("paragraph", html) pairs, with the demo notice as the first paragraph.
    """
    data = [{"type": "paragraph", "value": f"<p>{notice}</p>"}] if notice else []
    for block_type, value in blocks:
        if block_type == "heading":
            data.append({"type": "heading", "value": {"text": value, "level": "h2"}})
        elif block_type == "paragraph":
            data.append({"type": "paragraph", "value": value})
        else:
            raise ValueError(f"Unknown demo block type {block_type!r}")
    return data


def demo_summary(text: str) -> str:
    return f"{content.DEMO_PREFIX}{text}"


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


def home_page_update(*, report: DemoLoadReport) -> HomePage:
    """Give the home page (created by migration home 0003) its title and intro."""
    home = HomePage.objects.first()
    if home is None:
        raise DemoContentError("Keine Startseite gefunden. Bitte zuerst `manage.py migrate`.")
    wanted = content.HOME_PAGE
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


def standard_pages_ensure(*, home: HomePage, report: DemoLoadReport) -> None:
    for data in content.STANDARD_PAGES:

        def build(data=data):
            return StandardPage(
                title=data["title"],
                intro=data["intro"],
                body=stream_data(data["body"]),
                show_in_menus=data["show_in_menus"],
            )

        child_page_ensure(
            parent=home,
            page_class=StandardPage,
            slug=data["slug"],
            build=build,
            report=report,
            kind="standard",
        )


# --------------------------------------------------------------------------
# Registry: cities, contacts, projects and their lessons
# --------------------------------------------------------------------------

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


def cities_ensure(*, index: CityIndexPage, report: DemoLoadReport) -> dict[str, CityPage]:
    """The four cities with their official facts; keyed by slug."""
    cities = {}
    for data in content.CITIES:

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


CONTACT_FIELDS = ("is_function", "role", "organisation", "email", "phone", "visibility")


def contacts_ensure(*, cities: dict[str, CityPage], report: DemoLoadReport) -> dict[str, Contact]:
    """Functional mailboxes and invented persons; keyed by name (unique in the data)."""
    contacts = {}
    for data in content.CONTACTS:
        city = cities[data["city"]]
        contact = Contact.objects.filter(name=data["name"], city=city).first()
        if contact is None:
            contact = Contact(
                name=data["name"],
                city=city,
                last_confirmed=content.CONTACT_LAST_CONFIRMED,
                **{name: data[name] for name in CONTACT_FIELDS},
            )
            contact.full_clean()
            contact.save()
            report.record("contact", created=True)
        else:
            report.record("contact", created=False)
        contacts[data["name"]] = contact
    return contacts


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


def build_project_page(
    data: dict, *, cities: dict[str, CityPage], contacts: dict[str, Contact]
) -> ProjectPage:
    page = ProjectPage(
        summary=demo_summary(data["summary"]),
        body=stream_data(data["body"], notice=content.DEMO_NOTICE["project"]),
        **{name: data[name] for name in PROJECT_FIELDS},
    )
    page.fields_of_action = fields_of_action_by_slug(data["fields_of_action"])
    page.partner_cities = [cities[slug] for slug in data["partner_cities"]]
    page.tags.add(*data["tags"])
    page.project_contacts = [
        ProjectContact(contact=contacts[name], role_in_project=role, sort_order=position)
        for position, (name, role) in enumerate(data["contacts"])
    ]
    return page


def projects_ensure(
    *, cities: dict[str, CityPage], contacts: dict[str, Contact], report: DemoLoadReport
) -> dict[tuple[str, str], ProjectPage]:
    """Each city's projects and their lessons; keyed by (city slug, project slug)."""
    projects = {}
    for city_slug, city_projects in content.PROJECTS.items():
        for data in city_projects:
            project = child_page_ensure(
                parent=cities[city_slug],
                page_class=ProjectPage,
                slug=data["slug"],
                build=lambda data=data: build_project_page(data, cities=cities, contacts=contacts),
                report=report,
                kind="project",
            )
            lessons_ensure(project=project, lessons=data["lessons"], report=report)
            projects[(city_slug, data["slug"])] = project
    return projects


def build_lesson_page(data: dict) -> LessonPage:
    page = LessonPage(
        title=data["title"],
        summary=demo_summary(data["summary"]),
        kind=data["kind"],
        phase=data["phase"],
        body=stream_data(data["body"], notice=content.DEMO_NOTICE["lesson"]),
        do_differently=data["do_differently"],
    )
    page.tags.add(*data["tags"])
    return page


def lessons_ensure(*, project: ProjectPage, lessons: list[dict], report: DemoLoadReport) -> None:
    for data in lessons:
        child_page_ensure(
            parent=project,
            page_class=LessonPage,
            slug=data["slug"],
            build=lambda data=data: build_lesson_page(data),
            report=report,
            kind="lesson",
        )


# --------------------------------------------------------------------------
# Knowledge and news
# --------------------------------------------------------------------------


def build_article_page(data: dict, *, projects: dict[tuple[str, str], ProjectPage]) -> ArticlePage:
    page = ArticlePage(
        title=data["title"],
        summary=demo_summary(data["summary"]),
        body=stream_data(data["body"], notice=content.DEMO_NOTICE["article"]),
    )
    page.fields_of_action = fields_of_action_by_slug(data["fields_of_action"])
    page.related_projects = [projects[key] for key in data["related_projects"]]
    page.tags.add(*data["tags"])
    return page


def articles_ensure(
    *,
    index: KnowledgeIndexPage,
    projects: dict[tuple[str, str], ProjectPage],
    report: DemoLoadReport,
) -> None:
    for data in content.ARTICLES:
        child_page_ensure(
            parent=index,
            page_class=ArticlePage,
            slug=data["slug"],
            build=lambda data=data: build_article_page(data, projects=projects),
            report=report,
            kind="article",
        )


def build_news_page(
    data: dict, *, cities: dict[str, CityPage], projects: dict[tuple[str, str], ProjectPage]
) -> NewsPage:
    """The founding news reports real facts and carries no demo marker."""
    is_demo = data["is_demo"]
    page = NewsPage(
        title=data["title"],
        date=data["date"],
        teaser=demo_summary(data["teaser"]) if is_demo else data["teaser"],
        body=stream_data(data["body"], notice=content.DEMO_NOTICE["news"] if is_demo else ""),
    )
    page.related_cities = [cities[slug] for slug in data["related_cities"]]
    page.related_projects = [projects[key] for key in data["related_projects"]]
    page.tags.add(*data["tags"])
    return page


def news_ensure(
    *,
    index: NewsIndexPage,
    cities: dict[str, CityPage],
    projects: dict[tuple[str, str], ProjectPage],
    report: DemoLoadReport,
) -> None:
    for data in content.NEWS:
        child_page_ensure(
            parent=index,
            page_class=NewsPage,
            slug=data["slug"],
            build=lambda data=data: build_news_page(data, cities=cities, projects=projects),
            report=report,
            kind="news",
        )


# --------------------------------------------------------------------------
# Users
# --------------------------------------------------------------------------


def demo_users_ensure(*, report: DemoLoadReport) -> None:
    """
    A superuser and one account per role (`DEMO_USERS`), all with
    `DEMO_PASSWORD`. Roles are groups of `registry.governance`; an account that
    still has the demo password is put into its groups again, so an old demo
    database gets the current roles.
    """
    user_model = get_user_model()
    groups = {group.name: group for group in Group.objects.all()}
    for data in content.DEMO_USERS:
        user = user_model.objects.filter(username=data["username"]).first()
        if user is None:
            names = {
                "email": data["email"],
                "first_name": data["first_name"],
                "last_name": data["last_name"],
            }
            if data["is_superuser"]:
                user = user_model.objects.create_superuser(
                    data["username"], password=content.DEMO_PASSWORD, **names
                )
            else:
                user = user_model.objects.create_user(
                    data["username"], password=content.DEMO_PASSWORD, is_staff=True, **names
                )
            report.record("user", created=True)
            password = content.DEMO_PASSWORD
        else:
            report.record("user", created=False)
            # An account someone created by hand keeps its own password; don't print ours.
            password = (
                content.DEMO_PASSWORD
                if user.check_password(content.DEMO_PASSWORD)
                else "(eigenes Passwort)"
            )
        if password == content.DEMO_PASSWORD and data["groups"]:
            user.groups.add(*(groups[name] for name in data["groups"]))
        report.logins.append(DemoLogin(data["username"], password, data["role"]))
    report.users_loaded = True


# --------------------------------------------------------------------------
# Transfers between cities („übernommen von“)
# --------------------------------------------------------------------------


def transfers_ensure(
    *, projects: dict[tuple[str, str], ProjectPage], report: DemoLoadReport
) -> None:
    """
    Each transfer is a child of the adopting project, so it is added to the
    page and published as a new revision, as an editor would; a transfer that
    exists is left alone.
    """
    for data in content.TRANSFERS:
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
