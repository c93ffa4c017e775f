"""
The page of results: the specific pages of the current page of hits, each with
a highlighted excerpt, and the tags suggested when nothing was found.
"""

import re
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from wagtail.models import Page

from taggit.models import Tag

from ..compare import harvested_compare_key
from ..queries import tag_counts
from .harvested import PARTNER_ROW_PREFIX, HarvestedHit, load_harvested
from .types import SEARCH_TYPES, SEARCH_TYPES_BY_KEY


@dataclass
class SearchHit:
    page: Page
    type_key: str
    type_label: str
    excerpt: SafeString
    # A page of the registry's own, not a partner's copy (search.harvested.HarvestedHit).
    harvested: bool = False


def load_hits(*, rows: list[tuple[int, str]], query: str) -> list:
    """
    The specific pages for (pk, type key) rows, one query per page type, and
    the partners' copies for (pk, "partner-<type>") rows, one query per type
    (HarvestedHit).
    """
    wanted, copies = {}, {}
    for pk, type_key in rows:
        if type_key.startswith(PARTNER_ROW_PREFIX):
            copies.setdefault(type_key.removeprefix(PARTNER_ROW_PREFIX), []).append(pk)
        else:
            wanted.setdefault(type_key, []).append(pk)
    copies = load_harvested(keys=copies) if copies else {}
    pages = {}
    for type_key, pks in wanted.items():
        model = SEARCH_TYPES_BY_KEY[type_key].model
        queryset = model.objects.filter(pk__in=pks)
        if hasattr(model, "city"):
            queryset = queryset.select_related("city")
        pages.update({page.pk: page for page in queryset})
    hits = []
    for pk, type_key in rows:
        if type_key.startswith(PARTNER_ROW_PREFIX):
            copy = copies.get((pk, type_key))
            if copy is not None:
                hits.append(harvested_hit(copy=copy, row_type=type_key, query=query))
            continue
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


def harvested_hit(*, copy, row_type: str, query: str) -> HarvestedHit:
    type_key = row_type.removeprefix(PARTNER_ROW_PREFIX)
    return HarvestedHit(
        record=copy,
        type_key=type_key,
        type_label=SEARCH_TYPES_BY_KEY[type_key].label,
        excerpt=highlighted_excerpt(text=" ".join((copy.summary or "").split()), query=query),
        network=copy.network.name,
        compare_key=harvested_compare_key(copy) if type_key == "project" else "",
    )


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
    return mark_safe(prefix + excerpt + suffix)


def related_tags_for(*, query: str, limit: int = 8) -> list[Tag]:
    """Tags whose name shares a word with the query, else the most used tags."""
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


class ChainedRows:
    """The rows of the pages (TypedRows), then the copies' rows (a list), for the paginator."""

    def __init__(self, first, second: list):
        self.first = first
        self.second = second
        self.head = None

    def count(self):
        if self.head is None:
            self.head = len(self.first)  # a page count: one query, asked once
        return self.head + len(self.second)

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("ChainedRows are read in slices.")
        head = self.count() - len(self.second)
        start, stop = index.start or 0, index.stop
        rows = list(self.first[start : min(stop, head)]) if start < head else []
        if stop > head:
            rows += self.second[max(start - head, 0) : stop - head]
        return rows
