"""
Factories for discovery: partner networks and the copies of their projects
and lessons, as `manage.py harvest_network` would have stored them (a copy's
address lies at its network, a lesson's below its project's).
"""

import datetime

from django.utils import timezone

import factory

from discovery.models import HarvestedLesson, HarvestedProject, PartnerNetwork
from knowledge.choices import LessonKind


class PartnerNetworkFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Smarte Städte {n}")
    base_url = factory.Sequence(lambda n: f"https://netz-{n}.example.org/")

    class Meta:
        model = PartnerNetwork


class HarvestedProjectFactory(factory.django.DjangoModelFactory):
    network = factory.SubFactory(PartnerNetworkFactory)
    source_id = factory.Sequence(lambda n: 1000 + n)
    source_url = factory.LazyAttribute(lambda o: f"{o.network.base_url}projekte/{o.source_id}/")
    title = factory.Sequence(lambda n: f"Rufbus {n}")
    city_name = "Potsdam"
    # Written at the partner long ago: possibly outdated unless reviewed since.
    first_published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=900))

    class Meta:
        model = HarvestedProject


class HarvestedLessonFactory(factory.django.DjangoModelFactory):
    project = factory.SubFactory(HarvestedProjectFactory)
    network = factory.SelfAttribute("project.network")
    source_id = factory.Sequence(lambda n: 5000 + n)
    source_url = factory.LazyAttribute(lambda o: f"{o.project.source_url}erfahrung-{o.source_id}/")
    title = factory.Sequence(lambda n: f"Früh informieren {n}")
    kind = LessonKind.SUCCESS_FACTOR
    project_title = factory.SelfAttribute("project.title")
    project_url = factory.SelfAttribute("project.source_url")

    class Meta:
        model = HarvestedLesson
