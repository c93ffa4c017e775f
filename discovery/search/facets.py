"""
The facets of a search: which pages pass the selected values, how many pages
each value would leave, and the facet lists the page shows, all read from the
facet index (discovery.facet_index) in a fixed number of queries.
"""

from collections import Counter
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Q, QuerySet

from taggit.models import Tag

from core.content_language import source_language
from core.queries import IdIn
from home.models import SearchFacet
from registry.choices import ProjectStatus, Reusability
from registry.models import CityPage, FieldOfAction

from ..facet_index import facet_index_fingerprint
from .harvested import OWN_NETWORK, network_names
from .query import (
    OWN_NETWORK_LABEL,
    SelectedValue,
    facet_value_url,
    search_url,
    with_parameter,
)
from .types import FACET_LABELS, FACET_ORDER, SEARCH_TYPES_BY_KEY

BROWSE_CACHE_SECONDS = 600
# How many values of a long facet (cities, fields of action, tags) are listed,
# those with the most results first; a link shows the facet's whole list.
# Two hundred cities as links were most of a search page's 100 KB.
MAX_FACET_VALUES = 15


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    url: str
    # The language of a label stored as content (a city, a field of action, a
    # tag); None for the interface's own vocabularies (type, status, reuse).
    language: str | None = None


# Facets whose labels are stored content, in the source language.
CONTENT_FACETS = ("city", "topic", "tag")


@dataclass
class Facet:
    name: str
    label: str
    values: list[FacetValue]
    selected: str | None
    clear_url: str
    # A collapsed list: how many values the facet has, and the link to all of
    # them; an expanded one: the link back to the short list.
    value_count: int = 0
    show_all_url: str | None = None
    show_fewer_url: str | None = None


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


@dataclass(frozen=True)
class Output:
    """
    What one UNION ALL branch selects: either rows counted by facet and value,
    or the type rows of the pages passing every filter as (RESULT_ROWS, type
    key, page id). Columns name the table: `marks` has a page_id too.
    """

    columns: str
    params: tuple
    group: str


@dataclass(frozen=True)
class Branch:
    sql: str
    params: list


def facet_table() -> str:
    return connection.ops.quote_name(SearchFacet._meta.db_table)


def counted_output(table: str) -> Output:
    return Output(
        f"{table}.facet, {table}.value, COUNT(*)", (), f" GROUP BY {table}.facet, {table}.value"
    )


def listed_output(table: str) -> Output:
    return Output(f"%s, {table}.value, {table}.page_id", (RESULT_ROWS,), "")


def scope_where(*, scope: Scope, **filters) -> tuple[str, list]:
    """The WHERE clause of the scope's rows (with `filters`), as the ORM writes it."""
    query = SearchFacet.objects.filter(scope.condition("page_id"), **filters).query
    return query.get_compiler(connection=connection).compile(query.where)


def scope_branch(*, table: str, scope: Scope, output: Output, **filters) -> Branch:
    """Rows of the scope (with `filters`)."""
    where, params = scope_where(scope=scope, **filters)
    return Branch(
        f"SELECT {output.columns} FROM {table} WHERE {where}{output.group}",
        [*output.params, *params],
    )


def marks_branch(
    *, table: str, output: Output, facets: list[str], marks: list[str], wanted: int
) -> Branch:
    """Rows of `facets` of the marked pages whose `marks` add up to `wanted`."""
    return Branch(
        f"SELECT {output.columns} FROM marks JOIN {table} ON {table}.page_id = marks.page_id "
        f"WHERE {table}.facet IN ({', '.join(['%s'] * len(facets))}) "
        f"AND {' + '.join(marks)} = %s{output.group}",
        [*output.params, *facets, wanted],
    )


def marks_prefix(*, table: str, scope: Scope, selected: dict[str, SelectedValue]) -> Branch:
    """
    `WITH marks`: per page in scope that carries at least one chosen value, a
    0/1 column per selected facet. A page with fewer than k - 1 of the k
    chosen values counts nowhere (each of its rows matches one chosen value
    at most: rows are unique).
    """
    chosen = list(selected)
    pairs = " OR ".join(["(facet = %s AND value = %s)"] * len(chosen))
    pair_params = [param for name in chosen for param in (name, selected[name].value)]
    mark_columns = ", ".join(
        f"MAX(CASE WHEN facet = %s AND value = %s THEN 1 ELSE 0 END) AS mark_{index}"
        for index in range(len(chosen))
    )
    where, params = scope_where(scope=scope)
    return Branch(
        f"WITH marks AS MATERIALIZED (SELECT page_id, {mark_columns} FROM {table} "
        f"WHERE {where} AND ({pairs}) GROUP BY page_id HAVING COUNT(*) >= %s) ",
        [*pair_params, *params, *pair_params, len(chosen) - 1],
    )


def selected_branches(
    *, table: str, scope: Scope, selected: dict[str, SelectedValue], names
) -> list[Branch]:
    """
    One branch per selected facet, counting the pages whose marks for the
    other facets are all 1 (the whole scope if it is the only filter), and one
    for the unselected facets, counting the pages with all marks 1.
    """
    chosen = list(selected)
    marks = [f"marks.mark_{index}" for index in range(len(chosen))]
    counted = counted_output(table)
    branches = []
    for index, name in enumerate(chosen):
        if name not in names:
            continue
        if len(chosen) == 1:
            branches.append(scope_branch(table=table, scope=scope, output=counted, facet=name))
        else:
            others = [mark for other, mark in enumerate(marks) if other != index]
            branches.append(
                marks_branch(
                    table=table, output=counted, facets=[name], marks=others, wanted=len(chosen) - 1
                )
            )
    unselected = [name for name in names if name not in selected]
    if unselected:
        branches.append(
            marks_branch(
                table=table, output=counted, facets=unselected, marks=marks, wanted=len(chosen)
            )
        )
    return branches


def results_branch(*, table: str, scope: Scope, selected: dict[str, SelectedValue]) -> Branch:
    """The type rows of the pages passing every filter."""
    if not selected:
        return scope_branch(table=table, scope=scope, output=listed_output(table), facet="type")
    marks = [f"marks.mark_{index}" for index in range(len(selected))]
    return marks_branch(
        table=table,
        output=listed_output(table),
        facets=["type"],
        marks=marks,
        wanted=len(selected),
    )


def facet_count_statement(
    *, scope: Scope, selected: dict[str, SelectedValue], names, with_results: bool
) -> Branch:
    """The one statement `count_facets` runs: an optional `WITH marks` and a UNION ALL."""
    table = facet_table()
    if selected:
        prefix = marks_prefix(table=table, scope=scope, selected=selected)
        branches = selected_branches(table=table, scope=scope, selected=selected, names=names)
    else:
        prefix = Branch("", [])
        branches = [
            scope_branch(table=table, scope=scope, output=counted_output(table), facet__in=names)
        ]
    if with_results:
        branches.append(results_branch(table=table, scope=scope, selected=selected))
    sql = prefix.sql + " UNION ALL ".join(
        f"SELECT * FROM ({branch.sql}) AS branch_{number}" for number, branch in enumerate(branches)
    )
    return Branch(sql, [*prefix.params, *(param for branch in branches for param in branch.params)])


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
    facet, with the same conditions its links apply, in one statement
    (`facet_count_statement`).

    Written as SQL because the planner, asked the same as ORM subqueries with
    HAVING per facet, misjudged their sizes and picked nested loops
    (100+ ms at 4,000 results instead of about 10).
    """
    statement = facet_count_statement(
        scope=scope, selected=selected, names=names, with_results=with_results
    )
    counts = {name: Counter() for name in names}
    results = {} if with_results else None
    with connection.cursor() as cursor:
        cursor.execute(statement.sql, statement.params)
        for facet, value, number in cursor.fetchall():
            if facet == RESULT_ROWS:
                results[number] = value
            else:
                counts[facet][value] = number
    return counts, results


def own_count(*, counts: dict[str, Counter], selected: dict[str, SelectedValue]) -> int:
    """
    How many pages pass every selected facet of the pages, from their type
    counts: each page has one type, and the type facet is counted over the
    pages passing every other filter.
    """
    chosen = selected.get("type")
    if chosen is not None:
        return counts["type"].get(chosen.value, 0)
    return sum(counts["type"].values())


def facet_value_names(counts: dict[str, Counter]) -> dict[str, dict[str, tuple[str, str]]]:
    """{facet: {value: (slug, label)}}: one query each for cities, topics and tags."""
    names = {
        "type": {key: (key, str(t.label)) for key, t in SEARCH_TYPES_BY_KEY.items()},
        "network": {
            OWN_NETWORK: (OWN_NETWORK, str(OWN_NETWORK_LABEL)),
            **network_names(value for value, number in counts.get("network", {}).items() if number),
        },
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


def value_language(*, name: str, slug: str, language: str | None) -> str | None:
    """A partner network's name is stored content; "own" is the interface's word."""
    if name == "network" and slug != OWN_NETWORK:
        return source_language()
    return language


def build_facets(
    *,
    counts: dict[str, Counter],
    query: str,
    selected: dict[str, SelectedValue],
    expanded: str | None = None,
) -> list[Facet]:
    """
    The facet lists the page shows. A facet with more than MAX_FACET_VALUES
    values lists the ones with the most results and links to its whole list
    (`expanded`, from `all=` in the URL); the selected value is always listed.
    """
    names = facet_value_names(counts)
    filters = {name: chosen.slug for name, chosen in selected.items()}
    state_url = search_url(query=query, filters=filters)
    facets = []
    for name in FACET_ORDER:
        language = source_language() if name in CONTENT_FACETS else None
        counted = [
            (names[name][value], number)
            for value, number in counts[name].items()
            if number and value in names[name]  # a value deleted since (a tag, say) is left out
        ]
        chosen = selected.get(name)
        partners = [slug for (slug, _label), _number in counted if slug != OWN_NETWORK]
        if name == "network" and not chosen and not partners:
            continue  # no partner's copy among the results: nothing to tell apart
        if name in ("type", "status", "reuse"):
            order = list(names[name])  # the vocabulary's own order
            counted.sort(key=lambda item: order.index(item[0][0]))
        elif name == "network":  # the registry's own first, then the partners by results
            counted.sort(key=lambda item: (item[0][0] != OWN_NETWORK, -item[1], item[0][1]))
        else:
            counted.sort(key=lambda item: (-item[1], item[0][1]))
        value_count = len(counted)
        collapsed = value_count > MAX_FACET_VALUES and name != expanded
        if collapsed:
            counted = counted[:MAX_FACET_VALUES]
        url_for = facet_value_url(query=query, filters=filters, name=name)
        values = [
            FacetValue(
                value=slug,
                label=label,
                count=number,
                selected=chosen is not None and slug == chosen.slug,
                url=url_for(slug),
                language=value_language(name=name, slug=slug, language=language),
            )
            for (slug, label), number in counted
        ]
        if chosen and not any(value.selected for value in values):
            values.append(
                FacetValue(
                    value=chosen.slug,
                    label=chosen.label,
                    count=counts[name].get(chosen.value, 0),
                    selected=True,
                    url=state_url,
                    language=value_language(name=name, slug=chosen.slug, language=language),
                )
            )
        facets.append(
            Facet(
                name=name,
                label=FACET_LABELS[name],
                values=values,
                selected=chosen.slug if chosen else None,
                clear_url=search_url(query=query, filters=filters, **{name: None}),
                value_count=value_count,
                show_all_url=(
                    with_parameter(state_url, "all", name) + f"#facet-{name}" if collapsed else None
                ),
                show_fewer_url=(
                    state_url + f"#facet-{name}"
                    if name == expanded and value_count > MAX_FACET_VALUES
                    else None
                ),
            )
        )
    return facets


def browse_facet_counts(*, scope: Scope, language: str) -> dict[str, Counter]:
    """
    The facet counts of browse mode (no query, no filter): the same for every
    reader of `language` and the most expensive to count (every searchable
    page), so they are cached per language under the facet index's
    fingerprint, which changes with every edit that could change them
    (`discovery.facet_index.facet_index_fingerprint`).
    """
    key = f"search:browse-facets:{language}:{facet_index_fingerprint()}"
    counts = cache.get(key)
    if counts is None:
        counts, _results = count_facets(scope=scope, selected={})
        cache.set(key, counts, BROWSE_CACHE_SECONDS)
    return counts
