"""
Similar projects, stored per project (registry.models.SimilarProject), so a
project page reads its list instead of ranking the registry on every view.

A project's list: the SIMILAR_PROJECTS_LIMIT published, public German projects of
*other* cities that share the most tags and fields of action with it (a tag
and a field of action weigh the same), ties by title in the database's
collation, then by id.

Ranked here in Python rather than in one SQL statement: counting the shared
items pair by pair touches every pair of projects that share a field of
action, and with a dozen fields of action that is a good part of all pairs
(about 140 million rows at 20,000 projects). Projects with the same fields of
action are interchangeable for anyone with whom they share no tag, so they
are grouped by that set (a bit mask), and only the first few of each group by
title can make such a list; shared tags are counted pair by pair, as each tag
is carried by few projects.

When projects change (saved, published, unpublished, moved, made private,
deleted; registry.signals), `similar_projects_refresh` recomputes only the
lists that can change: the changed projects' own, the lists they were in and
the lists they now belong in. `manage.py refresh_similar_projects` recomputes
all, after bulk writes that bypass the pages' save().
"""

from collections import Counter, defaultdict
from collections.abc import Iterable

from django.db import connection, transaction

from wagtail.models import Locale

from core.queries import IdIn, under_view_restriction

from .models import ProjectPage, ProjectPageTag, SimilarProject

SIMILAR_PROJECTS_LIMIT = 5
# Beyond this many changed projects at once (a city moved or made private),
# recomputing every list costs less than finding the affected ones.
INCREMENTAL_LIMIT = 200
# Sort keys: (SCORE_CEILING - score) above RANK_BITS bits of title rank.
SCORE_CEILING = 1 << 16
RANK_BITS = 32
RANK_MASK = (1 << RANK_BITS) - 1


class RegistryRanking:
    """
    What the ranking needs to know of every project: its city, whether it is
    published and public, its place in title order and its fields of action
    (two queries); the tags of some or all projects (`load_tags`, one more).
    """

    def __init__(self):
        rows = (
            ProjectPage.objects.annotate(restricted=under_view_restriction())
            .order_by("title", "pk")
            .values_list("pk", "city__translation_key", "live", "restricted", "locale_id")
        )
        source_locale = Locale.get_default().pk
        self.rank: dict[int, int] = {}
        # A city by its translation key: its German page and its translations
        # are one city, so a translated project is never "another city's".
        self.city: dict[int, object | None] = {}
        self.published: set[int] = set()
        for rank, (pk, city, live, restricted, locale) in enumerate(rows):
            self.rank[pk] = rank
            self.city[pk] = city
            # Listed: the German projects. A translation is the same project,
            # not a similar one (the reader's language is the pages' concern).
            if live and not restricted and locale == source_locale:
                self.published.add(pk)
        self.mask = dict.fromkeys(self.rank, 0)
        bits: dict[int, int] = {}
        through = ProjectPage.fields_of_action.through
        for pk, field in through.objects.values_list("projectpage_id", "fieldofaction_id"):
            bit = bits.setdefault(field, 1 << len(bits))
            if pk in self.mask:
                self.mask[pk] |= bit
        self.order = list(self.rank)  # pk by rank
        # (city, fields of action, rank) of each published project.
        self.published_info = {
            pk: (self.city[pk], self.mask[pk], self.rank[pk]) for pk in self.published
        }
        # The published projects with fields of action, grouped by their set
        # of them, each group in title order, as (pk, city, rank).
        groups = defaultdict(list)
        for pk in self.order:
            if pk in self.published and self.mask[pk]:
                groups[self.mask[pk]].append((pk, self.city[pk], self.rank[pk]))
        self.groups = dict(groups)
        self.masks = set(self.mask.values()) | {0}
        self._overlaps: dict[int, dict[int, int]] = {}
        self.tags_of: dict[int, list[int]] = defaultdict(list)
        self.carriers: dict[int, list[int]] = defaultdict(list)
        self.published_carriers: dict[int, list[tuple]] = {}
        self.carrier_sets: dict[int, set[int]] = {}

    def overlaps(self, mask: int) -> dict[int, int]:
        """How many fields of action `mask` shares with each set in the registry."""
        known = self._overlaps.get(mask)
        if known is None:
            known = self._overlaps[mask] = {
                other: (mask & other).bit_count() for other in self.masks
            }
        return known

    def load_tags(self, projects: Iterable[int] | None = None) -> None:
        """
        The tags of `projects` (all if None) and every project carrying one of
        them: enough to count what each of `projects` shares with anyone.
        """
        rows = ProjectPageTag.objects.all()
        if projects is not None:
            own = ProjectPageTag.objects.filter(IdIn("content_object_id", list(projects)))
            rows = rows.filter(tag_id__in=own.values("tag_id"))
        self.tags_of.clear()
        self.carriers.clear()
        for pk, tag in rows.values_list("content_object_id", "tag_id"):
            self.tags_of[pk].append(tag)
            self.carriers[tag].append(pk)
        info = self.published_info
        self.published_carriers = {
            tag: [(pk, *info[pk]) for pk in pks if pk in info] for tag, pks in self.carriers.items()
        }
        self.carrier_sets = {tag: set(pks) for tag, pks in self.carriers.items()}

    def shared_tags(self, project: int) -> Counter:
        shared = Counter()
        for tag in self.tags_of.get(project, ()):
            shared.update(self.carriers[tag])
        return shared

    def similar_to(self, project: int) -> list[tuple[int, int]]:
        """
        The list of `project` as (similar project, score) pairs, best first.
        Runs for every project on a full refresh, so the inner loops read
        prepared tuples and make one integer sort key per candidate (score,
        then rank in title order).
        """
        city = self.city[project]
        overlap = self.overlaps(self.mask[project])
        own_tags = self.tags_of.get(project, ())
        shared = self.shared_tags(project) if len(own_tags) > 1 else None
        keys = []
        append = keys.append
        # Projects sharing tags, counted once per tag; one sharing several
        # tags gets its full score below and its partial keys rank lower.
        for tag in own_tags:
            for other, other_city, other_mask, other_rank in self.published_carriers[tag]:
                if other == project or (city is not None and other_city == city):
                    continue
                append(((SCORE_CEILING - 1 - overlap[other_mask]) << RANK_BITS) | other_rank)
        if shared:
            info = self.published_info
            for other in [other for other, tags in shared.items() if tags > 1]:
                entry = info.get(other)
                if entry is None or other == project or (city is not None and entry[0] == city):
                    continue
                score = shared[other] + overlap[entry[1]]
                append(((SCORE_CEILING - score) << RANK_BITS) | entry[2])
        sharing = (
            shared
            if shared is not None
            else self.carrier_sets.get(own_tags[0], ())
            if own_tags
            else ()
        )
        # Projects sharing only fields of action: the first few of each group.
        for group_mask, members in self.groups.items():
            common = overlap[group_mask]
            if not common:
                continue
            score_key = (SCORE_CEILING - common) << RANK_BITS
            taken = 0
            for other, other_city, other_rank in members:
                if other == project or other in sharing:
                    continue
                if city is not None and other_city == city:
                    continue
                append(score_key | other_rank)
                taken += 1
                if taken == SIMILAR_PROJECTS_LIMIT:
                    break
        keys.sort()
        best = []
        for key in keys:
            other = self.order[key & RANK_MASK]
            if all(other != listed for listed, _score in best):
                best.append((other, SCORE_CEILING - (key >> RANK_BITS)))
                if len(best) == SIMILAR_PROJECTS_LIMIT:
                    break
        return best

    def lists_entered_by(self, project: int, last_entries: dict[int, tuple]) -> set[int]:
        """
        The projects whose list `project` (published) belongs in now: it ranks
        above their last entry, or their list is not full. `last_entries` maps
        a full list's project to its last entry's sort key.
        """
        city, mask, rank = self.city[project], self.mask[project], self.rank[project]
        scores = self.shared_tags(project)
        if mask:
            for other, other_mask in self.mask.items():
                common = (mask & other_mask).bit_count()
                if common:
                    scores[other] += common
        entered = set()
        for other, score in scores.items():
            if other == project or other not in self.rank:
                continue
            if city is not None and self.city[other] == city:
                continue
            last = last_entries.get(other)
            if last is None or (-score, rank, project) < last:
                entered.add(other)
        return entered

    def last_entries(self) -> dict[int, tuple]:
        """The sort key of the last entry of every full list, by the list's project."""
        beyond = len(self.rank)  # a project deleted meanwhile sorts last
        return {
            project: (-score, self.rank.get(similar, beyond), similar)
            for project, similar, score in SimilarProject.objects.filter(
                position=SIMILAR_PROJECTS_LIMIT - 1
            ).values_list("project_id", "similar_id", "score")
        }

    @transaction.atomic
    def store(self, projects: Iterable[int] | None = None) -> int:
        """Replace the lists of `projects` (all if None); the number of rows written."""
        stored = SimilarProject.objects.all()
        if projects is None:
            projects = list(self.rank)
        else:
            projects = [pk for pk in projects if pk in self.rank]
            stored = stored.filter(IdIn("project_id", projects))
        rows = [
            (project, other, score, position)
            for project in projects
            for position, (other, score) in enumerate(self.similar_to(project))
        ]
        # A plain DELETE: QuerySet.delete() would load every row first to send
        # post_delete for it (Wagtail's reference index listens to all models),
        # and nothing listens for these rows.
        stored._raw_delete(stored.db)
        # Plain rows rather than bulk_create: 100,000 model instances cost a
        # minute to build and prepare. On PostgreSQL one statement with one
        # array per column; elsewhere (SQLite) executemany, fast there.
        meta = SimilarProject._meta
        table = connection.ops.quote_name(meta.db_table)
        columns = ", ".join(
            connection.ops.quote_name(meta.get_field(name).column)
            for name in ("project", "similar", "score", "position")
        )
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    f"INSERT INTO {table} ({columns}) "
                    "SELECT * FROM unnest(%s::int[], %s::int[], %s::int[], %s::int[])",
                    [list(column) for column in zip(*rows, strict=True)] if rows else [[]] * 4,
                )
            else:
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s)", rows)
        return len(rows)


def similar_projects_refresh_all() -> int:
    """Recompute every project's list; the number of entries written."""
    ranking = RegistryRanking()
    ranking.load_tags()
    return ranking.store()


def similar_projects_refresh(*, changed: Iterable[int], lists: Iterable[int] = ()) -> int:
    """
    After the projects `changed` were saved, published, unpublished, moved or
    made private: recompute the lists that can differ now (their own, those
    they were in, those they now belong in), plus the lists of `lists`
    (those a deleted project was in). The number of entries written.
    """
    changed = set(changed)
    if len(changed) > INCREMENTAL_LIMIT:
        return similar_projects_refresh_all()
    affected = set(lists)
    if changed:
        affected |= changed
        affected.update(
            SimilarProject.objects.filter(IdIn("similar_id", list(changed))).values_list(
                "project_id", flat=True
            )
        )
    if not affected:
        return 0
    ranking = RegistryRanking()
    entering = [pk for pk in changed if pk in ranking.published]
    if entering:
        ranking.load_tags(entering)
        last_entries = ranking.last_entries()
        for project in entering:
            affected |= ranking.lists_entered_by(project, last_entries)
    ranking.load_tags(affected)
    return ranking.store(affected)
