"""
Home page, standard pages, news and the shared page base.

Every page type of the project inherits from `BasePage`, so listings, meta
tags and search results can ask any page for the same things.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase

from .blocks import BodyBlock
from .facet_index import FACET_NEUTRAL_FIELDS, record_page_facets
from .queries import published_pages
from .serializers import PublishedPagesField, TagNamesField
from .tag_order import tags_in_order


class SummaryMixin(models.Model):
    """
    A short plain-text summary that listings, search results and meta
    descriptions fall back to, so editors write it once.
    """

    summary = models.TextField(
        _("Kurzbeschreibung"),
        max_length=400,
        help_text=_(
            "Ein bis drei Sätze, ohne Formatierung. Erscheint in Listen und "
            "Suchergebnissen (höchstens 400 Zeichen)."
        ),
    )

    panels = [FieldPanel("summary")]

    class Meta:
        abstract = True


class SearchFacetsMixin(models.Model):
    """
    Keeps the page's rows in the facet index (`home.facet_index`) in step.

    Runs after `Page.save()` has returned, i.e. after modelcluster has
    committed tags and fields of action, which a `post_save` handler would
    not yet see. Saves that only touch revision or tree bookkeeping
    (`update_fields` within FACET_NEUTRAL_FIELDS) cannot change a facet.
    """

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        result = super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        if update_fields is None or not FACET_NEUTRAL_FIELDS.issuperset(update_fields):
            record_page_facets(page=self)
        return result


class SearchFacet(models.Model):
    """
    One facet value of one searchable page, e.g. (page 42, "city", "7").

    A copy of the page's own columns and relations in one narrow table, so
    that the search counts every facet of thousands of results in one query
    (see `home.facet_index`, which writes it, and `home.search`, which reads
    it).
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


class BasePage(Page):
    """Abstract base of every page type here: one place for listing and meta fallbacks."""

    show_in_menus_default = False

    class Meta:
        abstract = True

    def get_listing_summary(self):
        for attribute in ("summary", "teaser", "intro"):
            value = getattr(self, attribute, "")
            if value:
                return value
        return self.search_description

    def get_meta_description(self):
        return self.search_description or self.get_listing_summary()


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
        from knowledge.models import ArticlePage, KnowledgeIndexPage
        from registry.models import CityIndexPage, CityPage, ProjectPage

        from .charts import city_map, projects_by_field_of_action, projects_by_status

        context = super().get_context(request, *args, **kwargs)
        # A list, so the map and the city list share one query.
        context["cities"] = list(CityPage.objects.live().public().order_by("title"))
        context["city_map"] = city_map(context["cities"])
        context["chart_fields"] = projects_by_field_of_action()
        context["chart_status"] = projects_by_status()
        context["latest_projects"] = (
            ProjectPage.objects.live()
            .public()
            .select_related("city")
            .order_by("-last_published_at")[:6]
        )
        context["latest_news"] = NewsPage.objects.live().public().order_by("-date")[:3]
        context["latest_articles"] = (
            ArticlePage.objects.live().public().order_by("-last_published_at")[:3]
        )
        context["news_index"] = NewsIndexPage.objects.live().first()
        context["knowledge_index"] = KnowledgeIndexPage.objects.live().first()
        context["city_index"] = CityIndexPage.objects.live().first()
        return context


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
        from .pagination import paginate

        context = super().get_context(request, *args, **kwargs)
        news = (
            NewsPage.objects.live()
            .public()
            .child_of(self)
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
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]
    # Read API (config/api.py).
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

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["related_cities_list"] = published_pages(self.related_cities)
        context["related_projects_list"] = published_pages(self.related_projects)
        context["tags_list"] = tags_in_order(self.tags.all())
        return context
