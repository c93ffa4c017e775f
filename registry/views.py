"""Views of the registry that are not pages: the overview."""

from django.shortcuts import render

from .queries import city_field_of_action_matrix


def overview(request):
    """Who works on what: cities × fields of action, each cell a link to the search."""
    return render(request, "pages/overview.html", {"matrix": city_field_of_action_matrix()})
