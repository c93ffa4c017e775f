"""
The registry: member cities, their digital projects, contacts and the curated
vocabulary of fields of action.

Tree: HomePage → CityIndexPage → CityPage → ProjectPage → LessonPage
(the lesson lives in `knowledge`).
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase

from home.blocks import BodyBlock
from home.models import BasePage, SearchFacetsMixin, SummaryMixin
from home.queries import published_pages
from home.serializers import (
    ChoiceLabelField,
    PageReferenceField,
    PublishedPagesField,
    SlugNameListField,
    TagNamesField,
)

from .choices import (
    AdaptationEffort,
    ContactVisibility,
    FederalState,
    MembershipStatus,
    ProjectStatus,
    Reusability,
)
from .forms import ProjectPageForm
from .serializers import CityContactsField, ProjectContactsField, ReusedInField, TransfersField
from .validators import (
    normalise_spdx_expression,
    validate_municipality_key,
    validate_spdx_expression,
)


class FieldOfAction(index.Indexed, models.Model):
    """
    Handlungsfeld: the curated vocabulary every project is filed under, so that
    "mobility" means the same in every city. Free-form labels are tags instead.
    """

    name = models.CharField(
        _("Name"),
        max_length=80,
        unique=True,
        help_text=_("Bezeichnung des Handlungsfelds, z. B. „Mobilität“."),
    )
    slug = models.SlugField(
        _("Kürzel"),
        max_length=80,
        unique=True,
        help_text=_("Kurzform für Adressen und Filter, z. B. „mobilitaet“."),
    )
    description = models.TextField(
        _("Beschreibung"), blank=True, help_text=_("Was zu diesem Handlungsfeld gehört.")
    )
    sort_order = models.PositiveSmallIntegerField(
        _("Reihenfolge"), default=0, help_text=_("Kleinere Zahlen stehen weiter vorn.")
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]
    api_fields = [APIField("name"), APIField("slug"), APIField("description")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("Handlungsfeld")
        verbose_name_plural = _("Handlungsfelder")

    def __str__(self):
        return self.name


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
        context = super().get_context(request, *args, **kwargs)
        live_projects = (
            ProjectPage.objects.live()
            .public()
            .filter(city=models.OuterRef("pk"))
            .order_by()
            .values("city")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        context["cities"] = (
            CityPage.objects.child_of(self)
            .live()
            .public()
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
        from home.charts import city_map

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
        unique=True,
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
    ]
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

    parent_page_types = ["registry.CityIndexPage"]
    subpage_types = ["registry.ProjectPage"]
    template = "pages/city_page.html"

    class Meta:
        verbose_name = _("Stadt")
        verbose_name_plural = _("Städte")

    def clean(self):
        super().clean()
        key = self.municipality_key or ""
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

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["projects"] = (
            ProjectPage.objects.child_of(self)
            .live()
            .public()
            .prefetch_related("fields_of_action")
            .order_by("title")
        )
        context["partner_projects"] = (
            ProjectPage.objects.live()
            .public()
            .filter(partner_cities=self)
            .select_related("city")
            .order_by("title")
        )
        context["contacts"] = (
            Contact.objects.visible_to(request.user).filter(city=self).order_by("name")
        )
        context.update(city_transfer_counts(city=self))
        from home.charts import projects_by_field_of_action, projects_by_status

        context["chart_fields"] = projects_by_field_of_action(city=self)
        context["chart_status"] = projects_by_status(city=self)
        return context


class ContactQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Partners-only contacts never reach an anonymous reader."""
        if user is not None and user.is_authenticated:
            return self
        return self.filter(visibility=ContactVisibility.PUBLIC)


class Contact(index.Indexed, models.Model):
    """
    A person or a function (a functional mailbox such as "Smart City office" is
    a valid contact and outlives staff changes). Snippet, so one contact can
    serve several projects.
    """

    name = models.CharField(
        _("Name oder Funktion"),
        max_length=150,
        help_text=_("Name einer Person oder eine Funktion, z. B. „Smart-City-Büro“."),
    )
    is_function = models.BooleanField(
        _("Funktionspostfach"),
        default=False,
        help_text=_("Ankreuzen, wenn der Kontakt eine Funktion statt einer Person ist."),
    )
    role = models.CharField(
        _("Funktion / Rolle"),
        max_length=150,
        blank=True,
        help_text=_("z. B. „Projektleitung Smart City“."),
    )
    organisation = models.CharField(
        _("Organisation"),
        max_length=200,
        blank=True,
        help_text=_("Amt, Fachbereich oder Stadtwerk, z. B. „Amt für Digitalisierung“."),
    )
    city = models.ForeignKey(
        CityPage,
        verbose_name=_("Stadt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contacts",
        help_text=_("Die Stadt, für die der Kontakt spricht."),
    )
    email = models.EmailField(
        _("E-Mail"),
        blank=True,
        help_text=_("Dienstliche Adresse; bevorzugt ein Funktionspostfach."),
    )
    phone = models.CharField(
        _("Telefon"),
        max_length=40,
        blank=True,
        help_text=_("Dienstliche Rufnummer, z. B. +49 451 122-0."),
    )
    visibility = models.CharField(
        _("Sichtbarkeit"),
        max_length=20,
        choices=ContactVisibility.choices,
        default=ContactVisibility.PARTNERS,
        help_text=_(
            "„Öffentlich“ zeigt Name, E-Mail und Telefon allen Besuchern. "
            "„Nur angemeldete Partner“ zeigt den Kontakt nur angemeldeten Nutzern."
        ),
    )
    last_confirmed = models.DateField(
        _("Zuletzt bestätigt"),
        null=True,
        blank=True,
        help_text=_("Wann die Angaben zuletzt geprüft wurden."),
    )

    objects = ContactQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("is_function")]),
        FieldPanel("role"),
        FieldPanel("organisation"),
        FieldPanel("city"),
        FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
        FieldRowPanel([FieldPanel("visibility"), FieldPanel("last_confirmed")]),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("organisation"),
        index.FilterField("city"),
        index.FilterField("visibility"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("Kontakt")
        verbose_name_plural = _("Kontakte")

    def __str__(self):
        return f"{self.name} ({self.organisation})" if self.organisation else self.name

    @property
    def is_public(self):
        return self.visibility == ContactVisibility.PUBLIC


class ProjectPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "registry.ProjectPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ProjectContact(Orderable):
    """A contact and the role they play in this one project."""

    project = ParentalKey(
        "registry.ProjectPage", on_delete=models.CASCADE, related_name="project_contacts"
    )
    contact = models.ForeignKey(
        Contact,
        verbose_name=_("Kontakt"),
        on_delete=models.CASCADE,
        related_name="project_links",
        help_text=_("Kontakt aus der Kontaktliste wählen."),
    )
    role_in_project = models.CharField(
        _("Rolle im Projekt"),
        max_length=150,
        blank=True,
        help_text=_("z. B. „Projektleitung“, „Technik“, „Vergabe“."),
    )

    panels = [FieldPanel("contact"), FieldPanel("role_in_project")]

    class Meta(Orderable.Meta):
        verbose_name = _("Projektkontakt")
        verbose_name_plural = _("Projektkontakte")


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


class ProjectPage(SearchFacetsMixin, RoutablePageMixin, CityOwnedPageMixin, SummaryMixin, BasePage):
    body = StreamField(
        BodyBlock(),
        blank=True,
        verbose_name=_("Projektbeschreibung"),
        help_text=_("Ausgangslage, Lösung, Ergebnisse – mit Zwischenüberschriften."),
    )
    status = models.CharField(
        _("Status"),
        max_length=20,
        choices=ProjectStatus.choices,
        default=ProjectStatus.IDEA,
        help_text=_("Wo das Projekt heute steht."),
    )
    fields_of_action = ParentalManyToManyField(
        FieldOfAction,
        blank=True,
        related_name="projects",
        verbose_name=_("Handlungsfelder"),
        help_text=_("Ein oder mehrere Handlungsfelder aus dem gemeinsamen Katalog."),
    )
    tags = ClusterTaggableManager(
        through=ProjectPageTag,
        blank=True,
        verbose_name=_("Schlagwörter"),
        help_text=_(
            "Freie Schlagwörter, z. B. „LoRaWAN“, „Parken“. Sie verbinden Projekte, "
            "Erfahrungen, Artikel und Meldungen."
        ),
    )
    start_date = models.DateField(_("Beginn"), null=True, blank=True, help_text=_("Projektbeginn."))
    end_date = models.DateField(
        _("Ende"), null=True, blank=True, help_text=_("Projektende, geplant oder tatsächlich.")
    )
    investment_eur = models.DecimalField(
        _("Investition (EUR)"),
        max_digits=12,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Einmalige Investitionssumme in Euro, ohne Cent."),
    )
    operating_cost_eur = models.DecimalField(
        _("Betriebskosten pro Jahr (EUR)"),
        max_digits=12,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Laufende Kosten pro Jahr in Euro, ohne Cent."),
    )
    funding_source = models.CharField(
        _("Förderung"),
        max_length=200,
        blank=True,
        help_text=_(
            "Förderprogramm oder Finanzierung, z. B. „Modellprojekte Smart Cities "
            "(Bund)“ oder „Eigenmittel“."
        ),
    )
    partner_cities = ParentalManyToManyField(
        CityPage,
        blank=True,
        related_name="partner_projects",
        verbose_name=_("Partnerstädte"),
        help_text=_("Andere Städte, die an diesem Projekt mitwirken."),
    )
    reusable_concept = models.BooleanField(
        _("Konzept nachnutzbar"),
        default=False,
        help_text=_("Konzept oder Fachkonzept kann von anderen Städten übernommen werden."),
    )
    reusable_tender = models.BooleanField(
        _("Ausschreibungsunterlagen nachnutzbar"),
        default=False,
        help_text=_("Leistungsbeschreibung oder Vergabeunterlagen können geteilt werden."),
    )
    reusable_software = models.BooleanField(
        _("Software nachnutzbar"),
        default=False,
        help_text=_("Die Software steht anderen Städten zur Verfügung."),
    )
    reusable_data = models.BooleanField(
        _("Daten / Schnittstelle nachnutzbar"),
        default=False,
        help_text=_("Daten oder eine offene Schnittstelle stehen bereit."),
    )
    repository_url = models.URLField(
        _("Quellcode-Repository"),
        blank=True,
        help_text=_("Adresse des Quellcodes, z. B. auf openCode."),
    )
    licence = models.CharField(
        _("Lizenz"),
        max_length=200,
        blank=True,
        validators=[validate_spdx_expression],
        help_text=_("SPDX-Kennung oder -Ausdruck, z. B. „EUPL-1.2“ oder „Apache-2.0 OR MIT“."),
    )
    adoption_requirements = RichTextField(
        _("Was eine andere Stadt zur Übernahme braucht"),
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text=_("Voraussetzungen: Technik, Personal, Verträge, Daten, Aufwand."),
    )
    last_reviewed = models.DateField(
        _("Zuletzt geprüft"),
        null=True,
        blank=True,
        help_text=_("Wann die Angaben zuletzt auf Aktualität geprüft wurden."),
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("status"),
                FieldPanel("fields_of_action"),
                FieldPanel("tags"),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
            ],
            heading=_("Einordnung"),
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("investment_eur"), FieldPanel("operating_cost_eur")]),
                FieldPanel("funding_source"),
            ],
            heading=_("Kosten und Förderung"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("partner_cities"),
                FieldRowPanel([FieldPanel("reusable_concept"), FieldPanel("reusable_tender")]),
                FieldRowPanel([FieldPanel("reusable_software"), FieldPanel("reusable_data")]),
                FieldRowPanel([FieldPanel("repository_url"), FieldPanel("licence")]),
                FieldPanel("adoption_requirements"),
            ],
            heading=_("Nachnutzung"),
        ),
        InlinePanel("project_contacts", label=_("Kontakte"), heading=_("Kontakte")),
        InlinePanel(
            "adopted_from",
            label=_("Übernommen von"),
            heading=_("Übernommen von"),
            help_text=_("Projekte anderer Städte, deren Lösung dieses Projekt übernommen hat."),
        ),
        FieldPanel("last_reviewed"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.SearchField("adoption_requirements"),
        index.SearchField("funding_source"),
        index.AutocompleteField("summary"),
        # Facets of the registry search (see home.search): status, city, reuse.
        index.FilterField("status"),
        index.FilterField("city"),
        index.FilterField("reusable_concept"),
        index.FilterField("reusable_tender"),
        index.FilterField("reusable_software"),
        index.FilterField("reusable_data"),
        index.RelatedFields("tags", [index.SearchField("name", boost=2)]),
        index.RelatedFields("fields_of_action", [index.SearchField("name")]),
    ]
    # Read API (config/api.py); contacts only as their visibility allows.
    api_fields = [
        APIField("summary"),
        APIField("city", serializer=PageReferenceField()),
        APIField("status"),
        APIField(
            "status_label",
            serializer=ChoiceLabelField(source="status", choices=ProjectStatus.choices),
        ),
        APIField("fields_of_action", serializer=SlugNameListField()),
        APIField("tags", serializer=TagNamesField()),
        APIField("body"),
        APIField("start_date"),
        APIField("end_date"),
        APIField("investment_eur"),
        APIField("operating_cost_eur"),
        APIField("funding_source"),
        APIField("partner_cities", serializer=PublishedPagesField()),
        APIField("reusable_concept"),
        APIField("reusable_tender"),
        APIField("reusable_software"),
        APIField("reusable_data"),
        APIField("repository_url"),
        APIField("licence"),
        APIField("adoption_requirements"),
        APIField("last_reviewed"),
        APIField("contacts", serializer=ProjectContactsField()),
        APIField("adopted_from", serializer=TransfersField()),
        APIField("reused_in", serializer=ReusedInField()),
    ]

    parent_page_types = ["registry.CityPage"]
    subpage_types = ["knowledge.LessonPage"]
    template = "pages/project_page.html"
    # Checks the inline transfers against this page's city (registry.forms).
    base_form_class = ProjectPageForm

    class Meta:
        verbose_name = _("Projekt")
        verbose_name_plural = _("Projekte")

    def clean(self):
        super().clean()
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _(
                "Das Ende (%(end)s) liegt vor dem Beginn (%(start)s). Bitte die Daten prüfen."
            ) % {
                "end": self.end_date.strftime("%d.%m.%Y"),
                "start": self.start_date.strftime("%d.%m.%Y"),
            }
        if self.licence:
            try:
                self.licence = normalise_spdx_expression(self.licence)
            except ValidationError as error:
                errors["licence"] = error
        if errors:
            raise ValidationError(errors)

    @property
    def reusable_parts(self):
        """The reusable parts as (value, label) pairs, in the vocabulary's order."""
        flags = {
            Reusability.CONCEPT: self.reusable_concept,
            Reusability.TENDER: self.reusable_tender,
            Reusability.SOFTWARE: self.reusable_software,
            Reusability.DATA: self.reusable_data,
        }
        return [(choice.value, choice.label) for choice, enabled in flags.items() if enabled]

    def get_context(self, request, *args, **kwargs):
        from knowledge.models import LessonPage

        context = super().get_context(request, *args, **kwargs)
        context["lessons"] = LessonPage.objects.child_of(self).live().public().order_by("path")
        context["project_contacts"] = [
            link
            for link in self.project_contacts.select_related("contact")
            if link.contact.is_public or request.user.is_authenticated
        ]
        context["partner_cities_list"] = published_pages(self.partner_cities)
        context["fields_of_action_list"] = self.fields_of_action.all()
        context["tags_list"] = self.tags.all()
        from .queries import projects_similar_to

        context["similar_projects"] = projects_similar_to(self, limit=5)
        context.update(project_transfer_context(project=self))
        if "reuse_form" not in context:
            from .forms import ReuseRequestForm

            context["reuse_form"] = ReuseRequestForm()
        return context

    # Routes below the project's URL (Wagtail RoutablePageMixin):
    # https://docs.wagtail.org/en/stable/reference/contrib/routablepage.html
    # <project url>publiccode.yml has no trailing slash, so it is a URL
    # pattern in config/urls.py instead (registry.publiccode.publiccode_view).
    @path("nachnutzen/", name="reuse_request")
    def reuse_request_route(self, request):
        from .reuse import reuse_request_view

        return reuse_request_view(request, project=self)

    @path("nachnutzen/danke/", name="reuse_request_sent")
    def reuse_request_sent_route(self, request):
        return self.render(request, template="pages/reuse_request_sent.html")


class Transfer(Orderable):
    """
    „Übernommen von“: the adopting project took over a solution from another
    city's project. Both ends are pages of the registry, so the count of
    reuses is a fact the registry can compute, never a free-text claim.
    Edited inline on the adopting project (ParentalKey `adopted_from`).
    """

    adopting_project = ParentalKey(
        "registry.ProjectPage",
        on_delete=models.CASCADE,
        related_name="adopted_from",
        verbose_name=_("Übernehmendes Projekt"),
    )
    source_project = models.ForeignKey(
        "registry.ProjectPage",
        on_delete=models.CASCADE,
        related_name="transfers_out",
        verbose_name=_("Übernommen von"),
        help_text=_("Das Projekt einer anderen Stadt, dessen Lösung dieses Projekt übernimmt."),
    )
    date = models.DateField(
        _("Datum der Übernahme"),
        null=True,
        blank=True,
        help_text=_("Wann die Lösung übernommen wurde, z. B. der Vertragsschluss oder Start."),
    )
    effort_person_days = models.DecimalField(
        _("Anpassungsaufwand (Personentage)"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Geschätzter eigener Aufwand für die Anpassung in Personentagen."),
    )
    effort_level = models.CharField(
        _("Anpassungsaufwand (Einschätzung)"),
        max_length=10,
        choices=AdaptationEffort.choices,
        blank=True,
        help_text=_("Grobe Einschätzung des Aufwands: gering, mittel oder hoch."),
    )
    notes = models.TextField(
        _("Anmerkungen"),
        blank=True,
        max_length=2000,
        help_text=_("Was angepasst werden musste und was die nächste Stadt wissen sollte."),
    )

    panels = [
        FieldPanel("source_project"),
        FieldPanel("date"),
        FieldRowPanel([FieldPanel("effort_person_days"), FieldPanel("effort_level")]),
        FieldPanel("notes"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("Übernahme")
        verbose_name_plural = _("Übernahmen")

    def __str__(self):
        return f"{self.source_project} → {self.adopting_project}"

    def clean(self):
        super().clean()
        adopting = self.adopting_project if self.adopting_project_id else None
        if self.source_project_id and adopting is not None:
            errors = transfer_errors(
                source=self.source_project,
                adopting=adopting,
                adopting_city=adopting.city or adopting.find_owning_city(),
            )
            if errors:
                raise ValidationError({"source_project": errors})


def transfer_errors(*, source, adopting, adopting_city) -> list[str]:
    """
    Why `adopting` cannot record a transfer from `source`: a project does not
    adopt itself, and reuse within one city is not a transfer between cities.
    """
    if adopting is not None and adopting.pk and source.pk == adopting.pk:
        return [_("Ein Projekt kann nicht von sich selbst übernommen werden.")]
    source_city = source.city or source.find_owning_city()
    if adopting_city is not None and source_city is not None and source_city.pk == adopting_city.pk:
        return [
            _(
                "„%(source)s“ gehört zur selben Stadt (%(city)s). Eine Übernahme verbindet "
                "Projekte verschiedener Städte."
            )
            % {"source": source.title, "city": source_city.title}
        ]
    return []


class ReuseRequest(models.Model):
    """
    „Wir möchten das nachnutzen“: staff of another municipality ask the
    project's contacts about taking over the solution. The client is stored
    only as a salted hash (see registry.reuse.client_hash), enough to rate-limit
    and never the raw IP address.
    """

    project = models.ForeignKey(
        "registry.ProjectPage",
        on_delete=models.CASCADE,
        related_name="reuse_requests",
        verbose_name=_("Projekt"),
        help_text=_("Das Projekt, nach dem gefragt wird."),
    )
    name = models.CharField(_("Name"), max_length=150, help_text=_("Name der anfragenden Person."))
    municipality = models.CharField(
        _("Kommune"), max_length=150, help_text=_("Kommune oder Behörde der anfragenden Person.")
    )
    email = models.EmailField(
        _("E-Mail"), max_length=254, help_text=_("Adresse, unter der die Person Antwort erwartet.")
    )
    message = models.TextField(
        _("Nachricht"), max_length=3000, help_text=_("Was die Kommune nachnutzen möchte.")
    )
    consent_to_contact = models.BooleanField(
        _("Einwilligung zur Kontaktaufnahme"),
        default=False,
        help_text=_("Die Person hat zugestimmt, dass die Projektkontakte sie ansprechen."),
    )
    created_at = models.DateTimeField(
        _("Eingegangen am"), auto_now_add=True, db_index=True, help_text=_("Eingangszeitpunkt.")
    )
    client_hash = models.CharField(
        _("Client-Kennung (Hash)"),
        max_length=64,
        db_index=True,
        editable=False,
        help_text=_("Gesalzener Hash der Absenderadresse, nur für die Begrenzung der Anfragen."),
    )

    panels = [
        FieldPanel("project", read_only=True),
        FieldPanel("name", read_only=True),
        FieldPanel("municipality", read_only=True),
        FieldPanel("email", read_only=True),
        FieldPanel("message", read_only=True),
        FieldPanel("consent_to_contact", read_only=True),
    ]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Nachnutzungsanfrage")
        verbose_name_plural = _("Nachnutzungsanfragen")

    def __str__(self):
        return f"{self.municipality}: {self.project}"


def reuse_order(transfer) -> tuple[str, str]:
    """Where a project was reused, in the order readers look for it: by city, then project."""
    adopting = transfer.adopting_project
    return (adopting.city.title if adopting.city else "", adopting.title)


def project_transfer_context(*, project) -> dict:
    """
    Both directions of reuse for a project page: where it came from
    („übernommen von“) and the cities that reuse it („nachgenutzt in“).
    Only live, public projects count, so every link works. One query when the
    project has no transfers, three when it has.
    """
    if not project.pk:
        return {"adopted_from_list": [], "reused_by_list": [], "reused_in_city_count": 0}
    transfers = list(
        Transfer.objects.filter(
            models.Q(source_project=project) | models.Q(adopting_project=project)
        )
        .select_related("source_project__city", "adopting_project__city")
        .order_by("sort_order", "pk")
    )
    other_ids = {
        t.source_project_id if t.adopting_project_id == project.pk else t.adopting_project_id
        for t in transfers
    }
    visible = set()
    if other_ids:
        live_others = ProjectPage.objects.live().public().filter(pk__in=other_ids)
        visible = set(live_others.values_list("pk", flat=True))
    adopted_from = [
        t
        for t in transfers
        if t.adopting_project_id == project.pk and t.source_project_id in visible
    ]
    reused_by = sorted(
        (
            t
            for t in transfers
            if t.source_project_id == project.pk and t.adopting_project_id in visible
        ),
        key=reuse_order,
    )
    reused_in_cities = {t.adopting_project.city_id for t in reused_by if t.adopting_project.city_id}
    return {
        "adopted_from_list": adopted_from,
        "reused_by_list": reused_by,
        "reused_in_city_count": len(reused_in_cities),
    }


def live_transfers():
    """Transfers whose both ends are live, public projects: the ones readers can follow."""
    live_projects = ProjectPage.objects.live().public()
    return Transfer.objects.filter(
        source_project__in=live_projects, adopting_project__in=live_projects
    )


def city_transfer_counts(*, city) -> dict:
    """How often the city adopted other cities' solutions, and how often others adopted its own."""
    transfers = live_transfers()
    return {
        "transfers_adopted_count": transfers.filter(adopting_project__city=city).count(),
        "transfers_given_count": transfers.filter(source_project__city=city).count(),
    }
