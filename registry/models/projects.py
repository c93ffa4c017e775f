"""
Digital projects of the member cities: the project page and the rows edited
inline on it (free tags, the contacts and their role in the project).
Transfers between projects are edited inline too, but belong to the reuse
module with the queries that read them.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
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

from core.blocks import BodyBlock
from core.content_language import content_language
from core.models import BasePage, SearchFacetsMixin, SummaryMixin
from core.queries import PAGE_LISTING_COLUMNS, published_pages
from core.search.related import PrefetchedFields
from core.serializers import (
    ChoiceLabelField,
    PageReferenceField,
    PublishedPagesField,
    SlugNameListField,
    TagNamesField,
)
from core.tag_order import tags_in_order
from core.translations import in_language

from ..choices import ProjectStatus, Reusability
from ..forms import ProjectPageForm
from ..freshness import is_possibly_outdated
from ..json_ld import project_json_ld
from ..serializers import ProjectContactsField, ReusedInField, TransfersField
from ..validators import normalise_spdx_expression, validate_spdx_expression
from .cities import CityOwnedPageMixin, CityPage
from .contacts import Contact
from .fields_of_action import FieldOfAction


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


def attach_field_names(projects) -> None:
    """
    Set `field_names` on each of `projects`: the names of its fields of action
    in the catalogue's order, for cards, read in one query. Django's
    prefetch_related does the same with a queryset built per project, which
    cost more than the query on a city page with 100 projects.
    """
    names: dict[int, list[str]] = {project.pk: [] for project in projects}
    rows = (
        ProjectPage.fields_of_action.through.objects.filter(projectpage_id__in=list(names))
        .order_by("fieldofaction__sort_order", "fieldofaction__name")
        .values_list("projectpage_id", "fieldofaction__name")
    )
    for project_id, name in rows:
        names[project_id].append(name)
    for project in projects:
        project.field_names = names[project.pk]


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
    # Filled by the publiccode.yml import, read by its export (registry.publiccode):
    # {"document": the file without what the fields above hold, "languages":
    # locale → description key, "fingerprints": description key → page text digest}.
    publiccode_extra = models.JSONField(
        _("Weitere Angaben aus publiccode.yml"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_(
            "Was eine importierte publiccode.yml angibt und das Register nicht in eigenen "
            "Feldern führt (Plattformen, Kategorien, Logo, Version …); der Export schreibt "
            "es unverändert wieder hinaus."
        ),
    )

    # What a project card shows (templates/components/project_cards.html),
    # for core.queries.for_listing.
    card_columns = ("status", "summary", "city")

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
        # Facets of the registry search (see discovery.search): status, city, reuse.
        index.FilterField("status"),
        index.FilterField("city"),
        index.FilterField("reusable_concept"),
        index.FilterField("reusable_tender"),
        index.FilterField("reusable_software"),
        index.FilterField("reusable_data"),
        PrefetchedFields("tags", [index.SearchField("name", boost=2)]),
        PrefetchedFields("fields_of_action", [index.SearchField("name")], only=("name",)),
        # "Parken Lübeck": a clerk names the city in the query as often as in the filter.
        PrefetchedFields("city", [index.SearchField("title")], only=("title",)),
    ]
    # Read API (registry/api.py); contacts only as their visibility allows.
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
        # registry.freshness: not reviewed (or, never reviewed, not published) for 12 months.
        APIField("possibly_outdated"),
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

    @property
    def possibly_outdated(self) -> bool:
        """„Möglicherweise veraltet“ (registry.freshness); reads only the page's own columns."""
        return is_possibly_outdated(
            last_reviewed=self.last_reviewed, first_published_at=self.first_published_at
        )

    def get_json_ld(self, *, request, url, description, og, tags=None) -> dict:
        return project_json_ld(page=self, url=url, description=description, tags=tags)

    def get_status_display(self) -> str:
        # Django's own builds a dict of every choice on each call, hashing each
        # lazy label (a translation lookup apiece): a tenth of a city page with
        # 100 project cards.
        try:
            return str(ProjectStatus(self.status).label)
        except ValueError:
            return self.status

    def cities_named(self) -> list[CityPage]:
        """
        The published partner cities, in tree order; read in one query with the
        project's own city, which the page names in its header, facts and
        JSON-LD, so that `self.city` needs no query of its own afterwards.
        """
        partners = published_pages(self.partner_cities)
        # In the preview of an edited project the relation is an in-memory
        # list (published_pages filters it in Python): its keys, then.
        partners = (
            partners.values("pk") if hasattr(partners, "values") else [p.pk for p in partners]
        )
        cities = CityPage.objects.filter(
            models.Q(pk=self.city_id) | models.Q(pk__in=partners)
        ).annotate(
            is_partner=models.ExpressionWrapper(
                models.Q(pk__in=partners), output_field=models.BooleanField()
            )
        )
        partner_list = []
        for city in cities.order_by("path"):
            if city.pk == self.city_id:
                self.city = city
            if city.is_partner:
                partner_list.append(city)
        return partner_list

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The lessons (knowledge.LessonPage) are the only page type allowed
        # below a project; the tree rule names their model, so the registry
        # needs no import of the app above it.
        [lesson_model] = self.allowed_subpage_models()
        context["lessons"] = published_pages(lesson_model.objects.child_of(self)).order_by("path")
        context["project_contacts"] = [
            link
            for link in self.project_contacts.select_related("contact")
            if link.contact.is_visible_to(request.user)
        ]
        # Related pages in this page's language where translated: a
        # relation names the German page (core.translations.in_language).
        language = content_language(self)
        context["partner_cities_list"] = in_language(self.cities_named(), language)
        context["fields_of_action_list"] = self.fields_of_action.all()
        context["tags_list"] = tags_in_order(self.tags.all())
        from ..queries import projects_similar_to
        from .reuse import project_transfer_context

        similar = projects_similar_to(self, limit=5)
        transfers = project_transfer_context(project=self)
        adopted_from, reused_by = transfers["adopted_from_list"], transfers["reused_by_list"]
        # The similar projects and the transfers' other ends, in one query.
        pages = similar + [t.source_project for t in adopted_from]
        pages += [t.adopting_project for t in reused_by]
        versions = ProjectPage.objects.select_related("city").only(
            *PAGE_LISTING_COLUMNS, *self.card_columns, "city__title", "city__url_path"
        )
        shown = in_language(pages, language, versions=versions)
        for page, version in zip(similar, shown, strict=False):
            version.similarity = page.similarity
        context["similar_projects"] = shown[: len(similar)]
        ends = iter(shown[len(similar) :])
        for transfer in adopted_from:
            transfer.source_project = next(ends)
        for transfer in reused_by:
            transfer.adopting_project = next(ends)
        context.update(transfers)
        return context

    # Routes below the project's URL (Wagtail RoutablePageMixin):
    # https://docs.wagtail.org/en/stable/reference/contrib/routablepage.html
    # <project url>publiccode.yml has no trailing slash, so it is a URL
    # pattern in config/urls.py instead (registry.publiccode.publiccode_view).
    @path("nachnutzen/", name="reuse_request")
    def reuse_request_route(self, request):
        from ..reuse import reuse_request_view

        return reuse_request_view(request, project=self)

    @path("nachnutzen/danke/", name="reuse_request_sent")
    def reuse_request_sent_route(self, request):
        from ..reuse import reuse_request_sent_page

        return reuse_request_sent_page(request, project=self)
