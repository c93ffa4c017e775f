"""
Routing a request to its page (core.models.BasePage.route): the pages along
the path in one query, with Wagtail's outcomes kept: 404 for a missing or
unpublished page, the project's own routes, and view restrictions on the page,
above it, or on the page an alias stands for.
"""

import html

from wagtail.models import PageViewRestriction

import pytest

import factories


def text_of(response):
    return html.unescape(response.content.decode())


def test_pages_at_every_depth_are_found_with_their_breadcrumbs(client, site_tree):
    for page in (site_tree.city_index, site_tree.luebeck, site_tree.project, site_tree.lesson):
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert f"<h1>{page.title}</h1>" in text_of(response)
    breadcrumbs = text_of(client.get(site_tree.lesson.url)).split('aria-label="Sie sind hier"')[1]
    breadcrumbs = breadcrumbs.split("</nav>")[0]
    for ancestor in (site_tree.city_index, site_tree.luebeck, site_tree.project):
        assert f'<a href="{ancestor.url}">{ancestor.title}</a>' in breadcrumbs
    assert f'<span aria-current="page">{site_tree.lesson.title}</span>' in breadcrumbs


@pytest.mark.parametrize(
    "path",
    [
        "/staedte/luebeck/gibt-es-nicht/",
        "/staedte/rostock/parkraum/",  # the project's slug, but under another city
        "/staedte/luebeck/parkraum/winter/tiefer/",
        "/staedte/luebeck/parkraum/nachnutzen/anders/",
    ],
)
def test_a_path_without_a_page_is_not_found(client, site_tree, path):
    assert site_tree.project.url == "/staedte/luebeck/parkraum/"
    assert client.get(path).status_code == 404


def test_an_unpublished_page_is_not_found_but_its_published_child_is(client, site_tree):
    draft = factories.ProjectPageFactory(parent=site_tree.rostock, slug="entwurf")
    lesson = factories.LessonPageFactory(parent=draft, slug="lehre")
    draft.unpublish()
    assert client.get("/staedte/rostock/entwurf/").status_code == 404
    # As with Wagtail's own routing, only the page itself must be live.
    assert lesson.live
    assert client.get("/staedte/rostock/entwurf/lehre/").status_code == 200


def test_a_restriction_above_the_page_asks_for_the_password(client, site_tree):
    PageViewRestriction.objects.create(
        page=site_tree.luebeck, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )
    for page in (site_tree.luebeck, site_tree.project, site_tree.lesson):
        response = client.get(page.url)
        assert response.status_code == 200
        text = text_of(response)
        assert 'name="password"' in text, page.url
        assert f"<h1>{page.title}</h1>" not in text
    assert 'name="password"' in text_of(client.get(site_tree.project.url + "nachnutzen/"))
    assert 'name="password"' not in text_of(client.get(site_tree.rostock.url))


def test_a_restriction_on_the_page_sends_readers_to_sign_in(client, site_tree):
    PageViewRestriction.objects.create(
        page=site_tree.project, restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get(site_tree.project.url)
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert client.get(site_tree.lesson.url).status_code == 302
    assert client.get(site_tree.luebeck.url).status_code == 200


def test_an_alias_keeps_the_restriction_of_the_page_it_stands_for(client, site_tree):
    alias = site_tree.project.create_alias(parent=site_tree.rostock, update_slug="parken-alias")
    assert client.get(alias.url).status_code == 200
    PageViewRestriction.objects.create(
        page=site_tree.project, restriction_type=PageViewRestriction.LOGIN
    )
    assert client.get(alias.url).status_code == 302


def test_a_slug_used_in_every_city_leads_to_each_citys_own_page(client, site_tree):
    # Cities name their projects alike ("parkraum") and their lessons too: each
    # address serves the page under its own city, at every depth.
    twin = factories.ProjectPageFactory(parent=site_tree.rostock, slug=site_tree.project.slug)
    twin_lesson = factories.LessonPageFactory(parent=twin, slug=site_tree.lesson.slug)
    assert twin.url == "/staedte/rostock/parkraum/"
    for page in (site_tree.project, twin, site_tree.lesson, twin_lesson):
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert f"<h1>{page.title}</h1>" in text_of(response)
    twin_lesson.unpublish()
    assert client.get(twin_lesson.url).status_code == 404
    assert client.get(site_tree.lesson.url).status_code == 200
