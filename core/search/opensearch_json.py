"""
What the OpenSearch backend (`core.search.opensearch`) sends: the analysed
terms of every document, the mapping that stores them, and the query that ranks
them as the database backend (`core.search.backend`) does.

A document carries the terms `analyse_object` finds in the document's
language (core.search.analysis: German stems and compound parts, English or
another language's Snowball stems, the same terms the databases store; no
OpenSearch analyzer is involved), each in the keyword field of its weight
(`german_terms_4_0` for a word of the title, `german_terms_1_0` for one of
the body; the names are kept from when every term was German, so an index
needs no new mapping), and its title's stems for the phrase bonus.
A query is the search plan (`plan_query`) written out: per word a group of
alternatives, each term worth its field's weight times the alternative's
weight, a document the sum of its groups, so that OpenSearch adds up the same
numbers the database's ranking statement adds up.

Prefixes and typos: the database backend looks them up in a vocabulary table
that only it fills. Here OpenSearch finds them in its own index, so the
results differ from the database's in two ways. A word also matches the
longer terms it begins (`regexp` "lora.+"); the database adds up every such
term a document has, OpenSearch counts the best one. A word of five or more
letters with no other alternative matches the nearest spellings in the index
(`fuzzy`, at most two edits, OpenSearch's limit) in the documents that lack
the word; the database respells only a word the whole index lacks.

Only the mapping and the classes that build requests are here: they need
nothing but modelsearch, so they can be built and checked where the
OpenSearch client is not installed.
"""

import re
from functools import cached_property

from modelsearch.backends.elasticsearchbase import (
    ElasticsearchBaseMapping,
    ElasticsearchBaseSearchQueryCompiler,
)
from modelsearch.index import AutocompleteField, RelatedFields, SearchField, get_indexed_models

from .analysis import stem
from .backend import (
    PART_FACTOR,
    PHRASE_BONUS,
    IndexedLanguages,
    analyse_object,
    field_weight,
    query_text,
)
from .query import (
    MAX_NEAR_TERMS,
    MIN_PREFIX_LENGTH,
    NEAR,
    PREFIX,
    SearchPlan,
    WordGroup,
    plan_query,
)
from .vocabulary import Vocabulary

TERMS_FIELD_PREFIX = "german_terms_"
TITLE_KEY_FIELD = "german_title_key"
TITLE_LENGTH_FIELD = "german_title_length"

# The vocabulary table belongs to the database backend (see above): the plan
# is made without it, and OpenSearch supplies the prefixes and near spellings.
NO_VOCABULARY = Vocabulary()
# As `Vocabulary.nearest`: five letters may be one edit away, longer words
# two (the database allows three from twelve letters; OpenSearch allows two).
MIN_NEAR_LENGTH = 5
MAX_FUZZINESS = 2

# OpenSearch refuses a query of more than 1024 clauses in all (its default
# `indices.query.bool.max_clause_count`, counted after a fuzzy query has
# become its nearest terms). Twelve words, each in a synonym group of twenty
# compounds, would ask for more: each word's least weighted alternatives are
# left out until the query fits.
MAX_CLAUSES = 1024

MATCH_NOTHING = {"bool": {"must_not": {"match_all": {}}}}


def terms_field(weight: float) -> str:
    """The keyword field holding the terms of this weight: 4.0 → "german_terms_4_0"."""
    return TERMS_FIELD_PREFIX + str(float(weight)).replace(".", "_")


def field_weights(fields, *, related: bool = False) -> set[float]:
    """
    The weights the terms of these search fields can have, as `field_texts`
    gives them: the title's, or a field's boost (1 without one).
    """
    weights = set()
    for field in fields:
        if isinstance(field, (SearchField, AutocompleteField)):
            weights.add(field_weight(field, related=related))
        elif isinstance(field, RelatedFields):
            weights |= field_weights(field.fields, related=True)
    return weights


def term_weights(model) -> list[float]:
    """Every weight a term of `model` can have, whole word or compound part, highest first."""
    weights = field_weights(model.get_search_fields())
    return sorted(weights | {weight * PART_FACTOR for weight in weights}, reverse=True)


class GermanOpenSearchMapping(ElasticsearchBaseMapping):
    """
    The parent's mapping and documents (its fields still serve filters,
    facets and ordering), plus the German terms. See
    https://docs.wagtail.org/en/stable/topics/search/backends.html
    """

    def get_mapping(self):
        mapping = super().get_mapping()
        properties = mapping["properties"]
        for weight in term_weights(self.model):
            properties[terms_field(weight)] = {"type": "keyword"}
        # The title's stems between spaces: a query's stems in a row are a phrase in it.
        properties[TITLE_KEY_FIELD] = {"type": "text", "analyzer": "whitespace"}
        properties[TITLE_LENGTH_FIELD] = {"type": "integer"}
        return mapping

    @cached_property
    def indexed_language(self) -> IndexedLanguages:
        """The language of each document (core.search.backend), locales read once per batch."""
        return IndexedLanguages()

    def get_document(self, obj):
        document = super().get_document(obj)
        text = analyse_object(obj, language=self.indexed_language(obj))
        for term, weight in text.weights.items():
            document.setdefault(terms_field(weight), []).append(term)
        document[TITLE_KEY_FIELD] = text.title_key.strip()
        # As on the databases, of two equal scores the shorter title wins.
        document[TITLE_LENGTH_FIELD] = len(text.title_key)
        return document


# The query


def weighted(leaf, *, weight: float, weights: list[float]) -> dict:
    """
    `leaf(field)` asked of every weight's field, scoring that field's weight
    times `weight`; a term is in one field of a document, its best.
    """
    queries = [
        {
            "constant_score": {
                "filter": leaf(terms_field(field_weight)),
                "boost": field_weight * weight,
            }
        }
        for field_weight in weights
    ]
    return queries[0] if len(queries) == 1 else {"dis_max": {"queries": queries}}


def term_query(term: str, *, weight: float, weights: list[float]) -> dict:
    return weighted(lambda field: {"term": {field: term}}, weight=weight, weights=weights)


def longer_terms_pattern(word_stem: str) -> str:
    """The regular expression (Lucene's syntax) of the terms longer than `word_stem` it begins."""
    return re.sub(r"([^\w])", r"\\\1", word_stem) + ".+"


def alternatives_budget(*, words: int, weights: list[float], stems: int = 1) -> int:
    """
    The term clauses each word's alternatives may use: its share of
    MAX_CLAUSES (less the phrase bonus), less the prefix and typo clauses of
    each of its `stems` (one per language the query is read in).
    """
    share = (MAX_CLAUSES - 1) // words
    return share - stems * len(weights) * (2 + MAX_NEAR_TERMS)


def word_group_query(group: WordGroup, *, weights: list[float], budget: int) -> dict:
    """
    What one word of the query matches, each alternative adding its score:
    its terms (all of them, for a synonym of several words), the longer
    terms it begins, and, when a document has none of these and the word has
    no other alternative, the nearest spellings of it. Alternatives beyond
    `budget` term clauses, the least weighted first, are left out; the word
    itself never is.
    """
    clauses = []
    used = 0
    for alternative in sorted(group.alternatives, key=lambda found: -found.weight):
        used += len(alternative.terms) * len(weights)
        if clauses and used > budget:
            break
        terms = [
            term_query(term, weight=alternative.weight, weights=weights)
            for term in alternative.terms
        ]
        clauses.append(terms[0] if len(terms) == 1 else {"bool": {"must": terms}})
    stems = group.stems or (stem(group.word),)
    for word_stem in stems:
        clauses += word_stem_clauses(
            word_stem, weights=weights, near=len(group.alternatives) == len(stems)
        )
    return {"bool": {"should": clauses, "minimum_should_match": 1}}


def word_stem_clauses(word_stem: str, *, weights: list[float], near: bool) -> list[dict]:
    """
    The longer terms a stem of the word begins, and, if `near` (the word has
    no alternative but its stems), the nearest spellings of the stem in the
    documents that lack it.
    """
    clauses = []
    if len(word_stem) >= MIN_PREFIX_LENGTH:
        pattern = longer_terms_pattern(word_stem)
        clauses.append(
            weighted(
                lambda field: {"regexp": {field: {"value": pattern, "flags": "NONE"}}},
                weight=PREFIX,
                weights=weights,
            )
        )
    if near and len(word_stem) >= MIN_NEAR_LENGTH:
        fuzziness = 1 if len(word_stem) == MIN_NEAR_LENGTH else MAX_FUZZINESS
        fuzzy = weighted(
            lambda field: {
                "fuzzy": {
                    field: {
                        "value": word_stem,
                        "fuzziness": fuzziness,
                        "max_expansions": MAX_NEAR_TERMS,
                        "transpositions": True,
                    }
                }
            },
            weight=NEAR,
            weights=weights,
        )
        has_word = [{"prefix": {terms_field(weight): word_stem}} for weight in weights]
        clauses.append({"bool": {"must": [fuzzy], "must_not": has_word}})
    return clauses


def phrase_bonus_query(phrase: str) -> dict:
    """A title holding the query's stems in a row earns the bonus, once."""
    return {
        "constant_score": {
            "filter": {
                "match_phrase": {TITLE_KEY_FIELD: {"query": phrase, "analyzer": "whitespace"}}
            },
            "boost": PHRASE_BONUS,
        }
    }


def german_query(*, plan: SearchPlan, operator: str, weights: list[float]) -> dict:
    """
    The query of `plan`: a document must match every word ("and") or one
    ("or"); its score is the sum of its words' scores, plus the phrase bonus.
    """
    if plan.is_empty or not weights:
        return MATCH_NOTHING
    budget = alternatives_budget(
        words=len(plan.groups),
        weights=weights,
        stems=max(len(group.stems) for group in plan.groups) or 1,
    )
    words = {
        "bool": {
            "should": [
                word_group_query(group, weights=weights, budget=budget) for group in plan.groups
            ],
            "minimum_should_match": len(plan.groups) if operator == "and" else 1,
        }
    }
    if not plan.phrase:
        return words
    return {"bool": {"must": [words], "should": [phrase_bonus_query(plan.phrase)]}}


class GermanOpenSearchQueryCompiler(ElasticsearchBaseSearchQueryCompiler):
    """
    The parent's query with the German search inside: its filters (content
    type, the queryset's filters) and its ordering are kept. As on the
    databases, "and" is the default operator and `fields` is not read: the
    terms are those of the whole object.
    """

    mapping_class = GermanOpenSearchMapping
    DEFAULT_OPERATOR = "and"

    def term_weights(self) -> list[float]:
        """The weights of every indexed model searched here (a search of pages spans all types)."""
        weights = set()
        for model in get_indexed_models():
            if issubclass(model, self.queryset.model):
                weights.update(term_weights(model))
        return sorted(weights, reverse=True)

    def get_inner_query(self):
        text, operator = query_text(self.query)
        if text is None:
            return {"match_all": {}}
        return german_query(
            plan=plan_query(text, vocabulary=NO_VOCABULARY),
            operator=(operator or self.DEFAULT_OPERATOR).lower(),
            weights=self.term_weights(),
        )

    def get_sort(self):
        if not self.order_by_relevance:
            return super().get_sort()
        return ["_score", {TITLE_LENGTH_FIELD: {"order": "asc", "unmapped_type": "integer"}}]


class GermanOpenSearchAutocompleteQueryCompiler(GermanOpenSearchQueryCompiler):
    """As on the databases: every word also matches as a prefix, so autocomplete is the search."""
