"""
The German search on OpenSearch (core.search.opensearch), as far as it can be
checked without an OpenSearch server: the mapping, the documents and the
queries the backend sends, as JSON. Whether OpenSearch answers them as
intended (and how it ranks real content) is not tested here: no server runs
in the tests.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder

import pytest
from modelsearch.query import MATCH_ALL

from core.models import SynonymGroup
from core.search.analysis import stem, words
from core.search.backend import PART_FACTOR
from core.search.opensearch_json import (
    MATCH_NOTHING,
    MAX_CLAUSES,
    NO_VOCABULARY,
    TITLE_KEY_FIELD,
    TITLE_LENGTH_FIELD,
    GermanOpenSearchMapping,
    GermanOpenSearchQueryCompiler,
    term_weights,
    terms_field,
)
from core.search.query import MAX_NEAR_TERMS, NEAR, PART, PREFIX, SYNONYM, plan_query
from registry.models import ProjectPage

# The fields of a project's terms: title, summary and tags (boost 2), body,
# and each of these for compound parts. The part factor is the database
# backend's, so that both rank alike.
TITLE, BOOSTED, BODY = terms_field(4.0), terms_field(2.0), terms_field(1.0)
TITLE_PART, BOOSTED_PART, BODY_PART = (
    terms_field(4.0 * PART_FACTOR),
    terms_field(2.0 * PART_FACTOR),
    terms_field(1.0 * PART_FACTOR),
)


def walk_nodes(node):
    """Every object in a JSON tree, the root first."""
    if isinstance(node, dict):
        yield node
        for child in node.values():
            yield from walk_nodes(child)
    elif isinstance(node, list):
        for child in node:
            yield from walk_nodes(child)


def scored_leaves(query) -> dict[tuple[str, str, str], float]:
    """
    (kind, field, value) → boost of every constant-score clause in `query`:
    what a document with that term in that field scores for it.
    """
    found = {}
    for node in walk_nodes(query):
        if "constant_score" in node:
            ((kind, body),) = node["constant_score"]["filter"].items()
            ((field, value),) = body.items()
            if isinstance(value, dict):
                value = value.get("value", value.get("query"))
            found[(kind, field, value)] = node["constant_score"]["boost"]
    return found


def word_groups(query) -> list[dict]:
    """The word groups of a German query: one `bool` per word typed."""
    inner = query["bool"]["must"]
    all_words = inner["bool"]["must"][0] if "must" in inner["bool"] else inner
    return all_words["bool"]["should"]


def compiled(text: str, **options) -> dict:
    compiler = GermanOpenSearchQueryCompiler(ProjectPage.objects.live(), text, **options)
    query = compiler.get_query()
    json.dumps(query)  # what the client sends must be JSON
    return query


# The mapping and the documents


def test_the_mapping_has_a_keyword_field_per_weight_and_keeps_the_parents_fields():
    properties = GermanOpenSearchMapping(ProjectPage).get_mapping()["properties"]
    assert TITLE == "german_terms_4_0"
    for field in (TITLE, BOOSTED, BODY, TITLE_PART, BOOSTED_PART, BODY_PART):
        assert properties[field] == {"type": "keyword"}
    assert properties[TITLE_KEY_FIELD] == {"type": "text", "analyzer": "whitespace"}
    assert properties[TITLE_LENGTH_FIELD] == {"type": "integer"}
    # Filters and facets still find their fields.
    assert properties["registry_projectpage__status_filter"] == {"type": "keyword"}
    assert properties["title"]["type"] == "text"


def test_a_project_document_carries_its_terms_in_the_field_of_their_weight(site_tree):
    project = site_tree.project  # "Digitale Parkraumsteuerung", tags LoRaWAN and Parken
    mapping = GermanOpenSearchMapping(ProjectPage)
    document = mapping.get_document(project)
    json.dumps(document, cls=DjangoJSONEncoder)  # the client writes dates as ISO 8601 too

    assert {"digital", "parkraumsteuer"} <= set(document[TITLE])
    # Parts of the title's compound ("park" is also a tag, but weighs more here).
    assert {"parkraum", "steuer", "park"} <= set(document[TITLE_PART])
    # Summary and tags have boost 2.
    assert {"sensor", "parkplatz", "lorawan"} <= set(document[BOOSTED])
    assert "platz" in document[BOOSTED_PART]
    # The city's name: a related field, never the title.
    assert "lubeck" in document[BODY]
    # A term is stored once, at its best weight.
    german = [field for field in document if field.startswith("german_terms_")]
    stored = [term for field in german for term in document[field]]
    assert len(stored) == len(set(stored))
    assert set(german) <= set(mapping.get_mapping()["properties"])

    # The title's stems, for the phrase bonus (the database's key, which has
    # them once per title field: SearchField and AutocompleteField).
    assert document[TITLE_KEY_FIELD].startswith("digital parkraumsteuer")
    assert document["pk"] == str(project.pk)
    assert document["title"] == "Digitale Parkraumsteuerung"


# The queries


def test_every_word_must_match_and_a_title_word_counts_most(db):
    query = compiled("Parkplätze Lübeck")
    leaves = scored_leaves(query)

    groups = word_groups(query)
    assert len(groups) == 2
    assert query["bool"]["must"]["bool"]["must"][0]["bool"]["minimum_should_match"] == 2
    # The stem in the title scores the title's weight, in the body the body's.
    assert leaves[("term", TITLE, "parkplatz")] == 4.0
    assert leaves[("term", BOOSTED, "parkplatz")] == 2.0
    assert leaves[("term", BODY_PART, "parkplatz")] == PART_FACTOR
    assert leaves[("term", TITLE, "lubeck")] == 4.0
    # A compound part of the query word counts half the whole word.
    assert leaves[("term", TITLE, "park")] == 4.0 * PART
    assert leaves[("term", TITLE, "platz")] == 4.0 * PART
    # Longer words it begins, at the prefix's weight.
    assert leaves[("regexp", TITLE, "parkplatz.+")] == 4.0 * PREFIX
    # The title holding the query as a phrase earns the bonus.
    assert leaves[("match_phrase", TITLE_KEY_FIELD, "parkplatz lubeck")] == 8.0
    # Every field asked for is one the mapping stores.
    mapped = GermanOpenSearchMapping(ProjectPage).get_mapping()["properties"]
    assert {field for _kind, field, _value in leaves} <= set(mapped)
    # The parent's filters stay: this model's documents, live pages.
    filters = json.dumps(query["bool"]["filter"])
    assert "registry.ProjectPage" in filters
    assert '"live_filter": true' in filters


def test_with_operator_or_one_word_is_enough(db):
    query = compiled("Parkplätze Lübeck", operator="or")
    assert query["bool"]["must"]["bool"]["must"][0]["bool"]["minimum_should_match"] == 1


def test_a_compound_finds_its_parts_and_its_synonyms(db):
    SynonymGroup.objects.create(terms="Bürgerbeteiligung\nPartizipation\nMitbestimmung")
    leaves = scored_leaves(compiled("Bürgerbeteiligung"))

    assert leaves[("term", TITLE, "burgerbeteil")] == 4.0
    assert leaves[("term", TITLE, "beteil")] == 4.0 * PART
    assert leaves[("term", TITLE, stem("Partizipation"))] == 4.0 * SYNONYM
    assert leaves[("term", BODY, stem("Mitbestimmung"))] == 1.0 * SYNONYM
    # A word with alternatives of its own is not respelled.
    assert not [leaf for leaf in leaves if leaf[0] == "fuzzy"]


def test_a_misspelt_word_finds_the_nearest_spelling_where_a_document_lacks_it(db):
    query = compiled("Lorwan")
    leaves = scored_leaves(query)

    assert leaves[("term", TITLE, "lorwan")] == 4.0
    assert leaves[("fuzzy", TITLE, "lorwan")] == 4.0 * NEAR
    assert leaves[("fuzzy", BODY_PART, "lorwan")] == PART_FACTOR * NEAR
    fallback = next(
        clause
        for clause in word_groups(query)[0]["bool"]["should"]
        if "must_not" in clause.get("bool", {})
    )
    fuzzy = json.dumps(fallback["bool"]["must"])
    assert '"fuzziness": 2' in fuzzy  # lorawan is one edit away; Lucene allows at most two
    # Only for documents without the word itself or a longer one it begins.
    assert {"prefix": {TITLE: "lorwan"}} in fallback["bool"]["must_not"]


def clause_count(query) -> int:
    """The clauses OpenSearch counts against its limit: a fuzzy query as its nearest terms."""
    return sum(
        MAX_NEAR_TERMS if kind == "fuzzy" else 1
        for node in walk_nodes(query)
        for kind in ("term", "regexp", "fuzzy", "prefix", "match_phrase")
        if kind in node and len(node) == 1
    )


def test_the_longest_query_with_the_largest_synonym_groups_stays_within_opensearchs_limit(db):
    # Twelve words, each in a group of twenty compounds (whose parts count too).
    modifiers = words("Stadt Park Bürger Daten Verkehr Wasser Energie Schul Bau Netz Haus Wald")
    heads = words(
        "platz planung amt konzept projekt raum weg garten plan karte "
        "zentrum station bericht gruppe büro portal system strategie stelle markt"
    )
    for modifier in modifiers:
        SynonymGroup.objects.create(terms="\n".join(modifier + head for head in heads))
    query_words = [modifier + heads[0] for modifier in modifiers]
    plan = plan_query(" ".join(query_words), vocabulary=NO_VOCABULARY)
    asked = sum(
        len(alternative.terms) for group in plan.groups for alternative in group.alternatives
    )
    # Every alternative in each weight's field: without a limit, too many.
    assert asked * len(term_weights(ProjectPage)) > MAX_CLAUSES

    query = compiled(" ".join(query_words))
    assert clause_count(query) <= MAX_CLAUSES
    leaves = scored_leaves(query)
    for word in query_words:  # every word is still searched for, and its synonyms first
        assert leaves[("term", TITLE, stem(word))] == 4.0
    assert leaves[("term", TITLE, stem("Stadtraum"))] == 4.0 * SYNONYM


def test_a_query_without_words_matches_nothing_and_match_all_everything(db):
    assert compiled("!!!")["bool"]["must"] == MATCH_NOTHING
    assert compiled(MATCH_ALL)["bool"]["must"] == {"match_all": {}}


def test_ties_go_to_the_shorter_title_and_other_orders_are_the_parents(db):
    by_relevance = GermanOpenSearchQueryCompiler(ProjectPage.objects.live(), "Parken")
    assert by_relevance.get_sort() == [
        "_score",
        {TITLE_LENGTH_FIELD: {"order": "asc", "unmapped_type": "integer"}},
    ]
    newest_first = GermanOpenSearchQueryCompiler(
        ProjectPage.objects.live().order_by("-first_published_at"),
        "Parken",
        order_by_relevance=False,
    )
    assert newest_first.get_sort() == [{"first_published_at_filter": "desc"}]


def test_the_backend_builds_the_german_query_without_connecting(db):
    """
    Needs the OpenSearch client (opensearch-py 2.x), which only installations
    using OpenSearch install; the backend's constructor must not connect.
    """
    pytest.importorskip("opensearchpy")
    from modelsearch.backends import get_search_backend

    from core.search.opensearch import GermanOpenSearch2Backend

    # Nothing listens on port 9 (discard): a connection attempt would fail.
    backend = get_search_backend(
        "core.search.opensearch", URLS=["http://127.0.0.1:9"], INDEX_PREFIX="test_"
    )
    assert isinstance(backend, GermanOpenSearch2Backend)
    assert backend.get_index_for_model(ProjectPage).mapping_class is GermanOpenSearchMapping
    results = backend.search("Parkplätze Lübeck", ProjectPage.objects.live())
    leaves = scored_leaves(results.query_compiler.get_query())
    assert leaves[("term", TITLE, "parkplatz")] == 4.0
