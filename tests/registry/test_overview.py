"""The overview: who works on what, cities × fields of action."""

import html
import re

from django.db import reset_queries

import pytest

import factories
from registry.models import CityPage, FieldOfAction

# Queries of /overview/ when its table is computed (after a change) and when
# it comes from the cache (every other request), at any registry size.
COMPUTED_MAX_QUERIES = 8
CACHED_MAX_QUERIES = 3
# The page at 200 cities × 12 fields of action, every cell a link.
OVERVIEW_MAX_BYTES = 150_000


def cell_link(text, city_slug, field_slug):
    """The count in a cell and its link, made absolute (it is relative to the overview)."""
    city = CityPage.objects.get(slug=city_slug)
    field = FieldOfAction.objects.get(slug=field_slug)
    match = re.search(rf'<td><a href="({city.pk}/{field.pk}/)">(\d+)</a>', text)
    return (int(match.group(2)), "/overview/" + match.group(1)) if match else (None, None)


def test_overview_matrix_counts_projects_and_links_to_the_search(
    client, site_tree, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    mobility = FieldOfAction.objects.get(slug="mobilitaet")
    for title in ("Bus on demand", "Radzählung"):
        project = factories.ProjectPageFactory(parent=site_tree.rostock, title=title)
        project.fields_of_action.add(mobility)
        project.save()
    factories.site_root_paths_warm()
    reset_queries()  # a full query log (9,000 entries) would count 0
    with django_assert_max_num_queries(COMPUTED_MAX_QUERIES):
        response = client.get("/overview/")
    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    assert "<caption" in text
    assert '<th scope="row">' in text
    # City, one column per field of action, transfers adopted and given.
    assert text.count('<th scope="col">') == FieldOfAction.objects.count() + 3
    count, url = cell_link(text, "rostock", "mobilitaet")
    assert count == 2
    search = client.get(url, follow=True)
    assert search.redirect_chain[-1][0] == "/search/?type=project&city=rostock&topic=mobilitaet"
    assert search.context["search"].total == 2
    # Lübeck has no project in mobility: a plain 0, no link.
    assert cell_link(text, "luebeck", "mobilitaet") == (None, None)

    # Until the content changes, the table comes from the cache.
    with django_assert_max_num_queries(CACHED_MAX_QUERIES):
        assert client.get("/overview/").content == response.content

    # A publication shows on the next request.
    with django_capture_on_commit_callbacks(execute=True):
        factories.CityPageFactory(parent=site_tree.city_index, title="Wismar", slug="wismar")
        project = factories.ProjectPageFactory(parent=site_tree.luebeck, title="Carsharing")
        project.fields_of_action.add(mobility)
        project.save_revision().publish()
    reset_queries()
    with django_assert_max_num_queries(COMPUTED_MAX_QUERIES):
        text = html.unescape(client.get("/overview/").content.decode())
    assert ">Wismar</a></th>" in text
    assert cell_link(text, "luebeck", "mobilitaet")[0] == 1

    # An unpublication too.
    with django_capture_on_commit_callbacks(execute=True):
        project.unpublish()
    text = html.unescape(client.get("/overview/").content.decode())
    assert cell_link(text, "luebeck", "mobilitaet") == (None, None)


@pytest.mark.parametrize(
    "path", ["999999/1/", "1/999999/", f"{2**63}/1/", "1/99999999999999999999/"]
)
def test_a_cell_address_that_names_nothing_is_not_found(client, site_tree, path):
    response = client.get(f"/overview/{path}")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in html.unescape(response.content.decode())


def test_overview_of_200_cities_stays_small_and_links_every_cell(
    client, site_tree, large_registry, django_assert_max_num_queries
):
    fields = FieldOfAction.objects.count()
    factories.site_root_paths_warm()
    reset_queries()
    with django_assert_max_num_queries(COMPUTED_MAX_QUERIES):
        response = client.get("/overview/")
    size = len(response.content)
    print(f"/overview/ at {CityPage.objects.live().count()} cities: {size} bytes")
    assert size < OVERVIEW_MAX_BYTES
    text = html.unescape(response.content.decode())
    assert text.count('<th scope="row">') == CityPage.objects.live().count()
    assert len(re.findall(r'<td><a href="\d+/\d+/">\d+</a>', text)) == 200 * fields
    count, url = cell_link(text, "hansestadt-007", "mobilitaet")
    assert count == 1
    assert client.get(url)["Location"] == (
        "/search/?type=project&city=hansestadt-007&topic=mobilitaet"
    )
    with django_assert_max_num_queries(CACHED_MAX_QUERIES):
        assert client.get("/overview/").status_code == 200
