"""Views of the registry that are not pages: the overview."""

from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from core.aggregates import cached_aggregate
from core.queries import published_pages

from .models import CityPage, FieldOfAction
from .queries import city_field_of_action_matrix

# The largest id a database row can have: a larger number names no row, but
# would overflow the database's integer parameter.
MAX_ID = 2**63 - 1


def overview(request):
    """
    Who works on what: cities × fields of action, each cell a link to the
    search. The table is the same for every reader, so it is rendered once
    per change of the content (core.aggregates), not on every request.
    """
    table = cached_aggregate(
        "overview:matrix",
        lambda: render_to_string(
            "components/overview_matrix.html", {"matrix": city_field_of_action_matrix()}
        ),
    )
    return render(request, "pages/overview.html", {"matrix_table": table})


def overview_cell(request, city: int, field_of_action: int):
    """
    A cell of the overview forwards to its search: the projects of one city
    in one field of action. The address names both by id to keep the
    overview small (see `city_field_of_action_matrix`).
    """
    city_slug = field_slug = None
    if city <= MAX_ID and field_of_action <= MAX_ID:
        city_slug = published_pages(CityPage).filter(pk=city).values_list("slug", flat=True)
        city_slug = city_slug.first()
        field_slug = FieldOfAction.objects.filter(pk=field_of_action).values_list("slug", flat=True)
        field_slug = field_slug.first()
    if city_slug is None or field_slug is None:
        raise Http404(_("Nicht gefunden."))
    query = urlencode({"type": "project", "city": city_slug, "topic": field_slug})
    return redirect(f"{reverse('search')}?{query}")
