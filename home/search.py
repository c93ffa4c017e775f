"""
Search and browse across projects, lessons, articles and news, with facets.

The full-text part is Wagtail's search backend (PostgreSQL with the `german`
configuration in production, SQLite FTS in development). The backend gives us
the matching pages as an ORM queryset, ranked. Facet filters and the counts
next to every facet value come from the facet index (`home.facet_index`: one
row per page and facet value), so the number of queries is fixed whatever
the number of results, and small:

* one query for the query's ranked ids (at most MAX_MATERIALISED_IDS),
* one query applying the facet filters to them and reading each page's type,
* one UNION ALL query counting all six facets, and one for the names of the
  cities, fields of action and tags counted,
* one query per page type on the current page of results.

A facet's counts are computed over the results filtered by every *other*
selected facet, with the same condition the facet's link applies, so the
count next to a value is exactly the number of results its link leads to.

See https://docs.wagtail.org/en/stable/topics/search/searching.html
"""

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import quote_plus, urlencode

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.db.models import BooleanField, Count, F, Func, Q, QuerySet
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from taggit.models import Tag

from .facet_index import SEARCHABLE_MODELS, facet_index_fingerprint
from .models import SearchFacet
from .pagination import paginate

RESULTS_PER_PAGE = 20
MAX_MATERIALISED_IDS = 10_000
MAX_QUERY_LENGTH = 200
BROWSE_CACHE_SECONDS = 600
# How many values of a long facet (tags) are offered as links.
MAX_FACET_VALUES = 15
SLUG_PATTERN = re.compile(r"^[-\w]{1,100}$")


@dataclass(frozen=True)
class SearchType:
    key: str
    model_name: str
    label: str

    @property
    def model(self):
        return apps.get_model(self.model_name)


# The page types the search covers, in the order the type facet lists them.
SEARCH_TYPES = [
    SearchType("project", SEARCHABLE_MODELS["project"], _("Projekte")),
    SearchType("lesson", SEARCHABLE_MODELS["lesson"], _("Erfahrungen")),
    SearchType("article", SEARCHABLE_MODELS["article"], _("Wissensartikel")),
    SearchType("news", SEARCHABLE_MODELS["news"], _("Nachrichten")),
]
SEARCH_TYPES_BY_KEY = {search_type.key: search_type for search_type in SEARCH_TYPES}

FACET_LABELS = {
    "type": _("Inhaltstyp"),
    "city": _("Stadt"),
    "topic": _("Handlungsfeld"),
    "status": _("Projektstatus"),
    "reuse": _("Nachnutzbar"),
    "tag": _("Schlagwort"),
}
FACET_ORDER = ["type", "city", "topic", "status", "reuse", "tag"]


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    url: str


@dataclass
class Facet:
    name: str
    label: str
    values: list[FacetValue]
    selected: str | None
    clear_url: str


@dataclass
class SearchHit:
    page: Page
    type_key: str
    type_label: str
    excerpt: SafeString


@dataclass
class SearchOutcome:
    query: str
    filters: dict[str, str]
    notices: list[str]
    results: object  # a django.core.paginator.Page of SearchHit
    total: int
    facets: list[Facet]
    drop_filter_links: list[tuple[str, str, str]] = field(default_factory=list)
    related_tags: list[Tag] = field(default_factory=list)


# --------------------------------------------------------------------------
# Parameters
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class SelectedValue:
    """A valid facet value from the URL: its slug, its value in the facet index, its name."""

    slug: str
    value: str
    label: str


def find_facet_value(*, name: str, slug: str) -> SelectedValue | None:
    """The facet value a URL parameter names, or None if there is no such value."""
    from registry.choices import ProjectStatus, Reusability
    from registry.models import CityPage, FieldOfAction

    if not SLUG_PATTERN.match(slug):
        return None
    if name == "type":
        search_type = SEARCH_TYPES_BY_KEY.get(slug)
        return search_type and SelectedValue(slug, slug, str(search_type.label))
    if name in ("status", "reuse"):
        choices = ProjectStatus if name == "status" else Reusability
        return SelectedValue(slug, slug, str(choices(slug).label)) if slug in choices else None
    model, label_field = {
        "city": (CityPage, "title"),
        "topic": (FieldOfAction, "name"),
        "tag": (Tag, "name"),
    }[name]
    found = model.objects.filter(slug=slug).values_list("pk", label_field).first()
    return found and SelectedValue(slug, str(found[0]), found[1])


def search_term_cleaned(text: str) -> str:
    """
    The search term with control characters, lone surrogates and the
    replacement character (what invalid UTF-8 decodes to) as spaces,
    whitespace collapsed. They reach us from pasted text and broken links,
    never meant as part of a word; the database refuses NUL, and the rest of
    the term is still worth searching for.
    """
    return " ".join("".join(" " if is_noise(char) else char for char in text).split())


def is_noise(char: str) -> bool:
    return char == "\ufffd" or unicodedata.category(char) in ("Cc", "Cs")


def parse_search_parameters(*, params) -> tuple[str, dict[str, SelectedValue], list[str]]:
    """
    The query and the valid facet values from a request's GET parameters.

    Anything unknown or malformed is dropped and explained in a notice, so a
    hand-edited or outdated link still shows results instead of failing.
    """
    query = search_term_cleaned(params.get("q") or "")
    notices = []
    if len(query) > MAX_QUERY_LENGTH:
        query = query[:MAX_QUERY_LENGTH]
        notices.append(
            _("Der Suchbegriff war zu lang und wurde nach %(n)d Zeichen gekürzt.")
            % {"n": MAX_QUERY_LENGTH}
        )
    selected = {}
    for name in FACET_ORDER:
        raw = params.get(name)
        if raw is None or raw == "":
            continue
        found = find_facet_value(name=name, slug=raw.strip())
        if found:
            selected[name] = found
        else:
            notices.append(
                _("Der Filter „%(facet)s“ kennt den Wert „%(value)s“ nicht und wurde ignoriert.")
                % {"facet": FACET_LABELS[name], "value": raw.strip()[:100]}
            )
    return query, selected, notices


def search_url(*, query: str, filters: dict[str, str], **changes: str | None) -> str:
    """The search URL for a state; a change of filters always starts at page 1."""
    params = {"q": query} if query else {}
    merged = {**filters, **changes}
    for name in FACET_ORDER:
        if merged.get(name):
            params[name] = merged[name]
    return "?" + urlencode(params) if params else "?"


def facet_value_url(*, query: str, filters: dict[str, str], name: str):
    """
    A function slug → search_url(…, name=slug), for the hundreds of values of
    one facet: the URL is built once around a placeholder, which is then
    replaced (urlencode quotes values with quote_plus, as done here).
    """
    # The placeholder is the last NUL: facets after it carry slugs only.
    prefix, suffix = search_url(query=query, filters=filters, **{name: "\0"}).rsplit("%00", 1)
    return lambda slug: prefix + quote_plus(slug) + suffix


# --------------------------------------------------------------------------
# Querysets
# --------------------------------------------------------------------------


def searchable_pages() -> QuerySet:
    """Live, public pages of the four searchable types (one query for `public()`)."""
    models = [search_type.model for search_type in SEARCH_TYPES]
    return Page.objects.live().public().type(*models)


def matching_pages(*, query: str) -> QuerySet:
    """
    The pages matching `query`, ranked by the search backend; every searchable
    page, by title, without a query (browse mode).

    `get_queryset()` of the database backends' results is the ORM queryset the
    backend would evaluate itself; we keep it lazy so that it can serve as a
    subquery instead of loading tens of thousands of ids.
    """
    pages = searchable_pages()
    # Only words reach the backend: quotes, brackets and operators would be
    # syntax to SQLite FTS or to_tsquery, not something a reader meant.
    words = " ".join(re.findall(r"\w+", query))
    if not words:
        return pages.order_by("title", "pk") if not query else pages.none()
    results = pages.search(words).annotate_score("_score")
    if not hasattr(results, "get_queryset"):  # Elasticsearch/OpenSearch backends
        return pages.filter(pk__in=[page.pk for page in results])
    return results.get_queryset()


class IdIn(Func):
    """
    `column IN ids` with one parameter however many ids: `= ANY(array)` on
    PostgreSQL, `json_each` on SQLite (whose default limit is 32,766
    parameters per statement, and whose parser is slow with long IN lists).
    """

    output_field = BooleanField()
    conditional = True

    def __init__(self, field: str, ids: list[int]):
        super().__init__(F(field))
        self.ids = [int(pk) for pk in ids]

    def as_sql(self, compiler, connection, **extra_context):
        column, params = compiler.compile(self.source_expressions[0])
        if connection.vendor == "postgresql":
            return f"{column} = ANY(%s)", (*params, self.ids)
        if connection.vendor == "sqlite":
            return f"{column} IN (SELECT value FROM json_each(%s))", (*params, json.dumps(self.ids))
        placeholders = ", ".join(["%s"] * len(self.ids)) or "NULL"
        return f"{column} IN ({placeholders})", (*params, *self.ids)


@dataclass(frozen=True)
class Scope:
    """
    The pages a search state starts from, before facet filters: either the
    ranked ids of a query (materialised once) or a subquery of page ids.
    """

    ids: list[int] | None = None
    subquery: QuerySet | None = None

    def condition(self, field: str):
        if self.ids is not None:
            return IdIn(field, self.ids)
        return Q(**{f"{field}__in": self.subquery})


def pages_passing(*, selected: dict[str, SelectedValue]) -> QuerySet | None:
    """
    The ids of the pages that carry every selected value, as a subquery for
    the page tree; None if nothing is selected. A page has at most one row
    per (facet, value), so it carries all k chosen values exactly when k of
    its rows match one of them: GROUP BY page HAVING COUNT(*) = k.
    """
    if not selected:
        return None
    matching = Q()
    for name, chosen in selected.items():
        matching |= Q(facet=name, value=chosen.value)
    return (
        SearchFacet.objects.filter(matching)
        .order_by()
        .values("page_id")
        .annotate(carried=Count("*"))
        .filter(carried=len(selected))
        .values("page_id")
    )


# The pseudo-facet under which `count_facets` returns the pages that pass
# every filter, with their type as value and their id in the count column.
RESULT_ROWS = ""


def count_facets(
    *,
    scope: Scope,
    selected: dict[str, SelectedValue],
    names=FACET_ORDER,
    with_results: bool = False,
) -> tuple[dict[str, Counter], dict[int, str] | None]:
    """
    ({facet: Counter(value in the facet index → number of pages)}, {page id:
    type key} of the pages passing every filter, if `with_results`).

    Each facet is counted over the scope filtered by every *other* selected
    facet, with the same conditions its links apply. One statement:

    * `marks`: per page in scope that carries at least one chosen value, a
      0/1 column per selected facet (read from the (facet, value) index);
    * a UNION ALL branch per selected facet, counting the pages whose marks
      for the other facets are all 1, and one branch for the unselected
      facets, counting the pages with all marks 1; a selected facet with no
      other filter beside it is counted over the whole scope instead;
    * with `with_results`, a branch listing the pages with all marks 1.

    Written as SQL because the planner, asked the same as ORM subqueries with
    HAVING per facet, misjudged their sizes and picked nested loops
    (100+ ms at 4,000 results instead of about 10).
    """
    table = connection.ops.quote_name(SearchFacet._meta.db_table)

    def scope_where(**filters) -> tuple[str, list]:
        """The WHERE clause of the scope's rows (with `filters`), as the ORM writes it."""
        query = SearchFacet.objects.filter(scope.condition("page_id"), **filters).query
        return query.get_compiler(connection=connection).compile(query.where)

    # A branch either counts rows by facet and value, or lists the type rows
    # of the pages passing every filter as (RESULT_ROWS, type key, page id).
    # Columns name the table: `marks` has a page_id too.
    counted = (
        f"{table}.facet, {table}.value, COUNT(*)",
        [],
        f" GROUP BY {table}.facet, {table}.value",
    )
    listed = (f"%s, {table}.value, {table}.page_id", [RESULT_ROWS], "")

    def in_scope(output, **filters) -> tuple[str, list]:
        """Rows of the scope (with `filters`)."""
        columns, column_params, group = output
        where, params = scope_where(**filters)
        return f"SELECT {columns} FROM {table} WHERE {where}{group}", [*column_params, *params]

    def in_marks(output, facets: list[str], marks: list[str], wanted: int) -> tuple[str, list]:
        """Rows of `facets` of the marked pages whose `marks` add up to `wanted`."""
        columns, column_params, group = output
        return (
            f"SELECT {columns} FROM marks JOIN {table} ON {table}.page_id = marks.page_id "
            f"WHERE {table}.facet IN ({', '.join(['%s'] * len(facets))}) "
            f"AND {' + '.join(marks)} = %s{group}",
            [*column_params, *facets, wanted],
        )

    chosen = list(selected)
    marks = [f"marks.mark_{index}" for index in range(len(chosen))]
    unselected = [name for name in names if name not in selected]
    prefix, prefix_params, branches = "", [], []
    if not chosen:
        branches.append(in_scope(counted, facet__in=names))
    else:
        pairs = " OR ".join(["(facet = %s AND value = %s)"] * len(chosen))
        pair_params = [param for name in chosen for param in (name, selected[name].value)]
        mark_columns = ", ".join(
            f"MAX(CASE WHEN facet = %s AND value = %s THEN 1 ELSE 0 END) AS mark_{index}"
            for index in range(len(chosen))
        )
        where, params = scope_where()
        # A page with fewer than k - 1 of the k chosen values counts nowhere
        # (each of its rows matches one chosen value at most: rows are unique).
        prefix = (
            f"WITH marks AS MATERIALIZED (SELECT page_id, {mark_columns} FROM {table} "
            f"WHERE {where} AND ({pairs}) GROUP BY page_id HAVING COUNT(*) >= %s) "
        )
        prefix_params = [*pair_params, *params, *pair_params, len(chosen) - 1]
        for index, name in enumerate(chosen):
            if name not in names:
                continue
            if len(chosen) == 1:
                branches.append(in_scope(counted, facet=name))
            else:
                others = [mark for other, mark in enumerate(marks) if other != index]
                branches.append(in_marks(counted, [name], others, len(chosen) - 1))
        if unselected:
            branches.append(in_marks(counted, unselected, marks, len(chosen)))
    if with_results:
        branches.append(
            in_marks(listed, ["type"], marks, len(chosen))
            if chosen
            else in_scope(listed, facet="type")
        )
    sql = prefix + " UNION ALL ".join(
        f"SELECT * FROM ({branch}) AS branch_{number}"
        for number, (branch, _params) in enumerate(branches)
    )
    params = [*prefix_params, *(param for _branch, extra in branches for param in extra)]
    counts = {name: Counter() for name in names}
    results = {} if with_results else None
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for facet, value, number in cursor.fetchall():
            if facet == RESULT_ROWS:
                results[number] = value
            else:
                counts[facet][value] = number
    return counts, results


def facet_value_names(counts: dict[str, Counter]) -> dict[str, dict[str, tuple[str, str]]]:
    """{facet: {value: (slug, label)}}: one query each for cities, topics and tags."""
    from registry.choices import ProjectStatus, Reusability
    from registry.models import CityPage, FieldOfAction

    names = {
        "type": {key: (key, str(t.label)) for key, t in SEARCH_TYPES_BY_KEY.items()},
        "status": {choice.value: (choice.value, str(choice.label)) for choice in ProjectStatus},
        "reuse": {choice.value: (choice.value, str(choice.label)) for choice in Reusability},
    }
    for name, model, label_field in (
        ("city", CityPage, "title"),
        ("topic", FieldOfAction, "name"),
        ("tag", Tag, "name"),
    ):
        ids = [int(value) for value in counts.get(name, ()) if value.isdigit()]
        names[name] = (
            {
                str(pk): (slug, label)
                for pk, slug, label in model.objects.filter(pk__in=ids).values_list(
                    "pk", "slug", label_field
                )
            }
            if ids
            else {}
        )
    return names


def build_facets(
    *, counts: dict[str, Counter], query: str, selected: dict[str, SelectedValue]
) -> list[Facet]:
    names = facet_value_names(counts)
    filters = {name: chosen.slug for name, chosen in selected.items()}
    facets = []
    for name in FACET_ORDER:
        counted = [
            (names[name][value], number)
            for value, number in counts[name].items()
            if value in names[name]  # a value deleted since (a tag, say) is left out
        ]
        chosen = selected.get(name)
        if name in ("type", "status", "reuse"):
            order = list(names[name])  # the vocabulary's own order
            counted.sort(key=lambda item: order.index(item[0][0]))
        else:
            counted.sort(key=lambda item: (-item[1], item[0][1]))
        if name == "tag":
            counted = counted[:MAX_FACET_VALUES]
        url_for = facet_value_url(query=query, filters=filters, name=name)
        values = [
            FacetValue(
                value=slug,
                label=label,
                count=number,
                selected=chosen is not None and slug == chosen.slug,
                url=url_for(slug),
            )
            for (slug, label), number in counted
            if number
        ]
        if chosen and not any(value.selected for value in values):
            values.append(
                FacetValue(
                    value=chosen.slug,
                    label=chosen.label,
                    count=counts[name].get(chosen.value, 0),
                    selected=True,
                    url=search_url(query=query, filters=filters),
                )
            )
        facets.append(
            Facet(
                name=name,
                label=FACET_LABELS[name],
                values=values,
                selected=chosen.slug if chosen else None,
                clear_url=search_url(query=query, filters=filters, **{name: None}),
            )
        )
    return facets


# --------------------------------------------------------------------------
# Result page
# --------------------------------------------------------------------------


def load_hits(*, rows: list[tuple[int, str]], query: str) -> list[SearchHit]:
    """The specific pages for (pk, type key) rows: one query per page type."""
    wanted = {}
    for pk, type_key in rows:
        wanted.setdefault(type_key, []).append(pk)
    pages = {}
    for type_key, pks in wanted.items():
        model = SEARCH_TYPES_BY_KEY[type_key].model
        queryset = model.objects.filter(pk__in=pks)
        if hasattr(model, "city"):
            queryset = queryset.select_related("city")
        pages.update({page.pk: page for page in queryset})
    hits = []
    for pk, type_key in rows:
        page = pages.get(pk)
        if page is None:
            continue
        hits.append(
            SearchHit(
                page=page,
                type_key=type_key,
                type_label=SEARCH_TYPES_BY_KEY[type_key].label,
                excerpt=highlighted_excerpt(text=page_plain_text(page), query=query),
            )
        )
    return hits


# Keys of raw StreamField data that hold settings or references, not reader text
# (a heading's level "h2", ListBlock item ids and types, chooser ids, link URLs).
NON_TEXT_STREAM_KEYS = frozenset({"id", "type", "level", "image", "page", "document", "url"})


def stream_text(value) -> list[str]:
    """Every string a reader sees inside raw StreamField data, in order, without markup."""
    if isinstance(value, str):
        return [strip_tags(value)]
    if isinstance(value, dict):
        return [
            text
            for key, item in value.items()
            if key not in NON_TEXT_STREAM_KEYS
            for text in stream_text(item)
        ]
    if isinstance(value, (list, tuple)):
        return [text for item in value for text in stream_text(item)]
    return []


def page_plain_text(page) -> str:
    """Summary first, then the body's text: no rendering, hence no queries."""
    parts = [page.get_listing_summary() or ""]
    body = getattr(page, "body", None)
    if body is not None:
        raw = body.raw_data if hasattr(body, "raw_data") else []
        parts.extend(stream_text([block.get("value") for block in raw]))
    return " ".join(" ".join(parts).split())


def query_stems(query: str) -> list[str]:
    """
    Rough word stems of the query for highlighting: enough of each word that
    German inflections still match ("Parkplätze" → "parkpl" finds "Parkplatz").
    """
    stems = []
    for word in re.findall(r"\w+", query.lower()):
        if len(word) < 3:
            continue
        stems.append(word[: max(4, len(word) - 3)] if len(word) > 5 else word)
    return stems


def highlighted_excerpt(*, text: str, query: str, words: int = 30) -> SafeString:
    """About `words` words of `text` around the first match, matches in <mark>."""
    tokens = text.split()
    stems = query_stems(query)
    if not tokens:
        return mark_safe("")
    pattern = (
        re.compile(r"(?<!\w)(" + "|".join(re.escape(s) for s in stems) + r")\w*", re.I)
        if stems
        else None
    )
    start = 0
    if pattern is not None:
        for position, token in enumerate(tokens):
            if pattern.search(token):
                start = max(0, position - words // 3)
                break
    window = tokens[start : start + words]
    excerpt = escape(" ".join(window))
    if pattern is not None:
        excerpt = pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", excerpt)
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + words < len(tokens) else ""
    return mark_safe(prefix + excerpt + suffix)  # noqa: S308 – escaped above


def related_tags_for(*, query: str, limit: int = 8) -> list[Tag]:
    """Tags whose name shares a word with the query, else the most used tags."""
    from .queries import tag_counts

    words = [word for word in re.findall(r"\w+", query) if len(word) >= 3]
    if words:
        condition = Q()
        for word in words:
            condition |= Q(name__icontains=word[:6])
        tags = list(Tag.objects.filter(condition).order_by("name")[:limit])
        if tags:
            return tags
    counts = tag_counts()
    top = [pk for pk, _n in counts.most_common(limit)]
    by_pk = Tag.objects.in_bulk(top)
    return [by_pk[pk] for pk in top if pk in by_pk]


def browse_facet_counts(*, scope: Scope) -> dict[str, Counter]:
    """
    The facet counts of browse mode (no query, no filter): the same for every
    visitor and the most expensive to count (every searchable page), so they
    are cached under the facet index's fingerprint, which changes with every
    edit that could change them (`home.facet_index.facet_index_fingerprint`).
    """
    key = f"search:browse-facets:{facet_index_fingerprint()}"
    counts = cache.get(key)
    if counts is None:
        counts, _results = count_facets(scope=scope, selected={})
        cache.set(key, counts, BROWSE_CACHE_SECONDS)
    return counts


def content_type_keys() -> dict[int, str]:
    return {
        ContentType.objects.get_for_model(search_type.model).pk: search_type.key
        for search_type in SEARCH_TYPES
    }


class TypedRows:
    """(pk, content type id) rows of a queryset as (pk, type key), sliced lazily for paging."""

    def __init__(self, queryset: QuerySet):
        self.queryset = queryset.values_list("pk", "content_type_id")

    def count(self):
        return self.queryset.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        keys = content_type_keys()
        return [(pk, keys[content_type_id]) for pk, content_type_id in self.queryset[index]]


def run_search(*, request) -> SearchOutcome:
    """
    Everything the search page shows, from the request's GET parameters.

    A query's ranked ids are fetched once (up to MAX_MATERIALISED_IDS); the
    facet filters, the facet counts and the page of results then work on that
    list, through the facet index. Browsing without a query, or a query
    matching more pages, keeps the page set as a subquery instead.
    """
    query, selected, notices = parse_search_parameters(params=request.GET)
    filters = {name: chosen.slug for name, chosen in selected.items()}
    matches = matching_pages(query=query)
    rows = None
    scope = Scope(subquery=matches.order_by().values("pk"))
    if query:
        ranked = list(matches.values_list("pk", flat=True)[: MAX_MATERIALISED_IDS + 1])
        if len(ranked) <= MAX_MATERIALISED_IDS:
            scope = Scope(ids=ranked)
            counts, type_of = count_facets(scope=scope, selected=selected, with_results=True)
            rows = [(pk, type_of[pk]) for pk in ranked if pk in type_of]
    if rows is None:
        if query or selected:
            counts, _results = count_facets(scope=scope, selected=selected)
        else:
            counts = browse_facet_counts(scope=scope)
        passing = pages_passing(selected=selected)
        rows = TypedRows(matches if passing is None else matches.filter(pk__in=passing))
    page_obj = paginate(request, rows, per_page=RESULTS_PER_PAGE)
    page_obj.object_list = load_hits(rows=list(page_obj.object_list), query=query)
    outcome = SearchOutcome(
        query=query,
        filters=filters,
        notices=notices,
        results=page_obj,
        total=page_obj.paginator.count,
        facets=build_facets(counts=counts, query=query, selected=selected),
    )
    if outcome.total == 0:
        outcome.drop_filter_links = [
            (
                str(FACET_LABELS[name]),
                chosen.label,
                search_url(query=query, filters=filters, **{name: None}),
            )
            for name, chosen in selected.items()
        ]
        outcome.related_tags = related_tags_for(query=query)
    return outcome
