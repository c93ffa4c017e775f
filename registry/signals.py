"""
Keep what is derived from the page tree right when pages change.

- The denormalised `city` of projects and lessons when pages move: Wagtail's
  move action saves the moved page as a plain `Page`, so the
  `CityOwnedPageMixin.save()` of the specific class never runs, and
  descendants are not saved at all. The search's facet index
  (home.facet_index) is re-recorded for the same reason.
- The names of a city's groups, collection and workflow when the city is
  renamed: on publication, because the public title is the city's name and a
  draft may still change.
"""

from django.dispatch import receiver

from wagtail.signals import page_published, post_page_move


@receiver(post_page_move)
def city_owned_pages_follow_move(sender, instance, **kwargs):
    from home.facet_index import record_subtree_facets
    from knowledge.models import LessonPage

    from .models import ProjectPage

    for model in (ProjectPage, LessonPage):
        pages = model.objects.filter(path__startswith=instance.path)
        for page in pages.only("pk", "path", "city"):
            city = page.find_owning_city()
            if page.city_id != (city.pk if city else None):
                model.objects.filter(pk=page.pk).update(city=city)
    # The search's facets (city, and visibility under a private section)
    # follow too; `update()` above bypasses the pages' own save().
    record_subtree_facets(path=instance.path)


@receiver(page_published)
def city_governance_follows_rename(sender, instance, **kwargs):
    from .governance import city_governance_rename
    from .models import CityPage

    if isinstance(instance, CityPage):
        city_governance_rename(city=instance)
