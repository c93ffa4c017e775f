"""
The copies harvested from partner networks in the search (discovery.models,
discovery.harvest): found beside the registry's own pages, filtered and
counted under the facet "Netzwerk" (own / each partner), and never counted
as a local city's projects.

They are rows, not pages, so they stay out of the facet index, which holds
pages only: their facet values are read from their own columns here, and
counted in Python over the copies in scope (the best MAX_RANKED_RESULTS of a
query at most, or every copy when browsing). A copy carries

* its type (project, lesson) and its network,
* the local field of action with the slug of each of its partner's fields of
  action (both installations share the vocabulary's slugs; a field of action
  the registry does not have is no facet value) – projects only, as for pages,
* its status, if it is one of the registry's,
* the local tags of the same name,

and no city and no reusable part: selecting a city or a reusable part leaves
the partners' copies out, as they are nobody's projects here.

Whether there are copies at all is known without a query on most requests:
the networks' counts are cached until a network or a copy is written
(`harvest_state`), so that an installation without partners pays nothing.
"""

import time
import uuid
from collections import Counter
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Max, Sum
from django.utils.safestring import SafeString

from taggit.models import Tag

from knowledge.choices import LessonKind
from registry.choices import ProjectStatus
from registry.models import FieldOfAction

from ..models import HarvestedLesson, HarvestedProject, PartnerNetwork

# The network facet's value for the registry's own pages.
OWN_NETWORK = "own"
# The type of a copy's result row: "partner-project", "partner-lesson".
PARTNER_ROW_PREFIX = "partner-"
HARVESTED_MODELS = {"project": HarvestedProject, "lesson": HarvestedLesson}

STATE_CACHE_KEY = "search:harvest-state"
# A harvest runs in a process of its own (manage.py harvest_network): with a
# cache per process (no CACHE_URL) the search learns of it within this time,
# with a shared cache (Redis) at once, as the network's save clears the state.
STATE_CACHE_SECONDS = 60
BROWSE_CACHE_SECONDS = 600


@dataclass(frozen=True)
class HarvestState:
    """How many copies there are, and a version that changes with every harvest."""

    projects: int
    lessons: int
    version: str

    @property
    def models(self) -> dict[str, type]:
        """The models that hold copies, by type key."""
        counts = {"project": self.projects, "lesson": self.lessons}
        return {key: model for key, model in HARVESTED_MODELS.items() if counts[key]}


def harvest_state() -> HarvestState:
    """
    The copies' counts as the last successful harvest of each network
    recorded them (one query over the networks, cached until a network or a
    copy is written: `forget_harvest_state`).
    """
    state = cache.get(STATE_CACHE_KEY)
    if state is None:
        found = PartnerNetwork.objects.aggregate(
            networks=Count("pk"),
            projects=Sum("project_count"),
            lessons=Sum("lesson_count"),
            last=Max("last_success_at"),
        )
        state = HarvestState(
            projects=found["projects"] or 0,
            lessons=found["lessons"] or 0,
            # A token of this reading: what is kept for a state (browse_rows)
            # is read again when the state is, after a harvest or a cache flush.
            version=f"{found['networks']}:{found['last']}:{uuid.uuid4().hex[:12]}",
        )
        cache.set(STATE_CACHE_KEY, state, STATE_CACHE_SECONDS)
    return state


def forget_harvest_state(**kwargs) -> None:
    """
    Signal receiver (discovery.apps): a network was written; count again, now
    for this process's own reads and once more after the commit, in case
    another process cached the old state in between.
    """
    cache.delete(STATE_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(STATE_CACHE_KEY), robust=True)


@dataclass
class HarvestedRow:
    """A copy in scope: its type, key, title and facet values (facet → set of values)."""

    type_key: str
    pk: int
    title: str
    values: dict[str, frozenset[str]]

    @property
    def row(self) -> tuple[int, str]:
        """The copy as a row of results, beside the pages' (page id, type key) rows."""
        return (self.pk, PARTNER_ROW_PREFIX + self.type_key)


def harvested_rows(*, state: HarvestState, keys: dict[str, list[int]] | None) -> list[HarvestedRow]:
    """
    The copies named by `keys` (type key → pks), or every copy if None, with
    their facet values: one query per model, one for the fields of action,
    one for the tags.
    """
    loaded = {}
    for type_key, model in state.models.items():
        copies = model.objects.order_by()
        if keys is not None:
            if not keys.get(type_key):
                continue
            copies = copies.filter(pk__in=keys[type_key])
        columns = ["pk", "title", "network_id", "tags"]
        if type_key == "project":
            columns += ["status", "fields_of_action"]
        loaded[type_key] = [
            dict(zip(columns, row, strict=True)) for row in copies.values_list(*columns)
        ]
    slugs = {
        entry.get("slug")
        for copy in loaded.get("project", ())
        for entry in copy["fields_of_action"]
        if isinstance(entry, dict)
    }
    topics = (
        dict(FieldOfAction.objects.filter(slug__in=slugs).values_list("slug", "pk"))
        if slugs
        else {}
    )
    names = {name for copies in loaded.values() for copy in copies for name in copy["tags"]}
    tags = dict(Tag.objects.filter(name__in=names).values_list("name", "pk")) if names else {}
    statuses = set(ProjectStatus.values)
    rows = []
    for type_key, copies in loaded.items():
        for copy in copies:
            values = {
                "type": frozenset({type_key}),
                "network": frozenset({str(copy["network_id"])}),
                "tag": frozenset(str(tags[name]) for name in copy["tags"] if name in tags),
            }
            if type_key == "project":
                values["topic"] = frozenset(
                    str(topics[entry.get("slug")])
                    for entry in copy["fields_of_action"]
                    if isinstance(entry, dict) and entry.get("slug") in topics
                )
                if copy["status"] in statuses:
                    values["status"] = frozenset({copy["status"]})
            rows.append(HarvestedRow(type_key, copy["pk"], copy["title"], values))
    return rows


# Every copy's facet values for browsing, kept in this process for the
# harvest state it was read in: a new harvest changes the state's version.
_browse_rows: dict[HarvestState, tuple[float, list]] = {}


def browse_rows(*, state: HarvestState) -> list[HarvestedRow]:
    """
    Every copy, by title: browsing lists them after the pages. Read once per
    harvest and process and kept in memory (not in the shared cache, whose
    unpickling of thousands of rows would cost more than reading them),
    for BROWSE_CACHE_SECONDS at most.
    """
    now = time.monotonic()
    kept = _browse_rows.get(state)
    if kept is not None and now - kept[0] < BROWSE_CACHE_SECONDS:
        return kept[1]
    rows = sorted(harvested_rows(state=state, keys=None), key=lambda row: (row.title, row.pk))
    _browse_rows.clear()
    _browse_rows[state] = (now, rows)
    return rows


def count_harvested(
    *, rows: list[HarvestedRow], selected: dict, names
) -> tuple[dict[str, Counter], list[HarvestedRow]]:
    """
    ({facet: Counter(value → copies)}, the copies passing every filter),
    each facet counted over the copies that pass every *other* selected
    facet, as the pages are (discovery.search.facets.count_facets).
    `selected` holds the network too: its "own" value is on no copy.
    """
    counts = {name: Counter() for name in names}
    passing = []
    for row in rows:
        failed = [
            name
            for name, chosen in selected.items()
            if chosen.value not in row.values.get(name, ())
        ]
        if len(failed) > 1:
            continue
        counted = [failed[0]] if failed else names
        for name in counted:
            if name in counts:
                counts[name].update(row.values.get(name, ()))
        if not failed:
            passing.append(row)
    return counts, passing


def network_names(values) -> dict[str, tuple[str, str]]:
    """{value: (slug, label)} of the partner networks among `values` (one query if any)."""
    ids = [int(value) for value in values if value.isdigit() and len(value) < 19]
    if not ids:
        return {}
    return {
        str(pk): (str(pk), name)
        for pk, name in PartnerNetwork.objects.filter(pk__in=ids).values_list("pk", "name")
    }


@dataclass
class HarvestedHit:
    """A copy on the current page of results, as the results list shows it."""

    record: object
    type_key: str
    type_label: str
    excerpt: SafeString
    network: str
    harvested: bool = True
    compare_key: str = ""

    @property
    def kind_label(self) -> str:
        kind = getattr(self.record, "kind", "")
        return str(LessonKind(kind).label) if kind in LessonKind.values else ""


def load_harvested(*, keys: dict[str, list[int]]) -> dict[tuple[int, str], object]:
    """The copies of the current page: one query per model, with their network."""
    found = {}
    for type_key, pks in keys.items():
        for copy in HARVESTED_MODELS[type_key].objects.filter(pk__in=pks).select_related("network"):
            found[(copy.pk, PARTNER_ROW_PREFIX + type_key)] = copy
    return found
