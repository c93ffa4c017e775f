"""
Partner networks and the read-only copies of their projects and lessons.

A partner network is a second installation of this software (another city
alliance) whose public projects and lessons the registry shows beside its
own, or a catalogue of publiccode.yml files (what Developers Italia and
openCode crawl) whose software it shows as projects. `manage.py
harvest_network` (discovery.harvest, discovery.publiccode_harvest) reads the
partner's read API or the catalogue's files and keeps the copies here. They
are plain rows, not Wagtail pages: they never count as a local city's
projects in the overview, the charts, the city pages, the feeds, the sitemap
or the open-data downloads, which all read the page tree. Each copy names
its network and links back to the original.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from registry.freshness import is_possibly_outdated

from .catalogue_sources import catalogue_source_problems, catalogue_source_text
from .choices import PartnerNetworkKind
from .panels import RunOutcomePanel, SavedRecordPanel

SLUG_LIST_SEPARATORS = re.compile(r"[\s,;]+")
SLUG = re.compile(r"^[-a-z0-9_]{1,100}$")


def slug_list_split(text: str) -> list[str]:
    return [slug for slug in SLUG_LIST_SEPARATORS.split(text.strip().lower()) if slug]


class PartnerNetwork(models.Model):
    """
    Another installation whose public projects and lessons are harvested, or
    a catalogue of publiccode.yml files whose software is harvested as
    projects. Registered by the administration of the alliance (superusers:
    no city role holds its permissions); the last run's outcome is kept for
    them.
    """

    name = models.CharField(
        _("Name"),
        max_length=100,
        unique=True,
        help_text=_(
            "Unter diesem Namen erscheinen seine Einträge, z. B. „Smarte Städte Brandenburg“."
        ),
    )
    kind = models.CharField(
        _("Art"),
        max_length=20,
        choices=PartnerNetworkKind.choices,
        default=PartnerNetworkKind.INSTALLATION,
        help_text=_(
            "Eine andere Installation dieser Software (gelesen über ihre API) oder ein Katalog "
            "von publiccode.yml-Dateien (z. B. von openCode oder Developers Italia)."
        ),
    )
    # Required for an installation (its API lies below it); for a catalogue
    # its home page or blank. Unique where given (Meta.constraints).
    base_url = models.URLField(
        _("Adresse"),
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_(
            "Die Startadresse der anderen Installation, z. B. https://wissensnetz.example.org/ "
            "– ihre Lese-API liegt darunter unter /api/v2/. Bei einem Katalog die Startseite "
            "des Katalogs, oder leer."
        ),
    )
    publiccode_sources = models.TextField(
        _("publiccode.yml-Quellen"),
        blank=True,
        help_text=_(
            "Nur bei einem Katalog: je Zeile eine http(s)-Adresse einer publiccode.yml-Datei, "
            "oder ein Ordner auf dem Server (nur unterhalb der in PUBLICCODE_CATALOGUE_ROOTS "
            "freigegebenen Ordner); aus einem Ordner werden alle .yml- und .yaml-Dateien "
            "darunter gelesen."
        ),
    )
    take_projects = models.BooleanField(
        _("Projekte übernehmen"), default=True, help_text=_("Öffentliche Projekte abholen.")
    )
    take_lessons = models.BooleanField(
        _("Erfahrungen übernehmen"),
        default=True,
        help_text=_(
            "Öffentliche Erfahrungen (Lessons Learned) zu den Projekten abholen. Ein Katalog "
            "hat keine; dort gilt keiner der beiden Haken."
        ),
    )
    fields_of_action = models.CharField(
        _("Nur diese Handlungsfelder"),
        max_length=500,
        blank=True,
        help_text=_(
            "Kürzel (Slugs) der Handlungsfelder des Partners, durch Kommas getrennt, z. B. "
            "„mobilitaet, energie“. Leer: alle. Erfahrungen folgen ihrem Projekt. Bei einem "
            "Katalog die eigenen Handlungsfelder, denen seine Kategorien zugeordnet sind."
        ),
    )
    active = models.BooleanField(
        _("Aktiv"),
        default=True,
        help_text=_("Nur aktive Netzwerke werden beim regelmäßigen Abholen gelesen."),
    )
    last_run_at = models.DateTimeField(_("Letzter Lauf"), null=True, blank=True, editable=False)
    last_success_at = models.DateTimeField(
        _("Letzter Erfolg"), null=True, blank=True, editable=False
    )
    last_error = models.TextField(_("Letzter Fehler"), blank=True, editable=False)
    project_count = models.PositiveIntegerField(_("Projekte"), default=0, editable=False)
    lesson_count = models.PositiveIntegerField(_("Erfahrungen"), default=0, editable=False)

    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("base_url"),
        FieldPanel("publiccode_sources"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("take_projects"), FieldPanel("take_lessons")]),
                FieldPanel("fields_of_action"),
            ],
            heading=_("Was übernommen wird"),
        ),
        FieldPanel("active"),
        SavedRecordPanel(
            [
                FieldRowPanel([RunOutcomePanel("last_run_at"), RunOutcomePanel("last_success_at")]),
                RunOutcomePanel("last_error"),
                FieldRowPanel([RunOutcomePanel("project_count"), RunOutcomePanel("lesson_count")]),
            ],
            heading=_("Letzter Lauf"),
        ),
    ]

    class Meta:
        verbose_name = _("Partnernetzwerk")
        verbose_name_plural = _("Partnernetzwerke")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=PartnerNetworkKind.values),
                name="discovery_partnernetwork_kind_known",
                violation_error_message=_("Unbekannte Art von Partnernetzwerk."),
            ),
            models.UniqueConstraint(
                fields=["base_url"],
                condition=~Q(base_url=""),
                name="discovery_partnernetwork_address_once",
                violation_error_message=_("Diese Adresse hat schon ein anderes Partnernetzwerk."),
            ),
            models.CheckConstraint(
                condition=Q(kind=PartnerNetworkKind.PUBLICCODE_CATALOGUE) | ~Q(base_url=""),
                name="discovery_partnernetwork_installation_has_address",
                violation_error_message=_("Eine Installation braucht ihre Adresse."),
            ),
            models.CheckConstraint(
                condition=Q(kind=PartnerNetworkKind.PUBLICCODE_CATALOGUE)
                | Q(publiccode_sources=""),
                name="discovery_partnernetwork_sources_only_for_catalogues",
                violation_error_message=_("Nur ein Katalog hat publiccode.yml-Quellen."),
            ),
            # A catalogue read only from the command line (harvest_network
            # --publiccode) has no sources of its own and stays inactive.
            models.CheckConstraint(
                condition=Q(kind=PartnerNetworkKind.INSTALLATION)
                | Q(active=False)
                | ~Q(publiccode_sources=""),
                name="discovery_partnernetwork_active_catalogue_has_sources",
                violation_error_message=_("Ein aktiver Katalog braucht publiccode.yml-Quellen."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_catalogue(self) -> bool:
        return self.kind == PartnerNetworkKind.PUBLICCODE_CATALOGUE

    def clean(self):
        super().clean()
        self.publiccode_sources = catalogue_source_text(self.publiccode_sources)
        errors = self.kind_problems()
        wrong = [slug for slug in slug_list_split(self.fields_of_action) if not SLUG.match(slug)]
        if wrong:
            message = _(
                "Kein Kürzel eines Handlungsfelds: %(wrong)s. Erlaubt sind Kleinbuchstaben, "
                "Ziffern und Bindestriche, getrennt durch Kommas."
            )
            errors["fields_of_action"] = message % {"wrong": ", ".join(wrong[:5])}
        if errors:
            raise ValidationError(errors)
        self.fields_of_action = ", ".join(slug_list_split(self.fields_of_action))

    def kind_problems(self) -> dict:
        """What each kind needs, with a message on the field to change."""
        errors = {}
        if self.base_url and (
            PartnerNetwork.objects.exclude(pk=self.pk).filter(base_url=self.base_url).exists()
        ):
            errors["base_url"] = _("Diese Adresse hat schon ein anderes Partnernetzwerk.")
        if not self.is_catalogue:
            if not self.base_url:
                errors["base_url"] = _(
                    "Eine Installation braucht ihre Adresse (die Lese-API liegt darunter)."
                )
            if self.publiccode_sources:
                errors["publiccode_sources"] = _(
                    "publiccode.yml-Quellen gibt es nur bei einem Katalog: Art „Katalog von "
                    "publiccode.yml-Dateien“ wählen oder das Feld leeren."
                )
        elif not self.publiccode_sources:
            if self.active:
                errors["publiccode_sources"] = _(
                    "Ein aktiver Katalog braucht mindestens eine Quelle. (Ein Katalog, der nur "
                    "per Kommandozeile mit --publiccode gelesen wird, bleibt inaktiv.)"
                )
        elif problems := catalogue_source_problems(self.publiccode_sources):
            errors["publiccode_sources"] = problems[:10]
        return errors

    @property
    def field_of_action_slugs(self) -> set[str]:
        return set(slug_list_split(self.fields_of_action))

    @property
    def api_root(self) -> str:
        return self.base_url.rstrip("/") + "/api/v2/"


class HarvestedRecord(index.Indexed, models.Model):
    """
    What every copy keeps: where it comes from, and what a card or result
    shows. Copies are in the search index (in German, as the partner's
    German tree is harvested): the search finds them beside the local pages,
    under the facet "Netzwerk" (discovery.search.harvested). Every write
    through the ORM updates the index (modelsearch's signal handlers).
    """

    network = models.ForeignKey(
        PartnerNetwork, verbose_name=_("Netzwerk"), on_delete=models.CASCADE, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(_("ID beim Partner"))
    translation_key = models.UUIDField(_("Übersetzungsschlüssel beim Partner"), null=True)
    source_url = models.URLField(_("Original"), max_length=1000)
    title = models.CharField(_("Titel"), max_length=255)
    summary = models.TextField(_("Kurzbeschreibung"), blank=True)
    city_name = models.CharField(_("Stadt"), max_length=255, blank=True)
    tags = models.JSONField(_("Schlagwörter"), default=list)
    first_published_at = models.DateTimeField(_("Erstmals veröffentlicht"), null=True)
    last_published_at = models.DateTimeField(_("Zuletzt veröffentlicht"), null=True)
    harvested_at = models.DateTimeField(_("Abgeholt"), auto_now=True)

    search_fields = [
        index.SearchField("title"),
        index.SearchField("summary"),
        index.SearchField("city_name"),
        index.SearchField("tags"),
    ]

    class Meta:
        abstract = True
        ordering = ["title", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "source_id"], name="%(app_label)s_%(class)s_once_per_network"
            )
        ]

    def __str__(self):
        return self.title


class HarvestedProject(HarvestedRecord):
    """A partner's public project, read-only: edited only at its source."""

    status = models.CharField(_("Status"), max_length=40, blank=True)
    status_label = models.CharField(_("Status (Bezeichnung)"), max_length=100, blank=True)
    fields_of_action = models.JSONField(_("Handlungsfelder"), default=list)
    start_date = models.DateField(_("Beginn"), null=True)
    end_date = models.DateField(_("Ende"), null=True)
    licence = models.CharField(_("Lizenz"), max_length=200, blank=True)
    repository_url = models.URLField(_("Quellcode-Repository"), max_length=1000, blank=True)
    last_reviewed = models.DateField(_("Zuletzt geprüft"), null=True)

    search_fields = HarvestedRecord.search_fields + [
        index.SearchField("field_of_action_names"),
        index.SearchField("status_label"),
    ]

    class Meta(HarvestedRecord.Meta):
        verbose_name = _("Übernommenes Projekt")
        verbose_name_plural = _("Übernommene Projekte")

    def field_of_action_names(self) -> str:
        return " ".join(entry.get("name", "") for entry in self.fields_of_action)

    @property
    def possibly_outdated(self) -> bool:
        """The partner's dates, read by the same rule as ours (registry.freshness)."""
        return is_possibly_outdated(
            last_reviewed=self.last_reviewed, first_published_at=self.first_published_at
        )


class HarvestedLesson(HarvestedRecord):
    """A partner's public lesson, read-only, with the copy of its project if that was taken."""

    kind = models.CharField(_("Art der Erfahrung"), max_length=40, blank=True)
    phase = models.CharField(_("Projektphase"), max_length=40, blank=True)
    project = models.ForeignKey(
        HarvestedProject,
        verbose_name=_("Projekt"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="lessons",
    )
    project_title = models.CharField(_("Projekt (Titel)"), max_length=255, blank=True)
    project_url = models.URLField(_("Projekt (Original)"), max_length=1000, blank=True)

    search_fields = HarvestedRecord.search_fields + [index.SearchField("project_title")]

    class Meta(HarvestedRecord.Meta):
        verbose_name = _("Übernommene Erfahrung")
        verbose_name_plural = _("Übernommene Erfahrungen")
