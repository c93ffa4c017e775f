"""
The names of a city's groups, collection and workflow follow a renamed city:
on publication, because the public title is the city's name and a draft may
still change.
"""

from django.dispatch import receiver

from wagtail.signals import page_published

from registry.models import CityPage

from .services import city_governance_rename


@receiver(page_published)
def city_governance_follows_rename(sender, instance, **kwargs):
    if isinstance(instance, CityPage):
        city_governance_rename(city=instance)
