"""
Keep the denormalised `city` of projects and lessons right when pages move.

Wagtail's move action saves the moved page as a plain `Page`, so the
`CityOwnedPageMixin.save()` of the specific class never runs, and descendants
are not saved at all.
"""

from django.dispatch import receiver

from wagtail.signals import post_page_move


@receiver(post_page_move)
def city_owned_pages_follow_move(sender, instance, **kwargs):
    from knowledge.models import LessonPage

    from .models import ProjectPage

    for model in (ProjectPage, LessonPage):
        pages = model.objects.filter(path__startswith=instance.path)
        for page in pages.only("pk", "path", "city"):
            city = page.find_owning_city()
            if page.city_id != (city.pk if city else None):
                model.objects.filter(pk=page.pk).update(city=city)
