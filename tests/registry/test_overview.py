"""The overview: who works on what, cities × fields of action."""

import html
import re

from django.db import reset_queries

import factories
from registry.models import FieldOfAction


def test_overview_matrix_counts_projects_and_links_to_the_search(
    client, site_tree, django_assert_max_num_queries
):
    mobility = FieldOfAction.objects.get(slug="mobilitaet")
    for title in ("Bus on demand", "Radzählung"):
        project = factories.ProjectPageFactory(parent=site_tree.rostock, title=title)
        project.fields_of_action.add(mobility)
        project.save()
    reset_queries()  # a full query log (9,000 entries) would count 0
    with django_assert_max_num_queries(20) as captured:
        response = client.get("/overview/")
    bound = len(captured.captured_queries)
    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    assert "<caption" in text
    assert '<th scope="row">' in text
    # City, one column per field of action, transfers adopted and given.
    assert text.count('<th scope="col">') == FieldOfAction.objects.count() + 3
    cell = re.search(
        r'href="(/search/\?type=project&city=rostock&topic=mobilitaet)"[^>]*>(\d+)</a>', text
    )
    assert cell and cell.group(2) == "2"
    assert client.get(cell.group(1)).context["search"].total == 2
    factories.CityPageFactory(parent=site_tree.city_index, title="Wismar")
    project = factories.ProjectPageFactory(parent=site_tree.luebeck, title="Carsharing")
    project.fields_of_action.add(mobility)
    project.save()
    reset_queries()  # a full query log (9,000 entries) would count 0
    with django_assert_max_num_queries(bound):
        text = html.unescape(client.get("/overview/").content.decode())
    assert "Wismar" in text
