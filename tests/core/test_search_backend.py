"""
The German search backend (core.search) as a reader meets it: through the
search page, the read API and the admin, on whichever database runs the
tests. The same assertions pass on SQLite and PostgreSQL.
"""

import html
import re

from django.core.management import call_command
from django.db import transaction

import pytest

import factories
from core.search import backend
from core.search.backend import ranked_search
from core.search.query import NEAR, plan_query
from core.search.terms import SearchDocument, SearchTerm, SearchVocabulary
from discovery.search.query import searchable_pages

RESULT_TITLE = re.compile(r'<h3 class="search-result__title"><a href="[^"]+">([^<]+)</a>')


def result_titles(client, query: str) -> list[str]:
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return [html.unescape(title.strip()) for title in RESULT_TITLE.findall(response.text)]


@pytest.fixture(scope="module")
def site_tree_module(site_tree_module, django_db_blocker):
    """Pages that tell title from body and word from compound part, built once."""
    with django_db_blocker.unblock(), transaction.atomic():
        tree = site_tree_module
        # The factories add tags after the page's save has indexed it;
        # publishing indexes what an editor's publish would.
        for page in (tree.project, tree.lesson, tree.article, tree.news):
            page.save_revision().publish()
        tree.lamps = factories.ProjectPageFactory(
            parent=tree.rostock,
            title="Smarte Straßenbeleuchtung",
            summary="LED-Leuchten dimmen nachts, wenn niemand unterwegs ist.",
            tags=["Energie"],
        )
        tree.in_body = factories.ProjectPageFactory(
            parent=tree.rostock,
            title="Offene Daten im Hafen",
            summary="Auch die Beleuchtung der Kaianlagen meldet ihren Zustand.",
        )
        tree.in_title = factories.ProjectPageFactory(
            parent=tree.luebeck,
            title="Beleuchtung der Altstadt",
            summary="Neue Leuchten für die Gassen.",
        )
        return tree


@pytest.fixture
def tree(site_tree):
    return site_tree


def test_a_plural_finds_the_singular(client, tree):
    # "Sensoren melden freie Parkplätze" – and the query is the singular.
    assert tree.project.title in result_titles(client, "Parkplatz")
    assert tree.project.title in result_titles(client, "parkplaetze")


def test_spellings_with_ss_and_ae_find_the_umlaut_and_sharp_s(client, tree):
    assert result_titles(client, "Strassenbeleuchtung")[0] == tree.lamps.title
    assert tree.luebeck.title not in result_titles(client, "Luebeck")  # cities are not results
    assert tree.project.title in result_titles(client, "Parkplaetze Luebeck")


def test_a_prefix_finds_the_word_it_begins(client, tree):
    titles = result_titles(client, "LoRa")
    assert tree.article.title in titles
    assert tree.news.title in titles


def test_a_misspelled_word_finds_the_nearest_spelling_the_index_knows(client, tree):
    titles = result_titles(client, "Lorwan")
    assert tree.article.title in titles
    [group] = plan_query("Lorwan").groups
    assert [a.terms for a in group.alternatives if a.weight == NEAR] == [("lorawan",)]


def test_a_known_word_is_not_respelled(tree):
    [group] = plan_query("Leuchten").groups
    assert [a.terms for a in group.alternatives if a.weight == NEAR] == []


def test_a_compound_finds_its_parts_and_a_part_its_compounds_below_whole_words(client, tree):
    # "Straßenbeleuchtung" is Straße + Beleuchtung: the compound first, then
    # the pages with the part "Beleuchtung", the title before the body.
    assert result_titles(client, "Strassenbeleuchtung") == [
        tree.lamps.title,
        tree.in_title.title,
        tree.in_body.title,
    ]
    # "Beleuchtung" as a whole word in a title ranks above it as a part of one.
    titles = result_titles(client, "Beleuchtung")
    assert titles.index(tree.in_title.title) < titles.index(tree.lamps.title)


def test_the_title_ranks_above_the_body(client, tree):
    titles = result_titles(client, "Beleuchtung")
    assert titles.index(tree.in_title.title) < titles.index(tree.in_body.title)


def test_function_words_do_not_have_to_occur(client, tree):
    # "in" and "der" are not conditions; "Lübecker" finds the city's name,
    # indexed with its projects, by its prefix.
    assert result_titles(client, "Parkplätze in der Lübecker Altstadt") == [tree.project.title]


def test_every_word_must_match(client, tree):
    assert result_titles(client, "Beleuchtung Warnemünde") == []


def test_a_title_holding_the_query_as_a_phrase_ranks_first(tree):
    ranked = ranked_search(query="Beleuchtung Altstadt", queryset=searchable_pages())
    assert ranked[0][0] == tree.in_title.pk


def test_unpublished_and_deleted_pages_leave_the_results(client, tree):
    tree.in_body.unpublish()
    assert tree.in_body.title not in result_titles(client, "Kaianlagen")
    page_id = tree.in_title.pk
    tree.in_title.delete()
    assert not SearchDocument.objects.filter(object_id=str(page_id)).exists()


def test_an_edit_is_found_at_once(client, tree):
    tree.in_body.summary = "Die Kaimauer trägt jetzt Pegelsensoren."
    tree.in_body.save_revision().publish()
    assert result_titles(client, "Pegelsensoren")[0] == tree.in_body.title
    assert result_titles(client, "Kaianlagen") == []


def test_update_index_rebuilds_the_same_ranking(tree):
    before = ranked_search(query="LoRaWAN Sensoren", queryset=searchable_pages())
    SearchVocabulary.objects.create(term="veraltet")
    call_command("update_index", verbosity=0)
    assert ranked_search(query="LoRaWAN Sensoren", queryset=searchable_pages()) == before
    assert not SearchVocabulary.objects.filter(term="veraltet").exists()
    assert SearchTerm.objects.filter(term="lorawan").exists()


def test_the_read_api_uses_the_same_analysis(client, tree):
    response = client.get("/api/v2/projects/", {"search": "Strassenbeleuchtung"})
    assert response.status_code == 200
    assert [item["title"] for item in response.json()["items"]] == result_titles(
        client, "Strassenbeleuchtung"
    )
    response = client.get("/api/v2/articles/", {"search": "Lorwan"})
    assert [item["title"] for item in response.json()["items"]] == [tree.article.title]


def test_the_read_api_orders_by_relevance_unless_asked_otherwise(client, tree):
    relevance = client.get("/api/v2/projects/", {"search": "Beleuchtung"}).json()["items"]
    assert [item["title"] for item in relevance][:1] == [tree.in_title.title]
    by_title = client.get("/api/v2/projects/", {"search": "Beleuchtung", "order": "title"})
    titles = [item["title"] for item in by_title.json()["items"]]
    assert titles == sorted(titles)


def test_the_admin_page_search_uses_the_same_analysis(admin_client, tree):
    response = admin_client.get("/admin/pages/search/", {"q": "Strassenbeleuchtung"})
    assert response.status_code == 200
    assert tree.lamps.title in response.text
    assert tree.project.title not in response.text


def test_a_synonym_group_changes_the_results_at_once(client, tree):
    from core.models import SynonymGroup

    assert result_titles(client, "Laternen") == []
    group = SynonymGroup.objects.create(terms="Laternen\nLeuchten")
    # "Neue Leuchten für die Gassen" (summary) before "LED-Leuchten" (a part).
    assert result_titles(client, "Laternen") == [tree.in_title.title, tree.lamps.title]
    group.terms = "Laternen\nKaianlagen"
    group.save()
    assert result_titles(client, "Laternen") == [tree.in_body.title]
    group.delete()
    assert result_titles(client, "Laternen") == []


def test_a_synonym_of_several_words_needs_all_of_them(client, tree):
    from core.models import SynonymGroup

    SynonymGroup.objects.create(terms="OGD\nOffene Daten")
    assert result_titles(client, "OGD") == [tree.in_body.title]
    SynonymGroup.objects.update(terms="OGD\nOffene Laternen")
    assert result_titles(client, "OGD") == []


def test_the_title_key_holds_each_title_word_once(tree):
    # Page indexes its title as a search and as an autocomplete field.
    document = SearchDocument.objects.get(object_id=str(tree.in_title.pk))
    assert document.title_key == " beleucht altstadt "
    ranked = ranked_search(query="Altstadt Beleuchtung", queryset=searchable_pages())
    in_order = ranked_search(query="Beleuchtung Altstadt", queryset=searchable_pages())
    # Only the words in the title's order are a phrase.
    assert dict(in_order)[tree.in_title.pk] - dict(ranked)[tree.in_title.pk] == 8.0


def test_reindexing_more_projects_takes_no_more_queries_and_keeps_their_fields_of_action(tree):
    """`update_index` reads the fields of action of a chunk at once, not per project."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from wagtail.search.backends import get_search_backend

    from registry.models import FieldOfAction, ProjectPage

    index = get_search_backend().get_index_for_model(ProjectPage)

    def queries_to_reindex_every_project() -> int:
        projects = list(ProjectPage.get_indexed_objects().order_by("pk"))
        with CaptureQueriesContext(connection) as captured:
            index.add_items(ProjectPage, projects)
        return len(captured)

    before = queries_to_reindex_every_project()
    field = FieldOfAction.objects.create(name="Katastrophenschutz", slug="katastrophenschutz")
    added = []
    for number in range(4):
        project = factories.ProjectPageFactory(parent=tree.rostock, title=f"Warnsystem {number}")
        project.fields_of_action.set([field])
        project.save()
        added.append(project.pk)
    assert queries_to_reindex_every_project() == before
    found = {
        pk for pk, _score in ranked_search(query="Katastrophenschutz", queryset=searchable_pages())
    }
    assert found == set(added)


@pytest.mark.parametrize("limit", [0, 1, 2, 50])
def test_a_limit_keeps_the_head_of_the_ranking(tree, limit):
    """The search page asks for the best N only; the database sends no more, in the same order."""
    everything = ranked_search(query="Beleuchtung", queryset=searchable_pages())
    assert len(everything) == 3
    limited = ranked_search(query="Beleuchtung", queryset=searchable_pages(), limit=limit)
    assert limited == everything[:limit]


def test_a_limited_ranking_ranks_again_when_its_candidates_are_filtered_out(tree, monkeypatch):
    """
    With a limit, only the best few documents by term score are candidates;
    if the queryset leaves fewer than the limit of them, the ranking is not
    cut short: it runs again over every match.
    """
    monkeypatch.setattr(backend, "CANDIDATE_FACTOR", 1)
    everything = ranked_search(query="Beleuchtung", queryset=searchable_pages())
    others = searchable_pages().exclude(pk=everything[0][0])
    assert ranked_search(query="Beleuchtung", queryset=others, limit=1) == everything[1:2]
    assert ranked_search(query="Beleuchtung", queryset=others, limit=2) == everything[1:3]


def test_update_index_finds_each_page_by_its_own_tags(tree):
    # update_index reads the tags of a chunk into a list per page
    # (core.search.related.PrefetchedFields), not through a queryset per page.
    first = factories.ProjectPageFactory(parent=tree.rostock, tags=["Hochwasserpegel"])
    second = factories.ProjectPageFactory(parent=tree.rostock, tags=["Fahrradzählung"])
    call_command("update_index", verbosity=0)

    def found(query):
        return {pk for pk, _score in ranked_search(query=query, queryset=searchable_pages())}

    assert found("Hochwasserpegel") == {first.pk}
    assert found("Fahrradzählung") == {second.pk}
