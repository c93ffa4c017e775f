"""
The search page at /search/: full-text search with facets whose counts equal
the results their links lead to, and a clear notice for bad parameters.
"""

import html
import re
from urllib.parse import parse_qs, urlsplit

from django.contrib.contenttypes.models import ContentType
from django.db import connection, reset_queries, transaction

import pytest

import factories
from knowledge.choices import LessonKind, ProjectPhase
from registry.choices import ProjectStatus
from registry.models import FieldOfAction, ProjectPage

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="EXPLAIN of PostgreSQL's planner",
)

FACET_LINK = re.compile(
    r'<a class="facet__link" href="(?P<href>[^"]+)" data-count="(?P<count>\d+)">', re.S
)
TOTAL = re.compile(r'<ol class="search-results" start="\d+">|Keine Treffer\.')


def get_text(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def result_titles(text):
    return re.findall(r'<h3 class="search-result__title"><a href="[^"]+">([^<]+)</a>', text)


def result_total(client, url):
    """The number of results a URL leads to, read from the page like a reader would."""
    response = client.get(url)
    assert response.status_code == 200
    return response.context["search"].total


def add_registry(tree):
    """Two more cities' worth of projects, lessons, articles and news with mixed facets."""
    mobility = FieldOfAction.objects.get(slug="mobilitaet")
    energy = FieldOfAction.objects.exclude(pk=mobility.pk).first()
    tree.project.fields_of_action.add(mobility)
    tree.project.save_revision().publish()
    tree.rostock_parking = factories.ProjectPageFactory(
        parent=tree.rostock,
        title="Parkleitsystem Warnemünde",
        summary="Ein Parkplatz am Strand meldet seine Belegung.",
        status=ProjectStatus.PILOT,
        reusable_software=False,
        reusable_data=True,
        tags=["Parken"],
    )
    tree.rostock_parking.fields_of_action.add(mobility)
    tree.rostock_parking.save_revision().publish()
    tree.rostock_energy = factories.ProjectPageFactory(
        parent=tree.rostock,
        title="Smarte Straßenbeleuchtung",
        summary="LED-Leuchten dimmen nachts, wenn niemand unterwegs ist.",
        status=ProjectStatus.OPERATION,
        reusable_concept=True,
        tags=["Energie", "LoRaWAN"],
    )
    tree.rostock_energy.fields_of_action.add(energy)
    tree.rostock_energy.save_revision().publish()
    tree.obstacle = factories.LessonPageFactory(
        parent=tree.rostock_parking,
        title="Vergabe dauerte ein Jahr",
        summary="Die Ausschreibung der Parksensoren zog sich.",
        kind=LessonKind.OBSTACLE,
        phase=ProjectPhase.PROCUREMENT,
        tags=["Parken"],
    )
    tree.draft = factories.ProjectPageFactory(
        parent=tree.rostock, title="Geheimer Parkplatz-Entwurf", live=False, tags=["Parken"]
    )
    tree.article.related_projects.add(tree.rostock_parking)
    tree.article.fields_of_action.add(mobility)
    tree.article.save_revision().publish()
    tree.news.related_cities.add(tree.rostock)
    tree.news.save_revision().publish()
    tree.mobility = mobility
    tree.energy = energy
    return tree


@pytest.fixture(scope="module")
def site_tree_module(site_tree_module, django_db_blocker):
    """The shared tree and the registry on it, built once for this module's tests."""
    with django_db_blocker.unblock(), transaction.atomic():
        return add_registry(site_tree_module)


@pytest.fixture
def registry(site_tree):
    return site_tree


def test_search_box_is_in_the_site_header(client, site_tree):
    text = get_text(client, "/")
    assert 'role="search"' in text
    assert 'action="/search/"' in text


def test_a_query_finds_matching_pages_and_shows_the_passage(client, registry):
    text = get_text(client, "/search/?q=Bodensensoren")
    # The page with the word itself first; pages with only its parts
    # ("Sensoren melden …", "Parksensoren") after it.
    assert result_titles(text)[0] == registry.lesson.title
    assert "<mark>Bodensensoren</mark>" in text


def test_drafts_are_never_found(client, registry):
    text = get_text(client, "/search/?q=Entwurf")
    assert registry.draft.title not in text


def test_browse_mode_lists_everything_by_title(client, registry):
    text = get_text(client, "/search/")
    titles = result_titles(text)
    assert titles == sorted(titles)
    assert registry.project.title in titles
    assert registry.news.title in titles
    assert registry.draft.title not in titles
    # The standard page and the city pages are not part of the search.
    assert registry.standard.title not in titles


def test_german_stemming_finds_the_singular_from_the_plural(client, registry):
    text = get_text(client, "/search/?q=Parkplätze")
    titles = result_titles(text)
    # "Ein Parkplatz am Strand …" only has the singular.
    assert registry.rostock_parking.title in titles


def test_results_are_ranked_by_relevance(client, registry):
    titles = result_titles(get_text(client, "/search/?q=LoRaWAN"))
    # The article has LoRaWAN in its title; the streetlights only as a tag.
    assert titles.index(registry.article.title) < titles.index(registry.rostock_energy.title)


def facet_links(text):
    return [(match["href"], int(match["count"])) for match in FACET_LINK.finditer(text)]


@pytest.mark.parametrize(
    "start",
    [
        "/search/",
        "/search/?q=Parken",
        "/search/?type=project",
        "/search/?city=rostock",
        "/search/?city=rostock&topic=mobilitaet",
        "/search/?tag=parken&reuse=data",
        "/search/?q=Sensoren&type=project&status=operation",
        "/search/?type=project&city=rostock&topic=mobilitaet",
        "/search/?q=Parken&type=project&city=rostock&reuse=data&tag=parken",
    ],
)
def test_every_facet_count_equals_the_results_its_link_leads_to(client, registry, start):
    text = get_text(client, start)
    links = facet_links(text)
    assert links, "the page offers facet links"
    for href, count in links:
        assert result_total(client, "/search/" + href) == count, href


def test_combined_filters_narrow_the_results(client, registry):
    everything = result_total(client, "/search/")
    in_rostock = get_text(client, "/search/?city=rostock")
    rostock_titles = set(result_titles(in_rostock))
    assert registry.rostock_parking.title in rostock_titles
    assert registry.obstacle.title in rostock_titles
    # The news names Rostock; the article draws on a Rostock project.
    assert registry.news.title in rostock_titles
    assert registry.article.title in rostock_titles
    assert registry.project.title not in rostock_titles
    assert len(rostock_titles) < everything

    narrowed = set(result_titles(get_text(client, "/search/?city=rostock&topic=mobilitaet")))
    assert narrowed == {registry.rostock_parking.title, registry.article.title}

    projects_only = set(
        result_titles(get_text(client, "/search/?city=rostock&topic=mobilitaet&type=project"))
    )
    assert projects_only == {registry.rostock_parking.title}

    reusable_data = set(result_titles(get_text(client, "/search/?reuse=data&status=pilot")))
    assert reusable_data == {registry.rostock_parking.title}


def test_a_selected_facet_still_offers_its_other_values_with_their_counts(client, registry):
    """With three filters, a facet is counted over the results of the other two."""
    text = get_text(client, "/search/?type=project&city=rostock&topic=mobilitaet")
    links = dict(facet_links(text))
    # The street lighting project is a Rostock project in another field of action.
    assert links[f"?type=project&city=rostock&topic={registry.energy.slug}"] == 1
    # Lübeck's parking project shares type and field of action, not the city.
    assert links["?type=project&city=luebeck&topic=mobilitaet"] == 1
    # The article draws on the Rostock parking project and names mobility.
    assert links["?type=article&city=rostock&topic=mobilitaet"] == 1


def test_a_facet_link_replaces_the_value_of_its_facet(client, registry):
    text = get_text(client, "/search/?city=rostock&type=project")
    hrefs = [href for href, _count in facet_links(text)]
    luebeck = [href for href in hrefs if "city=luebeck" in href]
    assert luebeck
    params = parse_qs(urlsplit(luebeck[0]).query)
    assert params == {"city": ["luebeck"], "type": ["project"]}


@pytest.mark.parametrize(
    "query_string, notice",
    [
        ("city=atlantis", "„atlantis“"),
        ("type=video", "„video“"),
        ("status=%3Cscript%3E", "„<script>“"),
        ("reuse=everything", "„everything“"),
        ("topic=../../etc", "„../../etc“"),
        ("tag=" + "x" * 300, "ignoriert"),
    ],
)
def test_bad_parameters_are_ignored_with_a_notice(client, registry, query_string, notice):
    response = client.get("/search/?q=Parken&" + query_string)
    assert response.status_code == 200
    text = response.content.decode()
    assert "<script>" not in text.split('role="status"')[1][:500]
    text = html.unescape(text)
    assert notice in text
    assert "ignoriert" in text
    # The title is what a screen reader announces first on the new page.
    assert "<title>Hinweis: Suche nach „Parken“" in text
    # The query itself still runs.
    assert result_total(client, "/search/?q=Parken") == response.context["search"].total


@pytest.mark.parametrize(
    "query",
    ["'", "a & b | !c", "Park:*", '"unclosed', "(", "NEAR(", "-", "ü" * 250, "page"],
)
def test_odd_queries_never_fail(client, registry, query):
    response = client.get("/search/", {"q": query, "page": "x"})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "term",
    [
        "Parkpl%C3%A4tze%00",
        "%00Parkpl%C3%A4tze",
        "Parkpl%C3%A4tze%01%1F%7F",
        "Parkpl%C3%A4tze%ED%A0%80",
    ],
)
def test_search_term_with_control_characters_is_searched_without_them(client, registry, term):
    """Pasted text and broken links carry NUL, control characters or invalid UTF-8."""
    response = client.get(f"/search/?q={term}")
    assert response.status_code == 200
    assert response.context["search"].query == "Parkplätze"
    assert "Digitale Parkraumsteuerung" in result_titles(response.content.decode())


def test_pagination_keeps_the_query_and_filters(client, registry):
    for number in range(25):
        factories.NewsPageFactory(parent=registry.news_index, title=f"Parken heute {number}")
    text = get_text(client, "/search/?type=news")
    assert 'href="?type=news&amp;page=2"' in html.escape(text) or "type=news&page=2" in text
    second = get_text(client, "/search/?type=news&page=2")
    assert len(result_titles(second)) == 26 - 20


def test_no_results_suggest_dropping_a_filter_and_related_tags(client, registry):
    text = get_text(client, "/search/?q=Parken&type=article&city=luebeck")
    assert "Keine Treffer." in text
    assert "Ohne Filter Inhaltstyp: Wissensartikel" in text
    assert 'href="?q=Parken&city=luebeck"' in text
    assert "/tags/parken/" in text


def test_search_runs_in_a_bounded_number_of_queries(
    client, registry, django_assert_max_num_queries
):
    urls = ["/search/?q=Parken&city=rostock&topic=mobilitaet&tag=parken", "/search/"]
    bounds = []
    for url in urls:
        reset_queries()  # a full query log (9,000 entries) would count 0
        with django_assert_max_num_queries(40) as captured:
            client.get(url)
        bounds.append(len(captured.captured_queries))
    for number in range(22):
        project = factories.ProjectPageFactory(
            parent=registry.rostock, title=f"Parken {number}", tags=["Parken", f"T{number}"]
        )
        project.fields_of_action.add(registry.mobility)
        project.save()
    for url, bound in zip(urls, bounds, strict=True):
        reset_queries()
        with django_assert_max_num_queries(bound):
            response = client.get(url)
        # More than one page of results, still the same number of queries.
        assert response.context["search"].total > 20


@on_postgresql
def test_the_ranking_reads_the_term_index(registry):
    """
    The German search's own SQL, EXPLAINed at registry size: the planner must
    reach the matching terms through core_searchterm_match, not read every
    term of every page (the trap that made a search take seconds before).
    """
    from core.search.backend import ranking_sql
    from core.search.query import plan_query
    from discovery.search.query import searchable_pages

    plan = plan_query("Parken Sensoren")
    # Every match (the read API) and the search page's best 1,001 of 4,004 candidates.
    statements = [
        ranking_sql(plan=plan, queryset=searchable_pages(), operator="and"),
        ranking_sql(
            plan=plan, queryset=searchable_pages(), operator="and", limit=1001, candidates=4004
        ),
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        # 20,000 documents of 30 terms that do not match, drawn from 20,000
        # words, so that the planner's statistics resemble production: with a
        # handful of rows any plan is cheap and an index proves nothing.
        cursor.execute(
            "INSERT INTO core_searchdocument (content_type_id, object_id, title_key) "
            "SELECT %s, 'filler-' || n, ' vorhab ' FROM generate_series(1, 20000) AS n",
            [ContentType.objects.get_for_model(ProjectPage).pk],
        )
        cursor.execute(
            "INSERT INTO core_searchterm (document_id, term, weight) "
            "SELECT d.id, 'wort' || ((d.id * 31 + w * 7919) % 20000), 1.0 "
            "FROM core_searchdocument d, "
            "generate_series(1, 30) AS w WHERE d.object_id LIKE 'filler-%'"
        )
        cursor.execute("ANALYZE core_searchterm")
        cursor.execute("ANALYZE core_searchdocument")
        explained = []
        for sql, params in statements:
            cursor.execute("EXPLAIN " + sql, params)
            explained.append("\n".join(row[0] for row in cursor.fetchall()))
        transaction.set_rollback(True)
    for explanation in explained:
        assert "core_searchterm_match" in explanation, explanation


def test_pages_in_a_private_section_are_not_found(client, registry):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(
        page=registry.rostock, restriction_type=PageViewRestriction.LOGIN
    )
    text = get_text(client, "/search/?q=Parkplatz")
    assert registry.rostock_parking.title not in text
    browse = get_text(client, "/search/")
    assert registry.rostock_parking.title not in browse
    assert registry.project.title in browse


def test_excerpts_show_reader_text_not_block_settings(db):
    """
    A heading's level ("h2") and list item ids must not leak into result excerpts.
    (An unsaved page still looks up its content type, hence `db`.)
    """
    from discovery.search.results import page_plain_text
    from registry.models import ProjectPage

    project = ProjectPage(
        title="Parkleitsystem",
        summary="Sensoren zeigen freie Plätze.",
        body=[
            ("heading", {"text": "Ausgangslage", "level": "h2"}),
            ("paragraph", "<p>Viel Suchverkehr in der Altstadt.</p>"),
            ("key_figures", [{"value": "1.200", "label": "Stellplätze"}]),
        ],
    )
    text = page_plain_text(project)
    assert "Ausgangslage" in text and "Suchverkehr" in text and "Stellplätze" in text
    assert "h2" not in text.split()
    assert "item" not in text.split()


def test_another_configured_backend_serves_the_search_page(client, registry, settings):
    """
    SEARCH_BACKEND switches the search page too (OpenSearch in large
    installations): here Wagtail's fallback backend, which needs no index.
    """
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "wagtail.search.backends.database.fallback"}
    }
    # The fallback matches the title (the page model's one text field) as typed.
    titles = result_titles(get_text(client, "/search/?q=Parkraumsteuerung"))
    assert titles == [registry.project.title]
    assert result_titles(get_text(client, "/search/?q=Parkraumsteuerungen")) == []
