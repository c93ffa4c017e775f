"""
Home page, standard pages and news. Their base (`core.models.BasePage`) is
shared by every page type of the project.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.search import index

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase

from core.aggregates import cached_aggregate
from core.blocks import BodyBlock
from core.content_language import content_language
from core.models import BasePage, SearchFacetsMixin
from core.pagination import paginate
from core.queries import each_once_in, in_source_language, published_pages
from core.search.related import PrefetchedFields
from core.serializers import PublishedPagesField, TagNamesField
from core.share_meta import image_url, publisher, without_empty
from core.tag_order import tag_names_in_order, tags_in_order
from core.translations import in_language
from knowledge.models import ArticlePage, KnowledgeIndexPage
from registry.charts import city_map, projects_by_field_of_action, projects_by_status
from registry.models import CityIndexPage
from registry.queries import cities_by_federal_state, latest_projects


class SearchFacet(models.Model):
    """
    One facet value of one searchable page, e.g. (page 42, "city", "7").

    A copy of the page's own columns and relations in one narrow table, so
    that the search counts every facet of thousands of results in one query
    (see `discovery.facet_index`, which writes it, and `discovery.search`,
    which reads it). The table stays in `home`, where its migrations are.
    """

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    facet = models.CharField(max_length=10)
    value = models.CharField(max_length=100)

    class Meta:
        constraints = [
            # Also the index for "all rows of these pages".
            models.UniqueConstraint(fields=["page", "facet", "value"], name="search_facet_unique")
        ]
        indexes = [
            # "Pages with this value" for filters, answered from the index alone.
            models.Index(fields=["facet", "value", "page"], name="search_facet_value")
        ]

    def __str__(self):
        return f"{self.page_id} {self.facet}={self.value}"


class HomePage(BasePage):
    intro = models.TextField(
        _("Einleitung"),
        blank=True,
        help_text=_("Kurzer Einleitungstext unter der Hauptüberschrift der Startseite."),
    )
    body = StreamField(
        BodyBlock(),
        blank=True,
        verbose_name=_("Inhalt"),
        help_text=_("Weitere Inhalte der Startseite."),
    )

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    # The site root: exactly one, directly under Wagtail's root page.
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.StandardPage",
        "home.NewsIndexPage",
        "registry.CityIndexPage",
        "knowledge.KnowledgeIndexPage",
    ]
    max_count = 1
    template = "pages/home_page.html"

    class Meta:
        verbose_name = _("Startseite")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The same for every reader: computed once per change of the content.
        context.update(cached_aggregate("home:listings", home_listings))
        return context


def home_listings() -> dict:
    """
    What the home page lists and counts. The cities are named (and placed on
    the map) only while there are few; a larger registry shows them per
    federal state and leaves the names to the city index. Every project,
    news item and article once: in the reader's language where it is
    translated, else in German (core.queries.each_once_in).
    """
    language = get_language()
    cities = cities_by_federal_state(language=language)
    # The sections, in the reader's language where translated.
    news_index, knowledge_index, city_index = in_language(
        [
            in_source_language(model.objects.live()).first()
            for model in (NewsIndexPage, KnowledgeIndexPage, CityIndexPage)
        ],
        language,
    )
    return {
        "cities": cities,
        "city_map": city_map(cities.cities) if cities.named else None,
        "chart_fields": projects_by_field_of_action(),
        "chart_status": projects_by_status(),
        "latest_projects": latest_projects(limit=6, language=language),
        "latest_news": list(
            each_once_in(published_pages(NewsPage), language).order_by("-date", "-pk")[:3]
        ),
        # By page type, so the index of migration registry.0007 serves it.
        "latest_articles": list(
            each_once_in(published_pages(ArticlePage), language)
            .filter(content_type=ContentType.objects.get_for_model(ArticlePage))
            .order_by("-last_published_at", "-pk")[:3]
        ),
        "news_index": news_index,
        "knowledge_index": knowledge_index,
        "city_index": city_index,
    }


class StandardPage(BasePage):
    """About the alliance, imprint, privacy and accessibility statement."""

    intro = models.TextField(
        _("Einleitung"),
        blank=True,
        help_text=_("Optionaler Einleitungstext unter der Überschrift."),
    )
    body = StreamField(
        BodyBlock(), blank=True, verbose_name=_("Inhalt"), help_text=_("Der Text der Seite.")
    )

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]
    template = "pages/standard_page.html"

    class Meta:
        verbose_name = _("Standardseite")
        verbose_name_plural = _("Standardseiten")


class NewsIndexPage(BasePage):
    intro = models.TextField(
        _("Einleitung"), blank=True, help_text=_("Text über der Liste der Meldungen.")
    )

    content_panels = BasePage.content_panels + [FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.NewsPage"]
    # One news section, so feeds and the home page know where news live.
    max_count = 1
    template = "pages/news_index_page.html"

    class Meta:
        verbose_name = _("Nachrichtenübersicht")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        news = (
            # Every news item once, in the reader's language where translated.
            each_once_in(published_pages(NewsPage), get_language())
            .prefetch_related("tags")  # the cards show tags, not images or cities
            .order_by("-date", "-pk")
        )
        context["news"] = paginate(request, news, per_page=12)
        return context


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "home.NewsPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class NewsPage(SearchFacetsMixin, BasePage):
    date = models.DateField(_("Datum"), help_text=_("Datum der Meldung."))
    teaser = models.TextField(
        _("Anreißer"),
        max_length=400,
        help_text=_("Ein bis zwei Sätze für Listen, Feeds und Suchergebnisse."),
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Bild"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Aufmacherbild der Meldung (optional)."),
    )
    image_alt = models.CharField(
        _("Alternativtext des Bildes"),
        max_length=250,
        blank=True,
        help_text=_("Beschreibt das Bild für Menschen, die es nicht sehen."),
    )
    image_credit = models.CharField(
        _("Bildnachweis"),
        max_length=120,
        blank=True,
        help_text=_("Urheber bzw. Quelle des Bildes, z. B. „Foto: Hansestadt Rostock“."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("Inhalt"), help_text=_("Text der Meldung."))
    related_cities = ParentalManyToManyField(
        "registry.CityPage",
        blank=True,
        related_name="news_pages",
        verbose_name=_("Betroffene Städte"),
        help_text=_("Städte, um die es in der Meldung geht."),
    )
    related_projects = ParentalManyToManyField(
        "registry.ProjectPage",
        blank=True,
        related_name="news_pages",
        verbose_name=_("Betroffene Projekte"),
        help_text=_("Projekte, um die es in der Meldung geht."),
    )
    tags = ClusterTaggableManager(
        through=NewsPageTag,
        blank=True,
        verbose_name=_("Schlagwörter"),
        help_text=_("Schlagwörter verbinden Projekte, Erfahrungen, Artikel und Meldungen."),
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("date"),
        FieldPanel("teaser"),
        MultiFieldPanel(
            [FieldPanel("image"), FieldPanel("image_alt"), FieldPanel("image_credit")],
            heading=_("Bild"),
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("related_cities"), FieldPanel("related_projects"), FieldPanel("tags")],
            heading=_("Bezüge"),
        ),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("teaser"),
        index.SearchField("body"),
        index.FilterField("date"),
        PrefetchedFields("tags", [index.SearchField("name")]),
    ]
    # Read API (home/api.py).
    api_fields = [
        APIField("date"),
        APIField("teaser"),
        APIField("body"),
        APIField("image_alt"),
        APIField("image_credit"),
        APIField("related_cities", serializer=PublishedPagesField()),
        APIField("related_projects", serializer=PublishedPagesField()),
        APIField("tags", serializer=TagNamesField()),
    ]

    parent_page_types = ["home.NewsIndexPage"]
    subpage_types = []
    template = "pages/news_page.html"

    class Meta:
        verbose_name = _("Nachricht")
        verbose_name_plural = _("Nachrichten")

    def get_og_properties(self, *, request) -> dict:
        og = {
            "og:type": "article",
            "article:published_time": self.date.isoformat(),
            "og:image": image_url(request, self.image),
        }
        if self.image and self.image_alt:
            og["og:image:alt"] = self.image_alt
        return og

    def get_json_ld(self, *, request, url, description, og, tags=None) -> dict:
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": self.title[:110],
            "description": description,
            "url": url,
            "mainEntityOfPage": url,
            "inLanguage": "de",
            "datePublished": self.date.isoformat(),
            "publisher": publisher(),
            "author": publisher(),
            "keywords": ", ".join(tag_names_in_order(self.tags)),
        }
        if self.last_published_at:
            data["dateModified"] = self.last_published_at.isoformat()
        if og.get("og:image"):
            data["image"] = [og["og:image"]]
        return without_empty(data)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # In this page's language where translated (core.translations.in_language).
        language = content_language(self)
        context["related_cities_list"] = in_language(
            published_pages(self.related_cities, by_title=True), language
        )
        context["related_projects_list"] = in_language(
            published_pages(self.related_projects, by_title=True), language
        )
        context["tags_list"] = tags_in_order(self.tags.all())
        return context
