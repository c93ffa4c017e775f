"""Atom feeds, read by a real feed parser; sitemap and robots.txt."""

from django.conf import settings

import feedparser
import pytest

import factories


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return feed, response.content.decode()


@pytest.fixture
def feed_tree(site_tree):
    site_tree.draft = factories.ProjectPageFactory(
        parent=site_tree.luebeck, title="Geheimer Entwurf", live=False
    )
    site_tree.news.related_cities.set([site_tree.rostock])
    site_tree.news.save()
    return site_tree


def test_news_feed(client, feed_tree):
    feed, _raw = parse(client, "/feeds/news/")
    assert feed.version == "atom10"
    assert [entry.title for entry in feed.entries] == ["Rostock funkt stadtweit"]
    entry = feed.entries[0]
    assert entry.link == "http://testserver/nachrichten/rostock-funkt/"
    assert entry.summary == "Das LoRaWAN-Netz deckt jetzt alle Stadtteile ab."
    assert [tag.term for tag in entry.tags] == ["LoRaWAN"]


def test_projects_feed_has_new_and_updated_projects_newest_first(client, feed_tree):
    feed_tree.project.save_revision().publish()
    newer = factories.ProjectPageFactory(parent=feed_tree.rostock, title="Neues Projekt")
    newer.save_revision().publish()
    feed, raw = parse(client, "/feeds/projects/")
    titles = [entry.title for entry in feed.entries]
    assert titles == ["Neues Projekt (Rostock)", "Digitale Parkraumsteuerung (Lübeck)"]
    assert feed.entries[0].updated_parsed >= feed.entries[1].updated_parsed
    assert "Geheimer Entwurf" not in raw
    assert newer.title in raw


def test_projects_feed_names_each_projects_tags_in_reading_order(client, feed_tree):
    feed_tree.project.tags.set(["Bahn", "Ärger", "Apfel"])
    feed_tree.project.save_revision().publish()
    other = factories.ProjectPageFactory(parent=feed_tree.rostock, title="Ohne Schlagwort")
    other.save_revision().publish()
    feed, _raw = parse(client, "/feeds/projects/")
    terms = {entry.title: [tag.term for tag in entry.get("tags", [])] for entry in feed.entries}
    assert terms["Digitale Parkraumsteuerung (Lübeck)"] == ["Apfel", "Ärger", "Bahn"]
    assert terms["Ohne Schlagwort (Rostock)"] == []


def test_city_feed_has_its_projects_lessons_and_news(client, feed_tree):
    feed, _raw = parse(client, "/feeds/cities/luebeck/")
    assert sorted(e.title for e in feed.entries) == [
        "Digitale Parkraumsteuerung",
        "Sensoren im Winter testen",
    ]
    feed, _raw = parse(client, "/feeds/cities/rostock/")
    assert [e.title for e in feed.entries] == ["Rostock funkt stadtweit"]
    assert client.get("/feeds/cities/atlantis/").status_code == 404


def test_tag_feed_has_every_page_with_the_tag(client, feed_tree):
    feed, _raw = parse(client, "/feeds/tags/lorawan/")
    assert sorted(e.title for e in feed.entries) == [
        "Digitale Parkraumsteuerung",
        "LoRaWAN-Netz ausschreiben",
        "Rostock funkt stadtweit",
        "Sensoren im Winter testen",
    ]
    assert client.get("/feeds/tags/gibtsnicht/").status_code == 404


def test_no_feed_contains_a_partners_only_contact(client, feed_tree, partner_user):
    """
    A feed is a public document that feed readers and caches pass on, so no
    partners-only contact appears in it, not even when a signed-in partner
    fetches it, although the page that names the contact is in every feed.
    """
    contact = feed_tree.partners_contact
    feed_tree.news.related_cities.add(feed_tree.luebeck)
    feed_tree.news.related_projects.add(feed_tree.project)
    feed_tree.news.save()
    carriers = {
        "/feeds/news/": feed_tree.news.title,
        "/feeds/projects/": feed_tree.project.title,
        "/feeds/cities/luebeck/": feed_tree.project.title,
        "/feeds/cities/rostock/": feed_tree.news.title,
        "/feeds/tags/lorawan/": feed_tree.project.title,
        "/feeds/tags/parken/": feed_tree.project.title,
    }
    for reader in ("anonymous", "partner"):
        if reader == "partner":
            client.force_login(partner_user)
        for url, carrier in carriers.items():
            feed, raw = parse(client, url)
            assert carrier in [entry.title.split(" (")[0] for entry in feed.entries], url
            for secret in (contact.name, contact.email, contact.phone, "mustermann"):
                assert secret not in raw, f"{secret} in {url} for {reader}"


def test_sitemap_lists_published_pages_only(client, feed_tree):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    text = response.content.decode()
    assert "/staedte/luebeck/parkraum/</loc>" in text
    assert "Geheimer" not in text and feed_tree.draft.slug not in text


def test_robots_txt_points_at_the_sitemap_and_keeps_out_of_the_admin(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


# Queries for one feed, whatever the number of entries (measured on SQLite).
FEED_MAX_QUERIES = {
    "/feeds/news/": 4,
    "/feeds/projects/": 4,
    "/feeds/cities/luebeck/": 8,
    "/feeds/tags/lorawan/": 10,
}


def test_feeds_take_as_many_queries_for_9_projects_as_for_3(
    client, feed_tree, django_assert_max_num_queries
):
    """Every feed grows by entries, not by queries: tags and cities come in one query each."""
    measured = {url: [] for url in FEED_MAX_QUERIES}
    for added, total in ((3, 3), (6, 9)):
        factories.projects_with_everything(feed_tree, count=added, city=feed_tree.luebeck)
        for url, bound in FEED_MAX_QUERIES.items():
            client.get(url)  # content types and site root paths are cached after this
            with django_assert_max_num_queries(bound) as queries:
                feed, _raw = parse(client, url)
            assert len(feed.entries) > total, url
            measured[url].append(len(queries))
    print(f"queries at 3 and 9 projects: {measured}")
    for url, (small, large) in measured.items():
        assert small == large, f"{url} grows with the number of projects: {small} → {large}"
        assert small >= FEED_MAX_QUERIES[url] - 2, f"{url}: lower the pinned bound to {small}"


@pytest.mark.postgres
@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="the index exists on PostgreSQL only",
)
def test_the_projects_feed_reads_its_newest_projects_from_an_index(feed_tree):
    """
    The feed's order (newest publication first, never-published last) is read
    from an index (registry migration 0009) and the scan stops after the
    feed's length: no sort over every project, whatever the registry's size.
    With a handful of rows the planner would rather sort, so sequential scans
    are switched off: what remains must still need no Sort.
    """
    from django.db import connection, transaction

    from discovery.feeds import FEED_LENGTH
    from registry.queries import newest_projects

    # The statement ProjectsFeed.items() runs.
    sql, params = newest_projects()[:FEED_LENGTH].query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "registry_page_feed_idx" in plan, plan
    assert "Sort" not in plan, plan
