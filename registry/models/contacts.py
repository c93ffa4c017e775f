"""
Contacts are snippets, not inline rows of a project, so that one person or
functional mailbox can serve several projects of a city and is corrected in
one place. Who may see a contact is decided here and nowhere else:
`ContactQuerySet.visible_to(user)` for queries, `Contact.is_visible_to(user)`
for contacts already loaded. Every output (pages, API, open data,
publiccode.yml) asks one of them; downloads and files published for anyone
ask for `user=None`, an anonymous reader.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.search import index

from ..choices import ContactVisibility
from .cities import CityPage


def sees_partners_only_contacts(user) -> bool:
    """Partners-only contacts never reach an anonymous reader; signed-in partners see them."""
    return user is not None and user.is_authenticated


class ContactQuerySet(models.QuerySet):
    def visible_to(self, user):
        if sees_partners_only_contacts(user):
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
        index.SearchField("role"),
        # The admin's contact search autocompletes: editors look a contact up
        # by organisation or role („Projektleitung“) as often as by name.
        index.AutocompleteField("organisation"),
        index.AutocompleteField("role"),
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

    def is_visible_to(self, user) -> bool:
        return self.is_public or sees_partners_only_contacts(user)
