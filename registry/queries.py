"""Read queries over the registry that pages share."""

from urllib.parse import quote_plus

from django.db.models import Count
from django.urls import reverse

from core.queries import public_condition, published_pages

from .models import CityPage, FieldOfAction, ProjectPage, SimilarProject, live_transfers


def projects_similar_to(project: ProjectPage, *, limit: int = 5) -> list[ProjectPage]:
    """
    Published projects of *other* cities that share tags or fields of action
    with `project`, most shared first (a tag and a field of action weigh the
    same), then by title; each with `similarity`, the number of shared items,
    and its city. The stored list (registry.similar), read in one query; a
    project unpublished or made private since it was computed is left out.
    """
    if not project.pk:
        return []
    rows = (
        SimilarProject.objects.filter(project=project, position__lt=limit, similar__live=True)
        .filter(public_condition("similar__path"))
        .select_related("similar__city")
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
    cities = list(published_pages(CityPage).order_by("title"))
    fields_of_action = list(FieldOfAction.objects.order_by("sort_order", "name"))
    counts = {
        (city_id, field_id): number
        for city_id, field_id, number in published_pages(ProjectPage)
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
    # The cells are (count, search URL) pairs built here rather than in the
    # template: 200 cities × 12 fields of action are 2,400 cells, and every
    # variable lookup in a Django template costs more than a string here.
    search = reverse("search")
    # The search's URL parameter for a field of action is `topic`.
    field_params = [f"&topic={quote_plus(field.slug)}" for field in fields_of_action]
    rows = []
    for city in cities:
        city_url = f"{search}?type=project&city={quote_plus(city.slug)}"
        cells = []
        for field, field_param in zip(fields_of_action, field_params, strict=True):
            count = counts.get((city.pk, field.pk), 0)
            # Strings, so the template does not localise 2,400 numbers one by one.
            cells.append((str(count), city_url + field_param if count else None))
        rows.append(
            {
                "city": city,
                "cells": cells,
                "transfers_adopted": str(adopted.get(city.pk, 0)),
                "transfers_given": str(given.get(city.pk, 0)),
            }
        )
    return {"fields_of_action": fields_of_action, "rows": rows}
