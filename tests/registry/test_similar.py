"""Similar projects in other cities, on every project page."""

import html

from django.db import reset_queries

import factories
from registry.models import FieldOfAction
from registry.queries import projects_similar_to


def build(site_tree):
    fields = list(FieldOfAction.objects.all()[:2])
    stralsund = factories.CityPageFactory(parent=site_tree.city_index, title="Stralsund")

    def project(city, title, tags, field_list, **kwargs):
        page = factories.ProjectPageFactory(parent=city, title=title, tags=tags, **kwargs)
        page.fields_of_action.set(field_list)
        page.save()
        return page

    site_tree.project.fields_of_action.set([fields[0]])
    site_tree.project.save()
    return {
        # Parken + LoRaWAN + field 0: three things shared.
        "best": project(
            site_tree.rostock, "Sensorparken Rostock", ["Parken", "LoRaWAN"], fields[:1]
        ),
        # One tag shared.
        "one_tag": project(stralsund, "Funknetz Stralsund", ["LoRaWAN"], []),
        # Only the field of action shared.
        "one_field": project(stralsund, "Busspur Stralsund", ["Bus"], fields[:1]),
        # Nothing shared.
        "unrelated": project(stralsund, "Bürgerhaushalt", ["Beteiligung"], fields[1:]),
        # Shares everything but lies in Lübeck, the project's own city.
        "same_city": project(site_tree.luebeck, "Parken am Dom", ["Parken", "LoRaWAN"], fields[:1]),
        "draft": project(
            stralsund, "Entwurf Parken", ["Parken", "LoRaWAN"], fields[:1], live=False
        ),
    }


def test_similar_projects_are_ranked_and_exclude_the_own_city(site_tree):
    projects = build(site_tree)
    similar = projects_similar_to(site_tree.project, limit=5)
    titles = [page.title for page in similar]
    assert titles[0] == projects["best"].title
    assert set(titles[1:]) == {projects["one_tag"].title, projects["one_field"].title}
    assert projects["unrelated"].title not in titles
    assert projects["same_city"].title not in titles
    assert projects["draft"].title not in titles
    assert similar[0].similarity == 3


def test_limit_caps_the_list(site_tree):
    build(site_tree)
    assert len(projects_similar_to(site_tree.project, limit=1)) == 1


def test_project_page_shows_similar_projects_with_their_city(
    client, site_tree, django_assert_max_num_queries
):
    projects = build(site_tree)
    reset_queries()  # a full query log (9,000 entries) would count 0
    with django_assert_max_num_queries(60) as captured:
        response = client.get(site_tree.project.url)
    text = html.unescape(response.content.decode())
    assert "Ähnliche Projekte in anderen Städten" in text
    section = text.split('id="similar-projects"')[1]
    assert projects["best"].title in section
    assert "Rostock" in section
    assert projects["same_city"].title not in section
    baseline = len(captured.captured_queries)
    for number in range(6):
        factories.ProjectPageFactory(
            parent=site_tree.rostock, title=f"Noch ein Parkprojekt {number}", tags=["Parken"]
        )
    reset_queries()  # a full query log (9,000 entries) would count 0
    with django_assert_max_num_queries(baseline):
        client.get(site_tree.project.url)


def test_projects_in_a_private_section_are_not_suggested(site_tree):
    from wagtail.models import PageViewRestriction

    projects = build(site_tree)
    PageViewRestriction.objects.create(
        page=site_tree.rostock, restriction_type=PageViewRestriction.LOGIN
    )
    titles = [page.title for page in projects_similar_to(site_tree.project)]
    assert projects["best"].title not in titles
    assert projects["one_tag"].title in titles
