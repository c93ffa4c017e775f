"""
A Wagtail search backend that searches with the German analysis, the same on
SQLite and PostgreSQL: settings name it as `core.search.backend`. A page of
another language's tree is analysed in its language (`IndexedLanguages`,
core.search.analysis), and a query in the reader's language and German
(core.search.query).

Wagtail's own database backends hand the text to the database's full-text
search: PostgreSQL stems German, SQLite's FTS5 does not, neither splits
compounds, and they rank differently. Here the text is analysed in Python
(`core.search.analysis`), stored as terms (`core.search.terms`), and read
with one plain SQL statement both databases answer alike. Everything that
uses Wagtail's search API goes through it: the search page, the read API's
?search= and the admin's searches.
"""

from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet, FieldDoesNotExist
from django.db import connections, router, transaction
from django.db.models import Manager
from django.db.models.fields.related import RelatedField
from django.utils.encoding import force_str

from wagtail.models import Locale

from modelsearch.backends.base import (
    BaseIndex,
    BaseSearchBackend,
    BaseSearchQueryCompiler,
    BaseSearchResults,
)
from modelsearch.index import AutocompleteField, RelatedFields, SearchField
from modelsearch.query import And, Boost, MatchAll, Not, Or, Phrase, PlainText
from modelsearch.utils import get_content_type_pk, get_descendants_content_types_pks
from taggit.managers import TaggableManager

from ..queries import IdIn, insert_rows
from .analysis import SOURCE_LANGUAGE, analyse, base_language
from .query import SearchPlan, plan_query
from .stopwords import stopwords_of
from .terms import SearchDocument, SearchTerm, SearchVocabulary
from .writer import BackgroundWriter

# Weights of where a term occurs: the title counts most, then fields indexed
# with a boost (summary and tags have boost=2), then the body.
TITLE_WEIGHT = 4.0
# A term that is only a part of a compound counts three quarters: below the
# whole word in the same field, above the whole word in a lighter field
# ("LoRaWAN-Netz" in a title ranks above the tag "LoRaWAN").
PART_FACTOR = 0.75
# A title holding the whole query as a phrase ("Digitale Parkraumbewirtschaftung").
PHRASE_BONUS = 8.0

INTEGER_KEYS = frozenset(
    {"AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField"}
)


# Reading objects


def field_texts(obj, fields, *, related: bool = False):
    """
    (weight, is the title, text) of every search and autocomplete field of
    `obj`, related objects' fields included (a project's tags, its city's
    name), which are never the title.
    """
    for field in fields:
        if isinstance(field, (SearchField, AutocompleteField)):
            yield (
                field_weight(field, related=related),
                is_title_field(field, related=related),
                plain_text(value_reader(type(obj), field)(obj)),
            )
        elif isinstance(field, RelatedFields):
            value = field.get_value(obj)
            if value is None:
                continue
            if isinstance(value, Manager):
                value = value.all()
            elif callable(value):
                value = [value()]
            elif not isinstance(value, (list, tuple)):
                value = [value]
            for item in value:
                yield from field_texts(item, field.fields, related=True)


_VALUE_READERS: dict = {}


def value_reader(model, field):
    """
    A function reading `field`'s value from an instance of `model`: what
    modelsearch's `BaseField.get_value` returns, with the model field looked
    up once per model instead of once per value (with a check whether
    django-taggit is installed each time: 10 % of update_index's CPU).
    """
    key = (model, field.field_name)
    reader = _VALUE_READERS.get(key)
    if reader is None:
        reader = _VALUE_READERS[key] = _value_reader(model, field)
    return reader


def _value_reader(model, field):
    try:
        model_field = field.get_field(model)
    except FieldDoesNotExist:
        return field.get_value  # an attribute or method, read as modelsearch reads it
    read = model_field.value_from_object
    if isinstance(model_field, TaggableManager):
        return read
    searchable = getattr(model_field, "get_searchable_content", None)
    if searchable is None and isinstance(model_field, RelatedField):
        remote = model_field
        while isinstance(remote, RelatedField):
            remote = remote.target_field
        searchable = getattr(remote, "get_searchable_content", None)
    if searchable is None:
        return read
    return lambda obj: searchable(read(obj))


def is_title_field(field, *, related: bool) -> bool:
    """
    The page's own title as a search field. Page indexes the title twice,
    as a search and as an autocomplete field; only the search field makes
    the title key, so that the key holds each title word once.
    """
    return not related and isinstance(field, SearchField) and field.field_name == "title"


def field_weight(field, *, related: bool) -> float:
    """What a term weighs in this field: the title's weight, else the field's boost (1 without)."""
    if not related and field.field_name == "title":
        return TITLE_WEIGHT
    return float(getattr(field, "boost", None) or 1.0)


def plain_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        return " ".join(plain_text(item) for item in value)
    if isinstance(value, dict):
        return " ".join(plain_text(item) for item in value.values())
    return force_str(value)


@dataclass
class IndexedText:
    title_key: str
    weights: dict[str, float]


def analyse_object(obj, *, language: str = SOURCE_LANGUAGE) -> IndexedText:
    """
    The terms of `obj`, analysed as `language` reads them (`indexed_language`),
    with the weight of each term's best occurrence.
    """
    weights: dict[str, float] = {}
    title_stems: list[str] = []
    stopwords = stopwords_of(language)

    def note(term: str, weight: float) -> None:
        if term and len(term) <= 64 and weights.get(term, 0.0) < weight:
            weights[term] = weight

    for weight, is_title, text in field_texts(obj, obj.get_search_fields()):
        for word in analyse(text, language):
            note(word.stem, weight)
            for part in word.parts:
                note(part, weight * PART_FACTOR)
            if is_title and word.stem not in stopwords:
                title_stems.append(word.stem)
    title_key = f" {' '.join(title_stems)} " if title_stems else ""
    return IndexedText(title_key=title_key, weights=weights)


class IndexedLanguages:
    """
    The language each object is analysed in: a page or translatable snippet
    in that of its Wagtail locale, an alias in German (wagtail-localize's
    aliases of untranslated parents show the German page's text, as
    core.content_language says), anything else in German. The locales are
    read once, on the first object with a locale, so one batch of
    `update_index` or one saved page costs one small query more.
    """

    def __init__(self, *, using: str | None = None):
        self.using = using
        self.languages: dict[int, str] | None = None

    def __call__(self, obj) -> str:
        # From the instance's own values: a deferred column would cost a query per object.
        values = vars(obj)
        locale_id = values.get("locale_id")
        if locale_id is None or values.get("alias_of_id") is not None:
            return SOURCE_LANGUAGE
        if self.languages is None:
            self.languages = {
                pk: base_language(code)
                for pk, code in Locale.objects.using(self.using).values_list("pk", "language_code")
            }
        return self.languages.get(locale_id, SOURCE_LANGUAGE)


# Writing the index


class GermanIndex(BaseIndex):
    def __init__(self, backend):
        super().__init__(backend)
        self.alias = router.db_for_write(SearchDocument)

    def add_items(self, model, items):
        self.write(*self.analyse(model, items))

    def analyse(self, model, items) -> tuple[int, dict[str, "IndexedText"]]:
        """The content type and the analysed text of each of `items` (nothing is written)."""
        if not model.get_search_fields():
            return 0, {}
        language_of = IndexedLanguages(using=self.alias)
        analysed = {
            force_str(obj.pk): analyse_object(obj, language=language_of(obj)) for obj in items
        }
        return get_content_type_pk(model), analysed

    def write(self, content_type_id: int, analysed: dict[str, "IndexedText"]) -> None:
        """Store analysed objects, replacing what the index held for them."""
        if not analysed:
            return
        with transaction.atomic(using=self.alias):
            SearchDocument.objects.using(self.alias).filter(
                content_type_id=content_type_id, object_id__in=list(analysed)
            ).delete()
            documents = SearchDocument.objects.using(self.alias).bulk_create(
                [
                    SearchDocument(
                        content_type_id=content_type_id,
                        object_id=object_id,
                        title_key=text.title_key,
                    )
                    for object_id, text in analysed.items()
                ]
            )
            rows = [
                (document.pk, term, weight)
                for document in documents
                for term, weight in analysed[document.object_id].weights.items()
            ]
            # COPY on PostgreSQL (core.queries.insert_rows): a page has about
            # 50 terms, and bulk_create built two million model instances for
            # 40,000 pages, a third of update_index's time at 20,000 projects.
            insert_rows(
                model=SearchTerm,
                columns=("document_id", "term", "weight"),
                rows=rows,
                using=self.alias,
            )
            SearchVocabulary.objects.using(self.alias).bulk_create(
                [SearchVocabulary(term=term) for term in {term for _pk, term, _weight in rows}],
                batch_size=2000,
                ignore_conflicts=True,
            )

    def delete_item(self, item):
        SearchDocument.objects.using(self.alias).filter(
            content_type_id=get_content_type_pk(item._meta.model), object_id=force_str(item.pk)
        ).delete()

    def reset(self):
        with transaction.atomic(using=self.alias):
            SearchTerm.objects.using(self.alias).all()._raw_delete(using=self.alias)
            SearchDocument.objects.using(self.alias).all()._raw_delete(using=self.alias)
            SearchVocabulary.objects.using(self.alias).all()._raw_delete(using=self.alias)


class GermanIndexRebuilder:
    """
    `update_index`: everything is indexed afresh in one transaction, so that
    readers see the old index until the new one is complete. On PostgreSQL,
    outside any transaction, the writing runs beside the analysis
    (core.search.writer); else one after the other, in this connection.
    """

    def __init__(self, index):
        self.index = index
        self.transaction = transaction.atomic(using=index.alias)
        self.writer = None

    def start(self):
        connection = connections[self.index.alias]
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            self.writer = BackgroundWriter(self.index)
            return self.writer.start()
        self.transaction.__enter__()
        self.index.reset()
        return self.index

    def finish(self):
        if self.writer is not None:
            self.writer.finish()
        else:
            self.transaction.__exit__(None, None, None)


# Searching


def query_text(query) -> tuple[str | None, str | None]:
    """
    The words of a Wagtail query object and its operator; (None, None) for
    "everything". The analysis works on words, so phrases, boosts and nested
    and/or are read as the words they contain.
    """
    if isinstance(query, MatchAll):
        return None, None
    if isinstance(query, PlainText):
        return query.query_string, query.operator
    if isinstance(query, Phrase):
        return query.query_string, "and"
    if isinstance(query, Boost):
        return query_text(query.subquery)
    if isinstance(query, (And, Or)):
        texts = [query_text(subquery)[0] for subquery in query.subqueries]
        return " ".join(text for text in texts if text), "and" if isinstance(query, And) else "or"
    if isinstance(query, Not):
        raise NotImplementedError("Negated queries are not supported by the German search.")
    raise NotImplementedError(f"`{type(query).__name__}` is not supported by the German search.")


# With a limit, the ranking first keeps this many times `limit` documents by
# their term score alone (ties: indexed first), before it reads their titles
# and checks that their pages are live and public. A word on every page
# otherwise joins 40,000 documents and pages to keep a thousand; four times
# the limit leaves room for matches that are not pages or not public.
CANDIDATE_FACTOR = 4


def ranked_matches(
    *,
    plan: SearchPlan,
    queryset,
    operator: str = "and",
    limit: int | None = None,
    with_candidates: bool = True,
) -> list[tuple[object, float]]:
    """
    (pk, score) of the objects in `queryset` that match `plan`, best first,
    the first `limit` of them if given: one statement (`ranking_sql`). Only
    if the candidates of a limited ranking ran short of the limit (most of
    them filtered out by `queryset`) is it ranked again without candidates.
    A model with few documents among the index's (`with_candidates=False`)
    is ranked without candidates at once: drawn from every model's matches,
    they would mostly be others', and it would be ranked twice.
    """
    if plan.is_empty or limit == 0:
        return []
    candidates = None if limit is None or not with_candidates else CANDIDATE_FACTOR * limit
    try:
        sql, params = ranking_sql(
            plan=plan, queryset=queryset, operator=operator, limit=limit, candidates=candidates
        )
    except EmptyResultSet:  # the queryset is .none()
        return []
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
        if candidates is not None:
            saturated = bool(found) and found[0][2] >= candidates
            found = [(key, score) for key, score, _count in found if key is not None]
            if saturated and len(found) < limit:
                sql, params = ranking_sql(
                    plan=plan, queryset=queryset, operator=operator, limit=limit
                )
                cursor.execute(sql, params)
                found = cursor.fetchall()
    if not has_integer_key(queryset.model):
        pk_field = queryset.model._meta.pk
        return [(pk_field.to_python(object_key), score) for object_key, score in found]
    return found


def has_integer_key(model) -> bool:
    """Whether the model's key is an integer, also through a parent link (page_ptr)."""
    field = model._meta.pk
    while field.is_relation:
        field = field.target_field
    return field.get_internal_type() in INTEGER_KEYS


def ranking_sql(
    *,
    plan: SearchPlan,
    queryset,
    operator: str,
    limit: int | None = None,
    candidates: int | None = None,
) -> tuple[str, list]:
    """
    The statement ranking the objects of `queryset` for `plan`. A word's
    group scores the sum of its matching alternatives (an alternative of
    several terms matches when the document has all of them), a document the
    sum of its groups; it must match every group (operator "and") or one
    ("or"). A title holding the query as a phrase adds a bonus. Ties go to
    the shorter title, then to the document indexed first. With a `limit`,
    the database keeps only the best `limit` rows while it sorts (a top-N
    sort) and sends no more.

    With `candidates` as well, only the best `candidates` documents by their
    term score (ties: indexed first) are joined to their titles and pages,
    and every row carries how many candidates there were (a row without a
    key if none passed), so that the caller knows whether they ran short.
    The result is the head of the full ranking, except among documents tied
    on the score of the last candidate: of those, the ones indexed first
    are ranked.
    """
    model = queryset.model
    integer_key = has_integer_key(model)
    allowed_sql, allowed_params = queryset.order_by().values("pk").query.sql_with_params()
    rows, params = [], []
    for group_number, group in enumerate(plan.groups):
        for alternative_number, alternative in enumerate(group.alternatives):
            for term in alternative.terms:
                rows.append(
                    "(CAST(%s AS INTEGER), CAST(%s AS INTEGER), CAST(%s AS INTEGER),"
                    " CAST(%s AS DOUBLE PRECISION), CAST(%s AS VARCHAR(64)))"
                )
                params += [
                    group_number,
                    alternative_number,
                    len(alternative.terms),
                    alternative.weight,
                    term,
                ]
    content_types = get_descendants_content_types_pks(model)
    required = len(plan.groups) if operator.lower() == "and" else 1
    key = "CAST(d.object_id AS BIGINT)" if integer_key else "d.object_id"
    scored = "documents"
    if candidates is not None:
        scored = "best"
    ranked = f"""
        SELECT {key} AS object_key,
               m.score + CASE WHEN d.title_key LIKE %s THEN {PHRASE_BONUS} ELSE 0 END AS score,
               LENGTH(d.title_key) AS title_length, d.id AS document_id
        FROM {scored} m
        JOIN core_searchdocument d ON d.id = m.document_id
        WHERE d.content_type_id IN ({", ".join(["%s"] * len(content_types))})
          AND {key} IN ({allowed_sql})
        ORDER BY score DESC, title_length, document_id
    """
    phrase = f"% {plan.phrase} %" if plan.phrase else ""
    ranked_params = [phrase, *content_types, *allowed_params]
    if limit is not None:
        ranked += " LIMIT %s"
        ranked_params.append(int(limit))
    common = f"""
        WITH q(grp, alt, size, weight, term) AS (VALUES {", ".join(rows)}),
        documents AS ({document_scores_sql(plan=plan, required=required)})
    """
    if candidates is None:
        sql = (
            f"{common} SELECT object_key, score FROM ({ranked}) r"
            " ORDER BY r.score DESC, r.title_length, r.document_id"
        )
        return sql, [*params, *ranked_params]
    sql = f"""{common},
        best AS (
            SELECT document_id, score FROM documents
            ORDER BY score DESC, document_id LIMIT %s
        ),
        ranked AS ({ranked})
        SELECT r.object_key, r.score, c.candidates
        FROM (SELECT COUNT(*) AS candidates FROM best) c
        LEFT JOIN ranked r ON 1 = 1
        ORDER BY r.score DESC, r.title_length, r.document_id
    """
    return sql, [*params, int(candidates), *ranked_params]


def document_scores_sql(*, plan: SearchPlan, required: int) -> str:
    """
    (document_id, score) of the documents matching enough word groups, from
    the terms `q`. Each level of grouping costs a pass over every matching
    term (80,000 rows for a word on every page), so a level is only added
    where it can change the answer: alternatives of several terms need one
    (all their terms must occur), and only a query of several words that
    all must match needs the count of groups per document.
    """
    phrase_synonyms = any(
        len(alternative.terms) > 1 for group in plan.groups for alternative in group.alternatives
    )
    if phrase_synonyms:
        matched = """
            SELECT t.document_id, q.grp, SUM(t.weight * q.weight) AS score
            FROM core_searchterm t JOIN q ON t.term = q.term
            GROUP BY t.document_id, q.grp, q.alt, q.size
            HAVING COUNT(*) = q.size
        """
    else:
        matched = """
            SELECT t.document_id, q.grp, t.weight * q.weight AS score
            FROM core_searchterm t JOIN q ON t.term = q.term
        """
    if required <= 1:
        return f"SELECT document_id, SUM(score) AS score FROM ({matched}) a GROUP BY document_id"
    return f"""
        SELECT document_id, SUM(score) AS score FROM (
            SELECT document_id, grp, SUM(score) AS score
            FROM ({matched}) a GROUP BY document_id, grp
        ) g
        GROUP BY document_id HAVING COUNT(*) >= {int(required)}
    """


def ranked_search(
    *, query: str, queryset, operator: str = "and", limit: int | None = None
) -> list[tuple[object, float]]:
    """(pk, score) of the objects in `queryset` matching the text `query`, best first."""
    return ranked_matches(plan=plan_query(query), queryset=queryset, operator=operator, limit=limit)


class GermanSearchQueryCompiler(BaseSearchQueryCompiler):
    DEFAULT_OPERATOR = "and"
    HANDLES_ORDER_BY_EXPRESSIONS = True

    def plan(self) -> SearchPlan | None:
        """The plan of this query; None for "everything" (MatchAll)."""
        text, operator = query_text(self.query)
        if text is None:
            return None
        self.effective_operator = (operator or self.DEFAULT_OPERATOR).lower()
        return plan_query(text)


class GermanAutocompleteQueryCompiler(GermanSearchQueryCompiler):
    """Every word is also matched as a prefix already: autocomplete is the same search."""


class GermanSearchResults(BaseSearchResults):
    """
    Results as Wagtail's Elasticsearch backend builds them: the ranked keys
    come from the index in one statement, the objects of the requested slice
    from the caller's queryset (with its select_related and prefetch_related).
    """

    def ranked(self) -> list[tuple[object, float]] | None:
        """(pk, score) best first; None when the query matches everything."""
        if not hasattr(self, "_ranked"):
            compiler = self.query_compiler
            plan = compiler.plan()
            self._ranked = (
                None
                if plan is None
                else ranked_matches(
                    plan=plan, queryset=compiler.queryset, operator=compiler.effective_operator
                )
            )
        return self._ranked

    def _clone(self):
        clone = super()._clone()
        if hasattr(self, "_ranked"):
            clone._ranked = self._ranked
        return clone

    def get_queryset(self):
        """The matching objects as a queryset, in the queryset's own order."""
        queryset = self.query_compiler.queryset
        ranked = self.ranked()
        if ranked is None:
            return queryset
        keys = [pk for pk, _score in ranked]
        if len(keys) > 500 and isinstance(keys[0], int):
            return queryset.filter(IdIn("pk", keys))
        return queryset.filter(pk__in=keys)

    def _do_search(self):
        queryset = self.query_compiler.queryset
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        ranked = self.ranked()
        if ranked is None or not self.query_compiler.order_by_relevance:
            matching = queryset if ranked is None else self.get_queryset()
            if not matching.query.order_by:
                matching = matching.order_by("-pk")
            return list(matching[self.start : self.stop])
        chosen = ranked[self.start : self.stop]
        objects = queryset.in_bulk([pk for pk, _score in chosen])
        results = []
        for pk, score in chosen:
            obj = objects.get(pk)
            if obj is None:
                continue
            if self._score_field:
                setattr(obj, self._score_field, score)
            results.append(obj)
        return results

    def _do_count(self):
        ranked = self.ranked()
        if ranked is None:
            return self.query_compiler.queryset.count()
        return len(ranked[self.start : self.stop])


class GermanSearchBackend(BaseSearchBackend):
    query_compiler_class = GermanSearchQueryCompiler
    autocomplete_query_compiler_class = GermanAutocompleteQueryCompiler
    results_class = GermanSearchResults
    index_class = GermanIndex
    rebuilder_class = GermanIndexRebuilder

    def ranked_ids(self, query: str, queryset, *, limit: int | None = None) -> list:
        """
        The keys of the objects in `queryset` matching `query`, best first,
        without loading a single object (`core.search.ranked_ids`).
        """
        return [pk for pk, _score in ranked_search(query=query, queryset=queryset, limit=limit)]

    def ranked_scores(
        self, query: str, querysets: list, *, limit: int | None = None
    ) -> list[list[tuple[object, float]]]:
        """
        (key, score) of the best `limit` matches of `query` in each of
        `querysets` (of different models), best first: the query is planned
        once, and the scores of all of them are on one scale, so that the
        lists can be merged by score (the search page merges the pages with
        the copies harvested from partner networks). The first queryset is
        the one with most documents in the index (the pages); the others are
        ranked without candidates (`ranked_matches`).
        """
        plan = plan_query(query)
        return [
            ranked_matches(plan=plan, queryset=queryset, limit=limit, with_candidates=number == 0)
            for number, queryset in enumerate(querysets)
        ]


SearchBackend = GermanSearchBackend
