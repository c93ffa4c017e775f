"""
Factories for every page type and snippet, built with wagtail-factories.

Pages are created live (published) unless a test passes `live=False`. Tags are
given as a list of names: `ProjectPageFactory(parent=city, tags=["LoRaWAN"])`.
See https://github.com/wagtail/wagtail-factories
"""

import datetime

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from home.models import HomePage, NewsIndexPage, NewsPage, StandardPage
from knowledge.choices import LessonKind, ProjectPhase
from knowledge.models import ArticlePage, KnowledgeIndexPage, LessonPage
from registry.choices import ContactVisibility, FederalState, ProjectStatus
from registry.models import (
    CityIndexPage,
    CityPage,
    Contact,
    FieldOfAction,
    ProjectContact,
    ProjectPage,
    Transfer,
)


def paragraph(text):
    """A BodyBlock stream with one paragraph, as raw StreamField data."""
    return [{"type": "paragraph", "value": f"<p>{text}</p>"}]


class TaggedPageFactory(wagtail_factories.PageFactory):
    """Adds `tags=[...]` after the page exists; ClusterTaggableManager needs a saved page."""

    class Meta:
        abstract = True

    @factory.post_generation
    def tags(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.tags.add(*extracted)
            obj.save()


def home_page():
    """The site root; created by home's data migration, never by a factory."""
    return HomePage.objects.get()


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Über uns {n}")
    intro = "Vier Hansestädte teilen, was sie digital gelernt haben."

    class Meta:
        model = StandardPage


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    title = "Nachrichten"
    slug = "nachrichten"
    intro = "Neuigkeiten aus dem Verbund."

    class Meta:
        model = NewsIndexPage


class NewsPageFactory(TaggedPageFactory):
    title = factory.Sequence(lambda n: f"Meldung {n}")
    date = datetime.date(2024, 5, 14)
    teaser = "Rostock schaltet das LoRaWAN-Netz für alle Stadtteile frei."
    body = factory.LazyFunction(lambda: paragraph("Der Volltext der Meldung."))

    class Meta:
        model = NewsPage
        skip_postgeneration_save = True


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


class LessonPageFactory(TaggedPageFactory):
    title = factory.Sequence(lambda n: f"Früh mit dem Datenschutz reden {n}")
    summary = "Die Datenschutzbeauftragte gehört in die erste Projektsitzung."
    kind = LessonKind.SUCCESS_FACTOR
    phase = ProjectPhase.PLANNING
    body = factory.LazyFunction(lambda: paragraph("Was geschah."))
    do_differently = "<p>Früher anfangen.</p>"

    class Meta:
        model = LessonPage
        skip_postgeneration_save = True


class KnowledgeIndexPageFactory(wagtail_factories.PageFactory):
    title = "Wissen"
    slug = "wissen"
    intro = "Leitfäden, die über eine Stadt hinaus gelten."

    class Meta:
        model = KnowledgeIndexPage


class ArticlePageFactory(TaggedPageFactory):
    title = factory.Sequence(lambda n: f"Ein LoRaWAN-Netz ausschreiben {n}")
    summary = "Was in die Leistungsbeschreibung gehört."
    body = factory.LazyFunction(lambda: paragraph("Der Leitfaden."))

    class Meta:
        model = ArticlePage
        skip_postgeneration_save = True


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
