"""The read API at /api/v2/: every endpoint, every filter, published content only."""

from django.db import transaction

import pytest

import factories
from registry.choices import ProjectStatus
from registry.models import FieldOfAction, ProjectPage


@pytest.fixture
def api_tree(site_tree):
    mobility = FieldOfAction.objects.get(slug="mobilitaet")
    site_tree.project.fields_of_action.set([mobility])
    site_tree.project.save()
    site_tree.rostock_project = factories.ProjectPageFactory(
        parent=site_tree.rostock,
        title="Stadtweites Funknetz",
        status=ProjectStatus.PILOT,
        tags=["Funk"],
    )
    site_tree.draft = factories.ProjectPageFactory(
        parent=site_tree.luebeck, title="Unveröffentlichter Entwurf", live=False
    )
    return site_tree


def titles(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    return sorted(item["title"] for item in response.json()["items"])


def test_projects_endpoint_lists_published_projects_only(client, api_tree):
    assert titles(client, "/api/v2/projects/") == [
        "Digitale Parkraumsteuerung",
        "Stadtweites Funknetz",
    ]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("city=luebeck", ["Digitale Parkraumsteuerung"]),
        ("city=rostock", ["Stadtweites Funknetz"]),
        ("topic=mobilitaet", ["Digitale Parkraumsteuerung"]),
        ("status=pilot", ["Stadtweites Funknetz"]),
        ("status=operation", ["Digitale Parkraumsteuerung"]),
        ("tag=lorawan", ["Digitale Parkraumsteuerung"]),
        ("tag=LoRaWAN", ["Digitale Parkraumsteuerung"]),
        (
            "city=luebeck&topic=mobilitaet&status=operation&tag=lorawan",
            ["Digitale Parkraumsteuerung"],
        ),
        ("city=rostock&tag=lorawan", []),
    ],
)
def test_project_filters(client, api_tree, query, expected):
    assert titles(client, f"/api/v2/projects/?{query}") == expected


@pytest.mark.parametrize(
    "query, message",
    [
        ("city=atlantis", "Unbekannter Wert „atlantis“ für „city“"),
        ("topic=raumfahrt", "für „topic“"),
        ("status=fertig", "für „status“"),
        ("tag=gibtsnicht", "für „tag“"),
        ("farbe=blau", "Unbekannter Parameter: farbe"),
    ],
)
def test_bad_filter_values_answer_400_with_a_message(client, api_tree, query, message):
    response = client.get(f"/api/v2/projects/?{query}")
    assert response.status_code == 400
    assert message in response.json()["message"]


def test_project_detail_has_the_structured_fields(client, api_tree):
    response = client.get(f"/api/v2/projects/{api_tree.project.pk}/")
    data = response.json()
    assert data["status"] == "operation"
    assert data["status_label"] == "Im Betrieb"
    assert data["city"]["slug"] == "luebeck"
    assert data["fields_of_action"] == [{"slug": "mobilitaet", "name": "Mobilität"}]
    assert sorted(data["tags"]) == ["LoRaWAN", "Parken"]
    assert data["licence"] == "EUPL-1.2"
    assert data["reusable_software"] is True


def test_draft_detail_is_not_found(client, api_tree):
    assert client.get(f"/api/v2/projects/{api_tree.draft.pk}/").status_code == 404


def test_contacts_follow_their_visibility(client, api_tree, partner_user):
    url = f"/api/v2/projects/{api_tree.project.pk}/"
    anonymous = client.get(url)
    names = [c["name"] for c in anonymous.json()["contacts"]]
    assert names == ["Smart-City-Büro Lübeck"]
    assert "erika.mustermann" not in anonymous.content.decode()
    city = client.get(f"/api/v2/cities/{api_tree.luebeck.pk}/")
    assert "erika.mustermann" not in city.content.decode()
    client.force_login(partner_user)
    names = [c["name"] for c in client.get(url).json()["contacts"]]
    assert sorted(names) == ["Erika Mustermann", "Smart-City-Büro Lübeck"]


def test_no_listing_leaks_a_partners_only_contact(client, api_tree):
    for endpoint in ("projects", "cities", "lessons", "articles", "news"):
        response = client.get(f"/api/v2/{endpoint}/?fields=*")
        assert response.status_code == 200, endpoint
        assert "erika.mustermann" not in response.content.decode()
        assert "Erika Mustermann" not in response.content.decode()


def test_cities_endpoint_and_city_filter(client, api_tree):
    assert titles(client, "/api/v2/cities/") == ["Lübeck", "Rostock"]
    assert titles(client, "/api/v2/cities/?city=rostock") == ["Rostock"]
    data = client.get(f"/api/v2/cities/{api_tree.luebeck.pk}/").json()
    assert data["municipality_key"] == "01003000"
    assert data["latitude"] == "53.86970"


def test_lessons_endpoint_with_city_and_tag(client, api_tree):
    assert titles(client, "/api/v2/lessons/") == ["Sensoren im Winter testen"]
    assert titles(client, "/api/v2/lessons/?city=luebeck&tag=lorawan") == [
        "Sensoren im Winter testen"
    ]
    assert titles(client, "/api/v2/lessons/?city=rostock") == []
    assert client.get("/api/v2/lessons/?status=pilot").status_code == 400


def test_articles_endpoint_with_topic_and_tag(client, api_tree):
    api_tree.article.fields_of_action.set([FieldOfAction.objects.get(slug="mobilitaet")])
    api_tree.article.save()
    assert titles(client, "/api/v2/articles/") == ["LoRaWAN-Netz ausschreiben"]
    assert titles(client, "/api/v2/articles/?topic=mobilitaet") == ["LoRaWAN-Netz ausschreiben"]
    assert titles(client, "/api/v2/articles/?tag=parken") == []


def test_news_endpoint_with_city_and_tag(client, api_tree):
    api_tree.news.related_cities.set([api_tree.rostock])
    api_tree.news.save()
    assert titles(client, "/api/v2/news/") == ["Rostock funkt stadtweit"]
    assert titles(client, "/api/v2/news/?city=rostock&tag=lorawan") == ["Rostock funkt stadtweit"]
    assert titles(client, "/api/v2/news/?city=luebeck") == []


def test_fields_of_action_endpoint_lists_the_vocabulary(client, db):
    response = client.get("/api/v2/fields-of-action/")
    assert response.status_code == 200
    slugs = [item["slug"] for item in response.json()["items"]]
    assert "mobilitaet" in slugs
    assert len(slugs) == FieldOfAction.objects.count()


# Queries for one listing page, whatever the number of items (measured on
# SQLite). A listing's total is counted once per change of the content and
# read from the cache after that; the first request after a change takes
# one query more than the ones measured here.
LISTING_MAX_QUERIES = {
    "/api/v2/projects/": 6,
    "/api/v2/projects/?fields=*": 12,
    "/api/v2/cities/": 6,
    "/api/v2/cities/?fields=*": 7,
    "/api/v2/lessons/": 6,
    "/api/v2/lessons/?fields=*": 7,
    "/api/v2/articles/": 6,
    "/api/v2/articles/?fields=*": 9,
    "/api/v2/news/": 6,
    "/api/v2/news/?fields=*": 9,
}


def test_listings_take_as_many_queries_for_9_projects_as_for_3(
    client, site_tree, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    """
    Each endpoint fetches what its listed fields read from other tables once
    for the whole page (config/api.py), so a harvester asking for `fields=*`
    costs the same whether the registry has 3 projects or 9, each with its
    own city, contacts, tags, lesson, transfer, wiki article and news item.
    """
    measured = {url: [] for url in LISTING_MAX_QUERIES}
    for added, total in ((3, 3), (6, 9)):
        # Committed, as an editor's publication is: the listing's total is
        # counted once per change of the content (registry.api).
        with django_capture_on_commit_callbacks(execute=True):
            factories.projects_with_everything(site_tree, count=added)
        for url, bound in LISTING_MAX_QUERIES.items():
            client.get(url)  # content types and site root paths are cached after this
            with django_assert_max_num_queries(bound) as queries:
                response = client.get(url)
            assert response.json()["meta"]["total_count"] > total, url
            measured[url].append(len(queries))
    print(f"queries at 3 and 9 projects: {measured}")
    for url, (small, large) in measured.items():
        assert small == large, f"{url} grows with the number of projects: {small} → {large}"
        assert small >= LISTING_MAX_QUERIES[url] - 2, f"{url}: lower the pinned bound to {small}"


def test_a_listed_project_says_what_its_detail_view_says(client, site_tree):
    """The listing reads prefetched rows, the detail view queries: both must agree."""
    factories.projects_with_everything(site_tree, count=3)
    adopter = factories.projects_with_everything(site_tree, count=1)[0]
    listing = client.get("/api/v2/projects/?fields=*").json()["items"]
    assert len(listing) == 5
    related = [
        "city",
        "fields_of_action",
        "tags",
        "partner_cities",
        "contacts",
        "adopted_from",
        "reused_in",
    ]
    for item in listing:
        detail = client.get(f"/api/v2/projects/{item['id']}/").json()
        assert {key: item[key] for key in related} == {key: detail[key] for key in related}
    by_id = {item["id"]: item for item in listing}
    reused_in = by_id[site_tree.project.pk]["reused_in"]
    assert len(reused_in) == 4 and adopter.pk in {ref["id"] for ref in reused_in}
    assert [c["name"] for c in by_id[site_tree.project.pk]["contacts"]] == [
        "Smart-City-Büro Lübeck"
    ]
    assert by_id[adopter.pk]["tags"] == ["LoRaWAN", f"Thema {adopter.pk}"]
    assert by_id[adopter.pk]["adopted_from"][0]["source_project"]["id"] == site_tree.project.pk
    assert "erika.mustermann" not in str(listing)


@pytest.mark.parametrize(
    "endpoint, related",
    [
        ("articles", ["fields_of_action", "related_projects", "tags"]),
        ("news", ["related_cities", "related_projects", "tags"]),
    ],
)
def test_a_listed_article_or_news_item_says_what_its_detail_view_says(
    client, site_tree, endpoint, related
):
    """The listing reads prefetched rows, the detail view queries: both must agree."""
    shown, withdrawn = factories.projects_with_everything(site_tree, count=2)
    withdrawn.unpublish()
    listing = client.get(f"/api/v2/{endpoint}/?fields=*").json()["items"]
    assert len(listing) == 3
    for item in listing:
        detail = client.get(f"/api/v2/{endpoint}/{item['id']}/").json()
        assert {key: item[key] for key in related} == {key: detail[key] for key in related}
    # Each new item is tagged with its project's „Thema <id>“, after „LoRaWAN“.
    by_project = {item["tags"][-1]: item for item in listing}
    about_shown = by_project[f"Thema {shown.pk}"]
    assert about_shown["tags"] == ["LoRaWAN", f"Thema {shown.pk}"]
    assert {ref["id"]: ref["city"] for ref in about_shown["related_projects"]}[shown.pk] == (
        shown.city.slug
    )
    # A withdrawn project is not linked from a listed item.
    about_withdrawn = by_project[f"Thema {withdrawn.pk}"]
    assert withdrawn.pk not in {ref["id"] for ref in about_withdrawn["related_projects"]}


@pytest.fixture(scope="module")
def large_registry(site_tree_module, django_db_blocker):
    """200 more cities with 6 projects each: 1,201 projects."""
    with django_db_blocker.unblock(), transaction.atomic():
        return factories.bulk_registry(site_tree_module, cities=200, projects_per_city=6)


@pytest.mark.parametrize(
    "query, order",
    [
        ("", ("title", "pk")),  # the default order, read from the index on (title, id)
        ("&order=-title", ("-title", "pk")),
        ("&order=id", ("pk",)),
    ],
)
def test_a_deep_page_of_a_large_registry_lists_the_right_projects(
    client, site_tree, large_registry, django_assert_max_num_queries, query, order
):
    """A page deep in the listing is the same slice of the order as page 1 is, in 6 queries."""
    expected = list(ProjectPage.objects.live().order_by(*order).values_list("title", flat=True))
    assert len(expected) == 1201
    # Content types and site root paths are cached after this, and the total.
    client.get(f"/api/v2/projects/?limit=1{query}")
    for offset in (0, 600, 1190):
        with django_assert_max_num_queries(LISTING_MAX_QUERIES["/api/v2/projects/"]):
            response = client.get(f"/api/v2/projects/?offset={offset}{query}")
        data = response.json()
        assert data["meta"]["total_count"] == 1201
        assert [item["title"] for item in data["items"]] == expected[offset : offset + 20]
