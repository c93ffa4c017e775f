"""The lessons finder: lessons of all cities by kind and phase."""

import html
import re

from django.db import reset_queries

import factories
from knowledge.choices import LessonKind, ProjectPhase


def titles(text):
    return re.findall(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a>', text)


def build(site_tree):
    rostock_project = factories.ProjectPageFactory(parent=site_tree.rostock, title="Parken Rostock")
    return {
        "procurement_obstacle": factories.LessonPageFactory(
            parent=rostock_project,
            title="Vergabe dauerte ein Jahr",
            kind=LessonKind.OBSTACLE,
            phase=ProjectPhase.PROCUREMENT,
        ),
        "operation_obstacle": factories.LessonPageFactory(
            parent=site_tree.project,
            title="Batterien leer",
            kind=LessonKind.OBSTACLE,
            phase=ProjectPhase.OPERATION,
        ),
        "procurement_tip": factories.LessonPageFactory(
            parent=site_tree.project,
            title="Losweise ausschreiben",
            kind=LessonKind.RECOMMENDATION,
            phase=ProjectPhase.PROCUREMENT,
        ),
    }


def test_all_obstacles_in_procurement_across_cities(client, site_tree):
    lessons = build(site_tree)
    response = client.get("/erfahrungen/?kind=obstacle&phase=procurement")
    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    assert titles(text) == [lessons["procurement_obstacle"].title]
    assert "Rostock" in text


def test_counts_equal_the_results_of_their_links(client, site_tree):
    build(site_tree)
    for start in (
        "/erfahrungen/",
        "/erfahrungen/?kind=obstacle",
        "/erfahrungen/?phase=procurement",
    ):
        text = html.unescape(client.get(start).content.decode())
        for href, count in re.findall(
            r'class="facet__link" href="(\?[^"]*)" data-count="(\d+)"', text
        ):
            linked = html.unescape(client.get("/erfahrungen/" + href).content.decode())
            assert len(titles(linked)) == int(count), (start, href)


def test_unknown_values_are_ignored_with_a_notice(client, site_tree):
    build(site_tree)
    response = client.get("/erfahrungen/?kind=ufo&phase=%3Cb%3E")
    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    assert "Unbekannte Art „ufo“ wurde ignoriert." in text
    assert "Unbekannte Phase „<b>“ wurde ignoriert." in text
    assert "<title>Hinweis: Erfahrungen finden" in text
    assert len(titles(text)) == 4  # every published lesson


def test_finder_runs_in_a_bounded_number_of_queries(
    client, site_tree, django_assert_max_num_queries
):
    build(site_tree)
    reset_queries()  # a full query log (9,000 entries) would count 0
    with django_assert_max_num_queries(20) as captured:
        client.get("/erfahrungen/?kind=obstacle")
    bound = len(captured.captured_queries)
    for number in range(4):
        factories.LessonPageFactory(
            parent=site_tree.project, title=f"Hindernis {number}", kind=LessonKind.OBSTACLE
        )
    reset_queries()  # a full query log (9,000 entries) would count 0
    with django_assert_max_num_queries(bound):
        client.get("/erfahrungen/?kind=obstacle")
