"""
Keep what is derived from the page tree right when pages change.

The denormalised `city` of city-owned pages (projects, lessons) when pages
move: Wagtail's move action saves the moved page as a plain `Page`, so the
`CityOwnedPageMixin.save()` of the specific class never runs, and
descendants are not saved at all. Then `core.signals.page_subtree_moved`
tells the search (discovery) to re-record its facets for the same reason.
"""

from django.apps import apps
from django.dispatch import receiver

from wagtail.signals import post_page_move

from core.signals import page_subtree_moved

from .models import CityOwnedPageMixin


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
