"""Read queries over the registry that pages share."""

from dataclasses import dataclass
from dataclasses import field as dataclass_field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.queries import (
    PAGE_LISTING_COLUMNS,
    each_once_in,
    for_listing,
    in_source_language,
    public_condition,
    published_pages,
)
from core.translations import in_language

from .choices import FederalState
from .freshness import possibly_outdated_condition
from .membership import user_city_ids, user_is_alliance_admin
from .models import CityPage, FieldOfAction, ProjectPage, SimilarProject, live_transfers


def projects_similar_to(project: ProjectPage, *, limit: int = 5) -> list[ProjectPage]:
    """
    Published projects of *other* cities that share tags or fields of action
    with `project`, most shared first (a tag and a field of action weigh the
    same), then by title; each with `similarity`, the number of shared items,
    and its city. The stored list (registry.similar), read in one query; a
    project unpublished or made private since it was computed is left out.
    The list names German projects (ProjectPage.get_context shows each in
    the page's language where translated).
    """
    if not project.pk:
        return []
    # Only what a card shows (core.queries.for_listing): the five similar
    # projects with every column of their pages and cities made this the
    # project page's slowest statement to build and to read.
    card = [f"similar__{column}" for column in (*PAGE_LISTING_COLUMNS, *ProjectPage.card_columns)]
    rows = (
        SimilarProject.objects.filter(project=project, position__lt=limit, similar__live=True)
        .filter(public_condition("similar__path"))
        .select_related("similar__city")
        # The city's url_path tells its language (core.content_language).
        .only("score", "similar", *card, "similar__city__title", "similar__city__url_path")
        .order_by("position")
    )
    similar = []
    for row in rows:
        row.similar.similarity = row.score
        similar.append(row.similar)
    return similar


def city_field_of_action_matrix():
    """
    The overview's matrix: cities as rows, fields of action as columns, the
    number of published projects in each cell, plus how many solutions each
    city took over from others and how often others took over its own. Five
    queries in all.
    """
    cities = list(in_source_language(published_pages(CityPage)).order_by("title"))
    fields_of_action = list(FieldOfAction.objects.order_by("sort_order", "name"))
    counts = {
        (city_id, field_id): number
        for city_id, field_id, number in in_source_language(published_pages(ProjectPage))
        .filter(city__isnull=False, fields_of_action__isnull=False)
        .order_by()
        .values("city_id", "fields_of_action__id")
        .annotate(n=Count("pk"))  # one row per (project, field of action) already
        .values_list("city_id", "fields_of_action__id", "n")
    }
    transfers = live_transfers().order_by()
    adopted = dict(
        transfers.values("adopting_project__city")
        .annotate(n=Count("pk"))
        .values_list("adopting_project__city", "n")
    )
    given = dict(
        transfers.values("source_project__city")
        .annotate(n=Count("pk"))
        .values_list("source_project__city", "n")
    )
    # The cells are (count, link) pairs built here rather than in the
    # template: 200 cities × 12 fields of action are 2,400 cells, and every
    # variable lookup in a Django template costs more than a string here.
    # A link is relative to the overview and names the city and the field of
    # action by id, `<city id>/<field id>/`, which forwards to the search
    # (views.overview_cell): at 2,400 links, the search address with both
    # slugs would add about 100 KB to the page, the slugs alone 50 KB.
    rows = []
    # Named and linked in the reader's language where the city page is translated.
    shown = in_language(cities, get_language())
    for city, shown_city in zip(cities, shown, strict=True):
        cells = []
        for field in fields_of_action:
            count = counts.get((city.pk, field.pk), 0)
            # Strings, so the template does not localise 2,400 numbers one by one.
            cells.append((str(count), f"{city.pk}/{field.pk}/" if count else None))
        rows.append(
            {
                "city": shown_city,
                "cells": cells,
                "transfers_adopted": str(adopted.get(city.pk, 0)),
                "transfers_given": str(given.get(city.pk, 0)),
            }
        )
    return {"fields_of_action": fields_of_action, "rows": rows}


def newest_projects(*, language: str | None = None):
    """
    Published projects with their cities, each once, the last published first
    and pages never published through Wagtail (a bulk import) last, as the
    home page and the projects feed list them: the German pages, or in
    `language` each one's translation where it has one (core.queries.each_once_in).
    The page type comes first so that the database reads them in this order
    from an index and stops after the slice: registry migration 0009 on
    PostgreSQL, instead of sorting every project of the registry.
    """
    projects = each_once_in(published_pages(ProjectPage), language)
    return (
        for_listing(projects, *ProjectPage.card_columns)
        .filter(content_type=ContentType.objects.get_for_model(ProjectPage))
        .select_related("city")
        .order_by(F("last_published_at").desc(nulls_last=True), "-pk")
    )


def latest_projects(*, limit: int = 6, language: str | None = None) -> list[ProjectPage]:
    """The home page's most recently published projects (`newest_projects`)."""
    return list(newest_projects(language=language)[:limit])


# Up to this many cities the home page names each of them; a larger registry
# gets one line per federal state and the city index for the names.
CITIES_NAMED_MAX = 12


@dataclass(frozen=True)
class StateCities:
    name: str
    count: int
    cities: list = dataclass_field(default_factory=list)  # only when every city is named


@dataclass(frozen=True)
class CitiesByState:
    total: int
    states: list  # of StateCities, by name
    cities: list  # every city by title when there are few enough to name, else empty

    @property
    def named(self) -> bool:
        return bool(self.cities)


def cities_by_federal_state(
    *, named_max: int = CITIES_NAMED_MAX, language: str | None = None
) -> CitiesByState:
    """
    The published cities counted per federal state, each once; with the
    cities themselves (as pages, by title, in `language` where translated)
    when there are at most `named_max`. One query, two when the cities are
    named.
    """
    published = published_pages(CityPage)
    counts = dict(
        in_source_language(published)
        .order_by()
        .values("federal_state")
        .annotate(n=Count("pk"))
        .values_list("federal_state", "n")
    )
    total = sum(counts.values())
    named = total <= named_max
    cities = list(each_once_in(published, language).order_by("title")) if named else []
    names = dict(FederalState.choices)
    states = sorted(
        (
            StateCities(
                name=names.get(state) or _("Ohne Bundesland"),
                count=count,
                cities=[city for city in cities if city.federal_state == state],
            )
            for state, count in counts.items()
        ),
        key=lambda state: str(state.name),
    )
    return CitiesByState(total=total, states=states, cities=cities)


@dataclass(frozen=True)
class ReviewsDue:
    projects: list  # the first of them, never reviewed first, then the longest unreviewed
    total: int


def projects_due_for_review(*, user, limit: int = 10) -> ReviewsDue:
    """
    The live projects of the cities whose pages `user` works on (every city
    for the alliance's administrators and superusers) that are possibly
    outdated (registry.freshness), for the editors' dashboard. German pages
    only: a translation is the same project, and lists it twice otherwise.
    Two queries, after the user's cities (registry.membership).
    """
    projects = ProjectPage.objects.live().filter(
        possibly_outdated_condition(), locale__language_code=settings.LANGUAGE_CODE
    )
    if not user_is_alliance_admin(user):
        city_ids = user_city_ids(user)
        if not city_ids:
            return ReviewsDue(projects=[], total=0)
        projects = projects.filter(city_id__in=city_ids)
    total = projects.count()
    if not total:
        return ReviewsDue(projects=[], total=0)
    listed = for_listing(projects.select_related("city"), "last_reviewed", "city__title").order_by(
        F("last_reviewed").asc(nulls_first=True), "first_published_at", "title", "pk"
    )
    return ReviewsDue(projects=list(listed[:limit]), total=total)
