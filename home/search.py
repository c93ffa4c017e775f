"""
Search and browse across projects, lessons, articles and news, with facets.

The full-text part is Wagtail's search backend (PostgreSQL with the `german`
configuration in production, SQLite FTS in development). The backend gives us
the matching pages as an ORM queryset, ranked; everything else – facet filters
and the counts next to every facet value – is plain ORM over the ids of that
queryset, so the number of queries is fixed whatever the number of results:

* one aggregate query per facet and page type that carries the facet,
* one count and one slice for the page of results,
* one query per page type on the current page of results.

A facet's counts are computed over the results filtered by every *other*
selected facet, with the same lookup the facet's link applies, so the count
next to a value is exactly the number of results its link leads to.

See https://docs.wagtail.org/en/stable/topics/search/searching.html
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from taggit.models import Tag

from .pagination import paginate

RESULTS_PER_PAGE = 20
MAX_MATERIALISED_IDS = 1000
MAX_QUERY_LENGTH = 200
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
    SearchType("project", "registry.ProjectPage", _("Projekte")),
    SearchType("lesson", "knowledge.LessonPage", _("Erfahrungen")),
    SearchType("article", "knowledge.ArticlePage", _("Wissensartikel")),
    SearchType("news", "home.NewsPage", _("Nachrichten")),
]
SEARCH_TYPES_BY_KEY = {search_type.key: search_type for search_type in SEARCH_TYPES}

# Per facet and page type: the lookup that holds the facet's value and the one
# that holds its label. A type without an entry does not carry the facet, so
# selecting a value of that facet leaves it out of the results.
#
# City: projects and lessons have their city as a column (copied from the tree);
# news name their cities (related_cities). A wiki article belongs to no city,
# but it draws on projects (related_projects), so an article counts for the
# cities of the projects it is linked to: a clerk filtering on "Rostock" wants
# the guides that Rostock's experience went into.
# Topic: lessons and news carry no field of action of their own, so they drop
# out when a topic is chosen.
FACET_LOOKUPS = {
    "city": {
        "project": ("city__slug", "city__title"),
        "lesson": ("city__slug", "city__title"),
        "article": ("related_projects__city__slug", "related_projects__city__title"),
        "news": ("related_cities__slug", "related_cities__title"),
    },
    "topic": {
        "project": ("fields_of_action__slug", "fields_of_action__name"),
        "article": ("fields_of_action__slug", "fields_of_action__name"),
    },
    "status": {"project": ("status", "status")},
    "tag": dict.fromkeys(SEARCH_TYPES_BY_KEY, ("tags__slug", "tags__name")),
}

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


def parse_search_parameters(*, params) -> tuple[str, dict[str, str], list[str]]:
    """
    The query and the valid facet values from a request's GET parameters.

    Anything unknown or malformed is dropped and explained in a notice, so a
    hand-edited or outdated link still shows results instead of failing.
    """
    from registry.choices import ProjectStatus, Reusability
    from registry.models import CityPage, FieldOfAction

    query = " ".join((params.get("q") or "").split())
    notices = []
    if len(query) > MAX_QUERY_LENGTH:
        query = query[:MAX_QUERY_LENGTH]
        notices.append(
            _("Der Suchbegriff war zu lang und wurde nach %(n)d Zeichen gekürzt.")
            % {"n": MAX_QUERY_LENGTH}
        )
    filters = {}
    for name in FACET_ORDER:
        raw = params.get(name)
        if raw is None or raw == "":
            continue
        value = raw.strip()
        if not SLUG_PATTERN.match(value):
            valid = False
        elif name == "type":
            valid = value in SEARCH_TYPES_BY_KEY
        elif name == "status":
            valid = value in ProjectStatus.values
        elif name == "reuse":
            valid = value in Reusability.values
        elif name == "city":
            valid = CityPage.objects.filter(slug=value).exists()
        elif name == "topic":
            valid = FieldOfAction.objects.filter(slug=value).exists()
        else:  # tag
            valid = Tag.objects.filter(slug=value).exists()
        if valid:
            filters[name] = value
        else:
            notices.append(
                _("Der Filter „%(facet)s“ kennt den Wert „%(value)s“ nicht und wurde ignoriert.")
                % {"facet": FACET_LABELS[name], "value": value[:100]}
            )
    return query, filters, notices


def search_url(*, query: str, filters: dict[str, str], **changes: str | None) -> str:
    """The search URL for a state; a change of filters always starts at page 1."""
    params = {"q": query} if query else {}
    merged = {**filters, **changes}
    for name in FACET_ORDER:
        if merged.get(name):
            params[name] = merged[name]
    return "?" + urlencode(params) if params else "?"


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
    backend would evaluate itself; we keep it lazy so that facets and
    pagination can use it as a subquery instead of loading thousands of ids.
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


def content_type_ids() -> dict[str, int]:
    return {
        search_type.key: ContentType.objects.get_for_model(search_type.model).pk
        for search_type in SEARCH_TYPES
    }


def facet_filter(*, name: str, value: str) -> Q:
    """The condition on Page that selecting `value` of facet `name` applies."""
    if name == "type":
        return Q(content_type_id=content_type_ids()[value])
    if name == "reuse":
        model = SEARCH_TYPES_BY_KEY["project"].model
        return Q(pk__in=model.objects.filter(**{f"reusable_{value}": True}).values("pk"))
    condition = Q(pk__in=[])
    for type_key, (value_lookup, _label_lookup) in FACET_LOOKUPS[name].items():
        model = SEARCH_TYPES_BY_KEY[type_key].model
        condition |= Q(pk__in=model.objects.filter(**{value_lookup: value}).values("pk"))
    return condition


def apply_filters(pages: QuerySet, *, filters: dict[str, str], skip: str | None = None):
    for name, value in filters.items():
        if name != skip:
            pages = pages.filter(facet_filter(name=name, value=value))
    return pages


def count_facet_values(*, name: str, pages: QuerySet) -> dict[str, tuple[str, int]]:
    """
    {value: (label, number of pages)} for one facet over `pages`: one aggregate
    query per page type that carries the facet (pages of different types are
    different pages, so the per-type counts add up exactly).
    """
    from registry.choices import ProjectStatus, Reusability

    ids = pages.order_by().values("pk")
    if name == "type":
        by_content_type = dict(
            pages.order_by()
            .values("content_type_id")
            .annotate(n=Count("pk"))
            .values_list("content_type_id", "n")
        )
        return {
            key: (SEARCH_TYPES_BY_KEY[key].label, by_content_type.get(content_type_id, 0))
            for key, content_type_id in content_type_ids().items()
        }
    if name == "reuse":
        model = SEARCH_TYPES_BY_KEY["project"].model
        totals = model.objects.filter(pk__in=ids).aggregate(
            **{
                choice.value: Count("pk", filter=Q(**{f"reusable_{choice.value}": True}))
                for choice in Reusability
            }
        )
        return {choice.value: (choice.label, totals[choice.value]) for choice in Reusability}
    counts = Counter()
    labels = {}
    for type_key, (value_lookup, label_lookup) in FACET_LOOKUPS[name].items():
        model = SEARCH_TYPES_BY_KEY[type_key].model
        rows = (
            model.objects.filter(pk__in=ids)
            .exclude(**{f"{value_lookup}__isnull": True})
            .values(value_lookup, label_lookup)
            .annotate(n=Count("pk", distinct=True))
            .values_list(value_lookup, label_lookup, "n")
        )
        for value, label, number in rows:
            counts[value] += number
            labels[value] = label
    if name == "status":
        labels = {
            value: ProjectStatus(value).label if value in ProjectStatus.values else value
            for value in labels
        }
    return {value: (labels[value], counts[value]) for value in counts}


def build_facets(
    *, matches: QuerySet, query: str, filters: dict[str, str], selected_labels: dict
) -> list[Facet]:
    from registry.choices import ProjectStatus

    facets = []
    for name in FACET_ORDER:
        counted = count_facet_values(
            name=name, pages=apply_filters(matches, filters=filters, skip=name)
        )
        selected = filters.get(name)
        if name in ("type", "reuse"):
            ordered = list(counted.items())  # the vocabulary's own order
        elif name == "status":
            ordered = [(v, counted[v]) for v in ProjectStatus.values if v in counted]
        else:
            ordered = sorted(counted.items(), key=lambda item: (-item[1][1], item[1][0]))
        values = []
        for value, (label, number) in ordered:
            if number == 0 and value != selected:
                continue
            values.append(
                FacetValue(
                    value=value,
                    label=label,
                    count=number,
                    selected=value == selected,
                    url=search_url(query=query, filters=filters, **{name: value}),
                )
            )
        if name == "tag":
            values = values[:MAX_FACET_VALUES]
        if selected and not any(value.selected for value in values):
            values.append(
                FacetValue(
                    value=selected,
                    label=selected_labels.get(name, selected),
                    count=counted.get(selected, ("", 0))[1],
                    selected=True,
                    url=search_url(query=query, filters=filters),
                )
            )
        facets.append(
            Facet(
                name=name,
                label=FACET_LABELS[name],
                values=values,
                selected=selected,
                clear_url=search_url(query=query, filters=filters, **{name: None}),
            )
        )
    return facets


# --------------------------------------------------------------------------
# Result page
# --------------------------------------------------------------------------


def load_hits(*, rows: list[tuple[int, int]], query: str) -> list[SearchHit]:
    """The specific pages for (pk, content_type_id) rows: one query per page type."""
    type_by_content_type = {ct: key for key, ct in content_type_ids().items()}
    wanted = {}
    for pk, content_type_id in rows:
        wanted.setdefault(type_by_content_type[content_type_id], []).append(pk)
    pages = {}
    for type_key, pks in wanted.items():
        model = SEARCH_TYPES_BY_KEY[type_key].model
        queryset = model.objects.filter(pk__in=pks)
        if hasattr(model, "city"):
            queryset = queryset.select_related("city")
        pages.update({page.pk: page for page in queryset})
    hits = []
    for pk, content_type_id in rows:
        page = pages.get(pk)
        if page is None:
            continue
        type_key = type_by_content_type[content_type_id]
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


def selected_value_labels(*, filters: dict[str, str]) -> dict[str, str]:
    """Readable names of the selected values, for notices and 'remove' links."""
    from registry.choices import ProjectStatus, Reusability
    from registry.models import CityPage, FieldOfAction

    labels = {}
    for name, value in filters.items():
        if name == "type":
            labels[name] = str(SEARCH_TYPES_BY_KEY[value].label)
        elif name == "status":
            labels[name] = str(ProjectStatus(value).label)
        elif name == "reuse":
            labels[name] = str(Reusability(value).label)
        elif name == "city":
            labels[name] = CityPage.objects.filter(slug=value).values_list("title", flat=True)[0]
        elif name == "topic":
            labels[name] = FieldOfAction.objects.filter(slug=value).values_list("name", flat=True)[
                0
            ]
        else:
            labels[name] = Tag.objects.filter(slug=value).values_list("name", flat=True)[0]
    return labels


def run_search(*, request) -> SearchOutcome:
    """Everything the search page shows, from the request's GET parameters."""
    query, filters, notices = parse_search_parameters(params=request.GET)
    matches = matching_pages(query=query)
    rows = None
    if query:
        # Run the full-text search once and keep the ranked ids: every facet
        # count then filters by a list of ids instead of repeating the search.
        # A query matching more than MAX_MATERIALISED_IDS pages keeps the
        # search as a subquery (slower, but no huge parameter lists).
        ranked = list(matches.values_list("pk", flat=True)[: MAX_MATERIALISED_IDS + 1])
        if len(ranked) <= MAX_MATERIALISED_IDS:
            position = {pk: index for index, pk in enumerate(ranked)}
            matches = Page.objects.filter(pk__in=ranked)
            rows = sorted(
                apply_filters(matches, filters=filters).values_list("pk", "content_type_id"),
                key=lambda row: position[row[0]],
            )
    if rows is None:
        rows = apply_filters(matches, filters=filters).values_list("pk", "content_type_id")
    page_obj = paginate(request, rows, per_page=RESULTS_PER_PAGE)
    page_obj.object_list = load_hits(rows=list(page_obj.object_list), query=query)
    labels = selected_value_labels(filters=filters)
    outcome = SearchOutcome(
        query=query,
        filters=filters,
        notices=notices,
        results=page_obj,
        total=page_obj.paginator.count,
        facets=build_facets(matches=matches, query=query, filters=filters, selected_labels=labels),
    )
    if outcome.total == 0:
        outcome.drop_filter_links = [
            (
                str(FACET_LABELS[name]),
                labels[name],
                search_url(query=query, filters=filters, **{name: None}),
            )
            for name in filters
        ]
        outcome.related_tags = related_tags_for(query=query)
    return outcome
