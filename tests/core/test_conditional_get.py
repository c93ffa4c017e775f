"""
Conditional GET (core.conditional_get): anonymous pages, feeds, the API and
the open-data downloads carry a weak ETag and a Last-Modified; a reader or a
reverse proxy that brings them back gets `304 Not Modified` without a query,
until anything a reader sees changes. Never for signed-in editors, the
admin, previews or pages that set a cookie.

Changes run under `django_capture_on_commit_callbacks(execute=True)`, which
runs what a commit would (the new generation is set after the commit).
"""

import datetime
import html
import time
from urllib.parse import urlsplit

from django.utils import timezone, translation
from django.utils.http import http_date, parse_http_date

import pytest

from core.page_cache import page_cache_invalidate
from factories.scenarios import projects_with_everything
from registry.freshness import review_due_before

NEW_TITLE = "Parkleitsystem Altstadtinsel"


@pytest.fixture(autouse=True)
def german():
    with translation.override("de"):  # page.url is the German address
        yield


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def addresses(tree) -> dict[str, str]:
    return {
        "home page": tree.home.url,
        "city page": tree.luebeck.url,
        "project page": tree.project.url,
        "feed": "/feeds/projects/",
        "API": "/api/v2/projects/",
        "open data": "/open-data/projects.csv",
    }


def vary_of(response) -> set[str]:
    return {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}


@pytest.mark.parametrize(
    "where", ["home page", "city page", "project page", "feed", "API", "open data"]
)
def test_an_unchanged_answer_is_not_sent_again(
    client, site_tree, where, django_assert_max_num_queries
):
    url = addresses(site_tree)[where]
    full = client.get(url)
    assert full.status_code == 200
    assert full["ETag"].startswith('W/"')
    assert parse_http_date(full["Last-Modified"]) <= time.time()

    with django_assert_max_num_queries(0):
        by_etag = client.get(url, HTTP_IF_NONE_MATCH=full["ETag"])
    with django_assert_max_num_queries(0):
        by_date = client.get(url, HTTP_IF_MODIFIED_SINCE=full["Last-Modified"])
    with django_assert_max_num_queries(0):
        head = client.head(url, HTTP_IF_NONE_MATCH=full["ETag"])
    for answer in (by_etag, by_date, head):
        assert answer.status_code == 304
        assert answer.content == b""
        # What a cache needs to update the copy it keeps (RFC 9110 §15.4.5).
        assert answer["ETag"] == full["ETag"]
        assert answer["Last-Modified"] == full["Last-Modified"]
        assert answer["Cache-Control"] == full["Cache-Control"]
        assert vary_of(answer) == vary_of(full)


def test_a_head_request_gets_the_same_validators_as_get(client, site_tree):
    head = client.head("/feeds/projects/")
    get = client.get("/feeds/projects/")
    assert head.status_code == get.status_code == 200
    assert head["ETag"] == get["ETag"]
    assert head["Last-Modified"] == get["Last-Modified"]


def test_an_older_version_is_sent_in_full(client, site_tree):
    url = site_tree.luebeck.url
    full = client.get(url)
    earlier = http_date(parse_http_date(full["Last-Modified"]) - 1)
    assert client.get(url, HTTP_IF_NONE_MATCH='W/"0123456789abcdef"').status_code == 200
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200


def test_feeds_and_the_api_say_what_they_vary_on(client, site_tree):
    feed = client.get("/feeds/projects/")
    api = client.get("/api/v2/projects/")
    assert vary_of(feed) == {"cookie"}
    assert vary_of(api) == {"accept", "cookie"}
    # The language comes from the address (/en/), never from the browser's header.
    for url in (site_tree.home.url, "/en/", "/open-data/projects.csv"):
        assert vary_of(client.get(url)) == {"cookie"}, url
    assert client.get("/en/", HTTP_ACCEPT_LANGUAGE="de")["Content-Language"] == "en"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en")["Content-Language"] == "de"
    assert client.get("/feeds/news/", HTTP_ACCEPT_LANGUAGE="en")["Content-Language"] == "de"
    # Another representation (the browsable API) or another query string
    # is another answer, with an ETag of its own.
    assert client.get("/api/v2/projects/?limit=1")["ETag"] != api["ETag"]
    as_html = client.get(
        "/api/v2/projects/", HTTP_ACCEPT="text/html", HTTP_IF_NONE_MATCH=api["ETag"]
    )
    assert as_html.status_code == 200
    assert as_html["Content-Type"].startswith("text/html")
    # The browsable API sets the CSRF cookie: never a 304, not even for "any version".
    client.cookies.clear()
    assert (
        client.get("/api/v2/projects/", HTTP_ACCEPT="text/html", HTTP_IF_NONE_MATCH="*").status_code
        == 200
    )
    as_json = client.get(
        "/api/v2/projects/", HTTP_ACCEPT="application/json", HTTP_IF_NONE_MATCH=api["ETag"]
    )
    assert as_json.status_code == 200
    assert as_json["ETag"] != api["ETag"]
    assert (
        client.get(
            "/api/v2/projects/", HTTP_ACCEPT="application/json", HTTP_IF_NONE_MATCH=as_json["ETag"]
        ).status_code
        == 304
    )


def test_a_feed_is_dated_by_the_last_change_not_by_its_newest_entry(
    client, site_tree, django_capture_on_commit_callbacks
):
    """An unpublished project leaves the feed without making its newest entry newer."""
    before = client.get("/feeds/projects/")
    assert site_tree.project.title in text_of(before)
    time.sleep(1)
    with django_capture_on_commit_callbacks(execute=True):
        site_tree.project.unpublish()
    after = client.get("/feeds/projects/", HTTP_IF_MODIFIED_SINCE=before["Last-Modified"])
    assert after.status_code == 200
    assert site_tree.project.title not in text_of(after)
    assert parse_http_date(after["Last-Modified"]) > parse_http_date(before["Last-Modified"])


@pytest.mark.parametrize("where", ["project page", "feed", "API"])
def test_a_publication_makes_every_earlier_version_stale_at_once(
    client, site_tree, where, django_capture_on_commit_callbacks
):
    url = addresses(site_tree)[where]
    full = client.get(url)
    validators = {
        "HTTP_IF_NONE_MATCH": full["ETag"],
        "HTTP_IF_MODIFIED_SINCE": full["Last-Modified"],
    }
    assert client.get(url, **validators).status_code == 304

    # In the same second: Last-Modified still tells the versions apart.
    with django_capture_on_commit_callbacks(execute=True):
        site_tree.project.title = NEW_TITLE
        site_tree.project.save_revision().publish()

    for headers in (validators, {"HTTP_IF_MODIFIED_SINCE": full["Last-Modified"]}):
        fresh = client.get(url, **headers)
        assert fresh.status_code == 200
        assert NEW_TITLE in text_of(fresh)
    assert fresh["ETag"] != full["ETag"]
    # The new version began a second later; a date still ahead of the clock
    # is sent as "now", which may be the old date's second (the old date
    # above was refused all the same).
    assert parse_http_date(fresh["Last-Modified"]) >= parse_http_date(full["Last-Modified"])
    assert client.get(url, HTTP_IF_NONE_MATCH=fresh["ETag"]).status_code == 304


def test_a_saved_snippet_makes_the_pages_stale(
    client, site_tree, django_capture_on_commit_callbacks
):
    url = site_tree.luebeck.url
    etag = client.get(url)["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        site_tree.public_contact.name = "Stabsstelle Digitalisierung"
        site_tree.public_contact.save()
    fresh = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert fresh.status_code == 200
    assert "Stabsstelle Digitalisierung" in text_of(fresh)


def test_changes_in_the_same_second_are_told_apart_by_date(client, site_tree):
    url = "/feeds/projects/"
    first = client.get(url)
    answers = []
    for _ in range(3):
        page_cache_invalidate()
        answers.append(client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]))
    for answer in answers:
        assert answer.status_code == 200
        # Never a date ahead of the clock, whatever the changes' pace.
        assert parse_http_date(answer["Last-Modified"]) <= time.time()
    last = answers[-1]
    assert client.get(url, HTTP_IF_NONE_MATCH=last["ETag"]).status_code == 304


def test_no_validators_for_a_page_not_found(client, site_tree):
    response = client.get(f"{site_tree.luebeck.url}gibt-es-nicht/")
    assert response.status_code == 404
    assert "ETag" not in response
    assert "Last-Modified" not in response


class TestNeverFor:
    def test_signed_in_editors(self, client, site_tree, partner_user):
        url = site_tree.luebeck.url
        etag = client.get(url)["ETag"]
        client.force_login(partner_user)
        for response in (client.get(url), client.get(url, HTTP_IF_NONE_MATCH=etag)):
            assert response.status_code == 200
            assert "ETag" not in response
            assert "Last-Modified" not in response
            assert response["Cache-Control"] == "private, no-cache"

    def test_the_admin(self, client, site_tree, admin_user):
        client.force_login(admin_user)
        response = client.get("/admin/")
        assert response.status_code == 200
        assert "ETag" not in response
        client.logout()
        assert "ETag" not in client.get("/admin/login/")

    def test_a_preview(self, client, site_tree):
        project = site_tree.luebeck
        address = urlsplit(project.full_url)
        host = {"HTTP_HOST": address.netloc, "SERVER_PORT": address.port or 80}
        live = client.get(address.path, **host)
        assert "ETag" in live
        project.title = "Vorschau einer Stadt"
        preview = project.make_preview_request(preview_mode="")
        assert "Vorschau einer Stadt" in text_of(preview)
        assert "ETag" not in preview

    def test_a_page_that_sets_the_csrf_cookie(self, client, site_tree):
        project_page = text_of(client.get(site_tree.project.url))
        form_url = next(
            part.split('"')[0]
            for part in project_page.split('href="')[1:]
            if "nachnutzen/" in part.split('"')[0]
        )
        etag = client.get(site_tree.luebeck.url)["ETag"]
        for headers in ({}, {"HTTP_IF_NONE_MATCH": etag}, {"HTTP_IF_NONE_MATCH": "*"}):
            response = client.get(form_url, **headers)
            assert response.status_code == 200
            assert "csrftoken" in response.cookies
            assert "ETag" not in response
            client.cookies.clear()


class TestWithThePageCache:
    @pytest.fixture(autouse=True)
    def page_cache(self, settings):
        settings.PAGE_CACHE_SECONDS = 600

    def test_a_cached_page_keeps_its_validators(
        self, client, site_tree, django_assert_max_num_queries
    ):
        url = site_tree.luebeck.url
        miss = client.get(url)
        hit = client.get(url)
        assert (miss["X-Cache"], hit["X-Cache"]) == ("MISS", "HIT")
        assert hit["ETag"] == miss["ETag"]
        assert hit["Last-Modified"] == miss["Last-Modified"]
        with django_assert_max_num_queries(0):
            answer = client.get(url, HTTP_IF_NONE_MATCH=hit["ETag"])
        assert answer.status_code == 304
        assert answer["X-Cache"] == "HIT"


@pytest.mark.parametrize("extra_projects", [0, 4])
def test_a_304_costs_no_query_whatever_the_registry_size(
    client, site_tree, extra_projects, django_assert_max_num_queries
):
    projects_with_everything(site_tree, count=extra_projects)
    for url in addresses(site_tree).values():
        etag = client.get(url)["ETag"]
        with django_assert_max_num_queries(0):
            assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_a_new_day_makes_earlier_versions_stale(client, site_tree, monkeypatch):
    """
    A project reviewed exactly twelve months ago becomes „möglicherweise
    veraltet“ tomorrow without anybody editing anything: the reader's ETag
    from today must not be answered with 304 then.
    """
    today = timezone.localdate()
    site_tree.project.last_reviewed = review_due_before(today)
    site_tree.project.save_revision().publish()
    page_cache_invalidate()
    url = site_tree.project.url
    current = client.get(url)
    assert "möglicherweise veraltet" not in text_of(current)
    assert client.get(url, HTTP_IF_NONE_MATCH=current["ETag"]).status_code == 304

    tomorrow = today + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)
    fresh = client.get(url, HTTP_IF_NONE_MATCH=current["ETag"])
    assert fresh.status_code == 200
    assert "möglicherweise veraltet" in text_of(fresh)
    assert fresh["ETag"] != current["ETag"]
