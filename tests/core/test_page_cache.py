"""
Whole pages for anonymous readers from the shared cache (core.page_cache):
served again without a query, retired by every publication, never for editors
or previews, and with the headers a reverse proxy needs.

Tests run inside a transaction; the cache is retired when a change commits,
so each change runs under `django_capture_on_commit_callbacks(execute=True)`,
which runs what a commit would.
"""

import html
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings as django_settings
from django.utils import translation

from wagtail.snippets.models import get_snippet_models

import pytest

import factories
from registry.models import ReuseRequest

NEW_TITLE = "Parkleitsystem Altstadtinsel"

# Until the reuse form moves to a page of its own, the project page sets the
# CSRF cookie and so is, rightly, never cached.
REUSE_FORM_ON_PROJECT_PAGE = "components/reuse_form.html" in (
    Path(django_settings.BASE_DIR) / "templates/pages/project_page.html"
).read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600
    settings.PAGE_CACHE_PROXY_SECONDS = 60
    with translation.override("de"):  # page.url is the German address
        yield


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def pages_showing_the_project(tree) -> dict[str, str]:
    """Where a reader meets the Lübeck project besides its own page."""
    return {
        "city page": tree.luebeck.url,
        "home page": tree.home.url,
        "tag page": "/tags/parken/",
        "search": "/search/?q=Parkraumsteuerung+Altstadtinsel",
        "feed": "/feeds/projects/",
        "open data": "/open-data/projects.csv",
    }


def warm(client, urls, *, project_url=None) -> None:
    """
    Fill the cache with each page and check that the next request is a hit;
    the project page too once it sets no cookie.
    """
    for url in urls:
        assert client.get(url)["X-Cache"] == "MISS", url
        assert client.get(url)["X-Cache"] == "HIT", url
    if project_url:
        client.get(project_url)
        expected = "MISS" if REUSE_FORM_ON_PROJECT_PAGE else "HIT"
        assert client.get(project_url)["X-Cache"] == expected
        client.cookies.clear()


def test_a_page_comes_from_the_cache_the_second_time_without_a_query(
    client, site_tree, django_assert_max_num_queries
):
    first = client.get(site_tree.luebeck.url)
    assert first.status_code == 200
    assert first["X-Cache"] == "MISS"
    with django_assert_max_num_queries(0):
        second = client.get(site_tree.luebeck.url)
    assert second["X-Cache"] == "HIT"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


@pytest.mark.xfail(
    REUSE_FORM_ON_PROJECT_PAGE,
    reason="the reuse form on the project page sets the CSRF cookie",
    strict=True,
)
def test_the_project_page_comes_from_the_cache_the_second_time(
    client, site_tree, django_assert_max_num_queries
):
    first = client.get(site_tree.project.url)
    assert first.status_code == 200
    with django_assert_max_num_queries(1):
        second = client.get(site_tree.project.url)
    assert second["X-Cache"] == "HIT"
    assert second.content == first.content


def test_pages_in_english_and_with_other_query_strings_are_cached_apart(client, site_tree):
    german = client.get("/tags/")
    english = client.get("/en/tags/")
    assert english["X-Cache"] == "MISS"
    assert german.content != english.content
    assert client.get("/search/?q=Parken")["X-Cache"] == "MISS"
    assert client.get("/search/?q=Sensoren")["X-Cache"] == "MISS"
    assert client.get("/search/?q=Parken")["X-Cache"] == "HIT"
    # HEAD is answered from the page GET stored.
    assert client.head("/en/tags/")["X-Cache"] == "HIT"


def test_a_publication_shows_at_once_wherever_the_project_appears(
    client, site_tree, django_capture_on_commit_callbacks
):
    tree = site_tree
    pages = pages_showing_the_project(tree)
    warm(client, pages.values(), project_url=tree.project.url)
    for url in pages.values():
        assert NEW_TITLE not in text_of(client.get(url)), url

    with django_capture_on_commit_callbacks(execute=True):
        tree.project.title = NEW_TITLE
        tree.project.save_revision().publish()

    for where, url in pages.items():
        response = client.get(url)
        assert response["X-Cache"] == "MISS", where
        assert NEW_TITLE in text_of(response), where
        assert client.get(url)["X-Cache"] == "HIT", where
    assert NEW_TITLE in text_of(client.get(tree.project.url))


def test_the_api_is_left_to_a_proxy_as_it_varies_on_accept(client, site_tree):
    """REST framework's browsable API answers by the Accept header."""
    for _ in range(2):
        response = client.get("/api/v2/projects/")
        assert response["X-Cache"] == "MISS"
        assert response["Cache-Control"] == "public, max-age=0, s-maxage=60"
        assert {"Accept", "Cookie"} <= {part.strip() for part in response["Vary"].split(",")}


def test_a_draft_saved_does_not_retire_the_cache(
    client, site_tree, django_capture_on_commit_callbacks
):
    warm(client, [site_tree.luebeck.url])
    with django_capture_on_commit_callbacks(execute=True):
        site_tree.project.title = NEW_TITLE
        site_tree.project.save_revision()
    response = client.get(site_tree.luebeck.url)
    assert response["X-Cache"] == "HIT"
    assert NEW_TITLE not in text_of(response)


def test_an_unpublished_project_disappears_at_once(
    client, site_tree, django_capture_on_commit_callbacks
):
    tree = site_tree
    warm(client, [tree.luebeck.url, "/tags/parken/"], project_url=tree.project.url)
    with django_capture_on_commit_callbacks(execute=True):
        tree.project.unpublish()
    assert client.get(tree.project.url).status_code == 404
    assert tree.project.title not in text_of(client.get(tree.luebeck.url))
    assert tree.project.title not in text_of(client.get("/tags/parken/"))


def test_a_moved_project_shows_at_its_new_place_at_once(
    client, site_tree, django_capture_on_commit_callbacks
):
    tree = site_tree
    old_url = tree.project.url
    warm(client, [tree.luebeck.url, tree.rostock.url], project_url=old_url)
    with django_capture_on_commit_callbacks(execute=True):
        tree.project.move(tree.rostock, pos="last-child")
    # Wagtail leaves a redirect from the old address.
    assert client.get(old_url)["Location"] == "/staedte/rostock/parkraum/"
    assert tree.project.title not in text_of(client.get(tree.luebeck.url))
    assert tree.project.title in text_of(client.get(tree.rostock.url))
    moved = client.get("/staedte/rostock/parkraum/")
    assert moved.status_code == 200
    assert "Rostock" in text_of(moved)


def test_a_deleted_project_disappears_at_once(
    client, site_tree, django_capture_on_commit_callbacks
):
    tree = site_tree
    old_url = tree.project.url
    warm(client, [tree.luebeck.url, "/feeds/projects/"], project_url=old_url)
    with django_capture_on_commit_callbacks(execute=True):
        tree.project.delete()
    assert client.get(old_url).status_code == 404
    assert tree.project.title not in text_of(client.get(tree.luebeck.url))
    assert tree.project.title not in text_of(client.get("/feeds/projects/"))


def test_a_page_not_found_is_cached_until_the_page_is_published(
    client, site_tree, django_capture_on_commit_callbacks
):
    url = f"{site_tree.luebeck.url}neu/"
    assert client.get(url).status_code == 404
    assert client.get(url)["X-Cache"] == "HIT"
    with django_capture_on_commit_callbacks(execute=True):
        factories.ProjectPageFactory(parent=site_tree.luebeck, title="Neu", slug="neu")
    assert client.get(url).status_code == 200


def test_a_changed_contact_shows_at_once(client, site_tree, django_capture_on_commit_callbacks):
    warm(client, [site_tree.luebeck.url])
    contact = site_tree.public_contact
    with django_capture_on_commit_callbacks(execute=True):
        contact.name = "Stabsstelle Digitalisierung"
        contact.save()
    assert "Stabsstelle Digitalisierung" in text_of(client.get(site_tree.luebeck.url))


def test_every_snippet_readers_see_retires_the_cache():
    """A new snippet model must be declared with `pages_show` or listed here as never shown."""
    from django.db.models.signals import post_save

    never_shown = {ReuseRequest}
    for model in get_snippet_models():
        if model in never_shown:
            continue
        assert post_save.has_listeners(model), f"{model._meta.label}: call pages_show()"


class TestSignedInEditors:
    @pytest.fixture
    def editor(self, client, partner_user):
        client.force_login(partner_user)
        return client

    def test_never_get_a_cached_page_nor_fill_the_cache(
        self, client, editor, site_tree, django_assert_max_num_queries
    ):
        for _ in range(2):
            response = editor.get(site_tree.luebeck.url)
            assert response.status_code == 200
            assert response["X-Cache"] == "MISS"
            assert response["Cache-Control"] == "private, no-cache"
        editor.logout()
        assert client.get(site_tree.luebeck.url)["X-Cache"] == "MISS"

    def test_see_what_they_published_at_once_and_no_draft(self, client, site_tree, partner_user):
        warm(client, [site_tree.luebeck.url])
        # Published without the commit's retirement of cached pages: an
        # editor's page never comes from the cache, whatever it holds.
        site_tree.project.title = NEW_TITLE
        site_tree.project.save_revision().publish()
        site_tree.project.title = "Nur ein Entwurf"
        site_tree.project.save_revision()
        client.force_login(partner_user)
        text = text_of(client.get(site_tree.luebeck.url))
        assert NEW_TITLE in text
        assert "Nur ein Entwurf" not in text


def test_a_preview_is_never_served_from_the_cache_nor_stored(client, site_tree):
    """
    Wagtail renders a preview by running the middleware on a request for the
    page's own public address; here without any cookie, the hardest case.
    """
    project = site_tree.luebeck
    address = urlsplit(project.full_url)
    warm(client, [project.url])
    host = {"HTTP_HOST": address.netloc, "SERVER_PORT": address.port or 80}
    live = client.get(address.path, **host)
    project.title = "Vorschau einer Stadt"
    preview = project.make_preview_request(preview_mode="")
    assert "Vorschau einer Stadt" in text_of(preview)
    assert "X-Cache" not in preview or preview["X-Cache"] == "MISS"
    assert "private" in preview["Cache-Control"]
    after = client.get(address.path, **host)
    assert "Vorschau einer Stadt" not in text_of(after)
    assert after.content == live.content


def test_headers_for_anonymous_readers_and_a_reverse_proxy(client, site_tree):
    miss = client.get(site_tree.luebeck.url)
    hit = client.get(site_tree.luebeck.url)
    for response in (miss, hit):
        assert response["Cache-Control"] == "public, max-age=0, s-maxage=60"
        assert "Cookie" in response["Vary"]
        assert not response.cookies
    assert (miss["X-Cache"], hit["X-Cache"]) == ("MISS", "HIT")


def reuse_form_page(client, project) -> str:
    """The address of the page that holds the reuse form, found as a reader finds it."""
    page = text_of(client.get(project.url))
    if 'name="csrfmiddlewaretoken"' in page:
        return project.url
    link = next(part for part in page.split('href="')[1:] if "nachnutzen/" in part.split('"')[0])
    return link.split('"')[0]


def test_a_page_that_sets_a_cookie_is_never_cached(client, site_tree):
    url = reuse_form_page(client, site_tree.project)
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200
        assert "csrftoken" in response.cookies
        assert response["X-Cache"] == "MISS"
        assert response["Cache-Control"] == "private, no-cache"
        client.cookies.clear()


def test_no_cache_when_turned_off(client, site_tree, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(site_tree.luebeck.url)
    second = client.get(site_tree.luebeck.url)
    assert "X-Cache" not in second
    assert second["Cache-Control"] == "public, max-age=0, s-maxage=60"
