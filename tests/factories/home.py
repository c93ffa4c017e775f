"""Factories for home's pages: the site root, standard pages and news."""

import datetime

import factory
import wagtail_factories

from home.models import HomePage, NewsIndexPage, NewsPage, StandardPage

from .core import TaggedPageFactory, paragraph


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
