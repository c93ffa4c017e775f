"""
Lessons learned (one project's experience) and wiki articles (guides that span
cities). Lessons sit under their project in the tree; articles in one shared
wiki section that every member city may edit.
"""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase

from core.blocks import BodyBlock
from core.content_language import content_language
from core.models import BasePage, SearchFacetsMixin, SummaryMixin
from core.pagination import paginate
from core.queries import each_once_in, published_pages
from core.search.related import PrefetchedFields
from core.serializers import (
    PageReferenceField,
    PublishedPagesField,
    SlugNameListField,
    TagNamesField,
)
from core.tag_order import tags_in_order
from core.translations import in_language
from registry.membership import city_of_revision_author
from registry.models import CityOwnedPageMixin, ProjectPage

from .choices import LessonKind, ProjectPhase


class LessonPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "knowledge.LessonPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class LessonPage(SearchFacetsMixin, CityOwnedPageMixin, SummaryMixin, BasePage):
    kind = models.CharField(
        _("Art der Erfahrung"),
        max_length=20,
        choices=LessonKind.choices,
        help_text=_("Erfolgsfaktor, Hindernis oder Empfehlung."),
    )
    phase = models.CharField(
        _("Projektphase"),
        max_length=20,
        choices=ProjectPhase.choices,
        help_text=_("In welcher Phase die Erfahrung gemacht wurde."),
    )
    body = StreamField(
        BodyBlock(),
        blank=True,
        verbose_name=_("Was geschah"),
        help_text=_("Die Erfahrung im Zusammenhang: Ausgangslage, was passierte, Ergebnis."),
    )
    do_differently = RichTextField(
        _("Was wir anders machen würden"),
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text=_("Der Rat an die nächste Stadt, die das Gleiche vorhat."),
    )
    tags = ClusterTaggableManager(
        through=LessonPageTag,
        blank=True,
        verbose_name=_("Schlagwörter"),
        help_text=_("Schlagwörter verbinden Projekte, Erfahrungen, Artikel und Meldungen."),
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("phase")]),
        FieldPanel("body"),
        FieldPanel("do_differently"),
        FieldPanel("tags"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.SearchField("do_differently"),
        index.FilterField("kind"),
        index.FilterField("phase"),
        index.FilterField("city"),
        PrefetchedFields("tags", [index.SearchField("name", boost=2)]),
        PrefetchedFields("city", [index.SearchField("title")], only=("title",)),
    ]
    # Read API (knowledge/api.py).
    api_fields = [
        APIField("summary"),
        APIField("city", serializer=PageReferenceField()),
        APIField("kind"),
        APIField("phase"),
        APIField("body"),
        APIField("do_differently"),
        APIField("tags", serializer=TagNamesField()),
    ]

    parent_page_types = ["registry.ProjectPage"]
    subpage_types = []
    template = "pages/lesson_page.html"

    class Meta:
        verbose_name = _("Erfahrung")
        verbose_name_plural = _("Erfahrungen")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["project"] = self.get_parent().specific
        context["tags_list"] = tags_in_order(self.tags.all())
        return context


class KnowledgeIndexPage(BasePage):
    intro = models.TextField(
        _("Einleitung"), blank=True, help_text=_("Text über der Liste der Artikel.")
    )

    content_panels = BasePage.content_panels + [FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["knowledge.ArticlePage"]
    # One shared wiki for all cities.
    max_count = 1
    template = "pages/knowledge_index_page.html"

    class Meta:
        verbose_name = _("Wissensbereich")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = (
            # Every article once, in the reader's language where translated (an
            # English index has only the translated ones as children).
            each_once_in(published_pages(ArticlePage), get_language())
            .prefetch_related("tags", "fields_of_action")
            .order_by("title")
        )
        context["articles"] = paginate(request, articles, per_page=20)
        return context


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "knowledge.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ArticlePage(SearchFacetsMixin, SummaryMixin, BasePage):
    """A wiki guide that spans cities, e.g. "Procuring a LoRaWAN network"."""

    body = StreamField(
        BodyBlock(),
        verbose_name=_("Inhalt"),
        help_text=_("Der Leitfaden, gegliedert mit Zwischenüberschriften."),
    )
    fields_of_action = ParentalManyToManyField(
        "registry.FieldOfAction",
        blank=True,
        related_name="articles",
        verbose_name=_("Handlungsfelder"),
        help_text=_("Handlungsfelder, zu denen der Artikel gehört."),
    )
    related_projects = ParentalManyToManyField(
        "registry.ProjectPage",
        blank=True,
        related_name="articles",
        verbose_name=_("Verwandte Projekte"),
        help_text=_("Projekte, aus denen der Artikel schöpft oder die ihn umsetzen."),
    )
    tags = ClusterTaggableManager(
        through=ArticlePageTag,
        blank=True,
        verbose_name=_("Schlagwörter"),
        help_text=_("Schlagwörter verbinden Projekte, Erfahrungen, Artikel und Meldungen."),
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("fields_of_action"),
                FieldPanel("related_projects"),
                FieldPanel("tags"),
            ],
            heading=_("Bezüge"),
        ),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        PrefetchedFields("tags", [index.SearchField("name", boost=2)]),
        PrefetchedFields("fields_of_action", [index.SearchField("name")], only=("name",)),
    ]
    # Read API (knowledge/api.py).
    api_fields = [
        APIField("summary"),
        APIField("body"),
        APIField("fields_of_action", serializer=SlugNameListField()),
        APIField("related_projects", serializer=PublishedPagesField()),
        APIField("tags", serializer=TagNamesField()),
    ]

    parent_page_types = ["knowledge.KnowledgeIndexPage"]
    subpage_types = []
    template = "pages/article_page.html"

    class Meta:
        verbose_name = _("Wissensartikel")
        verbose_name_plural = _("Wissensartikel")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # In this page's language where translated (core.translations.in_language).
        context["related_projects_list"] = in_language(
            published_pages(self.related_projects, by_title=True),
            content_language(self),
            versions=ProjectPage.objects.select_related("city"),
        )
        context["fields_of_action_list"] = self.fields_of_action.all()
        context["tags_list"] = tags_in_order(self.tags.all())
        # The wiki is shared: readers see which city's editors wrote the live version.
        context["last_changed_city"] = city_of_revision_author(self.live_revision_id)
        return context
