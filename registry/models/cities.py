"""
Member cities: the one city index and the city pages below it, plus the
mixin that tells every page further down which city it belongs to.

Projects, contacts and transfers all point at a city, so this module imports
none of them at load time; the city pages import them inside `get_context`.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.search import index

from wagtail_localize.fields import SynchronizedField

from core.models import BasePage
from core.queries import each_once_in, for_listing, in_source_language, published_pages
from core.share_meta import image_url

from ..charts import city_map, projects_by_field_of_action, projects_by_status
from ..choices import FederalState, MembershipStatus
from ..forms import CityPageForm
from ..json_ld import city_json_ld
from ..serializers import CityContactsField
from ..validators import validate_municipality_key


class CityIndexPage(BasePage):
    intro = models.TextField(
        _("Einleitung"), blank=True, help_text=_("Text über der Liste der Städte.")
    )

    content_panels = BasePage.content_panels + [FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["registry.CityPage"]
    # One list of cities, so every city's URL is /staedte/<city>/.
    max_count = 1
    template = "pages/city_index_page.html"

    class Meta:
        verbose_name = _("Städteübersicht")

    def get_context(self, request, *args, **kwargs):
        from .projects import ProjectPage

        context = super().get_context(request, *args, **kwargs)
        # Each project once (its German page), counted for the city in
        # whichever language the city is listed; each city once, in the
        # reader's language where translated (core.queries.each_once_in).
        live_projects = (
            in_source_language(published_pages(ProjectPage))
            .filter(city__translation_key=models.OuterRef("translation_key"))
            .order_by()
            .values("city__translation_key")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        context["cities"] = (
            each_once_in(published_pages(CityPage), get_language())
            .select_related("coat_of_arms")
            .prefetch_related("coat_of_arms__renditions")
            .annotate(
                project_count=Coalesce(
                    models.Subquery(live_projects, output_field=models.IntegerField()),
                    models.Value(0),
                )
            )
            .order_by("title")
        )
        context["cities"] = list(context["cities"])
        context["city_map"] = city_map(context["cities"])
        return context


class CityPage(BasePage):
    official_name = models.CharField(
        _("Amtlicher Name"),
        max_length=150,
        help_text=_("Der amtliche Name, z. B. „Hanse- und Universitätsstadt Rostock“."),
    )
    federal_state = models.CharField(
        _("Bundesland"),
        max_length=2,
        choices=FederalState.choices,
        help_text=_("Das Bundesland, in dem die Kommune liegt."),
    )
    district = models.CharField(
        _("Kreis"),
        max_length=120,
        blank=True,
        help_text=_("Landkreis, oder „kreisfreie Stadt“."),
    )
    municipality_key = models.CharField(
        _("Amtlicher Gemeindeschlüssel"),
        max_length=8,
        # One city, one key: its translations share it (`clean`), so the
        # column is indexed rather than unique.
        db_index=True,
        validators=[validate_municipality_key],
        help_text=_("8 Ziffern laut Statistischem Bundesamt, z. B. 01003000 für Lübeck."),
    )
    population = models.PositiveIntegerField(
        _("Einwohnerzahl"),
        null=True,
        blank=True,
        help_text=_("Einwohnerzahl laut amtlicher Statistik."),
    )
    population_date = models.DateField(
        _("Stand der Einwohnerzahl"),
        null=True,
        blank=True,
        help_text=_("Stichtag der Einwohnerzahl, z. B. 31.12.2022."),
    )
    latitude = models.DecimalField(
        _("Breitengrad"),
        max_digits=8,
        decimal_places=5,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("Geografische Breite des Stadtzentrums, z. B. 53.86970."),
    )
    longitude = models.DecimalField(
        _("Längengrad"),
        max_digits=8,
        decimal_places=5,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text=_("Geografische Länge des Stadtzentrums, z. B. 10.68640."),
    )
    website = models.URLField(
        _("Website"), blank=True, help_text=_("Offizielle Website der Kommune.")
    )
    member_since = models.DateField(
        _("Mitglied seit"),
        null=True,
        blank=True,
        help_text=_("Datum des Beitritts zum Verbund."),
    )
    membership_status = models.CharField(
        _("Status im Verbund"),
        max_length=20,
        choices=MembershipStatus.choices,
        default=MembershipStatus.MEMBER,
        help_text=_("Mitglied, Gast oder interessierte Kommune."),
    )
    portrait = RichTextField(
        _("Kurzporträt"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Wenige Absätze: Was die Stadt ausmacht und woran sie digital arbeitet."),
    )
    coat_of_arms = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Wappen oder Logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Wappen oder Logo der Stadt, nur mit Nutzungsrecht."),
    )

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("official_name"),
                FieldRowPanel([FieldPanel("federal_state"), FieldPanel("district")]),
                FieldPanel("municipality_key"),
                FieldRowPanel([FieldPanel("population"), FieldPanel("population_date")]),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                FieldPanel("website"),
            ],
            heading=_("Amtliche Angaben"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("membership_status"), FieldPanel("member_since")]),
            ],
            heading=_("Verbund"),
        ),
        FieldPanel("portrait"),
        FieldPanel("coat_of_arms"),
        # Fields of CityPageForm, shown on the creation form only.
        MultiFieldPanel(
            [FieldPanel("approver"), FieldPanel("approver_email")],
            heading=_("Freigabe-Konto"),
        ),
    ]
    base_form_class = CityPageForm
    search_fields = BasePage.search_fields + [
        index.SearchField("official_name"),
        index.SearchField("portrait"),
        index.AutocompleteField("official_name"),
        index.FilterField("federal_state"),
        index.FilterField("membership_status"),
    ]
    # Read API (config/api.py); contacts only as their visibility allows.
    api_fields = [
        APIField("official_name"),
        APIField("federal_state"),
        APIField("district"),
        APIField("municipality_key"),
        APIField("population"),
        APIField("population_date"),
        APIField("latitude"),
        APIField("longitude"),
        APIField("website"),
        APIField("member_since"),
        APIField("membership_status"),
        APIField("portrait"),
        APIField("contacts", serializer=CityContactsField()),
    ]

    # wagtail-localize: the key names the municipality, in every language.
    override_translatable_fields = [SynchronizedField("municipality_key", overridable=False)]

    parent_page_types = ["registry.CityIndexPage"]
    subpage_types = ["registry.ProjectPage"]
    template = "pages/city_page.html"

    class Meta:
        verbose_name = _("Stadt")
        verbose_name_plural = _("Städte")

    def clean(self):
        super().clean()
        key = self.municipality_key or ""
        self.municipality_key_check_unique()
        if len(key) == 8 and key.isdigit() and self.federal_state and key[:2] != self.federal_state:
            raise ValidationError(
                {
                    "municipality_key": _(
                        "Der Gemeindeschlüssel %(key)s gehört zu %(key_state)s, die Stadt "
                        "liegt laut Angabe aber in %(state)s. Die ersten beiden Ziffern "
                        "bezeichnen das Bundesland."
                    )
                    % {
                        "key": key,
                        "key_state": FederalState(key[:2]).label
                        if key[:2] in FederalState.values
                        else key[:2],
                        "state": self.get_federal_state_display(),
                    }
                }
            )

    def municipality_key_check_unique(self):
        """
        A key belongs to one city: its page in German and that page's
        translations (one translation key, one page per locale), never to a
        second city in any language.
        """
        if not self.municipality_key:
            return
        taken = (
            CityPage.objects.filter(municipality_key=self.municipality_key)
            .exclude(translation_key=self.translation_key)
            .exclude(pk=self.pk)
            .order_by("pk")
            .first()
        )
        if taken is not None:
            raise ValidationError(
                {
                    "municipality_key": _(
                        "Der Gemeindeschlüssel %(key)s gehört schon zu „%(city)s“. Jede "
                        "Kommune ist nur einmal im Verbund."
                    )
                    % {"key": self.municipality_key, "city": taken.title}
                }
            )

    def get_og_properties(self, *, request) -> dict:
        return {"og:image": image_url(request, self.coat_of_arms)}

    def get_json_ld(self, *, request, url, description, og, tags=None) -> dict:
        return city_json_ld(page=self, url=url, description=description)

    def get_context(self, request, *args, **kwargs):
        from .contacts import Contact
        from .projects import ProjectPage, attach_field_names
        from .reuse import city_transfer_counts

        context = super().get_context(request, *args, **kwargs)
        # The city's projects each once, in the reader's language where
        # translated: found through the German city (its translations share
        # its translation key), as an English city lists the projects not
        # translated yet too.
        language = get_language()
        own_projects = published_pages(ProjectPage).filter(
            city__translation_key=self.translation_key
        )
        context["projects"] = list(
            for_listing(each_once_in(own_projects, language), *ProjectPage.card_columns).order_by(
                "title"
            )
        )
        attach_field_names(context["projects"])
        partner_projects = published_pages(ProjectPage).filter(
            partner_cities__translation_key=self.translation_key
        )
        context["partner_projects"] = (
            for_listing(each_once_in(partner_projects, language), *ProjectPage.card_columns)
            .select_related("city")
            .order_by("title")
        )
        context["contacts"] = (
            Contact.objects.visible_to(request.user).filter(city=self).order_by("name")
        )
        # Transfers are counted between the German projects: the list serves
        # only where it is German.
        own = context["projects"] if language == settings.LANGUAGE_CODE else None
        context.update(city_transfer_counts(city=self, projects=own))
        context["chart_fields"] = projects_by_field_of_action(city=self)
        context["chart_status"] = projects_by_status(city=self)
        return context


class CityOwnedPageMixin(models.Model):
    """
    The city a page belongs to, copied from its place in the tree on save.

    Derivable from the path, but kept as a column so that search facets, API
    filters and permission checks can filter and count by city in one query.
    """

    city = models.ForeignKey(
        CityPage,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Stadt"),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.city = self.find_owning_city()
        return super().save(*args, **kwargs)

    def find_owning_city(self):
        if not self.path:
            return None
        prefix_length = CityPage.steplen * 4  # depth of a city: root, home, city index, city
        return CityPage.objects.filter(path=self.path[:prefix_length]).first()
