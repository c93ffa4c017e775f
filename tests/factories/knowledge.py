"""Factories for knowledge: lessons learned and the wiki."""

import factory
import wagtail_factories

from knowledge.choices import LessonKind, ProjectPhase
from knowledge.models import ArticlePage, KnowledgeIndexPage, LessonPage

from .core import TaggedPageFactory, paragraph


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
