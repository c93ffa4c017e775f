"""
Solutions side by side: 2 to 4 projects in one table, at
/vergleich/?p=<id>&p=<id> (German) and /en/vergleich/… (English).

The address is the whole state: a comparison is shared by copying it and
needs no script, cookie or session. A project of the registry is named by
its page id, which stays the same when the project is renamed or moved; a
copy of a partner network's project (discovery.models.HarvestedProject) by
"n" and its row id, e.g. `n17` (`harvested_compare_key`), which stays the
same as long as the partner publishes the project, since every harvest
updates a copy in place.

Each project becomes a `ComparedProject`, plain values and no page, built by
a *project source*: a function that takes the ids it is asked about and
returns an entry for each id it knows and may show. `local_projects` is the
registry's own, `harvested_projects` the partner networks' copies; another
source is added to `PROJECT_SOURCES` with ids of its own form, and the page,
the table and the notices stay as they are. An id no source answers
for is left out with a notice, whether it does not exist, is not published,
is private or is no id at all: the page never tells which.

Whatever the number of projects, the table costs the same few queries:
each source reads all of its projects at once (pinned in
tests/discovery/test_compare.py).
"""

import datetime
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import reduce
from operator import or_
from urllib.parse import urlencode

from django.db.models import Q
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from core.content_language import content_language, source_language
from core.queries import published_pages
from knowledge.choices import LessonKind
from knowledge.models import LessonPage
from registry.choices import ProjectStatus
from registry.freshness import is_possibly_outdated
from registry.models import Contact, ProjectContact, ProjectPage, Transfer
from registry.models.projects import attach_field_names

from .models import HarvestedLesson, HarvestedProject

MIN_COMPARED = 2
MAX_COMPARED = 4
# Ids read from one address at most: what lies beyond is never looked up,
# so that an address with thousands of ids costs no more than one with five.
MAX_IDS_READ = 20
# A page id: digits, and no more than the database's integer column holds.
LOCAL_ID = re.compile(r"[1-9][0-9]{0,9}")
LOCAL_ID_MAX = 2**31 - 1
# A harvested copy: "n" (for network) and its row id, no more than a big integer column holds.
HARVESTED_ID = re.compile(r"n([1-9][0-9]{0,18})")
HARVESTED_ID_MAX = 2**63 - 1


@dataclass
class ComparedProject:
    """One project as the comparison shows it; every value optional but the first four."""

    key: str
    title: str
    url: str
    # The language the title and other stored text are written in.
    language: str | None
    city: str = ""
    city_url: str = ""
    city_language: str | None = None
    # Where the record comes from, for projects of another network ("" for our own).
    origin: str = ""
    status: str = ""
    status_label: str = ""
    fields_of_action: list[str] = field(default_factory=list)
    reusable_parts: list[str] = field(default_factory=list)
    licence: str = ""
    repository_url: str = ""
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    investment_eur: Decimal | None = None
    operating_cost_eur: Decimal | None = None
    funding: str = ""
    reused_in: list[str] = field(default_factory=list)
    # None: the source does not know (a network that does not share its lessons).
    lessons: int | None = None
    obstacles: int | None = None
    contact_available: bool | None = None
    last_reviewed: datetime.date | None = None
    possibly_outdated: bool = False
    # The fields the source does not know, by name: the table says „nicht
    # bekannt“ there, rather than reading an empty value as "none" or "no".
    unknown: frozenset[str] = frozenset()
    # The comparison's address without this project (set by the view).
    without_url: str = ""


# A source: (ids it is asked about, the reader) -> {id: entry} for those it shows.
ProjectSource = Callable[..., dict[str, ComparedProject]]


def local_projects(*, keys: list[str], user, request=None) -> dict[str, ComparedProject]:
    """
    The registry's own published, public projects among `keys`, in five
    queries: the pages with their cities, their fields of action, the cities
    that reuse them, their lessons, and whether they name a contact the
    reader may see (Contact.is_visible_to: only "yes" or "no" is shown).
    """
    ids = [int(key) for key in keys if LOCAL_ID.fullmatch(key) and int(key) <= LOCAL_ID_MAX]
    if not ids:
        return {}
    projects = list(
        published_pages(ProjectPage.objects.filter(pk__in=ids))
        .select_related("city")
        .defer("body", "adoption_requirements")
    )
    if not projects:
        return {}
    found = [project.pk for project in projects]
    attach_field_names(projects)

    reused_in = defaultdict(dict)
    reusing = (
        Transfer.objects.filter(
            source_project_id__in=found,
            adopting_project__in=published_pages(ProjectPage).values("pk"),
            adopting_project__city__isnull=False,
        )
        .values_list(
            "source_project_id",
            "adopting_project__city__translation_key",
            "adopting_project__city__title",
        )
        .distinct()
    )
    # A city by its translation key: its German page and its translations are one city.
    for project_id, city, city_title in reusing:
        reused_in[project_id].setdefault(city, city_title)

    lesson_kinds = defaultdict(list)
    children = reduce(
        or_, (Q(path__startswith=project.path, depth=project.depth + 1) for project in projects)
    )
    by_path = {project.path: project.pk for project in projects}
    for path, kind in published_pages(LessonPage).filter(children).values_list("path", "kind"):
        lesson_kinds[by_path[path[: -ProjectPage.steplen]]].append(kind)

    with_contact = set(
        ProjectContact.objects.filter(
            project_id__in=found, contact__in=Contact.objects.visible_to(user)
        ).values_list("project_id", flat=True)
    )

    cache_object = request
    entries = {}
    for project in projects:
        kinds = lesson_kinds[project.pk]
        city = project.city
        entries[str(project.pk)] = ComparedProject(
            key=str(project.pk),
            title=project.title,
            url=project.get_url(request=request),
            language=content_language(project, cache_object=cache_object),
            city=city.title if city else "",
            city_url=city.get_url(request=request) if city else "",
            city_language=content_language(city, cache_object=cache_object),
            status=project.status,
            status_label=project.get_status_display(),
            fields_of_action=project.field_names,
            reusable_parts=[str(label) for _value, label in project.reusable_parts],
            licence=project.licence,
            repository_url=project.repository_url,
            start_date=project.start_date,
            end_date=project.end_date,
            investment_eur=project.investment_eur,
            operating_cost_eur=project.operating_cost_eur,
            funding=project.funding_source,
            reused_in=sorted(reused_in[project.pk].values()),
            lessons=len(kinds),
            obstacles=kinds.count(LessonKind.OBSTACLE),
            contact_available=project.pk in with_contact,
            last_reviewed=project.last_reviewed,
            possibly_outdated=project.possibly_outdated,
        )
    return entries


def harvested_compare_key(copy: HarvestedProject) -> str:
    """The id that names a partner network's project in the comparison's address."""
    return f"n{copy.pk}"


# What a partner's read API does not give out: money, reuse and contacts are
# the partner's own business, and its copies are not part of our transfers.
HARVESTED_UNKNOWN = frozenset(
    {
        "reusable_parts",
        "investment_eur",
        "operating_cost_eur",
        "funding",
        "reused_in",
        "contact_available",
    }
)


def harvested_projects(*, keys: list[str], user, request=None) -> dict[str, ComparedProject]:
    """
    The stored copies of partner networks' projects among `keys`, in two
    queries at most: the copies with their networks, and the kinds of their
    lessons. Every stored copy is shown, as in the search, also of a network
    no longer harvested: it is public at its source, and it links there.
    Lessons count only where the network shares them (`take_lessons`), else
    they are unknown, as is what the partner's API does not give out.
    """
    ids = [
        int(match[1])
        for key in keys
        if (match := HARVESTED_ID.fullmatch(key)) and int(match[1]) <= HARVESTED_ID_MAX
    ]
    if not ids:
        return {}
    copies = list(
        HarvestedProject.objects.filter(pk__in=ids)
        .select_related("network")
        .defer("summary", "tags", "network__last_error")
    )
    counted = [copy.pk for copy in copies if copy.network.take_lessons]
    lesson_kinds = defaultdict(list)
    if counted:
        lessons = HarvestedLesson.objects.filter(project_id__in=counted)
        for project_id, kind in lessons.values_list("project_id", "kind"):
            lesson_kinds[project_id].append(kind)

    # The harvest reads the partner's default tree, which this software
    # writes in its source language.
    language = source_language()
    statuses = dict(ProjectStatus.choices)
    entries = {}
    for copy in copies:
        key = harvested_compare_key(copy)
        unknown = set(HARVESTED_UNKNOWN)
        lessons = obstacles = None
        if copy.network.take_lessons:
            kinds = lesson_kinds[copy.pk]
            lessons = len(kinds)
            # A lesson the partner gave no kind leaves the number of obstacles open.
            if all(kinds):
                obstacles = kinds.count(LessonKind.OBSTACLE)
            else:
                unknown.add("obstacles")
        else:
            unknown |= {"lessons", "obstacles"}
        # A status this registry knows is labelled in the reader's language;
        # another one keeps the partner's label and no style of its own.
        known_status = copy.status in statuses
        entries[key] = ComparedProject(
            key=key,
            title=copy.title,
            url=copy.source_url,
            language=language,
            city=copy.city_name,
            city_language=language,
            origin=copy.network.name,
            status=copy.status if known_status else "",
            status_label=str(statuses[copy.status]) if known_status else copy.status_label,
            fields_of_action=[entry["name"] for entry in copy.fields_of_action],
            licence=copy.licence,
            repository_url=copy.repository_url,
            start_date=copy.start_date,
            end_date=copy.end_date,
            lessons=lessons,
            obstacles=obstacles,
            contact_available=None,
            last_reviewed=copy.last_reviewed,
            possibly_outdated=is_possibly_outdated(
                last_reviewed=copy.last_reviewed, first_published_at=copy.first_published_at
            ),
            unknown=frozenset(unknown),
        )
    return entries


# Asked in this order; the first source that answers for an id shows it.
PROJECT_SOURCES: list[ProjectSource] = [local_projects, harvested_projects]


@dataclass
class Comparison:
    projects: list[ComparedProject]
    notices: list[str]

    @property
    def complete(self) -> bool:
        return len(self.projects) >= MIN_COMPARED

    @property
    def from_partners(self) -> bool:
        """Whether a project comes from a partner network (the page then says what that means)."""
        return any(project.origin for project in self.projects)


def comparison_build(*, keys: list[str], user, request=None) -> Comparison:
    """The projects named by `keys` in their order, at most MAX_COMPARED, and what was left out."""
    wanted = list(dict.fromkeys(key.strip() for key in keys[:MAX_IDS_READ] if key.strip()))
    notices = []
    found: dict[str, ComparedProject] = {}
    for source in PROJECT_SOURCES:
        missing = [key for key in wanted if key not in found]
        if not missing:
            break
        found.update(source(keys=missing, user=user, request=request))
    dropped = len([key for key in wanted if key not in found])
    if dropped:
        notices.append(
            ngettext(
                "%(count)d gewähltes Projekt gibt es nicht oder es ist nicht öffentlich; "
                "es wurde weggelassen.",
                "%(count)d gewählte Projekte gibt es nicht oder sie sind nicht öffentlich; "
                "sie wurden weggelassen.",
                dropped,
            )
            % {"count": dropped}
        )
    projects = [found[key] for key in wanted if key in found]
    if len(projects) > MAX_COMPARED or len(keys) > MAX_IDS_READ:
        notices.append(
            _(
                "Es lassen sich höchstens %(max)d Projekte vergleichen; gezeigt werden die "
                "ersten %(max)d der gewählten."
            )
            % {"max": MAX_COMPARED}
        )
        projects = projects[:MAX_COMPARED]
    for project in projects:
        others = [other.key for other in projects if other is not project]
        project.without_url = "?" + urlencode([("p", key) for key in others])
    return Comparison(projects=projects, notices=notices)


@require_safe
def compare(request):
    """The comparison table, or with fewer than two projects, how to choose them."""
    comparison = comparison_build(keys=request.GET.getlist("p"), user=request.user, request=request)
    return render(request, "pages/compare.html", {"comparison": comparison})
