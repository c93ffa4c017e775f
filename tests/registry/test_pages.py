"""What readers see on the registry's pages: cities, their projects and contacts."""

import html

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

import factories
from registry.choices import ContactVisibility, ProjectStatus
from registry.models import FieldOfAction, Transfer


def get_text(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_city_index_lists_every_published_city(client, site_tree):
    draft = factories.CityPageFactory(
        parent=site_tree.city_index, title="Entwurfsstadt", live=False
    )
    text = get_text(client, site_tree.city_index)
    assert site_tree.city_index.intro in text
    assert "Lübeck" in text
    assert "Rostock" in text
    assert draft.title not in text


def test_city_page_shows_its_official_facts_and_projects(client, site_tree):
    text = get_text(client, site_tree.luebeck)
    assert "Hansestadt Lübeck" in text
    assert "01003000" in text
    assert "Schleswig-Holstein" in text
    assert site_tree.project.title in text


def test_city_page_cards_name_each_projects_fields_of_action(client, site_tree):
    fields = list(FieldOfAction.objects.order_by("sort_order", "name"))
    site_tree.project.fields_of_action.set([fields[2], fields[0]])
    site_tree.project.save_revision().publish()
    bare = factories.ProjectPageFactory(parent=site_tree.luebeck, title="Ohne Handlungsfeld")
    bare.fields_of_action.set([])
    bare.save_revision().publish()
    text = get_text(client, site_tree.luebeck)
    cards = {
        card.split("</a>")[0].rsplit(">", 1)[1]: card
        for card in text.split('<article class="card card--project">')[1:]
    }
    chips = cards[site_tree.project.title].split('<ul class="chips">')[1].split("</ul>")[0]
    assert chips.count('<li class="chip">') == 2
    assert chips.index(fields[0].name) < chips.index(fields[2].name)
    assert '<ul class="chips">' not in cards[bare.title]
    assert f"</span>{dict(ProjectStatus.choices)[bare.status]}</span>" in cards[bare.title]


def test_project_page_shows_its_facts_tags_and_lessons(client, site_tree):
    project = site_tree.project
    text = get_text(client, project)
    assert project.title in text
    assert project.summary in text
    assert "Lübeck" in text
    assert "EUPL-1.2" in text
    assert "Modellprojekte Smart Cities (Bund)" in text
    assert "LoRaWAN" in text
    assert "Parken" in text
    assert site_tree.lesson.title in text


class TestContactVisibility:
    """Partners-only contacts are for signed-in partners; anonymous readers never see them."""

    @pytest.mark.parametrize("page_name", ["project", "luebeck"])
    def test_anonymous_readers_see_only_public_contacts(self, client, site_tree, page_name):
        text = get_text(client, getattr(site_tree, page_name))
        public, partners = site_tree.public_contact, site_tree.partners_contact
        assert public.name in text
        assert public.email in text
        assert partners.name not in text
        assert partners.email not in text
        assert partners.phone not in text

    @pytest.mark.parametrize("page_name", ["project", "luebeck"])
    def test_signed_in_partners_see_every_contact(self, client, site_tree, partner_user, page_name):
        client.force_login(partner_user)
        text = get_text(client, getattr(site_tree, page_name))
        for contact in (site_tree.public_contact, site_tree.partners_contact):
            assert contact.name in text
            assert contact.email in text


def build_project(city, size, *, other_cities):
    """
    A project with `size` of everything its page lists: tags, contacts,
    lessons, fields of action, partner cities, projects it adopted and
    projects that adopted it (in `other_cities`, sharing its tags, so they are
    its similar projects too).
    """
    contacts = [
        factories.ContactFactory(city=city, visibility=visibility)
        for visibility in ([ContactVisibility.PUBLIC, ContactVisibility.PARTNERS] * size)[:size]
    ]
    tags = [f"Schlagwort {size}-{n}" for n in range(size)]
    project = factories.ProjectPageFactory(parent=city, tags=tags, contacts=contacts)
    project.fields_of_action.set(FieldOfAction.objects.order_by("pk")[:size])
    project.partner_cities.set(other_cities[:size])
    project.save()
    for n in range(size):
        factories.LessonPageFactory(parent=project, tags=[f"Erfahrung {n}"])
        source, adopting = (
            factories.ProjectPageFactory(parent=other_cities[n % len(other_cities)], tags=tags)
            for _ in range(2)
        )
        Transfer.objects.create(source_project=source, adopting_project=project)
        Transfer.objects.create(source_project=project, adopting_project=adopting)
    return project


def count_queries(client, page):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page.url)
    assert response.status_code == 200
    return len(queries)


# Upper bounds a model or template change must not silently cross. For an
# anonymous reader: the site, the home page, the pages along the path (one
# query, core.queries.pages_on_path), the project; its contacts, tags, fields of
# action, lessons, similar projects, transfers, cities (own and partners). The
# navigation is read once per change (home.context_processors). Signing in adds
# the session, the user and the user bar's permission checks. Lower them when a
# change saves queries; raise them only on purpose. A project with transfers
# takes one query more than one without
# (registry.models.reuse.project_transfer_context): the transfers alone first,
# their published ends only when there are any.
PROJECT_PAGE_MAX_QUERIES = {False: 12, True: 19}


def large_page_in_as_many_queries(client, small, large, *, bound, pin):
    """
    The page of `large` (8 of everything it lists) takes as many queries as
    that of `small` (1 of each), and at most `bound`; its response.
    """
    client.get(small.url)  # warm the site and URL caches
    small_count = count_queries(client, small)
    large_count = count_queries(client, large)
    assert large_count == small_count, f"1 of each: {small_count} queries; 8 of each: {large_count}"
    with pin(bound):
        return client.get(large.url)


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_project_page_renders_in_a_fixed_number_of_queries(
    client, site_tree, partner_user, django_assert_max_num_queries, signed_in
):
    other_cities = [site_tree.rostock] + [
        factories.CityPageFactory(parent=site_tree.city_index) for _ in range(7)
    ]
    small = build_project(site_tree.luebeck, 1, other_cities=other_cities)
    large = build_project(site_tree.luebeck, 8, other_cities=other_cities)
    if signed_in:
        client.force_login(partner_user)
    response = large_page_in_as_many_queries(
        client,
        small,
        large,
        bound=PROJECT_PAGE_MAX_QUERIES[signed_in],
        pin=django_assert_max_num_queries,
    )
    # Everything was there to count: 8 lessons, 8 + 8 transfers, 8 partner cities, 5 similar.
    text = html.unescape(response.content.decode())
    assert text.count('class="lesson-list__item"') == 8
    assert "Nachgenutzt in 8 Städten" in text
    assert text.count('class="card card--project"') == 5
    facts = text.split('id="project-facts"')[1].split("</dl>")[0]
    assert all(city.title in facts for city in other_cities)


def build_city(city_index, size, *, other_cities):
    """
    A city with `size` of everything its page lists: projects (each with its
    fields of action and a tag), contacts, projects of other cities it is a
    partner in, and transfers of its solutions to those.
    """
    city = factories.CityPageFactory(parent=city_index)
    fields = list(FieldOfAction.objects.order_by("pk")[:3])
    for n in range(size):
        project = factories.ProjectPageFactory(parent=city, tags=[f"Stadtthema {n}"])
        project.fields_of_action.set(fields[: n % 3 + 1])
        project.save()
        partner = factories.ProjectPageFactory(parent=other_cities[n % len(other_cities)])
        partner.partner_cities.set([city])
        partner.save()
        factories.ContactFactory(city=city, visibility=ContactVisibility.PUBLIC)
        Transfer.objects.create(source_project=project, adopting_project=partner)
    return city


# As for the project page: the site, the home page, the pages along the path,
# the city; its projects with their fields of action, the projects it is a
# partner in, its contacts, the transfers (and, when there are any, whether
# their other ends are published), the two charts (the navigation: once per change).
CITY_PAGE_MAX_QUERIES = {False: 12, True: 19}


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_city_page_renders_in_a_fixed_number_of_queries(
    client, site_tree, partner_user, django_assert_max_num_queries, signed_in
):
    other_cities = [site_tree.rostock, factories.CityPageFactory(parent=site_tree.city_index)]
    small = build_city(site_tree.city_index, 1, other_cities=other_cities)
    large = build_city(site_tree.city_index, 8, other_cities=other_cities)
    if signed_in:
        client.force_login(partner_user)
    response = large_page_in_as_many_queries(
        client,
        small,
        large,
        bound=CITY_PAGE_MAX_QUERIES[signed_in],
        pin=django_assert_max_num_queries,
    )
    text = html.unescape(response.content.decode())
    # 8 own projects and 8 of other cities with this one as partner.
    assert text.count('class="card card--project"') == 16
    assert "8-mal" in text


@pytest.mark.django_db
def test_moving_a_project_to_another_city_moves_its_lessons_city_too(site_tree):
    """A project moved in the admin is listed under, and faceted by, its new city."""
    from knowledge.models import LessonPage
    from registry.models import ProjectPage

    project = site_tree.project
    other_city = site_tree.rostock
    project.move(other_city, pos="last-child")

    assert ProjectPage.objects.get(pk=project.pk).city_id == other_city.pk
    lessons = LessonPage.objects.filter(
        path__startswith=ProjectPage.objects.get(pk=project.pk).path
    )
    assert lessons.exists()
    assert set(lessons.values_list("city_id", flat=True)) == {other_city.pk}


def test_preview_of_an_edited_project_shows_its_new_partner_cities(site_tree):
    """
    The admin's preview builds the project from the editor's form, so its
    relations are lists in memory, not querysets; the page renders them.
    """
    project = site_tree.project.get_latest_revision_as_object()
    project.title = "Parkraum in der Vorschau"
    project.partner_cities = [site_tree.rostock]
    response = project.make_preview_request(preview_mode="")
    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    assert "Parkraum in der Vorschau" in text
    assert "Rostock" in text.split("Parkraum in der Vorschau", 1)[1]


@pytest.mark.parametrize("restricted", [False, True], ids=["no-restriction", "private-project"])
def test_view_restrictions_are_read_once_per_page(client, site_tree, restricted):
    """
    The routing reads the site's view restrictions with the pages on the
    path; the page's lists (projects, lessons, similar projects, transfers,
    navigation) reuse them and still hide a private project.
    """
    from wagtail.models import PageViewRestriction

    hidden = factories.ProjectPageFactory(parent=site_tree.luebeck, title="Interne Leitstelle")
    if restricted:
        PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    for page in (site_tree.luebeck, site_tree.project):
        with CaptureQueriesContext(connection) as captured:
            text = get_text(client, page)
        reading = [q for q in captured if "wagtailcore_pageviewrestriction" in q["sql"]]
        assert len(reading) == 1, [q["sql"][:200] for q in reading]
        if page == site_tree.luebeck:
            assert (hidden.title in text) is not restricted
