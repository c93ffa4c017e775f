"""Data that spans the apps, for tests that need a registry of some size."""

import itertools
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django.utils import timezone

from wagtail.models import Page

from registry.choices import ContactVisibility, FederalState, ProjectStatus
from registry.models import CityPage, FieldOfAction, ProjectPage, Transfer

from .home import NewsPageFactory
from .knowledge import ArticlePageFactory, LessonPageFactory
from .registry import CityPageFactory, ContactFactory, ProjectPageFactory


def projects_with_everything(site_tree, *, count, city=None):
    """
    `count` more published projects, each as full as a listing gets: two
    contacts (one public, one partners-only), tags including „LoRaWAN“, a field
    of action, a partner city, a lesson, a wiki article drawing on it and on the
    Lübeck project, and a news item about it and its city. Without `city`, each
    project gets a new city of its own and adopts the solution of the Lübeck
    project. For query-count pins that compare a registry with a larger one.
    """
    field_of_action = FieldOfAction.objects.order_by("pk").first()
    projects = []
    for _ in range(count):
        home_city = city or CityPageFactory(parent=site_tree.city_index)
        contacts = [
            ContactFactory(city=home_city, visibility=ContactVisibility.PUBLIC),
            ContactFactory(city=home_city, visibility=ContactVisibility.PARTNERS),
        ]
        project = ProjectPageFactory(parent=home_city, tags=["LoRaWAN"], contacts=contacts)
        project.tags.add(f"Thema {project.pk}")
        project.fields_of_action.set([field_of_action])
        project.partner_cities.set([site_tree.rostock])
        project.save()
        if city is None:
            Transfer.objects.create(adopting_project=project, source_project=site_tree.project)
        LessonPageFactory(parent=project, tags=["LoRaWAN"])
        article = ArticlePageFactory(parent=site_tree.knowledge_index, tags=["LoRaWAN"])
        article.tags.add(f"Thema {project.pk}")
        article.fields_of_action.set([field_of_action])
        article.related_projects.set([project, site_tree.project])
        article.save()
        news = NewsPageFactory(parent=site_tree.news_index, tags=["LoRaWAN"])
        news.tags.add(f"Thema {project.pk}")
        news.related_cities.set([home_city])
        news.related_projects.set([project])
        news.save()
        projects.append(project)
    return projects


def bulk_pages(parent, model, rows: list[dict]) -> list[int]:
    """
    Published pages of `model` under `parent`, inserted in bulk: `rows` are
    the pages' own fields (title and slug among them). Treebeard's paths are
    computed here, as Wagtail's `add_child()` would, but without a save() per
    page, so neither the search index nor the facet index learns of them;
    for pages that only listings and counts read. Returns the new page ids.
    """
    parent.refresh_from_db()
    content_type = ContentType.objects.get_for_model(model)
    now = timezone.now()
    pages = [
        Page(
            title=row["title"],
            draft_title=row["title"],
            slug=row["slug"],
            content_type=content_type,
            path=Page._get_path(parent.path, parent.depth + 1, parent.numchild + position),
            depth=parent.depth + 1,
            numchild=0,
            url_path=f"{parent.url_path}{row['slug']}/",
            live=True,
            has_unpublished_changes=False,
            first_published_at=now,
            last_published_at=now,
            locale_id=parent.locale_id,
            translation_key=uuid.uuid4(),
        )
        for position, row in enumerate(rows, start=1)
    ]
    Page.objects.bulk_create(pages, batch_size=500)
    own_fields = list(model._meta.local_concrete_fields)
    specific = [
        model(page_ptr_id=page.pk, **{k: v for k, v in row.items() if k not in ("title", "slug")})
        for page, row in zip(pages, rows, strict=True)
    ]
    for start in range(0, len(specific), 500):
        model._base_manager._insert(specific[start : start + 500], fields=own_fields)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(rows))
    return [page.pk for page in pages]


def bulk_registry(site_tree, *, cities: int, projects_per_city: int) -> list[int]:
    """
    `cities` more published cities spread over the federal states, each with
    `projects_per_city` projects in two fields of action apiece, so that six
    projects fill every cell of the overview. In bulk (see `bulk_pages`): a
    registry of 200 cities takes seconds, not the minutes that factories
    would. Returns the new cities' ids.
    """
    states = itertools.cycle(FederalState.values)
    city_ids = bulk_pages(
        site_tree.city_index,
        CityPage,
        [
            {
                "title": f"Hansestadt {number:03d}",
                "slug": f"hansestadt-{number:03d}",
                "official_name": f"Hansestadt {number:03d}",
                "federal_state": next(states),
                "municipality_key": f"99{number:06d}",
                "latitude": "54.0",
                "longitude": "12.0",
            }
            for number in range(cities)
        ],
    )
    fields = list(FieldOfAction.objects.order_by("sort_order", "name"))
    statuses = itertools.cycle(ProjectStatus.values)
    through = ProjectPage.fields_of_action.through
    filed = []
    for city in CityPage.objects.filter(pk__in=city_ids):
        project_ids = bulk_pages(
            city,
            ProjectPage,
            [
                {
                    "title": f"Projekt {number} in {city.title}",
                    "slug": f"projekt-{number}",
                    "city_id": city.pk,
                    "summary": f"Ein Projekt in {city.title}.",
                    "status": next(statuses),
                }
                for number in range(projects_per_city)
            ],
        )
        for index, project_id in enumerate(project_ids):
            for field in (fields[(2 * index) % len(fields)], fields[(2 * index + 1) % len(fields)]):
                filed.append(through(projectpage_id=project_id, fieldofaction_id=field.pk))
    through.objects.bulk_create(filed, batch_size=2000)
    return city_ids
