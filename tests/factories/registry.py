"""Factories for the registry: cities, projects and their contacts."""

import datetime

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from registry.choices import ContactVisibility, FederalState, ProjectStatus
from registry.models import CityIndexPage, CityPage, Contact, ProjectContact, ProjectPage

from .core import TaggedPageFactory, paragraph


class CityIndexPageFactory(wagtail_factories.PageFactory):
    title = "Städte"
    slug = "staedte"
    intro = "Die Hansestädte im Verbund."

    class Meta:
        model = CityIndexPage


class CityPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Hansestadt {n}")
    official_name = factory.LazyAttribute(lambda page: f"Hanse- und Universitätsstadt {page.title}")
    federal_state = FederalState.MECKLENBURG_VORPOMMERN
    district = "kreisfreie Stadt"
    # Made-up keys inside Mecklenburg-Vorpommern (13…), unique per city.
    municipality_key = factory.Sequence(lambda n: f"13{n:06d}")
    population = 209_920
    latitude = "54.08870"
    longitude = "12.14049"
    website = "https://rathaus.example.org/"

    class Meta:
        model = CityPage


class ContactFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Kontakt {n}")
    role = "Projektleitung"
    organisation = "Amt für Digitalisierung"
    email = factory.Sequence(lambda n: f"kontakt{n}@stadt.example.org")
    phone = factory.Sequence(lambda n: f"+49 381 381-{n:04d}")
    visibility = ContactVisibility.PUBLIC

    class Meta:
        model = Contact


class ProjectPageFactory(TaggedPageFactory):
    title = factory.Sequence(lambda n: f"Smarte Parkplätze {n}")
    summary = "Sensoren zeigen freie Parkplätze in der Altstadt."
    body = factory.LazyFunction(lambda: paragraph("Ausgangslage, Lösung, Ergebnisse."))
    status = ProjectStatus.OPERATION
    start_date = datetime.date(2021, 3, 1)
    end_date = datetime.date(2023, 12, 31)
    investment_eur = 250_000
    funding_source = "Modellprojekte Smart Cities (Bund)"
    reusable_software = True
    repository_url = "https://opencode.example.org/parken"
    licence = "EUPL-1.2"

    class Meta:
        model = ProjectPage
        skip_postgeneration_save = True

    @factory.post_generation
    def contacts(obj, create, extracted, **kwargs):
        """`contacts=[contact, …]` links existing contacts in this order."""
        if create and extracted:
            for position, contact in enumerate(extracted):
                ProjectContact.objects.create(
                    project=obj,
                    contact=contact,
                    sort_order=position,
                    role_in_project="Ansprechperson",
                )


def city_create_form(**overrides):
    """
    The admin's city creation form (Stralsund), published, with its approver.
    An override of None leaves the field out.
    """
    data = {
        "title": "Stralsund",
        "slug": "stralsund",
        "official_name": "Hansestadt Stralsund",
        "federal_state": "13",
        "district": "Vorpommern-Rügen",
        "municipality_key": "13073088",
        "population": "59421",
        "latitude": "54.30911",
        "longitude": "13.08180",
        "website": "https://www.stralsund.de/",
        "membership_status": "member",
        "portrait": rich_text("<p>Welterbe und Werftstadt.</p>"),
        "comments": inline_formset([]),
        "approver": "freigabe-stralsund",
        "approver_email": "freigabe@stralsund.example",
        "action-publish": "action-publish",
    }
    data.update(overrides)
    return nested_form_data({key: value for key, value in data.items() if value is not None})
