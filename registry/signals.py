"""
Keep what is derived from the page tree right when pages change: the city
of city-owned pages, and the stored lists of similar projects.

The denormalised `city` of city-owned pages (projects, lessons) when pages
move: Wagtail's move action saves the moved page as a plain `Page`, so the
`CityOwnedPageMixin.save()` of the specific class never runs, and
descendants are not saved at all. Then `core.signals.page_subtree_moved`
tells the search (discovery) to re-record its facets for the same reason.
"""

from django.apps import apps
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver

from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_unpublished, post_page_move

from core.signals import page_subtree_moved, searchable_page_saved

from .models import CityOwnedPageMixin, ProjectPage, SimilarProject
from .similar import similar_projects_refresh


def city_owned_models() -> list:
    """Every concrete page model that copies its city from the tree (projects, lessons)."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, CityOwnedPageMixin) and not model._meta.abstract
    ]


@receiver(post_page_move)
def city_owned_pages_follow_move(sender, instance, **kwargs):
    for model in city_owned_models():
        pages = model.objects.filter(path__startswith=instance.path)
        for page in pages.only("pk", "path", "city"):
            city = page.find_owning_city()
            if page.city_id != (city.pk if city else None):
                model.objects.filter(pk=page.pk).update(city=city)
    # The search's facets (city, and visibility under a private section)
    # follow too; `update()` above bypasses the pages' own save().
    page_subtree_moved.send(sender=type(instance), path=instance.path)


# --------------------------------------------------------------------------
# Similar projects (registry.similar): every change that can alter a list.
# --------------------------------------------------------------------------


def projects_below(path: str) -> list[int]:
    return list(ProjectPage.objects.filter(path__startswith=path).values_list("pk", flat=True))


@receiver(searchable_page_saved, sender=ProjectPage)
def similar_projects_after_save(sender, page, **kwargs):
    # Sent after modelcluster has written the tags and fields of action.
    similar_projects_refresh(changed=[page.pk])


@receiver(page_unpublished)
def similar_projects_after_unpublish(sender, instance, **kwargs):
    if isinstance(instance, ProjectPage):
        similar_projects_refresh(changed=[instance.pk])


@receiver(post_page_move)
def similar_projects_after_move(sender, instance, **kwargs):
    # A project moved to another city (or a city with its projects) is
    # similar to other projects now; the city was updated above.
    similar_projects_refresh(changed=projects_below(instance.path))


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def similar_projects_after_privacy_change(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).only("path").first()
    if page is not None:
        similar_projects_refresh(changed=projects_below(page.path))


@receiver(pre_delete, sender=ProjectPage)
def similar_projects_before_delete(sender, instance, **kwargs):
    instance.similar_lists_with_it = list(
        SimilarProject.objects.filter(similar=instance).values_list("project_id", flat=True)
    )


@receiver(post_delete, sender=ProjectPage)
def similar_projects_after_delete(sender, instance, **kwargs):
    lists = getattr(instance, "similar_lists_with_it", [])
    similar_projects_refresh(changed=[], lists=[pk for pk in lists if pk != instance.pk])
