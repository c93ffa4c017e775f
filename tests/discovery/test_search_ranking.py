"""
The search page keeps the configured search backend's ranking and loads only
the current page of hits, whatever the backend: the German database backend,
OpenSearch (core.search.opensearch) or any other Wagtail backend. No
OpenSearch server runs here, so the backends are the tests' own
(tests/search_backends.py), answering in an order known in advance.
"""

import html
import re

from django.db import transaction
from django.test import override_settings

import pytest

import factories
from discovery.search.outcome import RESULTS_PER_PAGE
from discovery.search.query import MAX_RANKED_RESULTS
from search_backends import KnownOrderResults, ScriptedClient, ScriptedOpenSearchBackend

PROJECTS = 25


def result_titles(client, url) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    return re.findall(r'<h3 class="search-result__title"><a href="[^"]+">([^<]+)</a>', text)


@pytest.fixture(scope="module")
def site_tree_module(site_tree_module, django_db_blocker):
    """25 sensor projects in Rostock, numbered so that their order is easy to read."""
    with django_db_blocker.unblock(), transaction.atomic():
        site_tree_module.sensors = [
            factories.ProjectPageFactory(
                parent=site_tree_module.rostock,
                title=f"Sensorprojekt {number:02d}",
                slug=f"sensorprojekt-{number:02d}",
            )
            for number in range(1, PROJECTS + 1)
        ]
    return site_tree_module


def backend(path):
    return override_settings(WAGTAILSEARCH_BACKENDS={"default": {"BACKEND": path}})


def test_a_backend_without_ranked_ids_keeps_its_order_and_loads_keys_only(client, site_tree):
    """Wagtail's plain search API: the page lists hits in the backend's order, page by page."""
    KnownOrderResults.loaded.clear()
    with backend("search_backends.KnownOrderBackend"):
        first = result_titles(client, "/search/?q=Sensorprojekt")
        second = result_titles(client, "/search/?q=Sensorprojekt&page=2")
    expected = [f"Sensorprojekt {number:02d}" for number in range(PROJECTS, 0, -1)]
    assert first == expected[:RESULTS_PER_PAGE]
    assert second == expected[RESULTS_PER_PAGE:]
    # What the backend loaded were keys, not pages: the search page loads the
    # twenty pages it shows itself.
    assert KnownOrderResults.loaded
    assert all("title" in page.get_deferred_fields() for page in KnownOrderResults.loaded)


def test_opensearch_ranking_is_kept_with_one_request_for_keys(client, site_tree):
    """core.search.opensearch: one request for the ranked keys, hits gone from the site skipped."""
    ranked = [site_tree.sensors[i].pk for i in (7, 2, 19, 0, 11)]
    gone = max(page.pk for page in site_tree.sensors) + 1000
    ScriptedOpenSearchBackend.client = ScriptedClient(hits=[ranked[0], gone, *ranked[1:]])
    with backend("search_backends.ScriptedOpenSearchBackend"):
        titles = result_titles(client, "/search/?q=Sensorprojekt")
    assert titles == [f"Sensorprojekt {i + 1:02d}" for i in (7, 2, 19, 0, 11)]
    [request] = ScriptedOpenSearchBackend.client.requests
    assert request["size"] == MAX_RANKED_RESULTS + 1
    assert request["from_"] == 0
    assert request["_source"] is False
    assert request["stored_fields"] == "pk"
    # The query is the German analysis' (core.search.opensearch_json), as a plain search's.
    assert "query" in request["body"]


def test_opensearch_answer_pages_through_the_ranking(client, site_tree):
    """With more hits than a page holds, page 2 continues in the engine's order."""
    ranked = [page.pk for page in sorted(site_tree.sensors, key=lambda page: page.slug[-1])]
    ScriptedOpenSearchBackend.client = ScriptedClient(hits=ranked)
    by_pk = {page.pk: page.title for page in site_tree.sensors}
    with backend("search_backends.ScriptedOpenSearchBackend"):
        first = result_titles(client, "/search/?q=Sensorprojekt")
        second = result_titles(client, "/search/?q=Sensorprojekt&page=2")
    assert first + second == [by_pk[pk] for pk in ranked]
    assert len(first) == RESULTS_PER_PAGE
