"""
The names of a city's groups, collection and workflow follow a renamed city:
on publication, because the public title is the city's name and a draft may
still change. A page copied into another locale (a translation started in
wagtail-localize, or the alias of a parent it needed) gets the rights and
the workflow of its source at once.
"""

from django.dispatch import receiver

from wagtail.models import Page
from wagtail.signals import copy_for_translation_done, page_published

from registry.models import CityPage

from .services import city_governance_rename, page_translation_governance_copy


@receiver(page_published)
def city_governance_follows_rename(sender, instance, **kwargs):
    if isinstance(instance, CityPage):
        city_governance_rename(city=instance)


@receiver(copy_for_translation_done)
def translation_governed_like_its_source(sender, source_obj, target_obj, **kwargs):
    if isinstance(target_obj, Page):
        page_translation_governance_copy(source=source_obj, translation=target_obj)
