"""
Reuse between cities (Nachnutzung): recorded transfers from one city's
project to another's, the requests of municipalities that want to reuse a
project, and the queries that count and list them. The public request form
is in registry.forms, its view and rate limit in registry.reuse.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

from modelcluster.fields import ParentalKey

from core.content_language import content_language, source_language
from core.queries import in_source_language, published_pages

from ..choices import AdaptationEffort, MailStatus
from .projects import ProjectPage


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

    mail_status = models.CharField(
        _("Mailversand"),
        max_length=20,
        choices=MailStatus.choices,
        default=MailStatus.PENDING,
        editable=False,
        help_text=_(
            "Ob die Anfrage an die Projektkontakte verschickt ist. Schlägt der Versand fehl, "
            "wird er mehrmals wiederholt, zuletzt nach einem Tag."
        ),
    )
    mail_attempts = models.PositiveSmallIntegerField(
        _("Versandversuche"),
        default=0,
        editable=False,
        help_text=_("Wie oft der Versand bisher versucht wurde."),
    )
    mail_error = models.TextField(
        _("Letzter Versandfehler"),
        blank=True,
        editable=False,
        help_text=_("Die Meldung des letzten fehlgeschlagenen Versuchs, leer nach Erfolg."),
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


class ReuseRequestAttempts(models.Model):
    """
    How many POSTs of the reuse request form one client sent in its current
    window, the rate limit's count. It lives in the database because that is
    the one store every worker process of an installation shares (a cache
    may be per process); registry.reuse counts in one atomic upsert.
    `window_opened` is in Unix seconds so that one SQL statement can compare
    it on SQLite and PostgreSQL alike.
    """

    client_hash = models.CharField(max_length=64, unique=True)
    window_opened = models.FloatField(db_index=True)
    attempts = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("Anfrageversuche eines Clients")
        verbose_name_plural = _("Anfrageversuche der Clients")

    def __str__(self):
        return f"{self.client_hash[:12]}…: {self.attempts}"


def reuse_order(transfer) -> tuple[str, str]:
    """Where a project was reused, in the order readers look for it: by city, then project."""
    adopting = transfer.adopting_project
    return (adopting.city.title if adopting.city else "", adopting.title)


def project_transfer_context(*, project) -> dict:
    """
    Both directions of reuse for a project page: where it came from
    („übernommen von“) and the cities that reuse it („nachgenutzt in“).
    Only live, public projects count, so every link works.

    First the project's transfers alone, by index: most projects have none,
    and then that is all (planning the join of both ends with their pages and
    cities costs more than running it). Otherwise one more query loads the
    published other ends with their cities.

    Transfers are counted between German projects: a translated project
    shows those of its German page, found by its translation key in the
    same query (ProjectPage.get_context shows the other ends in the page's
    language where translated).
    """
    empty = {"adopted_from_list": [], "reused_by_list": [], "reused_in_city_count": 0}
    if not project.pk:
        return empty
    if content_language(project) == source_language():
        own = project.pk
        transfers = Transfer.objects.filter(
            models.Q(source_project=own) | models.Q(adopting_project=own)
        )
    else:
        german = {
            "translation_key": project.translation_key,
            "locale__language_code": source_language(),
        }
        transfers = Transfer.objects.filter(
            models.Q(**{f"source_project__{key}": value for key, value in german.items()})
            | models.Q(**{f"adopting_project__{key}": value for key, value in german.items()})
        ).annotate(
            german_is_source=models.Case(
                models.When(source_project__translation_key=project.translation_key, then=True),
                default=False,
                output_field=models.BooleanField(),
            )
        )
    transfers = list(transfers.order_by("sort_order", "pk"))
    if not transfers:
        return empty
    if content_language(project) != source_language():
        first = transfers[0]
        own = first.source_project_id if first.german_is_source else first.adopting_project_id
    other_ends = {
        t.source_project_id if t.adopting_project_id == own else t.adopting_project_id
        for t in transfers
    }
    # The German other ends only: a translated adopting project carries a
    # copy of its transfer (wagtail-localize copies the inline), which would
    # name the same reuse twice.
    published = {
        page.pk: page
        for page in in_source_language(
            published_pages(ProjectPage.objects.filter(pk__in=other_ends))
        ).select_related("city")
    }
    adopted_from, reused_by = [], []
    for transfer in transfers:
        if transfer.adopting_project_id == own and transfer.source_project_id in published:
            transfer.adopting_project = project
            transfer.source_project = published[transfer.source_project_id]
            adopted_from.append(transfer)
        elif transfer.source_project_id == own and transfer.adopting_project_id in published:
            transfer.source_project = project
            transfer.adopting_project = published[transfer.adopting_project_id]
            reused_by.append(transfer)
    reused_by.sort(key=reuse_order)
    reused_in_cities = {t.adopting_project.city_id for t in reused_by if t.adopting_project.city_id}
    return {
        "adopted_from_list": adopted_from,
        "reused_by_list": reused_by,
        "reused_in_city_count": len(reused_in_cities),
    }


def live_transfers():
    """Transfers whose both ends are live, public projects: the ones readers can follow."""
    # Between German projects: a translated adopting project carries a copy
    # of its transfer (see project_transfer_context).
    live_projects = in_source_language(published_pages(ProjectPage))
    return Transfer.objects.filter(
        source_project__in=live_projects, adopting_project__in=live_projects
    )


def city_transfer_counts(*, city, projects=None) -> dict:
    """
    How often the city adopted other cities' solutions, and how often others
    adopted its own, between German projects (a translation's copy of a
    transfer is not counted again). `projects`, the city's published German
    projects if the caller has them, spares a join: then the transfers are looked up by index alone,
    and only if there are any, a second query checks that their other ends
    are published.
    """
    if projects is None:
        projects = in_source_language(published_pages(ProjectPage)).filter(
            city__translation_key=city.translation_key
        )
    own = {project.pk for project in projects}
    if not own:
        return {"transfers_adopted_count": 0, "transfers_given_count": 0}
    pairs = list(
        Transfer.objects.filter(
            models.Q(source_project__in=own) | models.Q(adopting_project__in=own)
        ).values_list("source_project_id", "adopting_project_id")
    )
    others = {end for pair in pairs for end in pair} - own
    # German projects only, as in project_transfer_context.
    published = (
        set(
            in_source_language(
                published_pages(ProjectPage.objects.filter(pk__in=others))
            ).values_list("pk", flat=True)
        )
        if others
        else set()
    )
    return {
        "transfers_adopted_count": sum(
            1 for source, adopting in pairs if adopting in own and source in published
        ),
        "transfers_given_count": sum(
            1 for source, adopting in pairs if source in own and adopting in published
        ),
    }
