"""Similar projects in other cities, on every project page."""

import html
import io

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


def similar_titles(client, project):
    text = html.unescape(client.get(project.url).content.decode())
    section = text.split('id="similar-projects"')[1].split("</section>")[0]
    return section


def stored_lists():
    from registry.models import SimilarProject

    return sorted(SimilarProject.objects.values_list("project", "position", "similar", "score"))


def test_publishing_and_unpublishing_a_project_updates_other_pages(client, site_tree):
    """The lists are stored; publishing or unpublishing a project refreshes the others'."""
    build(site_tree)
    newcomer = factories.ProjectPageFactory(
        parent=site_tree.rostock, title="Parken mit LoRaWAN in Warnemünde", live=False
    )
    newcomer.tags.add("Parken", "LoRaWAN")
    newcomer.save_revision()
    assert newcomer.title not in similar_titles(client, site_tree.project)

    newcomer.get_latest_revision().publish()
    assert newcomer.title in similar_titles(client, site_tree.project)

    newcomer.refresh_from_db()
    newcomer.unpublish()
    assert newcomer.title not in similar_titles(client, site_tree.project)


def test_a_project_moved_into_the_own_city_leaves_the_list_and_frees_its_place(site_tree):
    projects = build(site_tree)
    projects["best"].move(site_tree.luebeck, pos="last-child")
    titles = [page.title for page in projects_similar_to(site_tree.project)]
    assert projects["best"].title not in titles
    assert set(titles) == {projects["one_tag"].title, projects["one_field"].title}


def test_deleting_a_listed_project_lets_the_next_one_in(site_tree):
    projects = build(site_tree)
    filler = [
        factories.ProjectPageFactory(
            parent=site_tree.rostock, title=f"Z Parken {n}", tags=["Parken"]
        )
        for n in range(3)
    ]
    before = [page.title for page in projects_similar_to(site_tree.project)]
    assert projects["best"].title in before
    assert filler[2].title not in before  # the sixth, by title

    projects["best"].delete()
    after = [page.title for page in projects_similar_to(site_tree.project)]
    assert len(after) == 5
    assert filler[2].title in after


def test_the_stored_lists_equal_a_full_refresh(site_tree):
    """However they were reached, one change at a time, the lists equal a fresh computation."""
    from django.core.management import call_command

    from wagtail.models import PageViewRestriction

    projects = build(site_tree)
    for number in range(6):
        factories.ProjectPageFactory(
            parent=site_tree.rostock, title=f"Parkhaus {number}", tags=["Parken"]
        )
    PageViewRestriction.objects.create(
        page=projects["one_tag"], restriction_type=PageViewRestriction.LOGIN
    )
    projects["one_field"].tags.add("LoRaWAN")
    projects["one_field"].save()
    incremental = stored_lists()

    call_command("refresh_similar_projects", stdout=io.StringIO())
    assert stored_lists() == incremental


def test_the_command_fills_lists_after_bulk_writes(site_tree):
    """Rows written without save() (imports, SQL) get their lists from the command."""
    from django.core.management import call_command

    from registry.models import SimilarProject

    projects = build(site_tree)
    SimilarProject.objects.all().delete()
    assert projects_similar_to(site_tree.project) == []

    output = io.StringIO()
    call_command("refresh_similar_projects", stdout=output)
    assert "Ähnliche Projekte neu berechnet" in output.getvalue()
    assert projects_similar_to(site_tree.project)[0].title == projects["best"].title


def test_a_listed_project_made_private_is_never_shown(client, site_tree):
    """
    Even a list not yet refreshed (the restriction written without signals,
    as by SQL) never shows a project under a view restriction: the page
    checks when it reads the list.
    """
    from wagtail.models import PageViewRestriction

    projects = build(site_tree)
    PageViewRestriction.objects.bulk_create(
        [PageViewRestriction(page=site_tree.rostock, restriction_type=PageViewRestriction.LOGIN)]
    )
    section = similar_titles(client, site_tree.project)
    assert projects["best"].title not in section
    assert projects["one_tag"].title in section
